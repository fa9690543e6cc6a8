"""Cross-check plans against reports: commitments, claims, and the status of each commitment.

- vocabulary.py (data/indicators.json): indicators, stance and scope cues, the seven statuses;
- periods.py: deadlines and as-of dates; numbers.py: figures in a clause;
- passages.py: a document as clauses and table rows with what their headings say;
- places.py, scope.py: resolved places, the document's own unit, places named in a clause;
- reading.py: what both sides read in a clause (plan or report, items, criteria, a figure's indicator);
- commitments.py: what plans promise; claims.py: what documents say was reached;
- tracing.py: each commitment's status with its evidence and reason; tasks.py: procedural duties;
- mentions.py, timelines.py: each village's and commune's history; records.py: JSON and stored rows.

Everything reads through the store (`pipeline.store.corpus.read_corpus`) and is pure from there;
the store keeps the findings (`pipeline.store.findings`).
"""
from pipeline.crosscheck.claims import Claim, claims
from pipeline.crosscheck.commitments import Commitment, commitments, fmt_number
from pipeline.crosscheck.mentions import Source, StatusMention, status_mentions
from pipeline.crosscheck.periods import Period, parse_period
from pipeline.crosscheck.places import PlaceRef, resolve_name
from pipeline.crosscheck.timelines import Timeline, TimelineEntry, timelines
from pipeline.crosscheck.vocabulary import (
    STATUS_LABELS,
    STATUSES,
    classify_indicator,
    classify_status,
    indicator_label,
)

__all__ = [
    "Claim", "Commitment", "Period", "PlaceRef", "STATUSES", "STATUS_LABELS", "Source",
    "StatusMention", "Timeline", "TimelineEntry", "claims", "classify_indicator", "classify_status",
    "commitments", "fmt_number", "indicator_label", "parse_period", "resolve_name", "status_mentions", "timelines",
]
