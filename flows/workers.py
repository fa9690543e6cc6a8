"""Local worker processes for reading and extraction, without Prefect (so they can be started
before Prefect is imported).

The workers are forked from a forkserver that has imported `flows.warm`, which loads and warms
the readers, the extractors, the rule files and the gazetteer once: every worker starts warm.
`start` begins all that in the background, so that the ~1 s of loading the extractors overlaps
the ~1-2 s this process spends importing Prefect (on two cores, at the same time).
Each worker dies with the forkserver, which ends with this process, however it ends.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from pipeline.read import lifetime

PRELOAD = ["flows.warm"]
_pools: dict[int, ProcessPoolExecutor] = {}
_lock = threading.Lock()


def pool(workers: int) -> ProcessPoolExecutor:
    """The pool of `workers` processes, made on first use and kept for the life of this process."""
    with _lock:
        if workers not in _pools:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _pools[workers] = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                                  initializer=lifetime.die_with_parent)
        return _pools[workers]


def started(workers: int) -> bool:
    return workers in _pools


def start(workers: int) -> None:
    """Start the forkserver and `workers` warm workers in the background; returns at once."""
    executor = pool(workers)

    def spawn():
        # Each submit that finds no idle worker starts one; it waits for the forkserver's warm-up.
        for _ in range(workers):
            executor.submit(os.getpid)
    threading.Thread(target=spawn, name="ntm-start-workers", daemon=True).start()
