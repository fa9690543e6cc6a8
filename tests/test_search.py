"""Search that finds what was asked, and place filters that know the gazetteer: through the real
ingest of corpus/ (three seeds in TXT, DOCX and PDF) plus a byte-identical copy, and the CLI."""
from __future__ import annotations

import json
import shutil

import pytest
from conftest import CORPUS, ROOT
from typer.testing import CliRunner

from pipeline import store
from pipeline.face.cli import app
from pipeline.model.normalize import fold
from pipeline.store import queries
from pipeline.store import search as search_module

runner = CliRunner()
CROSSCHECK = ROOT / "tests" / "fixtures" / "crosscheck"    # invented plans and reports (see its README)


@pytest.fixture(scope="module")
def db_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    for f in CORPUS.iterdir():
        shutil.copy(f, folder / f.name)
    # a byte-identical copy of the Kon Rẫy report under another name (it has no number)
    shutil.copy(CORPUS / "2023_bao-cao-kon-ray-ntm.txt", folder / "ban-sao_bao-cao-kon-ray.txt")
    shutil.copy(CROSSCHECK / "02_ke_hoach_kon_ray_2024.txt", folder / "02_ke_hoach_kon_ray_2024.txt")
    db = tmp_path_factory.mktemp("db") / "ntm.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "-w", "1"])
    assert result.exit_code == 0, result.output
    return db


def ntm_json(*args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def page_text(db_file, hit) -> str:
    db = store.open_db(db_file)
    rows = db.execute("select text from pages where doc_id = ? and coalesce(page, 0) = coalesce(?, 0)",
                      [hit["page_doc_id"], hit["page"]]).fetchall()
    return rows[0][0]


def test_every_hit_contains_the_phrase_and_diacritics_do_not_matter(db_file):
    plain = ntm_json("search", "so nong nghiep", "--db", str(db_file))
    accented = ntm_json("search", "Sở Nông nghiệp", "--db", str(db_file))
    quoted = ntm_json("search", '"sở nông nghiệp"', "--db", str(db_file))
    assert plain and plain == accented
    assert [h["doc_id"] for h in quoted] == [h["doc_id"] for h in plain]
    for hit in plain:
        assert hit["match"] == "phrase"
        assert "so nong nghiep" in " ".join(fold(page_text(db_file, hit)).split())
        assert "«Sở Nông nghiệp»" in hit["snippet"]


def test_one_hit_per_document_renditions_and_copies_merged(db_file):
    hits = ntm_json("search", "Kon Rẫy", "-n", "50", "--db", str(db_file))
    ids = [h["doc_id"] for h in hits]
    assert len(ids) == len(set(ids))
    report = [h for h in hits if h["file"].startswith("2023_bao-cao-kon-ray")]
    assert len(report) == 1 and not any(h["file"].startswith("ban-sao") for h in hits)
    assert {"2023_bao-cao-kon-ray-ntm.pdf", "2023_bao-cao-kon-ray-ntm.txt", "ban-sao_bao-cao-kon-ray.txt"} <= set(report[0]["copies"])


def test_words_apart_only_when_no_document_has_them_together(db_file):
    hits = ntm_json("search", "nghiệp Pnê", "--db", str(db_file))
    assert hits and all(h["match"] == "words" for h in hits)
    for hit in hits:
        text = fold(page_text(db_file, hit))
        assert "nghiep" in text and "pne" in text
    # a quoted phrase never falls back to words apart
    assert ntm_json("search", '"nghiệp Pnê"', "--db", str(db_file)) == []


def test_number_and_title_rank_first(db_file):
    hits = ntm_json("search", "1052/UBND-NNTN", "--db", str(db_file))
    assert hits[0]["number"] == "1052/UBND-NNTN"


@pytest.mark.parametrize("option,value,check", [
    ("--type", "bao cao", lambda h: h["type"] == "Báo cáo"),
    ("--type", "Công văn", lambda h: h["type"] == "Công văn"),
    ("--issuer", "uy ban nhan dan huyen kon ray", lambda h: "Kon Rẫy" in (h["issuer"] or "")),
    ("--year", "2024", lambda h: (h["date"] or "").startswith("2024")),
])
def test_filters(db_file, option, value, check):
    hits = ntm_json("search", "nông thôn mới", option, value, "-n", "50", "--db", str(db_file))
    assert hits and all(check(h) for h in hits)


def test_district_filter_and_sort_by_date(db_file):
    hits = ntm_json("search", "nông thôn mới", "--district", "kon ray", "--sort", "date", "-n", "50", "--db", str(db_file))
    assert any("Kon Rẫy" in (h["issuer"] or "") for h in hits)
    dates = [h["date"] or "" for h in hits]
    assert dates == sorted(dates, reverse=True)
    everything = ntm_json("search", "nông thôn mới", "-n", "50", "--db", str(db_file))
    assert len(hits) < len(everything)     # the Kon Tum-wide directive 12-CT/TU names no Kon Rẫy unit


def test_query_input_is_bounded():
    with pytest.raises(search_module.SearchError, match="tối đa"):
        search_module.parse_query("x " * 40)
    with pytest.raises(search_module.SearchError, match="tối đa"):
        search_module.parse_query("x" * 500)
    q = search_module.parse_query('"sở nông nghiệp" kon tum OR NEAR(')
    assert q.phrases == [["so", "nong", "nghiep"]] and q.words == ["kon", "tum", "or", "near"]
    assert q.fts(together=False) == '"so nong nghiep" "kon" "tum" "or" "near"'   # operators inert


def test_place_filter_resolves_the_district_with_or_without_diacritics(db_file):
    with_marks = ntm_json("tasks", "--place", "Kon Rẫy", "--db", str(db_file))
    without = ntm_json("tasks", "--place", "kon ray", "--db", str(db_file))
    assert with_marks == without and with_marks
    # the tasks of Kon Rẫy's own plan (invented fixture 02), and tasks naming its communes
    assert any(t["file_name"] == "02_ke_hoach_kon_ray_2024.txt" for t in with_marks)
    db = store.open_db(db_file)
    area = queries.resolve_area(db, "Kon Ray")
    assert [u.code for u in area.units] == ["614"] and "23491" in area.codes     # Đăk Pnê is under Kon Rẫy
    # the province includes the district
    province = ntm_json("tasks", "--place", "tinh Kon Tum", "--db", str(db_file))
    assert {(t["doc_id"], t["quote"]) for t in with_marks} <= {(t["doc_id"], t["quote"]) for t in province}


def test_places_lists_the_units_under_a_district(db_file):
    rows = ntm_json("places", "kon ray", "--db", str(db_file))
    levels = {r["level"] for r in rows}
    assert {"district", "commune", "village"} <= levels
    assert any(r["name"] == "Đăk Pnê" for r in rows)
