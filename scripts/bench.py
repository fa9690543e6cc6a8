"""`make bench`: what each stage costs, next to floors measured in the same run.

Prints a table and writes outputs/bench.json. Every figure is a ratio against a baseline
measured in this run on the same files (bare pdfplumber `extract_text`, pypdfium2's text layer),
so results compare across machines. Never an assertion: the test suite does not run this.

    python -m scripts.bench            # corpus/ and a ≥ 500-page corpus made by varying it
    python -m scripts.bench --quick    # the same on a small corpus, under a minute
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows import quiet_prefect  # noqa: E402

quiet_prefect()

TIMES: dict[str, float] = defaultdict(float)


@contextlib.contextmanager
def timed(name: str):
    t = time.perf_counter()
    try:
        yield
    finally:
        TIMES[name] += time.perf_counter() - t


def wrap(module, attr: str, name: str) -> None:
    """Time every call of module.attr under `name` (for stages that other code calls)."""
    original = getattr(module, attr)

    def timed_call(*args, **kwargs):
        with timed(name):
            return original(*args, **kwargs)
    setattr(module, attr, timed_call)


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium
    return len(pdfium.PdfDocument(str(path)))


def vary(src: Path, dst: Path, i: int) -> None:
    """A copy with different bytes and the same content, so nothing is skipped as unchanged."""
    data = src.read_bytes()
    if src.suffix == ".txt":
        data += f"\nBản sao số {i}.\n".encode()
    elif src.suffix == ".pdf":
        data += f"\n%ntm-bench-copy {i}\n".encode()
    elif src.suffix == ".docx":
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                zout.writestr(item, zin.read(item.filename))
            zout.comment = f"ntm-bench-copy {i}".encode()
        data = buf.getvalue()
    dst.write_bytes(data)


def make_corpus(base: list[Path], folder: Path, min_pdf_pages: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files, pages, i = [], 0, 0
    per_round = sum(pdf_pages(f) for f in base if f.suffix == ".pdf") or 1
    while pages < min_pdf_pages:
        for f in base:
            dst = folder / f"{i:04d}_{f.name}"
            vary(f, dst, i)
            files.append(dst)
        pages += per_round
        i += 1
    return files


def floor_pdfplumber(pdfs: list[Path]) -> float:
    import pdfplumber
    t = time.perf_counter()
    for f in pdfs:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
    return time.perf_counter() - t


def floor_pdfium(pdfs: list[Path]) -> float:
    import pypdfium2 as pdfium
    t = time.perf_counter()
    for f in pdfs:
        doc = pdfium.PdfDocument(str(f))
        for page in doc:
            page.get_textpage().get_text_range()
    return time.perf_counter() - t


def stages(files: list[Path], db_file: Path) -> dict[str, float]:
    """Read, normalise, extract (per extractor) and load, in this process, without Prefect."""
    import extractors
    from extractors import assignments, consistency, dates, metadata, money, places, quantities, references
    from pipeline import docx_reader, ingest, pdf_reader, readers, store

    for module in (readers, pdf_reader, docx_reader):
        wrap(module, "normalize_pages", "normalise")
    for module, attr in ((metadata, "extract_document_info"), (metadata, "extract_people"),
                         (references, "extract_references"), (dates, "find_dates"),
                         (places, "extract_places"), (quantities, "extract_quantities"),
                         (money, "extract_budgets"), (assignments, "extract_assignments"),
                         (consistency, "check_consistency")):
        wrap(module, attr, f"extract:{module.__name__.split('.')[-1]}.{attr}")
    wrap(extractors, "extract", "extract")
    wrap(readers, "read_file", "read+normalise")
    db = store.open_db(db_file)
    for f in files:
        outcome = ingest.process_file(str(f.resolve()))
        with timed("load"):
            store.load(db, outcome)
    db.close()
    out = dict(TIMES)
    out["read"] = out.pop("read+normalise") - out.get("normalise", 0.0)
    return out


def run_flow(files_dir: Path, db_file: Path, workers: int) -> float:
    from flows.ingest import ingest
    t = time.perf_counter()
    summary = ingest([str(files_dir)], db_path=str(db_file), workers=workers)
    wall = time.perf_counter() - t
    if summary.failed:
        print(f"  ! {len(summary.failed)} files failed in the flow run, e.g. {summary.failed[0]}", file=sys.stderr)
    return wall


def prefect_startup() -> float:
    from prefect import flow

    @flow
    def nothing() -> None:
        return None
    t = time.perf_counter()
    nothing()
    return time.perf_counter() - t


def search_latency(db_file: Path, queries: list[str], rounds: int) -> dict[str, float]:
    from pipeline import queries as q
    from pipeline import store
    db = store.open_db(db_file)
    times = []
    for _ in range(rounds):
        for query in queries:
            t = time.perf_counter()
            q.search(db, query)
            times.append(time.perf_counter() - t)
    times.sort()
    return {"p50_ms": 1000 * statistics.median(times), "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))]}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a small corpus, under a minute")
    ap.add_argument("--pages", type=int, help="PDF pages in the varied corpus (default 500, quick 40)")
    ap.add_argument("--out", default=str(ROOT / "outputs" / "bench.json"))
    args = ap.parse_args(argv)
    min_pages = args.pages or (40 if args.quick else 500)

    base = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in (".txt", ".pdf", ".docx"))
    work = Path(tempfile.mkdtemp(prefix="ntm-bench-"))
    try:
        files = make_corpus(base, work / "corpus", min_pages)
        pdfs = [f for f in files if f.suffix == ".pdf"]
        n_pages = sum(pdf_pages(f) for f in pdfs)
        print(f"corpus: {len(files)} files ({len(pdfs)} PDF, {n_pages} PDF pages) varied from {len(base)} in corpus/")

        floors = {"pdfplumber extract_text": floor_pdfplumber(pdfs), "pypdfium2 text": floor_pdfium(pdfs)}
        pdf_stage = stages(pdfs, work / "pdf-stages.db")
        TIMES.clear()
        all_stage = stages(files, work / "stages.db")
        in_process = sum(all_stage[k] for k in ("read", "normalise", "extract", "load"))

        startup = prefect_startup()
        flow1 = run_flow(work / "corpus", work / "flow1.db", workers=1)
        reingest = run_flow(work / "corpus", work / "flow1.db", workers=1)
        flow2 = run_flow(work / "corpus", work / "flow2.db", workers=2)
        latency = search_latency(work / "flow1.db", ["so nong nghiep", "Đăk Pnê", "1052/UBND-NNTN",
                                                     "thôn đạt chuẩn", "giải ngân"], 10 if args.quick else 40)
        db_size = (work / "flow1.db").stat().st_size
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    finally:
        shutil.rmtree(work, ignore_errors=True)

    plumber = floors["pdfplumber extract_text"] / n_pages
    per_page = {k: v / n_pages for k, v in pdf_stage.items()}
    report = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "corpus": {"files": len(files), "pdf_files": len(pdfs), "pdf_pages": n_pages},
        "floors_s_per_page": {k: v / n_pages for k, v in floors.items()},
        "pdf_stages_s_per_page": per_page,
        "pipeline_over_pdfplumber": sum(per_page[k] for k in ("read", "normalise", "extract", "load")) / plumber,
        "all_files_stages_s": all_stage,
        "prefect": {"temporary_server_start_s": startup, "flow_1_worker_s": flow1,
                    "overhead_share": max(0.0, flow1 - in_process) / flow1},
        "workers": {"1": flow1, "2": flow2, "speedup": flow1 / flow2},
        "reingest_share": reingest / flow1,
        "search": latency,
        "peak_rss_mb": {"bench_process": peak, "largest_worker": peak_children},
        "db_mb_per_1000_docs": db_size / 1e6 / len(files) * 1000,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1, ensure_ascii=False))

    print(f"\n{'stage (PDF pages)':<44}{'ms/page':>10}{'× pdfplumber':>14}")
    for name, value in list(report["floors_s_per_page"].items()) + sorted(per_page.items()):
        print(f"{name:<44}{1000 * value:>10.2f}{value / plumber:>14.2f}")
    print(f"{'whole pipeline (read+normalise+extract+load)':<44}"
          f"{1000 * plumber * report['pipeline_over_pdfplumber']:>10.2f}{report['pipeline_over_pdfplumber']:>14.2f}")
    print(f"\nall {len(files)} files in-process: " + ", ".join(f"{k} {v:.2f}s" for k, v in sorted(all_stage.items())
                                                        if not k.startswith("extract:")))
    print(f"Prefect: temporary server start {startup:.1f}s; flow (1 worker) {flow1:.2f}s; "
          f"overhead share {100 * report['prefect']['overhead_share']:.0f}% (includes the per-run server start)")
    print(f"workers: 1 → {flow1:.2f}s, 2 → {flow2:.2f}s, speed-up {report['workers']['speedup']:.2f}×")
    print(f"re-ingest unchanged: {reingest:.2f}s = {100 * report['reingest_share']:.1f}% of the first ingest")
    print(f"search: p50 {latency['p50_ms']:.1f} ms, p95 {latency['p95_ms']:.1f} ms")
    print(f"peak RSS: bench {peak:.0f} MB, largest worker {peak_children:.0f} MB; "
          f"database {report['db_mb_per_1000_docs']:.1f} MB per 1,000 documents")
    print(f"\nwritten {args.out}")


if __name__ == "__main__":
    main()
