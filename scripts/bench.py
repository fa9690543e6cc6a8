"""`make bench`: what each stage costs, next to floors measured in the same run, and the same
pipeline at scale on a generated corpus with planted facts.

Prints a table and writes outputs/bench.json. Stage figures are ratios against baselines measured
in this run on the same files (bare pdfplumber `extract_text`, pypdfium2's text layer), so results
compare across machines. Stages and baselines are timed in CPU seconds of this process
(STAGE_CLOCK): on a machine shared with other jobs their ratio moves far less than wall time
does. Flows, workers and OCR (child processes) are timed by the wall clock. Never an assertion:
the test suite does not run this.

    python -m scripts.bench            # corpus/ varied to ≥ 500 PDF pages, and 2,000 generated files
    python -m scripts.bench --quick    # the same on small corpora (40 pages, 100 generated files)
    python -m scripts.bench --generated 10000   # at scale: five passes over 10,000 files, over an hour
    python -m scripts.bench --generated 0   # skip the generated corpus

Generated corpus (scripts/generate_corpus.py, 60% TXT, 20% DOCX, 20% PDF, 2% broken): documents/s
and PDF pages/s at 1 and 2 workers (fresh database each, same files), the same stages in this
process without Prefect (Prefect's share of the flow's wall time), re-ingest of the unchanged
corpus, `ntm search` / `ntm tasks` (pipeline.store.queries) and the Datasette canned queries of
pipeline/face/webapp/metadata.yaml (run with sqlite3 directly, with the plugin's SQL functions
registered; Datasette adds its HTTP and rendering cost on top) before and after the indexes in
INDEXES, peak RSS of the flow process and its largest descendant (psutil, sampled every 0.2 s),
database size per 1,000 documents, and planted-fact precision/recall (scripts/score_planted.py).
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
STAGE_CLOCK = time.process_time


@contextlib.contextmanager
def timed(name: str):
    t = STAGE_CLOCK()
    try:
        yield
    finally:
        TIMES[name] += STAGE_CLOCK() - t


def wrap(module, attr: str, name: str) -> None:
    """Time every call of module.attr under `name` (for stages that other code calls)."""
    original = getattr(module, attr)
    if getattr(original, "bench_timed", False):     # once: a second wrap would count twice
        return

    def timed_call(*args, **kwargs):
        with timed(name):
            return original(*args, **kwargs)
    timed_call.bench_timed = True
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
    t = STAGE_CLOCK()
    for f in pdfs:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
    return STAGE_CLOCK() - t


def floor_pdfium(pdfs: list[Path]) -> float:
    import pypdfium2 as pdfium
    t = STAGE_CLOCK()
    for f in pdfs:
        doc = pdfium.PdfDocument(str(f))
        for page in doc:
            page.get_textpage().get_text_range()
    return STAGE_CLOCK() - t


def isolation(enabled):
    """Switch pipeline.read.bounds' per-file child process on or off; returns the previous setting.
    Stage timings are taken in this process: a forked child's timers die with it."""
    try:
        from pipeline.read import bounds as limits
    except ImportError:
        return None
    previous = limits._override
    if enabled is None or isinstance(enabled, limits.Limits):
        limits._override = enabled
    else:
        limits.configure(enabled=enabled)
    return previous


def stages(files: list[Path], db_file: Path) -> dict[str, float]:
    """Read, normalise, extract (per extractor) and load, in this process, without Prefect."""
    import pipeline.read.docx as docx_reader
    import pipeline.read.pdf as pdf_reader
    import pipeline.read.text as text_reader
    from extractors import (
        assignments,
        attachments,
        consistency,
        dates,
        header,
        metadata,
        money,
        places,
        quantities,
        references,
        signature,
    )
    from flows import stages as ingest
    from pipeline import store

    for module in (text_reader, pdf_reader, docx_reader):
        wrap(module, "normalize_pages", "normalise")
    wrap(pdf_reader, "layer_quality", "read:damaged-layer check")      # issue 11: per text page
    wrap(pdf_reader, "join_hyphens", "read:line-end hyphens")
    for module, attr in ((metadata, "extract_document_info"), (metadata, "extract_people"),
                         (references, "extract_references"), (dates, "find_dates"),
                         (places, "extract_places"), (quantities, "extract_quantities"),
                         (money, "extract_budgets"), (assignments, "extract_assignments"),
                         (consistency, "check_consistency"), (header, "parse_header"),
                         (signature, "parse_signature"), (attachments, "find_attachments")):
        wrap(module, attr, f"extract:{module.__name__.split('.')[-1]}.{attr}")
    wrap(ingest, "extract", "extract")           # the stages call these names
    wrap(ingest, "read_file", "read+normalise")
    unbounded = isolation(False)
    db = store.open_db(db_file)
    for f in files:
        outcome = ingest.process_file(str(f.resolve()))
        with timed("load"):
            store.load(db, outcome)
    db.close()
    isolation(unbounded)
    out = dict(TIMES)
    out["read"] = out.pop("read+normalise") - out.get("normalise", 0.0)
    return out


def run_flow(files_dir: Path, db_file: Path, workers: int) -> float:
    from flows.ingest import ingest
    t = time.perf_counter()
    summary = ingest([str(files_dir)], db_path=str(db_file), workers=workers)
    wall = time.perf_counter() - t
    if summary.failed:
        from collections import Counter
        stages_ = Counter(stage for _, stage, _ in summary.failed)
        print(f"  ! {len(summary.failed)} files failed in the flow run ({dict(stages_)}), e.g. {summary.failed[-1]}",
              file=sys.stderr)
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
    from pipeline import store
    from pipeline.store import queries as q
    db = store.open_db(db_file)
    times = []
    for _ in range(rounds):
        for query in queries:
            t = time.perf_counter()
            q.search(db, query)
            times.append(time.perf_counter() - t)
    return percentiles(times)


# ---------------------------------------------------------------- the generated corpus

# Indexes the bench adds to measure the canned queries and `ntm tasks` before and after; the
# schema (pipeline/store/schema.py) does not have them yet.
INDEXES = {
    "idx_places_level": "create index if not exists idx_places_level on places(level)",
    "idx_targets_doc_span": "create index if not exists idx_targets_doc_span on targets(doc_id, span_start, span_end)",
    "idx_achievements_doc_span": "create index if not exists idx_achievements_doc_span on achievements(doc_id, span_start, span_end)",
    "idx_assignments_deadline": "create index if not exists idx_assignments_deadline on assignments(deadline)",
    "idx_targets_deadline": "create index if not exists idx_targets_deadline on targets(deadline)",
}
SEARCHES = ["so nong nghiep", "Đăk", "263/QĐ-TTg", "thôn đạt chuẩn", "giải ngân", "kinh phí thực hiện",
            "nong thon moi nang cao", "tiêu chí môi trường", "Kon Tum"]
TASKS = [{}, {"assignee": "so tai chinh"}, {"assignee": "Phòng Nông nghiệp"}, {"place": "Kon Tum"},
         {"due_before": "2024-06-30"}, {"assignee": "ubnd cac xa", "due_before": "2025-12-31"}]
CANNED_PARAMS = {"co_quan": ["", "so nong nghiep"], "so_ngay": ["90"], "ten": ["", "thon 3"],
                 "so_van_ban": ["", "263/QĐ-TTg"]}


class RssSampler:
    """Peak resident memory of this process, of its largest descendant and of all of them together
    (RSS counts shared pages in each process, so the sum overstates), sampled every 0.2 s."""

    def __init__(self, interval: float = 0.2):
        import threading
        self.interval, self.stop = interval, threading.Event()
        self.peak = {"flow_process_mb": 0.0, "largest_descendant_mb": 0.0, "all_processes_mb": 0.0}
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        import psutil
        me = psutil.Process()
        while not self.stop.is_set():
            try:
                own = me.memory_info().rss / 2**20
                kids = []
                for c in me.children(recursive=True):
                    try:
                        kids.append(c.memory_info().rss / 2**20)
                    except psutil.Error:
                        pass
                p = self.peak
                p["flow_process_mb"] = max(p["flow_process_mb"], own)
                p["largest_descendant_mb"] = max(p["largest_descendant_mb"], max(kids, default=0.0))
                p["all_processes_mb"] = max(p["all_processes_mb"], own + sum(kids))
            except Exception:
                pass
            self.stop.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"p50_ms": 1000 * statistics.median(times), "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
            "max_ms": 1000 * times[-1], "n": len(times)}


def timed_calls(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def canned_queries() -> dict[str, tuple[str, list[dict]]]:
    import re

    from pipeline.face import web
    meta = web.metadata(False)
    out = {}
    for name, q in meta["databases"]["ntm"].get("queries", {}).items():
        params = sorted(set(re.findall(r":(\w+)", q["sql"])))
        variants = [{}]
        for p in params:
            variants = [dict(v, **{p: value}) for v in variants for value in CANNED_PARAMS.get(p, [""])]
        out[name] = (q["sql"], variants)
    return out


def sqlite_with_functions(db_file: Path):
    """A read-only sqlite3 connection with the SQL functions the Datasette plugins register."""
    import importlib.util
    import inspect
    import sqlite3
    con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    for path in sorted((ROOT / "pipeline" / "face" / "webapp" / "plugins").glob("ntm_*.py")):
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        plugin = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(plugin)
        prepare = getattr(plugin, "prepare_connection", None)
        # the guard's hook takes (conn, database, datasette): it bounds the server, not these queries
        if prepare and list(inspect.signature(prepare).parameters) == ["conn"]:
            prepare(con)
    return con


def query_latency(db_file: Path, rounds: int) -> dict:
    """search, tasks and every canned query: p50/p95 over rounds × variants."""
    from pipeline import store
    from pipeline.store import queries as q
    db = store.open_db(db_file)
    out = {"search": percentiles([t for query in SEARCHES for t in timed_calls(lambda query=query: q.search(db, query), rounds)]),
           "tasks": percentiles([t for kw in TASKS for t in timed_calls(lambda kw=kw: q.tasks(db, **kw), rounds)])}
    db.close()
    con = sqlite_with_functions(db_file)
    canned = {}
    for name, (sql, variants) in canned_queries().items():
        times = [t for v in variants for t in timed_calls(lambda sql=sql, v=v: con.execute(sql, v).fetchall(), max(2, rounds // 4))]
        canned[name] = percentiles(times)
    con.close()
    out["canned"] = canned
    out["canned_all"] = {"p95_ms": max(v["p95_ms"] for v in canned.values()) if canned else None}
    return out


def isolation_probe(files: list[Path], n: int = 60) -> dict | None:
    """Per-file milliseconds in a fresh interpreter: forked per file with nothing warmed (as the
    flow's workers run now), in-process, and forked after one in-process file warmed the caches."""
    import subprocess
    sample = [str(f) for f in files if f.suffix in (".txt", ".docx", ".pdf")][:n]
    code = r"""
import json, sys, time
try:
    from pipeline.read import bounds as limits
except ImportError:
    print("null"); sys.exit()
import extractors, pipeline.read
from flows import stages as ingest
files = json.loads(sys.stdin.read())
def run():
    t = time.perf_counter()
    for f in files:
        ingest.process_file(f)
    return 1000 * (time.perf_counter() - t) / len(files)
cold = run()
limits.configure(enabled=False)
inproc = run()
limits.configure()
warm = run()
print(json.dumps({"forked_cold_ms": cold, "in_process_ms": inproc, "forked_warm_ms": warm, "files": len(files)}))
"""
    r = subprocess.run([sys.executable, "-c", code], input=json.dumps(sample), capture_output=True, text=True,
                       cwd=ROOT, timeout=1800)
    try:
        return json.loads(r.stdout.strip().splitlines()[-1])
    except Exception:
        print(f"  ! isolation probe failed: {r.stderr[-500:]}", file=sys.stderr)
        return None


def in_process_run(files: list[Path], db_file: Path) -> float:
    """The flow's stages (plan, process_file, load) in this process, without Prefect."""
    from flows import stages as ingest
    from pipeline import store
    t = time.perf_counter()
    db = store.open_db(db_file)
    todo, _, missing = ingest.plan(files, store.known_files(db))
    for o in missing:
        store.load(db, o)
    for path, sha in todo:
        store.load(db, ingest.process_file(path, sha))
    db.close()
    return time.perf_counter() - t


def generated_bench(n: int, work: Path, seed: int, rounds: int, sample_pdfs: int, probe_files: int) -> dict:
    from scripts import generate_corpus, score_planted
    folder = work / "generated"
    t = time.perf_counter()
    gen = generate_corpus.generate(n, folder, seed=seed)
    print(f"generated {n} files in {time.perf_counter() - t:.1f}s ("
          + ", ".join(f"{k} {v['files']}" for k, v in sorted(gen["by_format"].items())) + ")")
    manifest = generate_corpus.read_manifest(folder)
    files = sorted(folder / e["file"] for e in manifest)
    good = [folder / e["file"] for e in manifest if not e["broken"]]
    pdfs = [f for f in good if f.suffix == ".pdf"]
    pages = {f: pdf_pages(f) for f in pdfs}
    n_pages = sum(pages.values())
    docs = len(good)

    sample = pdfs[:sample_pdfs]
    s_pages = sum(pages[f] for f in sample) or 1
    floors = {"pdfplumber extract_text": floor_pdfplumber(sample) / s_pages, "pypdfium2 text": floor_pdfium(sample) / s_pages}
    TIMES.clear()
    per_page = {k: v / s_pages for k, v in stages(sample, work / "gen-pdf-stages.db").items()}
    TIMES.clear()

    probe = isolation_probe(good, probe_files)
    unbounded = isolation(False)
    in_process_unbounded = in_process_run(files, work / "gen-inproc-unbounded.db")
    isolation(unbounded)
    in_process = in_process_run(files, work / "gen-inproc.db")
    with RssSampler() as rss1:
        flow1 = run_flow(folder, work / "gen1.db", workers=1)
    reingest = run_flow(folder, work / "gen1.db", workers=1)
    with RssSampler() as rss2:
        flow2 = run_flow(folder, work / "gen2.db", workers=2)

    db_file = work / "gen1.db"
    before = query_latency(db_file, rounds)
    import sqlite3
    con = sqlite3.connect(db_file)
    for sql in INDEXES.values():
        con.execute(sql)
    con.execute("analyze")
    con.commit()
    con.close()
    after = query_latency(db_file, rounds)
    scores = score_planted.score_db(folder, db_file)
    db_mb = db_file.stat().st_size / 1e6
    wal = db_file.with_name(db_file.name + "-wal")
    return {
        "files": len(files), "documents": docs, "broken": len(files) - docs, "pdf_files": len(pdfs), "pdf_pages": n_pages,
        "generation": {"wall_s": gen["wall_s"], "processes": gen["processes"],
                       "ms_per_file": {k: 1000 * v["seconds"] / max(1, v["files"]) for k, v in gen["by_format"].items()}},
        "pdf_sample": {"files": len(sample), "pages": s_pages, "floors_s_per_page": floors, "stages_s_per_page": per_page,
                       "pipeline_over_pdfplumber": sum(per_page.get(k, 0.0) for k in ("read", "normalise", "extract", "load"))
                       / floors["pdfplumber extract_text"]},
        "isolation_probe_ms_per_file": probe,
        "in_process_s": in_process, "in_process_unbounded_s": in_process_unbounded,
        "workers": {"1": {"wall_s": flow1, "docs_per_s": docs / flow1, "pdf_pages_per_s": n_pages / flow1},
                    "2": {"wall_s": flow2, "docs_per_s": docs / flow2, "pdf_pages_per_s": n_pages / flow2},
                    "speedup": flow1 / flow2},
        "prefect_overhead_share": max(0.0, flow1 - in_process) / flow1,
        "reingest_s": reingest, "reingest_share": reingest / flow1,
        "queries_before_indexes": before, "queries_after_indexes": after, "indexes": INDEXES,
        "peak_rss_mb": {"1_worker": rss1.peak, "2_workers": rss2.peak},
        "db_mb": db_mb, "db_mb_per_1000_docs": db_mb / docs * 1000,
        "db_wal_mb": wal.stat().st_size / 1e6 if wal.exists() else 0.0,
        "planted": scores,
    }


def print_generated(g: dict) -> None:
    from scripts import score_planted
    print(f"\n=== generated corpus: {g['files']} files ({g['documents']} documents, {g['broken']} broken; "
          f"{g['pdf_files']} PDF, {g['pdf_pages']} PDF pages); generation {g['generation']['wall_s']:.0f}s on "
          f"{g['generation']['processes']} processes ("
          + ", ".join(f"{k} {v:.0f} ms/file" for k, v in sorted(g["generation"]["ms_per_file"].items())) + ")")
    ps = g["pdf_sample"]
    plumber = ps["floors_s_per_page"]["pdfplumber extract_text"]
    print(f"\n{'stage (' + str(ps['pages']) + ' generated PDF pages)':<44}{'ms/page':>10}{'× pdfplumber':>14}")
    for name, value in list(ps["floors_s_per_page"].items()) + sorted(ps["stages_s_per_page"].items()):
        print(f"{name:<44}{1000 * value:>10.2f}{value / plumber:>14.2f}")
    print(f"{'whole pipeline (read+normalise+extract+load)':<44}{1000 * plumber * ps['pipeline_over_pdfplumber']:>10.2f}"
          f"{ps['pipeline_over_pdfplumber']:>14.2f}")
    probe = g["isolation_probe_ms_per_file"]
    if probe:
        print(f"per file ({probe['files']} files, fresh interpreter): forked child, caches cold "
              f"{probe['forked_cold_ms']:.0f} ms; in-process {probe['in_process_ms']:.0f} ms; "
              f"forked after warming {probe['forked_warm_ms']:.0f} ms")
    w = g["workers"]
    print(f"\n{'measure':<46}{'value':>14}   target")
    rows = [
        ("1 worker: wall", f"{w['1']['wall_s']:.1f} s", ""),
        ("1 worker: documents/s, PDF pages/s", f"{w['1']['docs_per_s']:.1f}, {w['1']['pdf_pages_per_s']:.1f}", ""),
        ("2 workers: wall", f"{w['2']['wall_s']:.1f} s", ""),
        ("2 workers: documents/s, PDF pages/s", f"{w['2']['docs_per_s']:.1f}, {w['2']['pdf_pages_per_s']:.1f}", ""),
        ("speed-up 2 vs 1 worker", f"{w['speedup']:.2f}×", "≥ 1.7×"),
        ("same stages in-process, no Prefect", f"{g['in_process_s']:.1f} s", ""),
        ("  … without the per-file child process", f"{g['in_process_unbounded_s']:.1f} s", ""),
        ("Prefect overhead share (1 worker)", f"{100 * g['prefect_overhead_share']:.1f}%", "≤ 10%"),
        ("re-ingest unchanged / first ingest", f"{100 * g['reingest_share']:.2f}%", "≤ 2%"),
    ]
    for label, key in (("before", "queries_before_indexes"), ("after", "queries_after_indexes")):
        q = g[key]
        rows.append((f"search p50/p95 ({label} indexes)", f"{q['search']['p50_ms']:.1f}/{q['search']['p95_ms']:.1f} ms", "p95 ≤ 50 ms"))
        rows.append((f"tasks p50/p95 ({label} indexes)", f"{q['tasks']['p50_ms']:.1f}/{q['tasks']['p95_ms']:.1f} ms", ""))
        for name, v in q["canned"].items():
            rows.append((f"  canned {name} p50/p95 ({label})", f"{v['p50_ms']:.0f}/{v['p95_ms']:.0f} ms", ""))
    for k, label in (("1_worker", "1 worker"), ("2_workers", "2 workers")):
        p = g["peak_rss_mb"][k]
        rows.append((f"peak RSS {label}: flow / largest child / sum", f"{p['flow_process_mb']:.0f}/{p['largest_descendant_mb']:.0f}/"
                     f"{p['all_processes_mb']:.0f} MB", "≤ 1 GB"))
    rows.append(("database per 1,000 documents", f"{g['db_mb_per_1000_docs']:.1f} MB", ""))
    for label, value, target in rows:
        print(f"{label:<46}{value:>14}   {target}")
    print()
    score_planted.print_scores(g["planted"])


def damaged_page_ocr(work: Path) -> dict[str, float] | None:
    """A page with a damaged text layer is OCRed: its cost, counted apart from the text pages."""
    from pipeline.read import read_file
    from pipeline.read.ocr import tesseract_available
    from scripts.make_test_documents import scan_with_layer

    if not tesseract_available():
        return None
    path = scan_with_layer(work / "damaged.pdf")
    t = time.perf_counter()
    doc = read_file(path)
    return {"s_per_page": time.perf_counter() - t, "ocr_pages": len(doc.ocr_pages)}


def handwritten_header_ocr(work: Path) -> dict[str, float] | None:
    """A scan whose number is written by hand: the page's OCR and, apart, the second read of the
    header's number and date (pipeline/read/ocr_fill_ins.py)."""
    from pipeline.read import read_file
    from pipeline.read.ocr import tesseract_available
    from pipeline.read.ocr_fill_ins import engine_available
    from scripts.make_test_documents import handwritten_number_scan

    if not (tesseract_available() and engine_available()):
        return None
    path = handwritten_number_scan(work / "handwritten.pdf", seed=7)
    t = time.perf_counter()
    doc = read_file(path)
    seconds = time.perf_counter() - t
    second = next((c["seconds"] for c in doc.ocr_candidates if c.get("engine") and "seconds" in c), 0.0)
    return {"s_per_page": seconds / len(doc.ocr_pages), "second_read_s": second, "ocr_pages": len(doc.ocr_pages)}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small corpora, a few minutes")
    ap.add_argument("--pages", type=int, help="PDF pages in the varied corpus (default 500, quick 40)")
    ap.add_argument("--generated", type=int, help="files in the generated corpus (default 2,000, quick 100; 0 skips)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated corpus")
    ap.add_argument("--out", default=str(ROOT / "outputs" / "bench.json"))
    args = ap.parse_args(argv)
    min_pages = args.pages or (40 if args.quick else 500)
    n_generated = args.generated if args.generated is not None else (100 if args.quick else 2_000)
    started = time.perf_counter()

    base = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in (".txt", ".pdf", ".docx"))
    work = Path(tempfile.mkdtemp(prefix="ntm-bench-"))
    generated = None
    try:
        files = make_corpus(base, work / "corpus", min_pages)
        pdfs = [f for f in files if f.suffix == ".pdf"]
        n_pages = sum(pdf_pages(f) for f in pdfs)
        print(f"corpus: {len(files)} files ({len(pdfs)} PDF, {n_pages} PDF pages) varied from {len(base)} in corpus/")

        floors = {"pdfplumber extract_text": floor_pdfplumber(pdfs), "pypdfium2 text": floor_pdfium(pdfs)}
        # A first pass in this process loads the rule files and the gazetteer and compiles the patterns,
        # once per worker: shown apart, so the per-page figures are those of a running worker.
        first_pass = sum(stages(pdfs, work / "pdf-first-pass.db").get(k, 0.0) for k in ("read", "normalise", "extract", "load"))
        TIMES.clear()
        pdf_stage = stages(pdfs, work / "pdf-stages.db")
        TIMES.clear()
        all_stage = stages(files, work / "stages.db")
        TIMES.clear()
        in_process = in_process_run(files, work / "inproc.db")
        damaged = damaged_page_ocr(work)
        handwritten = handwritten_header_ocr(work)

        startup = prefect_startup()
        flow1 = run_flow(work / "corpus", work / "flow1.db", workers=1)
        reingest = run_flow(work / "corpus", work / "flow1.db", workers=1)
        flow2 = run_flow(work / "corpus", work / "flow2.db", workers=2)
        latency = search_latency(work / "flow1.db", ["so nong nghiep", "Đăk Pnê", "1052/UBND-NNTN",
                                                     "thôn đạt chuẩn", "giải ngân"], 10 if args.quick else 40)
        db_size = (work / "flow1.db").stat().st_size
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if n_generated:
            generated = generated_bench(n_generated, work, args.seed, rounds=5 if args.quick else 20,
                                        sample_pdfs=10 if args.quick else 150, probe_files=20 if args.quick else 60)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    plumber = floors["pdfplumber extract_text"] / n_pages
    per_page = {k: v / n_pages for k, v in pdf_stage.items()}
    report = {
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0],
                    "NTM_LIMITS": os.environ.get("NTM_LIMITS"),
                    "load_average_at_end": os.getloadavg()},
        "corpus": {"files": len(files), "pdf_files": len(pdfs), "pdf_pages": n_pages},
        "floors_s_per_page": {k: v / n_pages for k, v in floors.items()},
        "pdf_stages_s_per_page": per_page,
        "pipeline_over_pdfplumber": sum(per_page.get(k, 0.0) for k in ("read", "normalise", "extract", "load")) / plumber,
        "first_pass_over_pdfplumber": first_pass / n_pages / plumber,
        "all_files_stages_s": all_stage,
        "prefect": {"temporary_server_start_s": startup, "flow_1_worker_s": flow1, "in_process_s": in_process,
                    "overhead_share": max(0.0, flow1 - in_process) / flow1},
        "workers": {"1": flow1, "2": flow2, "speedup": flow1 / flow2},
        "reingest_share": reingest / flow1,
        "search": latency,
        "peak_rss_mb": {"bench_process": peak, "largest_worker": peak_children},
        "db_mb_per_1000_docs": db_size / 1e6 / len(files) * 1000,
        "generated": generated,
        "damaged_page_ocr": damaged,
        "handwritten_header_ocr": handwritten,
        "bench_wall_s": time.perf_counter() - started,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))

    print(f"\n{'stage (PDF pages)':<44}{'ms/page':>10}{'× pdfplumber':>14}")
    for name, value in list(report["floors_s_per_page"].items()) + sorted(per_page.items()):
        print(f"{name:<44}{1000 * value:>10.2f}{value / plumber:>14.2f}")
    print(f"{'whole pipeline (read+normalise+extract+load)':<44}"
          f"{1000 * plumber * report['pipeline_over_pdfplumber']:>10.2f}{report['pipeline_over_pdfplumber']:>14.2f}")
    print(f"{'  first pass of a worker (rules, gazetteer)':<44}"
          f"{1000 * plumber * report['first_pass_over_pdfplumber']:>10.2f}{report['first_pass_over_pdfplumber']:>14.2f}")
    if damaged:
        print(f"{'OCR of a page with a damaged text layer (apart)':<44}{1000 * damaged['s_per_page']:>10.0f}"
              f"{damaged['s_per_page'] / plumber:>14.0f}")
    if handwritten:
        print(f"{'OCR of a scanned page (apart)':<44}{1000 * handwritten['s_per_page']:>10.0f}"
              f"{handwritten['s_per_page'] / plumber:>14.0f}")
        print(f"{'  of which the header second read (once a file)':<44}{1000 * handwritten['second_read_s']:>10.0f}"
              f"{handwritten['second_read_s'] / plumber:>14.0f}")
    print(f"\nall {len(files)} files in-process: " + ", ".join(f"{k} {v:.2f}s" for k, v in sorted(all_stage.items())
                                                        if not k.startswith("extract:")))
    print(f"Prefect: temporary server start {startup:.1f}s; flow (1 worker) {flow1:.2f}s vs {in_process:.2f}s in-process; "
          f"overhead share {100 * report['prefect']['overhead_share']:.0f}%")
    print(f"workers: 1 → {flow1:.2f}s, 2 → {flow2:.2f}s, speed-up {report['workers']['speedup']:.2f}×")
    print(f"re-ingest unchanged: {reingest:.2f}s = {100 * report['reingest_share']:.1f}% of the first ingest")
    print(f"search: p50 {latency['p50_ms']:.1f} ms, p95 {latency['p95_ms']:.1f} ms")
    print(f"peak RSS: bench {peak:.0f} MB, largest worker {peak_children:.0f} MB; "
          f"database {report['db_mb_per_1000_docs']:.1f} MB per 1,000 documents")
    if generated:
        print_generated(generated)
    print(f"\nbench took {report['bench_wall_s'] / 60:.1f} min; load average at end "
          + ", ".join(f"{x:.1f}" for x in report["machine"]["load_average_at_end"]) + f"; written {args.out}")


if __name__ == "__main__":
    main()
