"""The `crosscheck` flow: read → trace → store → report. (`ntm watch` runs it too: flows/watch.py.)"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from flows import quiet_prefect

quiet_prefect()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402

from pipeline import crosscheck as cc  # noqa: E402
from pipeline import store  # noqa: E402
from pipeline.face import report  # noqa: E402  (the report is this flow's product)
from pipeline.store.corpus import read_corpus  # noqa: E402
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
def read_facts(db_path: str | None) -> tuple[list[cc.Commitment], list[cc.Claim], list[cc.Timeline]]:
    corpus = read_corpus(store.open_db(db_path))
    return cc.commitments(corpus), cc.claims(corpus), cc.timelines(corpus)


@task(cache_policy=NONE)
def trace_commitments(commitments: list[cc.Commitment], claims: list[cc.Claim],
                      today: dt.date | None) -> list[cc.Finding]:
    return cc.trace(commitments, claims, today)


@task(cache_policy=NONE)
def store_findings(db_path: str | None, findings: list[cc.Finding], lines: list[cc.Timeline]) -> None:
    save_findings(store.open_db(db_path), *cc.finding_rows(findings, lines))


@task(cache_policy=NONE)
def write_report(db_path: str | None, findings: list[cc.Finding], lines: list[cc.Timeline], out: str,
                 today: dt.date | None, datasette_url: str | None) -> tuple[str, str]:
    html_path, xlsx = report.write_report(store.open_db(db_path), findings, lines, Path(out), today, datasette_url)
    return str(html_path), str(xlsx)


@flow(name="crosscheck", log_prints=False, validate_parameters=False)
def crosscheck(db_path: str | None = None, out: str | None = None, today: dt.date | None = None,
               datasette_url: str | None = None, write: bool = True) -> CrosscheckSummary:
    """Trace every commitment to its outcomes, store the findings, and write the report."""
    commitments, claims, lines = read_facts(db_path)
    findings = trace_commitments(commitments, claims, today)
    store_findings(db_path, findings, lines)
    summary = CrosscheckSummary(commitments=len(findings))
    for f in findings:
        summary.statuses[f.status] = summary.statuses.get(f.status, 0) + 1
    if write:
        summary.report, summary.tasks_xlsx = write_report(db_path, findings, lines, str(out or DEFAULT_REPORT),
                                                          today, datasette_url)
    get_run_logger().info("crosscheck: %d commitments %s", len(findings), summary.statuses)
    return summary
