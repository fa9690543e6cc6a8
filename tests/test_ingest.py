"""Integration: the real `ingest` flow, a real SQLite file, the real CLI."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import sqlite_utils
from typer.testing import CliRunner

from pipeline.face.cli import app
from pipeline.model import FACT_KINDS

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def ntm(*args: str):
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def snapshot(db_file: Path) -> dict[str, list]:
    """Every row of every table that holds content, keyed by path rather than row id."""
    db = sqlite_utils.Database(db_file)
    path_of = {r["id"]: r["path"] for r in db["documents"].rows}
    out = {"documents": sorted(
        json.dumps({**{k: v for k, v in r.items() if k not in ("id", "ingested_at")},
                    "rendition_of": path_of.get(r.get("rendition_of")), "copy_of": path_of.get(r.get("copy_of"))},
                   sort_keys=True, default=str)
        for r in db["documents"].rows)}
    for table in FACT_KINDS + ("pages", "ingest_errors"):
        rows = []
        for r in db[table].rows:
            r = {k: v for k, v in r.items() if k not in ("id", "time", "cited_doc_id")}
            if "doc_id" in r:
                r["doc_id"] = path_of.get(r["doc_id"])
            rows.append(json.dumps(r, sort_keys=True, default=str))
        out[table] = sorted(rows)
    return out


def test_ingest_twice_changes_nothing(seeds_dir, tmp_path):
    db = tmp_path / "ntm.db"
    code, out = ntm("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    assert code == 0, out
    assert "đã nạp 5" in out
    first = snapshot(db)
    code, out = ntm("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    assert code == 0 and "đã nạp 0, không đổi 5" in out
    assert snapshot(db) == first


def test_changed_file_replaces_its_facts(seeds_dir, tmp_path):
    db = tmp_path / "ntm.db"
    ntm("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    target = next(seeds_dir.glob("003_*.txt"))
    target.write_text(target.read_text(encoding="utf-8").replace("Nguyễn Hữu Tháp", "Trần Văn Thử"), encoding="utf-8")
    code, out = ntm("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    assert code == 0 and "đã nạp 1, không đổi 4" in out
    database = sqlite_utils.Database(db)
    assert database["documents"].count == 5
    rows = list(database.query("select text from documents where path = ?", [str(target.resolve())]))
    assert "Trần Văn Thử" in rows[0]["text"] and "Nguyễn Hữu Tháp" not in rows[0]["text"]
    assert database["pages"].count == 5   # one page row per text document, not one more


def _bad_files(folder: Path) -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(3):
        c.drawString(72, 720, f"Page {i + 1} of a report with enough text to be a real PDF file.")
        c.showPage()
    c.save()
    pdf = buf.getvalue()
    (folder / "damaged.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(2000))
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (folder / "empty.txt").write_bytes(b"")
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("hello.txt", "not a word document")
    (folder / "archive.docx").write_bytes(zbuf.getvalue())
    (folder / "random.txt").write_bytes(bytes(range(256)) * 20)


def test_bad_files_are_recorded_and_the_batch_goes_on(seeds_dir, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    good = next(seeds_dir.glob("003_*.txt"))
    (folder / good.name).write_bytes(good.read_bytes())
    _bad_files(folder)
    db = tmp_path / "ntm.db"
    code, out = ntm("ingest", str(folder), "--db", str(db), "--workers", "1")
    assert code == 1
    assert "đã nạp 1, không đổi 0, lỗi 5" in out
    code, out = ntm("errors", "--db", str(db), "--json")
    errors = json.loads(out)
    assert sorted(Path(e["path"]).name for e in errors) == [
        "archive.docx", "damaged.pdf", "empty.txt", "random.txt", "truncated.pdf"]
    assert all(e["stage"] and len(e["message"]) > 10 for e in errors)
    # The same failures again add nothing.
    ntm("ingest", str(folder), "--db", str(db), "--workers", "1")
    assert sqlite_utils.Database(db)["ingest_errors"].count == 5


def test_search_folds_accents_and_d(seeds_dir, tmp_path):
    db = tmp_path / "ntm.db"
    ntm("ingest", str(seeds_dir), "--db", str(db), "--workers", "1")
    _, plain = ntm("search", "so nong nghiep", "--db", str(db), "--json")
    _, accented = ntm("search", "Sở Nông nghiệp", "--db", str(db), "--json")
    assert json.loads(plain) and json.loads(plain) == json.loads(accented)
    _, out = ntm("search", "dak pne", "--db", str(db), "--json")
    hits = json.loads(out)
    assert hits and hits[0]["file"].startswith("004_") and "Đăk Pnê" in hits[0]["snippet"]


def test_killed_ingest_resumes_to_the_same_database(tmp_path, seeds_dir):
    # Enough documents that the kill lands mid-run: copies of the seeds under new names.
    many = tmp_path / "many"
    many.mkdir()
    for i in range(12):
        for f in seeds_dir.glob("*.txt"):
            text = f.read_text(encoding="utf-8")
            (many / f"{i:02d}_{f.name}").write_text(text + f"\nBản sao {i}.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "pipeline.face.cli", "ingest", str(many), "--workers", "1", "--db"]

    whole = tmp_path / "whole.db"
    subprocess.run(cmd + [str(whole)], env=env, cwd=ROOT, check=True, capture_output=True)

    killed = tmp_path / "killed.db"
    proc = subprocess.Popen(cmd + [str(killed)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.2)
        try:
            n = sqlite_utils.Database(killed)["documents"].count if killed.exists() else 0
        except Exception:
            n = 0
        if n >= 5:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = sqlite_utils.Database(killed)["documents"].count
    assert 0 < partial < 60, partial
    subprocess.run(cmd + [str(killed)], env=env, cwd=ROOT, check=True, capture_output=True)
    assert snapshot(killed) == snapshot(whole)


def _copies(src: Path, dst: Path, rounds: int) -> Path:
    dst.mkdir()
    for i in range(rounds):
        for f in sorted(src.iterdir()):
            data = f.read_bytes() + (f"\n% copy {i}\n".encode() if f.suffix in (".txt", ".pdf") else b"")
            (dst / f"{i}_{f.name}").write_bytes(data)
    return dst


def test_two_workers_and_a_dask_cluster_give_the_same_database(tmp_path):
    from distributed import LocalCluster

    from flows.ingest import ingest

    corpus = _copies(ROOT / "corpus", tmp_path / "corpus", 2)
    ingest([str(corpus)], db_path=str(tmp_path / "one.db"), workers=1)
    ingest([str(corpus)], db_path=str(tmp_path / "two.db"), workers=2)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = ingest([str(corpus)], db_path=str(tmp_path / "dask.db"), dask_address=cluster.scheduler_address)
    assert not summary.failed and len(summary.ingested) == len(list(corpus.iterdir()))
    one = snapshot(tmp_path / "one.db")
    assert snapshot(tmp_path / "two.db") == one
    assert snapshot(tmp_path / "dask.db") == one


def test_renditions_of_one_document_count_once(tmp_path):
    db = tmp_path / "ntm.db"
    code, out = ntm("ingest", str(ROOT / "corpus"), "--db", str(db), "--workers", "1")
    assert code == 0, out
    database = sqlite_utils.Database(db)
    assert database.execute("select count(*) from documents where rendition_of is null").fetchone()[0] == 5
    groups = database.execute("""select count(*) from documents group by coalesce(rendition_of, id)
                                 having count(*) = 3""").fetchall()
    assert len(groups) == 3   # seeds 000, 003 and 004 as TXT, DOCX and PDF
    _, out = ntm("tasks", "--assignee", "so nong nghiep", "--db", str(db), "--json")
    assert len(json.loads(out)) == 1
