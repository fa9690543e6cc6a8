"""The cross-check's findings in the database: replaced whole by each run, in one transaction, so
the report, the register, `ntm check`, `ntm tasks` and the web never read half a run; and the
reviewers' verdicts, which no run replaces.

Tables (schema.py, migration `findings_reviews_and_copies`):
- `findings`: one row per commitment (kind = commitment) or task (kind = task): commitment_key
  (stable: derived from the document's sha256, the quote, the place, the indicator and the deadline),
  indicator, place with level and codes, district, deadline as written and deadline_end (ISO date),
  status (met, met_late, partly_met, missed, pending, no_evidence, contradicted), status_label
  (Vietnamese), reason, fraction, the plan's document, page (page_unit: trang | đoạn), span, quote;
- `finding_evidence`: the passages behind each finding (finding_id), with page and quote;
- `reviews`: verdicts (status, note, by, at) keyed by commitment_key; `findings_reviewed` is the
  view of findings with the latest verdict beside the machine's status.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import sqlite_utils

from pipeline.store.write import write_transaction

FINDING_TABLES = ("finding_evidence", "status_timeline", "findings")   # children first


def save_findings(db: sqlite_utils.Database, rows: list[dict[str, Any]], evidence: list[dict[str, Any]],
                  timeline: list[dict[str, Any]]) -> None:
    """Replace the previous run's findings, evidence and timelines."""
    with write_transaction(db):
        for table in FINDING_TABLES:
            db.execute(f"delete from [{table}]")
        db["findings"].insert_all(rows, alter=True)
        db["finding_evidence"].insert_all(evidence, alter=True)
        db["status_timeline"].insert_all(timeline, alter=True)


def read_findings(db: sqlite_utils.Database, kind: str | None = None
                  ) -> tuple[list[dict[str, Any]], dict[int, list[dict[str, Any]]]]:
    """Stored findings with their latest review, and their evidence by finding id."""
    where = "where kind = ?" if kind else ""
    rows = list(db.query(f"select * from findings_reviewed {where} order by id", [kind] if kind else []))
    evidence: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in db.query("select * from finding_evidence order by finding_id, id"):
        evidence[e["finding_id"]].append(e)
    return rows, dict(evidence)


def find_finding(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    """A finding by its commitment key ("ck-…", "tk-…") or its row id."""
    rows = list(db.query("select * from findings where commitment_key = ?", [key]))
    if not rows and key.isdigit():
        rows = list(db.query("select * from findings where id = ?", [int(key)]))
    return rows[0] if rows else None


def save_review(db: sqlite_utils.Database, finding: dict[str, Any], status: str, note: str | None,
                by: str | None) -> dict[str, Any]:
    """Record a person's verdict on a finding; it outlives every re-check (keyed by content)."""
    row = {"commitment_key": finding["commitment_key"], "doc_sha256": finding.get("doc_sha256"),
           "quote": finding.get("quote"), "place": finding.get("place"), "indicator": finding.get("indicator"),
           "deadline": finding.get("deadline"), "status": status, "note": note, "by": by,
           "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    with write_transaction(db):
        db["reviews"].insert(row)
    return row
