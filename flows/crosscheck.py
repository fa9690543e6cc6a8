"""The `crosscheck` flow (read → trace → store → report) and the inbox watcher that runs ingest
then crosscheck whenever files are dropped into a folder.

`ntm watch DIR` serves `watch_inbox` as a Prefect deployment (`flow.serve`, polled every
`interval` seconds); `--poll` runs the same flow in a plain loop instead, for machines where no
Prefect server can be started.
"""
from __future__ import annotations

import datetime as dt
import time
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


@flow(name="watch-inbox", log_prints=False, validate_parameters=False)
def watch_inbox(inbox: str, db_path: str | None = None, out: str | None = None) -> dict:
    """One look at the inbox: ingest what is new or changed and, if anything was, refresh the report."""
    from flows.ingest import ingest

    summary = ingest([inbox], db_path=db_path, workers=1)
    result = {"ingested": summary.ingested, "failed": [p for p, _, _ in summary.failed], "report": None}
    if summary.ingested or not Path(out or DEFAULT_REPORT).exists():
        result["report"] = crosscheck(db_path, out).report
    return result


def serve_watch(inbox: str, db_path: str | None, out: str | None, interval: int = 30) -> None:
    """A Prefect deployment that looks at the inbox every `interval` seconds (blocks)."""
    watch_inbox.serve(name="ntm-watch", interval=interval,
                      parameters={"inbox": str(Path(inbox).resolve()), "db_path": db_path, "out": out})


def poll_watch(inbox: str, db_path: str | None, out: str | None, interval: float = 30,
               rounds: int | None = None, on_round=None) -> None:
    """The same flow in a plain loop: no deployment, no server beyond the flow's own."""
    n = 0
    while rounds is None or n < rounds:
        result = watch_inbox(inbox, db_path, out)
        if on_round:
            on_round(result)
        n += 1
        if rounds is None or n < rounds:
            time.sleep(interval)
