"""The cross-check's findings in the database: replaced whole by each run, in one transaction, so
the report, the register and the web never read half a run."""
from __future__ import annotations

from typing import Any

import sqlite_utils

from pipeline.store.write import write_transaction

FINDING_TABLES = ("evidence", "status_timeline", "commitment_status")   # children first


def save_findings(db: sqlite_utils.Database, status_rows: list[dict[str, Any]],
                  evidence_rows: list[dict[str, Any]], timeline_rows: list[dict[str, Any]]) -> None:
    """Replace the previous run's `commitment_status`, `evidence` and `status_timeline` rows."""
    with write_transaction(db):
        for table in FINDING_TABLES:
            db.execute(f"delete from [{table}]")
        db["commitment_status"].insert_all(status_rows)
        db["evidence"].insert_all(evidence_rows)
        db["status_timeline"].insert_all(timeline_rows)
