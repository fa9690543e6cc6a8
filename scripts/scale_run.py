"""One large ingest on generated documents, as the scale issue states it: time, re-ingest share,
peak memory, search and tasks latency, database size. Slower than `make bench-quick`, simpler
than `make bench`:

    python -m scripts.scale_run --n 10000 --workers 2
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEARCHES = ["so nong nghiep", "Đăk Pnê", "thôn đạt chuẩn", "giải ngân", "1052/UBND-NNTN", "xã nông thôn mới nâng cao"]
ASSIGNEES = ["so nong nghiep", "UBND huyện", "Sở Tài chính", "phong nong nghiep"]


def p50_p95(fn, queries: list[str], rounds: int = 20) -> tuple[float, float]:
    from scripts.bench import percentiles

    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            fn(q)
            times.append(time.perf_counter() - t)
    p = percentiles(times)
    return p["p50_ms"], p["p95_ms"]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="ntm-scale-"))
    corpus, db_file = work / "corpus", work / "ntm.db"
    subprocess.run([sys.executable, "-m", "scripts.generate_corpus", "--n", str(args.n), "--out", str(corpus),
                    "--seed", str(args.seed)], check=True, stdout=subprocess.DEVNULL)

    from flows import quiet_prefect
    quiet_prefect()
    from flows.ingest import ingest
    from pipeline import store
    from pipeline.store import queries

    t = time.perf_counter()
    summary = ingest([str(corpus)], db_path=str(db_file), workers=args.workers)
    first = time.perf_counter() - t
    t = time.perf_counter()
    ingest([str(corpus)], db_path=str(db_file), workers=args.workers)
    again = time.perf_counter() - t
    db = store.open_db(db_file)
    search = p50_p95(lambda q: queries.search(db, q), SEARCHES)
    tasks = p50_p95(lambda q: queries.tasks(db, assignee=q), ASSIGNEES)
    print(f"{args.n} files, {args.workers} workers: {first:.1f} s ({len(summary.ingested)} ingested, "
          f"{len(summary.failed)} failed, {len(summary.ingested) / first:.1f} documents/s)")
    print(f"re-ingest unchanged: {again:.2f} s = {100 * again / first:.2f}%")
    print(f"peak RSS: flow {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB, "
          f"largest worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB")
    print(f"search p50/p95 {search[0]:.1f}/{search[1]:.1f} ms; tasks p50/p95 {tasks[0]:.1f}/{tasks[1]:.1f} ms")
    print(f"database {os.path.getsize(db_file) / 1e6:.0f} MB")
    db.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
