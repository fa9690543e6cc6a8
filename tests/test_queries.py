"""The user-task commands on a database ingested through the real flow."""
from __future__ import annotations

import json

import pytest
import sqlite_utils
from conftest import CORPUS
from typer.testing import CliRunner

from pipeline.face.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "ntm.db"
    result = runner.invoke(app, ["ingest", *map(str, sorted(CORPUS.glob("*.txt"))), "--db", str(path), "-w", "1"])
    assert result.exit_code == 0, result.stdout
    return path


def ntm_json(*args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stdout
    return json.loads(result.stdout)


def test_tasks_by_assignee_without_diacritics(db):
    rows = ntm_json("tasks", "--assignee", "so nong nghiep", "--db", str(db))
    assert any(r["number"] == "1052/UBND-NNTN" and r["role"] == "lead" for r in rows)
    assert all("nong nghiep" in " ".join([r["assignee"], r["agency"] or ""]).lower()
               .replace("ô", "o").replace("ệ", "e") for r in rows)


def test_tasks_due_before(db):
    rows = ntm_json("tasks", "--due-before", "2024-12-31", "--db", str(db))
    assert rows and all(r["deadline"] <= "2024-12-31" for r in rows)
    assert any("Ngọc Hồi" in r["assignee"] for r in rows)


def test_places_shows_the_village_with_its_commune_and_report(db):
    rows = ntm_json("places", "Kon Gol", "--db", str(db))
    village = next(p for p in rows if p["name"] == "Thôn 2 (Kon Gol 1)")
    assert village["level"] == "village" and village["parent"] == "Đăk Pnê"
    assert any(d["type"] == "Báo cáo" for d in village["documents"])


def test_village_registry_merges_spellings(db):
    rows = list(sqlite_utils.Database(db).query("select * from villages where commune = 'Tân Lập'"))
    kon_bu = next(r for r in rows if r["key"].endswith(":4"))
    assert {"Thôn 4 (Kon Bư)", "Thôn 4 (Kon Buru)"} <= set(json.loads(kon_bu["spellings"]))


def test_show_lists_references_and_who_cites(db):
    view = ntm_json("show", "12-CT/TU", "--db", str(db))
    assert view["type"] == "Chỉ thị" and view["signer"] == "Dương Văn Trang"
    assert any(c["type"] == "Báo cáo" for c in view["cited_by"])   # the Kon Rẫy report cites it
    report = ntm_json("show", "2023_bao-cao-kon-ray-ntm.txt", "--db", str(db))
    linked = [r for r in report["references_out"] if r["number"] == "12-CT/TU"]
    assert linked and linked[0]["cited_doc_id"] == view["id"]


def test_show_html_highlights_the_facts(db, tmp_path):
    out = tmp_path / "doc.html"
    result = runner.invoke(app, ["show", "1052/UBND-NNTN", "--db", str(db), "--html", str(out)])
    assert result.exit_code == 0, result.stdout
    page = out.read_text(encoding="utf-8")
    assert 'class="entity fact-assignments"' in page and "Sở Nông nghiệp và Phát triển nông thôn" in page
    assert 'id="references-' in page
