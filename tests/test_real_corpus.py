"""Every document the tests have — corpus/ (the seeds as TXT, DOCX and PDF) and tests/fixtures/ (the
seeds again, byte for byte, the invented inspection, cross-check and held-out documents) — ingested
by the real CLI into one real SQLite file, then `ntm check`, `ntm report` and `ntm tasks` on all of
it: no crash, folders' READMEs and answer keys skipped, copies counted once, a page everywhere, and
one status for each task wherever it is shown."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.crosscheck.vocabulary import STATUS_LABELS

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-12-01"


def ntm(*args: str) -> tuple[int, str]:
    from pipeline.face.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def everything(tmp_path_factory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("all")
    docs = root / "docs"
    shutil.copytree(ROOT / "corpus", docs / "corpus")
    shutil.copytree(ROOT / "tests" / "fixtures", docs / "fixtures")
    db = root / "ntm.db"
    code, out = ntm("ingest", str(docs), "--db", str(db), "--workers", "1", "--json")
    assert code == 0, out
    return db, root, out


def test_only_documents_are_ingested(everything):
    _, _, out = everything
    summary = json.loads(out)
    skipped = {Path(s["path"]).name for s in summary["skipped"]}
    assert {"README.md", "expected.json", "check_expected.py"} <= skipped
    assert not summary["failed"]
    assert not any(Path(p).suffix in (".md", ".json", ".py") for p in summary["ingested"])


def test_check_runs_and_counts_copies_once(everything):
    db, _, _ = everything
    code, out = ntm("check", "--db", str(db), "--today", TODAY, "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["commitments"] and data["tasks"]
    seen = set()
    for f in data["commitments"]:
        c, src = f["commitment"], f["commitment"]["source"]
        key = (" ".join(src["quote"].split()), c["place"], c["indicator"], c["deadline"])
        assert key not in seen, f"counted twice: {key}"
        seen.add(key)
        assert f["status"] in STATUS_LABELS and f["status_label"] == STATUS_LABELS[f["status"]] and f["reason"]
        assert src["page"] and src["page_unit"] in ("trang", "đoạn")
        assert all(e["page"] and e["page_unit"] in ("trang", "đoạn") for e in f["evidence"])
        if f["status"] in ("met", "met_late"):
            assert f["evidence"]
    # the seeds are in corpus/ and, byte for byte, in tests/fixtures/seeds: one document, both names
    twice = [f for f in data["commitments"] if len(f["commitment"]["source"]["file_names"]) > 1]
    assert twice
    assert all(t["page"] for t in data["tasks"])


def test_report_and_register_from_everything(everything):
    from openpyxl import load_workbook

    db, root, _ = everything
    out = root / "out" / "report.html"
    code, printed = ntm("report", "--db", str(db), "--today", TODAY, "--out", str(out))
    assert code == 0, printed
    html = out.read_text(encoding="utf-8")
    assert "Đối chiếu cam kết" in html and "ký tự" not in html
    rows = list(load_workbook(out.with_name("tasks.xlsx")).active.iter_rows(min_row=2, values_only=True))
    assert rows and all(r[6] for r in rows), "an empty Trang cell"


def test_tasks_show_the_stored_status(everything):
    db, _, _ = everything
    ntm("check", "--db", str(db), "--today", TODAY)
    code, out = ntm("tasks", "--db", str(db), "--json")
    assert code == 0, out
    listed = json.loads(out)
    code, out = ntm("check", "--db", str(db), "--today", TODAY, "--json")
    checked = {t["key"]: t["status_label"] for t in json.loads(out)["tasks"]}
    with_status = [t for t in listed if t.get("task_key")]
    assert with_status
    assert all(checked[t["task_key"]] == t["status_label"] for t in with_status)
