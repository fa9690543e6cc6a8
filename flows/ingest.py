"""The `ingest` flow: files → hash → skip unchanged → read → normalise → extract → load.

Reading and extraction are CPU work and run in batches, one Prefect task per batch; loading runs
in the flow's own process, the single SQLite writer, one transaction per document. A file that
fails is recorded in `ingest_errors` and the rest go on.

Where the CPU work runs:
- one machine (`workers`): batch tasks run on threads, each handing its batch to a pool of
  worker processes forked from a server that has the extractors loaded and warm (flows/workers.py;
  `ntm ingest` starts it before importing Prefect, and then uses it even for one file). Prefect's own process
  runner starts every task in a fresh interpreter that talks to the API (measured here: 5 s to
  the first task, ~240 ms a task after), which cost more than the extraction it parallelised;
- a Dask cluster (`dask_address`): prefect-dask's DaskTaskRunner runs the batch tasks on the
  cluster's workers, and only results come back to the writer.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from flows import quiet_prefect

quiet_prefect()

from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NONE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from flows import stages  # noqa: E402
from flows import workers as local_workers  # noqa: E402
from pipeline import store  # noqa: E402

# Fewer files than this per worker are not worth starting worker processes for.
MIN_FILES_PER_WORKER = 4


@dataclass
class IngestSummary:
    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)   # path, stage, message
    skipped: list[tuple[str, str]] = field(default_factory=list)        # path, why: not a document
    seconds: dict[str, float] = field(default_factory=dict)


# The database's sha256 per path is the cache: Prefect's result cache would store every
# extraction a second time, so it is off.
@task(cache_policy=NONE)
def extract_batch(items: list[tuple[str, str | None]], workers: int = 0) -> list[store.Outcome]:
    """Read and extract a batch of files: in a local worker process when `workers` is set,
    else right here (a Dask worker, or the flow's process for a small run)."""
    if workers:
        return local_workers.pool(workers).submit(stages.process_batch, items).result()
    return stages.process_batch(items)


# LibreOffice and Tesseract are programs that can fail for a moment (a crash, a slow start on a
# busy machine): a file whose conversion or OCR failed is read again, with Prefect's retries,
# before its failure is recorded. Damaged files and missing programs fail the same way again.
IO_STAGES = ("convert", "ocr")
IO_RETRIES = 2
IO_RETRY_SECONDS_ENV = "NTM_IO_RETRY_SECONDS"


class IOFailure(Exception):
    def __init__(self, outcome: store.Outcome):
        super().__init__(outcome.message)
        self.outcome = outcome


def worth_retrying(outcome: store.Outcome) -> bool:
    message = outcome.message or ""
    return (outcome.status == "failed" and outcome.stage in IO_STAGES
            and "not installed" not in message and not message.startswith("damaged"))


@task(cache_policy=NONE, retries=IO_RETRIES)
def reread(path: str, known_sha256: str | None) -> store.Outcome:
    """Read again a file whose LibreOffice or OCR step failed; a failure again raises, for a retry."""
    outcome = stages.process_file(path, known_sha256)
    if worth_retrying(outcome):
        raise IOFailure(outcome)
    return outcome


def retried(outcome: store.Outcome, known_sha256: str | None) -> store.Outcome:
    """The outcome after Prefect's retries of its I/O stage, the last failure saying how many tries."""
    delay = float(os.environ.get(IO_RETRY_SECONDS_ENV) or 10)
    try:
        return reread.with_options(retry_delay_seconds=delay)(outcome.path, known_sha256)
    except IOFailure as e:
        last = e.outcome
        last.message = f"{last.message} (đã thử {IO_RETRIES + 2} lần)"
        return last


def batches(items: list, workers: int, most: int = 50) -> list[list]:
    """About four batches per worker, so cores stay busy while Prefect's per-task cost stays small."""
    if not items:
        return []
    size = max(1, min(most, -(-len(items) // (workers * 4))))
    return [items[i:i + size] for i in range(0, len(items), size)]


@flow(name="ingest", log_prints=False, validate_parameters=False)
def ingest(paths: list[str], db_path: str | None = None, workers: int | None = None,
           dask_address: str | None = None, progress=None) -> IngestSummary:
    """Ingest files and folders into the ntm database; return what happened to each file."""
    logger = get_run_logger()
    db = store.open_db(db_path)
    skipped: list[tuple[str, str]] = []
    refused: list[store.Outcome] = []          # symbolic links not followed: error rows
    files = stages.discover(paths, skipped, refused)
    todo, unchanged, missing = stages.plan(files, store.known_files(db))
    missing += refused
    summary = IngestSummary(unchanged=list(unchanged), skipped=skipped)
    workers = workers or os.cpu_count() or 1
    if progress:
        progress.start(total=len(files) + len(refused), done=len(unchanged))

    known_sha256 = dict(todo)

    def settle(outcome: store.Outcome) -> None:
        # Loading stays in this process; its write transactions wait for other writers (another
        # ingest, the watcher), and a Prefect task per document would cost ~10 ms each.
        if worth_retrying(outcome):
            outcome = retried(outcome, known_sha256.get(outcome.path))
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
    if dask_address:
        from prefect_dask import DaskTaskRunner
        runner, local = DaskTaskRunner(address=dask_address), 0
    elif workers > 1 and len(todo) >= MIN_FILES_PER_WORKER * workers:
        runner, local = ThreadPoolTaskRunner(max_workers=workers), workers
    else:           # a small run: in this process, or in the workers `ntm ingest` started early
        runner, local = None, workers if workers > 1 and local_workers.started(workers) else 0
    if runner is None:
        for batch in batches(todo, 1):
            for outcome in extract_batch(batch, local):
                settle(outcome)
    else:
        with runner:
            futures = [runner.submit(extract_batch, parameters={"items": b, "workers": local})
                       for b in batches(todo, workers)]
            for future in as_completed(futures):
                outcomes = future.result()
                futures.remove(future)   # drop the batch's texts once loaded: memory stays flat
                del future
                for outcome in outcomes:
                    settle(outcome)
                del outcomes
    db.close()
    logger.info("ingested %d, unchanged %d, failed %d, skipped %d", len(summary.ingested),
                len(summary.unchanged), len(summary.failed), len(summary.skipped))
    return summary
