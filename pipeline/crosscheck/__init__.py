"""Cross-check claims against plans: commitments, claims, and the status of each commitment.

Commitments are what a document promises: a target with a deadline ("phấn đấu đến năm 2024 có
06 thôn …"), a named list of places planned to reach a status ("… gồm: Thôn 4 (Kon Bư), xã Tân
Lập; …"), a place that aims at a title ("Xã Đăk Ruồng phấn đấu đạt chuẩn xã NTM nâng cao năm
2024") and a task with a deadline. Claims are what a document says was reached: a figure with an
as-of date, a recognition ("được công nhận", a decision), or a "chưa đạt". Both are matched on
the indicator (data/indicators.json), on the place (resolved against the gazetteer and rolled up
village → commune → district → province) and on time.

- vocabulary.py: indicators, status cues, the statuses; periods.py: dates as periods;
- places.py: resolved places and their mentions; mentions.py: places named with a status;
- commitments.py: commitments and claims; tracing.py: statuses with evidence;
- timelines.py: each village's and commune's history; records.py: JSON and stored rows.

Everything reads through the store (`pipeline.store.corpus.read_corpus`) and is pure from there;
the store keeps the findings (`pipeline.store.findings`).
"""
from pipeline.crosscheck.commitments import Claim, Commitment, claims, commitments, fmt_number
from pipeline.crosscheck.mentions import Source, StatusMention, status_mentions
from pipeline.crosscheck.periods import Period, parse_period
from pipeline.crosscheck.places import PlaceRef, resolve_name
from pipeline.crosscheck.records import check_json, commitment_dict, district_of, finding_dict, finding_rows
from pipeline.crosscheck.timelines import Timeline, TimelineEntry, timelines
from pipeline.crosscheck.tracing import Evidence, Finding, trace
from pipeline.crosscheck.vocabulary import (
    STATUS_LABELS,
    STATUSES,
    classify_indicator,
    classify_status,
    indicator_label,
)

__all__ = [
    "Claim", "Commitment", "Evidence", "Finding", "Period", "PlaceRef", "STATUSES", "STATUS_LABELS", "Source",
    "StatusMention", "Timeline", "TimelineEntry", "check_json", "claims", "classify_indicator", "classify_status",
    "commitment_dict", "commitments", "district_of", "finding_dict", "finding_rows", "fmt_number",
    "indicator_label", "parse_period", "resolve_name", "status_mentions", "timelines", "trace",
]
