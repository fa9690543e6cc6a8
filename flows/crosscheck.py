"""The `crosscheck` flow: read → trace → store → report. (`ntm watch` runs it too: flows/watch.py.)"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from flows import quiet_prefect

quiet_prefect()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402

from pipeline import store  # noqa: E402
from pipeline.crosscheck.records import compute, finding_rows  # noqa: E402
from pipeline.face import report  # noqa: E402  (the report is this flow's product)
from pipeline.store.findings import save_findings  # noqa: E402

DEFAULT_REPORT = Path("outputs/report.html")


@dataclass
class CrosscheckSummary:
    statuses: dict[str, int] = field(default_factory=dict)
    report: str | None = None
    tasks_xlsx: str | None = None
    commitments: int = 0


# Findings are recomputed from the database on every run (it is the cache), so no Prefect cache.
@task(cache_policy=NONE)
def trace_commitments(db_path: str | None, today: dt.date | None):
    """Read the corpus, trace every commitment and task as of `today`."""
    return compute(store.open_db(db_path), today)


@task(cache_policy=NONE)
def store_findings(db_path: str | None, findings, task_list, lines, today: dt.date) -> None:
    save_findings(store.open_db(db_path), *finding_rows(findings, task_list, today, lines))


@task(cache_policy=NONE)
def write_report(db_path: str | None, out: str, today: dt.date, datasette_url: str | None) -> tuple[str, str]:
    html_path, xlsx = report.write_report(store.open_db(db_path), Path(out), today, datasette_url)
    return str(html_path), str(xlsx)


@flow(name="crosscheck", log_prints=False, validate_parameters=False)
def crosscheck(db_path: str | None = None, out: str | None = None, today: dt.date | None = None,
               datasette_url: str | None = None, write: bool = True) -> CrosscheckSummary:
    """Trace every commitment to its outcomes, store the findings, and write the report from them."""
    today = today or dt.date.today()
    _, findings, task_list, lines = trace_commitments(db_path, today)
    store_findings(db_path, findings, task_list, lines, today)
    summary = CrosscheckSummary(commitments=len(findings))
    for f in findings:
        summary.statuses[f.status] = summary.statuses.get(f.status, 0) + 1
    if write:
        summary.report, summary.tasks_xlsx = write_report(db_path, str(out or DEFAULT_REPORT), today, datasette_url)
    get_run_logger().info("crosscheck: %d commitments %s", len(findings), summary.statuses)
    return summary
