"""`ntm watch INBOX`: two Prefect deployments served from one process, against a Prefect server.

- `ingest-inbox/ntm-inbox`: ingest what is new or changed in the inbox (the `ingest` flow, with
  its retries of LibreOffice and OCR), then, if anything was loaded, cross-check and rewrite the
  report. This process starts a run when the inbox's files have changed and stayed unchanged
  for one look (a stat of each file every `interval` seconds), so a file still being copied is
  not read half-written and nothing runs while nothing arrives;
- `refresh-report/ntm-report`: cross-check and rewrite the report on an interval schedule
  (`report_every`): statuses move with the date even when no file arrives.
Prefect's runner executes each flow run in a subprocess of this one, one run at a time. The
server's scheduler makes the scheduled runs, so a server must be running (README: Prefect);
Prefect's temporary server does not schedule.
"""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

from flows import quiet_prefect

quiet_prefect()

from prefect import flow, get_run_logger  # noqa: E402

from flows import stages  # noqa: E402
from flows.crosscheck import DEFAULT_REPORT, crosscheck  # noqa: E402
from flows.ingest import ingest  # noqa: E402
from pipeline import store  # noqa: E402

INGEST_DEPLOYMENT = "ntm-inbox"
REPORT_DEPLOYMENT = "ntm-report"


class NoPrefectServer(RuntimeError):
    """`ntm watch` needs a running Prefect server (PREFECT_API_URL)."""


@flow(name="ingest-inbox", log_prints=False, validate_parameters=False)
def ingest_inbox(inbox: str, db_path: str | None = None, out: str | None = None,
                 workers: int | None = None) -> dict:
    """Ingest what is new or changed in the inbox; if anything was loaded, refresh the report."""
    summary = ingest([inbox], db_path=db_path, workers=workers)
    report_path = None
    if summary.ingested or not Path(out or DEFAULT_REPORT).exists():
        report_path = crosscheck(db_path, out).report
    get_run_logger().info("inbox: ingested %d, failed %d", len(summary.ingested), len(summary.failed))
    return {"ingested": summary.ingested, "failed": [p for p, _, _ in summary.failed], "report": report_path}


@flow(name="refresh-report", log_prints=False, validate_parameters=False)
def refresh_report(db_path: str | None = None, out: str | None = None) -> str | None:
    """Cross-check and rewrite the report (scheduled: deadlines pass even when no file arrives)."""
    return crosscheck(db_path, out).report


def inbox_state(inbox: str) -> tuple:
    """What the inbox holds, cheaply: (path, size, mtime) of every file an ingest would look at."""
    state = []
    for f in stages.discover([inbox]):
        try:
            st = os.stat(f)
        except OSError:
            continue
        state.append((str(f), st.st_size, st.st_mtime_ns))
    return tuple(state)


async def _watch_inbox(inbox: str, deployment_id, interval: float, on_trigger=None) -> None:
    """Start an ingest run whenever the inbox has changed and then stayed the same for one look."""
    from prefect.deployments import run_deployment

    previous, done = None, None
    while True:
        state = await asyncio.to_thread(inbox_state, inbox)
        if state == previous and state != done:
            await run_deployment(deployment_id, timeout=0, as_subflow=False)
            done = state
            if on_trigger:
                on_trigger(len(state))
        previous = state
        await asyncio.sleep(interval)


async def _serve(inbox: str, db_path: str | None, out: str | None, interval: float, report_every: float,
                 workers: int | None, on_start=None, on_trigger=None) -> None:
    from prefect.runner import Runner

    parameters = {"db_path": db_path, "out": out}
    runner = Runner(name="ntm-watch", pause_on_shutdown=False, limit=1)
    ingest_id = await runner.aadd_deployment(await ingest_inbox.ato_deployment(
        name=INGEST_DEPLOYMENT, parameters={"inbox": inbox, "workers": workers, **parameters},
        description="Nạp các tệp mới hoặc đã sửa trong thư mục nhận, rồi cập nhật báo cáo."))
    await runner.aadd_deployment(await refresh_report.ato_deployment(
        name=REPORT_DEPLOYMENT, interval=report_every, parameters=parameters,
        description="Đối chiếu cam kết với kết quả và viết lại báo cáo, theo lịch."))
    if on_start:
        on_start()
    await asyncio.gather(runner.start(), _watch_inbox(inbox, ingest_id, interval, on_trigger))


def serve_watch(inbox: str | os.PathLike, db_path: str | None = None, out: str | None = None,
                interval: float = 5, report_every: float = 3600, workers: int | None = None,
                on_start=None, on_trigger=None) -> None:
    """Serve both deployments and watch the inbox until stopped (blocks)."""
    if not os.environ.get("PREFECT_API_URL"):
        raise NoPrefectServer("PREFECT_API_URL is not set")
    # Absolute paths: the flow runs are processes of their own.
    asyncio.run(_serve(str(Path(inbox).resolve()), str(store.db_path(db_path).resolve()),
                       str(Path(out or DEFAULT_REPORT).resolve()), interval, report_every, workers,
                       on_start, on_trigger))
