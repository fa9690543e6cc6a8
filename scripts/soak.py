"""`make soak`: ntm under kills, concurrent writers and web load, measured. Never an assertion:
the test suite holds the behaviours; this prints what they cost and how often they held.

1. Kill loop: a generated corpus (scripts/generate_corpus.py, with the seeds) is ingested once
   cleanly; then `ntm ingest` is killed with SIGKILL, `--kills` times in a row on one database
   (every other time at a random moment of the run, else once a random number of documents has
   been loaded), and finally left to finish. The database must equal the clean run's (every
   row of every table, keyed by file path). After each kill: the processes the run had started
   that are still alive 5 s later, and the temporary folders it left.
2. Two `ntm ingest` runs at once on one new database, each of a shared folder and one of its
   own: their exit codes, every document once, and equality with one run of all three folders.
3. Web load: `ntm serve` on 127.0.0.1, `--clients` clients at once for `--seconds`, each request a
   search of the search page or a canned query with its parameters: p50/p95/max and errors
   (any answer other than 200, or no answer) per kind.
4. Page latencies, one client and no load: the pages tests/test_web.py once held to 200 ms
   (the suite no longer asserts timings), median and p95 of `--rounds` requests each.
5. One-file ingest latency (`--latency`): `ntm ingest FILE` wall time with Prefect's temporary
   server (started by every run) and with a Prefect server already running (started here once,
   as the README says), median of `--rounds`.
6. Speed-up at 2 workers (`--sections speedup`): `ntm ingest` of `--speedup-docs` generated
   documents at 1 and 2 workers, alternated twice, medians compared.

    python -m scripts.soak [--docs 60] [--kills 5] [--clients 20] [--seconds 30] [--latency]
    python -m scripts.soak --sections speedup --speedup-docs 1000

Prints the figures and writes them to outputs/soak.json.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench import percentiles  # noqa: E402
from scripts.proctree import alive, descendants  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
INVENTED_735 = ROOT / "tests" / "fixtures" / "invented_735-SNN-NTM.txt"
NTM = [sys.executable, "-m", "pipeline.face.cli"]
SEARCHES = ["so nong nghiep", "Đăk Pnê", "kon tum", "1052/UBND-NNTN", "xã đạt chuẩn nông thôn mới", "kinh phí",
            "giao thong nong thon", "Ủy ban nhân dân huyện"]
CANNED = ["/ntm/nhiem_vu?co_quan=so+nong+nghiep", "/ntm/nhiem_vu", "/ntm/cam_ket_den_han",
          "/ntm/thon_theo_trang_thai", "/ntm/thon_theo_trang_thai?ten=kon", "/ntm/van_ban_vien_dan",
          "/ntm/van_ban_vien_dan?so_van_ban=12-CT%2FTU", "/ntm/ban_do"]
CONTENT_TABLES = ("documents", "pages", "references", "places", "targets", "achievements", "budgets",
                  "assignments", "consistency", "dates", "people", "ingest_errors")


def database_rows(db_file: Path) -> dict[str, list[str]]:
    """Every row of every content table, ids replaced by file paths, times left out: equal for
    two databases that hold the same ingest."""
    con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    path_of = {r["id"]: r["path"] for r in con.execute("select id, path from documents")}
    tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
    out = {}
    for table in CONTENT_TABLES:
        if table not in tables:
            continue
        rows = []
        for r in con.execute(f"select * from [{table}]"):
            r = {k: r[k] for k in r.keys() if k not in ("id", "time", "ingested_at", "cited_doc_id")}
            for key in ("doc_id", "rendition_of", "copy_of"):       # ids of documents: their paths
                if key in r:
                    r[key] = path_of.get(r[key])
            rows.append(json.dumps(r, sort_keys=True, default=str, ensure_ascii=False))
        out[table] = sorted(rows)
    con.close()
    return out


def ingest(folders: list[Path], db: Path, workers: int, temp: Path, env: dict | None = None) -> subprocess.Popen:
    env = {**(env or os.environ), "TMPDIR": str(temp)}
    env.pop("NTM_RUN", None)
    return subprocess.Popen(NTM + ["ingest", *map(str, folders), "--db", str(db), "--workers", str(workers)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def make_corpus(work: Path, docs: int, seed: int) -> Path:
    from scripts.generate_corpus import generate
    corpus = work / "corpus"
    generate(docs, corpus, seed=seed)
    for f in list(SEEDS.glob("*.txt")) + [INVENTED_735]:
        shutil.copy(f, corpus / f.name)
    return corpus


def kill_loop(corpus: Path, work: Path, kills: int, workers: int, rng: random.Random) -> dict:
    clean_db = work / "clean.db"
    temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="soak-"))
    started = time.perf_counter()
    code = ingest([corpus], clean_db, workers, temp).wait()
    clean_seconds = time.perf_counter() - started
    shutil.rmtree(temp, ignore_errors=True)
    clean = database_rows(clean_db)
    db = work / "killed.db"
    rounds = []
    total = len(clean["documents"])
    for k in range(kills):
        temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="soak-"))
        before = _count(db)
        proc = ingest([corpus], db, workers, temp)
        started = time.perf_counter()
        if k % 2 == 0 or before >= total:      # any moment: starting up, reading, loading
            time.sleep(rng.uniform(0.5, clean_seconds))
        else:                                   # while documents are being loaded
            target = before + rng.randint(1, max(1, (total - before) // 2))
            while proc.poll() is None and _count(db) < target and time.perf_counter() - started < 600:
                time.sleep(0.05)
        at = time.perf_counter() - started
        children = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        time.sleep(5)
        left = sorted(pid for pid in children if alive(pid))
        for pid in left:                      # not ours to leave running, whatever happened
            os.kill(pid, signal.SIGKILL)
        rounds.append({"killed_at_s": round(at, 1), "children": len(children), "alive_after_5s": len(left),
                       "temp_left": len(list(temp.iterdir())), "documents_before": before,
                       "documents": _count(db), "ended_before_kill": proc.returncode != -signal.SIGKILL})
        shutil.rmtree(temp, ignore_errors=True)
    temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="soak-"))
    final_code = ingest([corpus], db, workers, temp).wait()
    shutil.rmtree(temp, ignore_errors=True)
    same = database_rows(db) == clean
    return {"clean_run_s": round(clean_seconds, 1), "clean_exit": code, "final_exit": final_code,
            "rounds": rounds, "equal_to_clean_run": same, "clean_db": str(clean_db), "clean": clean}


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        n = con.execute("select count(*) from documents").fetchone()[0]
        con.close()
        return n
    except sqlite3.Error:
        return 0


def concurrent_ingests(corpus: Path, work: Path, workers: int) -> dict:
    """`ntm ingest SHARED A` and `ntm ingest SHARED B` at once on one new database (the shared folder
    is read by both), against one run of all three folders."""
    files = corpus_files(corpus)
    third = len(files) // 3
    folders = {name: work / f"overlap-{name}" for name in ("a", "shared", "b")}
    for folder, part in zip(folders.values(), (files[:third], files[third:2 * third], files[2 * third:])):
        folder.mkdir()
        for f in part:
            shutil.copy2(f, folder / f.name)
    db = work / "concurrent.db"
    temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="soak-"))
    started = time.perf_counter()
    procs = [ingest([folders["shared"], folders[own]], db, workers, temp) for own in ("a", "b")]
    codes = [p.wait() for p in procs]
    seconds = time.perf_counter() - started
    shutil.rmtree(temp, ignore_errors=True)
    reference = work / "overlap-clean.db"
    temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="soak-"))
    ingest(list(folders.values()), reference, workers, temp).wait()
    shutil.rmtree(temp, ignore_errors=True)
    rows = database_rows(db)
    paths = [json.loads(r)["path"] for r in rows["documents"]]
    return {"exit_codes": codes, "seconds": round(seconds, 1), "documents": len(paths),
            "documents_twice": len(paths) - len(set(paths)), "errors": len(rows["ingest_errors"]),
            "paths": sum(len(corpus_files(f)) for f in folders.values()), "shared": len(corpus_files(folders["shared"])),
            "equal_to_one_run_of_both": rows == database_rows(reference)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 60) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


class Server:
    """`ntm serve` on a free port of 127.0.0.1, for the length of a `with` block."""

    def __init__(self, db: Path):
        self.db, self.port = db, _free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        env = {k: v for k, v in os.environ.items() if k not in ("NTM_PASSWORD_HASH", "NTM_RUN")}
        self.proc = subprocess.Popen(NTM + ["serve", "--db", str(self.db), "--port", str(self.port)], cwd=ROOT,
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if _get(self.base + "/ntm.json", 5) == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("ntm serve did not start")

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def web_load(server: Server, clients: int, seconds: float) -> dict:
    requests = [("search", "/-/search?q=" + urllib.parse.quote(q)) for q in SEARCHES] + [("canned", c) for c in CANNED]
    results: dict[str, list[float]] = {"search": [], "canned": []}
    errors: dict[str, int] = {"search": 0, "canned": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(k: int) -> None:
        i = k
        while time.monotonic() < deadline:
            kind, path = requests[i % len(requests)]
            i += 1
            t = time.perf_counter()
            try:
                ok = _get(server.base + path) == 200
            except OSError:
                ok = False
            with lock:
                if ok:
                    results[kind].append(time.perf_counter() - t)
                else:
                    errors[kind] += 1
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return {kind: {**(percentiles(times) if times else {}), "errors": errors[kind]} for kind, times in results.items()}


def page_latencies(server: Server, rounds: int) -> dict:
    def doc(query: str) -> str:
        with urllib.request.urlopen(server.base + "/ntm/documents.json?_shape=array&_col=id&" + query) as r:
            rows = json.load(r)
        return f"/ntm/documents/{rows[0]['id']}" if rows else "/ntm/documents"
    pages = ["/", "/ntm", "/ntm.json", "/-/search?q=dak+pne", "/-/search?q=S%E1%BB%9F+N%C3%B4ng+nghi%E1%BB%87p",
             doc("file_name__startswith=004_"), doc("number_key__exact=1052%2FUBND-NNTN"),
             "/ntm/nhiem_vu", "/ntm/nhiem_vu?co_quan=so+nong+nghiep", "/ntm/cam_ket_den_han",
             "/ntm/thon_theo_trang_thai", "/ntm/van_ban_vien_dan?so_van_ban=12-CT%2FTU", "/ntm/ban_do",
             "/ntm/documents_overview", "/ntm/assignments", "/ntm/places", "/ntm/place_mentions",
             "/ntm/pages?_search=dak+pne"]
    out = {}
    for page in pages:
        _get(server.base + page)                                   # warm-up
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            status = _get(server.base + page)
            times.append(time.perf_counter() - t)
        out[page] = {"status": status, "median_ms": round(1000 * statistics.median(times)),
                     "p95_ms": round(1000 * sorted(times)[int(0.95 * (len(times) - 1))])}
    return out


def one_file_latency(work: Path, rounds: int) -> dict:
    """`ntm ingest FILE` wall time, a new small file each time, without and with a running server."""
    folder = work / "one"
    folder.mkdir()
    seed = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")

    def run(env: dict, label: str) -> list[float]:
        times = []
        for i in range(rounds):
            f = folder / f"{label}-{i}.txt"
            f.write_text(seed + f"\nBản sao {label} {i}.\n", encoding="utf-8")
            t = time.perf_counter()
            subprocess.run(NTM + ["ingest", str(f), "--db", str(work / f"one-{label}.db")],   # default workers
                           cwd=ROOT, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - t)
        return times
    def floor() -> float:          # what every `ntm ingest` pays before any work: Python and Prefect loading
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import prefect"], check=True)
        return time.perf_counter() - t
    base = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "NTM_RUN")}
    without = run(base, "temporary")
    with prefect_server(work) as server_env:
        with_server = run(server_env, "server")
        import_prefect = [floor() for _ in range(rounds)]
    return {"temporary_server": percentiles(without), "running_server": percentiles(with_server),
            "import_prefect": percentiles(import_prefect)}


@contextlib.contextmanager
def prefect_server(work: Path):
    """A Prefect server started once on a free port (as the README says); yields the environment
    that points ntm at it."""
    base = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "NTM_RUN")}
    port = _free_port()
    env = {**base, "PREFECT_HOME": tempfile.mkdtemp(dir=work, prefix="prefect-home-"),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}
    server = subprocess.Popen([str(Path(sys.executable).parent / "prefect"), "server", "start", "--host",
                               "127.0.0.1", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        api = f"http://127.0.0.1:{port}/api"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if _get(api + "/health", 5) == 200:
                    break
            except OSError:
                time.sleep(0.5)
        yield {**env, "PREFECT_API_URL": api}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def speedup(work: Path, docs: int, seed: int, repeats: int) -> dict:
    """`ntm ingest` of `docs` generated documents at 1 and at 2 workers against a running Prefect
    server, a new database each run, the two alternated `repeats` times (the machine's other load
    moves both alike)."""
    from scripts.generate_corpus import generate
    folder = work / "speedup"
    generate(docs, folder, seed=seed)
    walls: dict[int, list[float]] = {1: [], 2: []}
    with prefect_server(work) as env:            # no temporary server started in the times
        for r in range(repeats):
            for workers in (1, 2):
                db = work / f"speedup-{workers}-{r}.db"
                temp = Path(tempfile.mkdtemp(dir="/tmp", prefix="soak-"))
                t = time.perf_counter()
                ingest([folder], db, workers, temp, env).wait()
                walls[workers].append(time.perf_counter() - t)
                shutil.rmtree(temp, ignore_errors=True)
                db.unlink()
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    return {"documents": docs, "runs": walls, "median_1_worker_s": one, "median_2_workers_s": two,
            "speedup": one / two}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=60, help="generated documents (the seeds are added)")
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30, help="length of the web load")
    ap.add_argument("--rounds", type=int, default=10, help="requests per page, runs per latency")
    ap.add_argument("--sections", default="kills,concurrent,web,pages",
                    help="what to run, of kills,concurrent,web,pages,latency,speedup")
    ap.add_argument("--latency", action="store_true", help="add the one-file ingest latency (starts a Prefect server)")
    ap.add_argument("--speedup-docs", type=int, default=1000, help="generated documents for the 2-worker speed-up")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "outputs" / "soak.json"))
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    sections = set(args.sections.split(",")) | ({"latency"} if args.latency else set())
    work = Path(tempfile.mkdtemp(prefix="ntm-soak-"))
    report: dict = {"load_average_start": load_average(), "cores": os.cpu_count()}
    try:
        if sections & {"kills", "concurrent", "web", "pages"}:
            corpus = make_corpus(work, args.docs, args.seed)
            print(f"corpus: {len(corpus_files(corpus))} files; load average {report['load_average_start']} "
                  f"on {os.cpu_count()} cores", flush=True)
            kills = kill_loop(corpus, work, args.kills if "kills" in sections else 0, args.workers, rng)
            kills.pop("clean")
        if "kills" in sections:
            report["kill_loop"] = kills
            print(f"\n1. kill loop: clean run {kills['clean_run_s']} s (exit {kills['clean_exit']})", flush=True)
            for r in kills["rounds"]:
                print(f"   SIGKILL at {r['killed_at_s']:>5} s: {r['documents_before']:>3} → {r['documents']:>3} documents, "
                      f"{r['children']} child processes, {r['alive_after_5s']} alive 5 s later, "
                      f"{r['temp_left']} temporary folders left" + (" (the run had ended)" if r["ended_before_kill"] else ""))
            print(f"   re-run to the end: exit {kills['final_exit']}; database equal to the clean run: "
                  f"{kills['equal_to_clean_run']}", flush=True)
        if "concurrent" in sections:
            conc = concurrent_ingests(corpus, work, args.workers)
            report["concurrent_ingests"] = conc
            print(f"\n2. two ingests at once, each of the shared folder ({conc['shared']} files) and its own: exit "
                  f"codes {conc['exit_codes']} (1: a broken file among them) in {conc['seconds']} s; "
                  f"{conc['documents']} documents ({conc['documents_twice']} twice) and {conc['errors']} error rows for "
                  f"{conc['paths']} files; equal to one run of all: {conc['equal_to_one_run_of_both']}", flush=True)
        if sections & {"web", "pages"}:
            with Server(Path(kills["clean_db"])) as server:
                if "web" in sections:
                    load = web_load(server, args.clients, args.seconds)
                    report["web_load"] = {"clients": args.clients, "seconds": args.seconds, **load}
                    print(f"\n3. web load, {args.clients} clients for {args.seconds:g} s on 127.0.0.1:")
                    for kind, v in load.items():
                        if "p50_ms" in v:
                            print(f"   {kind:<7} {v['n']:>5} requests  p50 {v['p50_ms']:.0f} ms  p95 {v['p95_ms']:.0f} ms"
                                  f"  max {v['max_ms']:.0f} ms  errors {v['errors']}")
                        else:
                            print(f"   {kind:<7} no answer; errors {v['errors']}")
                if "pages" in sections:
                    pages = page_latencies(server, args.rounds)
                    report["page_latencies"] = pages
                    print(f"\n4. page latencies, one client, {args.rounds} requests each (tests once required "
                          "≤ 200 ms):")
                    for page, v in pages.items():
                        flag = "" if v["median_ms"] <= 200 else "  > 200 ms"
                        print(f"   {v['status']} median {v['median_ms']:>5} ms  p95 {v['p95_ms']:>5} ms  {page}{flag}")
        if "latency" in sections:
            lat = one_file_latency(work, args.rounds)
            report["one_file_ingest"] = lat
            print(f"\n5. `ntm ingest FILE`, one new file each time, median/p95 of {args.rounds}:")
            print(f"   Prefect's temporary server: {lat['temporary_server']['p50_ms'] / 1000:.2f} / "
                  f"{lat['temporary_server']['p95_ms'] / 1000:.2f} s")
            print(f"   a Prefect server running:   {lat['running_server']['p50_ms'] / 1000:.2f} / "
                  f"{lat['running_server']['p95_ms'] / 1000:.2f} s  (target ≤ 1.5 s)")
            print(f"   of which `python -c 'import prefect'` alone: {lat['import_prefect']['p50_ms'] / 1000:.2f} / "
                  f"{lat['import_prefect']['p95_ms'] / 1000:.2f} s", flush=True)
        if "speedup" in sections:
            sp = speedup(work, args.speedup_docs, args.seed, 2)
            report["speedup"] = sp
            print(f"\n6. {sp['documents']} generated documents: 1 worker {sp['median_1_worker_s']:.1f} s, "
                  f"2 workers {sp['median_2_workers_s']:.1f} s (medians of 2): speed-up {sp['speedup']:.2f}× "
                  "(target ≥ 1.8×)")
        report["load_average_end"] = load_average()
        print(f"\nload average at the end: {report['load_average_end']}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
