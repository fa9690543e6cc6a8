"""The `ingest` flow: files → hash → skip unchanged → read → normalise → extract → load.

Reading and extraction are CPU work and run in batches on a task runner (processes, or a Dask
cluster); loading runs in the flow's own process, the single SQLite writer, one transaction per
document. A file that fails is recorded in `ingest_errors` and the rest go on.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from flows import quiet_prefect

quiet_prefect()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ProcessPoolTaskRunner  # noqa: E402

from pipeline import ingest as stages  # noqa: E402
from pipeline import store  # noqa: E402


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)   # path, stage, message
    seconds: dict[str, float] = field(default_factory=dict)


# The database's sha256 per path is the cache: Prefect's result cache would store every
# extraction a second time, so it is off.
@task(cache_policy=NONE)
def extract_batch(items: list[tuple[str, str | None]]) -> list[store.Outcome]:
    """Read and extract a batch of files (CPU-bound; runs in a worker process)."""
    return stages.process_batch(items)


def batches(items: list, workers: int, most: int = 25) -> list[list]:
    """About four batches per worker, so cores stay busy while Prefect's per-task cost stays small."""
    if not items:
        return []
    size = max(1, min(most, -(-len(items) // (workers * 4))))
    return [items[i:i + size] for i in range(0, len(items), size)]


@flow(name="ingest", log_prints=False, validate_parameters=False)
def ingest(paths: list[str], db_path: str | None = None, workers: int | None = None,
           progress=None) -> IngestSummary:
    """Ingest files and folders into the ntm database; return what happened to each file."""
    logger = get_run_logger()
    db = store.open_db(db_path)
    files = stages.discover(paths)
    todo, unchanged, missing = stages.plan(files, store.known_files(db))
    summary = IngestSummary(unchanged=list(unchanged))
    workers = workers or os.cpu_count() or 1
    if progress:
        progress.start(total=len(files), done=len(unchanged))

    def settle(outcome: store.Outcome) -> None:
        # Loading stays in this process, the single writer; SQLite's busy timeout rides out a
        # reader holding the database, and a Prefect task per document would cost ~10 ms each.
        store.load(db, outcome)
        if outcome.status == "ingested":
            summary.ingested.append(outcome.path)
        elif outcome.status == "unchanged":
            summary.unchanged.append(outcome.path)
        else:
            summary.failed.append((outcome.path, outcome.stage or "", outcome.message or ""))
        for stage, seconds in outcome.seconds.items():
            summary.seconds[stage] = summary.seconds.get(stage, 0.0) + seconds
        if progress:
            progress.advance(outcome.path)

    for outcome in missing:
        settle(outcome)
    work = batches(todo, workers)
    if workers <= 1 or len(work) <= 1:
        for batch in work:
            for outcome in extract_batch(batch):
                settle(outcome)
    else:
        with ProcessPoolTaskRunner(max_workers=workers) as runner:
            futures = [runner.submit(extract_batch, parameters={"items": b}) for b in work]
            for future in as_completed(futures):
                for outcome in future.result():
                    settle(outcome)
    db.close()
    logger.info("ingested %d, unchanged %d, failed %d", len(summary.ingested),
                len(summary.unchanged), len(summary.failed))
    return summary
