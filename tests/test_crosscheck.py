"""Cross-checking commitments against outcomes: the status logic on hand-built rows, then the
invented follow-up documents of tests/fixtures/crosscheck ingested through the real flows."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from pipeline import crosscheck as cc
from pipeline.face.cli import app
from pipeline.model.gazetteer import same_village
from pipeline.store.corpus import read_corpus

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "crosscheck"
TODAY = dt.date(2025, 6, 30)


# ---------------------------------------------------------------- hand-built rows

def src(doc_id: int, date: str, number: str = "1/BC-UBND", quote: str = "…") -> cc.Source:
    return cc.Source(doc_id, number, "Báo cáo", date, None, 1, (0, len(quote)), quote)


KON_RAY = cc.PlaceRef("district", "Kon Rẫy", "d:614", district="614", province="62", district_name="Kon Rẫy")
DAK_HA = cc.PlaceRef("district", "Đăk Hà", "d:615", district="615", province="62", district_name="Đăk Hà")
KON_TUM = cc.PlaceRef("province", "Kon Tum", "p:62", province="62")
TAN_LAP = "23497"


def village(name: str, commune: str = TAN_LAP) -> cc.PlaceRef:
    return cc.PlaceRef("village", name, f"v:{commune}:{name}", commune=commune, district="614", province="62",
                       district_name="Kon Rẫy")


def target(value, place=KON_RAY, deadline="2024", indicator="thon_ntm_dtts", **kw) -> cc.Commitment:
    return cc.Commitment("t", "target", indicator, place, deadline, src(1, "2024-01-20", "12/KH-UBND"),
                         value=value, unit=kw.pop("unit", "thôn"), **kw)


def figure(value, place=KON_RAY, as_of="2024-12-20", doc_id=2, indicator="thon_ntm_dtts", unit="thôn"):
    return cc.Claim("figure", indicator, place, as_of, src(doc_id, as_of), value=value, unit=unit)


def status(place, stance, as_of="2024-12-10", doc_id=2, indicator="thon_ntm_dtts"):
    return cc.Claim("status", indicator, place, as_of, src(doc_id, as_of), stance=stance)


def one(c, outs, today=TODAY) -> cc.Finding:
    [f] = cc.trace([c], outs, today)
    return f


def test_met_when_the_figure_reaches_the_target():
    f = one(target(6), [figure(8)])
    assert (f.status, f.fraction) == ("met", "8/6")
    assert f.evidence[0].source.number == "1/BC-UBND"


def test_partly_met_with_the_fraction_once_the_deadline_is_covered():
    f = one(target(30, unit="nhà tạm", indicator="nha_tam"), [figure(12, unit="nhà tạm", indicator="nha_tam")])
    assert (f.status, f.fraction) == ("partly_met", "12/30")


def test_missed_when_nothing_was_reached_by_the_deadline():
    c = cc.Commitment("s", "place_status", "xa_ntm_nang_cao",
                      cc.PlaceRef("commune", "Đăk Kôi", "c:23482", commune="23482", district="614"),
                      "2024", src(1, "2024-01-25"))
    f = one(c, [status(c.place, "negative", "2024-12-20", indicator="xa_ntm_nang_cao")])
    assert f.status == "missed"


def test_pending_when_the_deadline_is_after_the_newest_evidence():
    f = one(target(12, deadline="2025"), [figure(8)])
    assert (f.status, f.fraction) == ("pending", "8/12")
    # evidence from June cannot speak for December: still pending, even though the year is over
    assert one(target(12, deadline="2024"), [figure(8, as_of="2024-06-30")]).status == "pending"


def test_no_evidence_without_any_matching_outcome():
    assert one(target(2, indicator="thon_ntm_kieu_mau"), [figure(8)]).status == "no_evidence"
    # an outcome of the plan's own document is no evidence for it
    assert one(target(6), [figure(8, doc_id=1)]).status == "no_evidence"


def test_contradicted_when_two_documents_disagree_about_the_same_moment():
    f = one(target(8, indicator="xa_ntm", unit="xã"),
            [figure(8, as_of="2024-12-16", doc_id=2, indicator="xa_ntm", unit="xã"),
             figure(7, as_of="2024-12-27", doc_id=3, indicator="xa_ntm", unit="xã")])
    assert f.status == "contradicted"
    assert {e.role for e in f.evidence} == {"conflict"}
    # a later figure of another month is progress, not a contradiction
    f = one(target(8, indicator="xa_ntm", unit="xã"),
            [figure(6, as_of="2024-06-30", doc_id=2, indicator="xa_ntm", unit="xã"),
             figure(8, as_of="2024-12-27", doc_id=3, indicator="xa_ntm", unit="xã")])
    assert f.status == "met"


def test_province_target_met_by_the_sum_of_its_districts_and_says_so():
    f = one(target(15, place=KON_TUM), [figure(8, KON_RAY), figure(9, DAK_HA, doc_id=3)])
    assert (f.status, f.achieved) == ("met", 17)
    assert "sum of 2 of 10 districts" in f.note
    assert {e.role for e in f.evidence} == {"part"}


def test_a_partial_sum_never_proves_a_shortfall():
    f = one(target(40, place=KON_TUM), [figure(8, KON_RAY), figure(9, DAK_HA, doc_id=3)])
    assert f.status == "pending" and "shortfall is not proven" in f.note


def test_percentages_are_never_summed():
    c = target(50, place=KON_TUM, unit="%")
    assert one(c, [figure(60, KON_RAY, unit="%")]).status == "no_evidence"


def test_increment_adds_to_the_baseline_of_the_plan():
    c = target(3, increment=True)
    baseline = figure(5, as_of="2024-01-20", doc_id=1)
    baseline.source = src(1, "2024-01-20")
    f = one(c, [baseline, figure(8)])
    assert (f.status, f.required) == ("met", 8)
    assert "baseline" in {e.role for e in f.evidence}


def test_named_list_counts_each_place_and_matches_spelling_variants():
    items = [village("Thôn 4 (Kon Bư)"), village("Thôn 6 (Kon Rá)", "23485"), village("Thôn 13 (Đăk Toa)", "23488")]
    c = cc.Commitment("l", "place_list", "thon_ntm_dtts", KON_RAY, "2024", src(1, "2024-01-25"),
                      value=3, unit="thôn", increment=True, items=items)
    outs = [status(village("Thôn Kon Buru"), "positive"),          # no number, other spelling
            status(village("Thôn 6 (Kon Rá)", "23485"), "positive"),
            status(village("Thôn 13 (Đăk Toa)", "23488"), "negative", "2024-12-20")]
    f = one(c, outs)
    assert (f.status, f.fraction) == ("partly_met", "2/3")
    assert [i["state"] for i in f.items] == ["met", "met", "not_met"]


def test_named_village_contradicted_by_a_later_chua_dat_elsewhere():
    v = village("Thôn 4 (Kon Bư)")
    c = cc.Commitment("l", "place_status", "thon_ntm_dtts", v, "2024", src(1, "2024-01-25"))
    f = one(c, [status(v, "positive", "2024-12-10", doc_id=2), status(v, "negative", "2024-12-27", doc_id=3)])
    assert f.status == "contradicted"


def test_same_village_rules():
    assert same_village("Thôn 4 (Kon Bư)", "Thôn 4 (Kon Buru)")
    assert same_village("Thôn 4 (Kon Bư)", "Thôn Kon Buru")
    assert not same_village("Thôn 4 (Kon Bư)", "Thôn 5 (Kon Bư)")
    assert not same_village("Thôn Kon Rá", "Thôn Kon Lung")


def test_indicator_vocabulary():
    assert cc.classify_indicator("xã nông thôn mới nâng cao", "xã") == "xa_ntm_nang_cao"
    assert cc.classify_indicator("xã nông thôn mới kiểu mẫu đạt 5,7%", "%") == "xa_ntm_kieu_mau"
    assert cc.classify_indicator("06 thôn (làng) đạt chuẩn nông thôn mới ở vùng đồng bào DTTS", "thôn") == "thon_ntm_dtts"
    assert cc.classify_indicator("xã nông thôn mới đạt 62,4%", "%") == "xa_ntm"     # not a village
    assert cc.classify_indicator("huyện đã đạt 03/09 tiêu chí", "tiêu chí", denominator=9) == "tieu_chi_huyen"
    assert cc.classify_status("phấn đấu có thêm 06 thôn đạt chuẩn") == "target"
    assert cc.classify_status("Thôn 13 chưa đạt chuẩn nông thôn mới, hiện đạt 08/10 tiêu chí") == "not_met"
    assert cc.classify_status("được công nhận đạt chuẩn xã nông thôn mới nâng cao") == "recognized"


# ---------------------------------------------------------------- the fixtures, through the real flows

@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory) -> Path:
    from flows.crosscheck import crosscheck
    from flows.ingest import ingest

    root = tmp_path_factory.mktemp("crosscheck")
    docs = root / "docs"
    docs.mkdir()
    for f in FIXTURES.glob("*.txt"):
        shutil.copy(f, docs / f.name)
    db = root / "ntm.db"
    summary = ingest([str(docs)], db_path=str(db), workers=1)
    assert not summary.failed and len(summary.ingested) == 6
    crosscheck(str(db), str(root / "out" / "report.html"), TODAY)
    return db


def _findings(db: Path) -> dict[str, dict]:
    rows = sqlite_utils.Database(db).query("select * from commitment_status")
    return {r["label"]: r for r in rows}


def find(db: Path, *words: str) -> dict:
    hits = [r for label, r in _findings(db).items() if all(w in label for w in words)]
    assert len(hits) == 1, (words, list(_findings(db)))
    return hits[0]


def test_every_status_is_exercised_by_the_fixtures(fixture_db):
    statuses = {r["status"] for r in _findings(fixture_db).values()}
    assert set(cc.STATUSES) <= statuses


def test_province_target_met_by_the_sum_of_districts(fixture_db):
    r = find(fixture_db, "Kon Tum", "15")
    assert r["status"] == "met" and "sum of 2 of 10 districts" in r["note"]


def test_named_village_list_with_kon_bu_spelled_kon_buru(fixture_db):
    r = find(fixture_db, "3 named")
    assert (r["status"], r["fraction"]) == ("partly_met", "2/3")
    states = {i["name"]: i["state"] for i in json.loads(r["item_states"])}
    assert states["Thôn 4 (Kon Bư)"] == "met"            # recognised as "Thôn 4 (Kon Buru)"
    assert states["Thôn 13 (Đăk Toa)"] == "not_met"


def test_two_reports_contradict_each_other(fixture_db):
    r = find(fixture_db, "Sa Thầy")
    assert r["status"] == "contradicted"
    numbers = {e["number"] for e in sqlite_utils.Database(fixture_db).query(
        "select number from evidence where commitment_status_id = ?", [r["id"]])}
    assert numbers == {"198/BC-UBND", "1450/BC-SNN"}


def test_other_statuses_on_the_fixtures(fixture_db):
    assert find(fixture_db, "Đăk Kôi", "nâng cao")["status"] == "missed"
    assert find(fixture_db, "12 thôn")["status"] == "pending"
    assert find(fixture_db, "kiểu mẫu")["status"] == "no_evidence"
    assert (find(fixture_db, "nhà tạm")["status"], find(fixture_db, "nhà tạm")["fraction"]) == ("partly_met", "12/30")
    met = [r for r in _findings(fixture_db).values() if "Đăk Ruồng" in r["label"]]
    assert met and all(r["status"] == "met" for r in met)


def test_every_finding_with_evidence_cites_document_date_page_and_quote(fixture_db):
    db = sqlite_utils.Database(fixture_db)
    for e in db["evidence"].rows:
        assert e["number"] and e["date"] and e["quote"]
        text = db["documents"].get(e["doc_id"])["text"]
        assert text[e["span_start"]:e["span_end"]] == e["quote"]


def test_timeline_of_a_village_across_documents(fixture_db):
    lines = cc.timelines(read_corpus(sqlite_utils.Database(fixture_db)))
    kon_bu = [t for t in lines if t.level == "village" and t.name.startswith("Thôn 4")]
    assert len(kon_bu) == 1
    t = kon_bu[0]
    assert "Thôn 4 (Kon Buru)" in t.variants and t.commune
    assert [e.status for e in t.entries] == ["target", "recognized"]
    assert t.entries[1].decision == "512/QĐ-UBND"


def test_rerun_replaces_the_previous_rows(fixture_db):
    from flows.crosscheck import crosscheck
    db = sqlite_utils.Database(fixture_db)
    before = db["commitment_status"].count, db["evidence"].count
    crosscheck(str(fixture_db), None, TODAY, write=False)
    assert (db["commitment_status"].count, db["evidence"].count) == before


def test_check_json_shape(fixture_db):
    result = CliRunner().invoke(app, ["check", "--db", str(fixture_db), "--json", "--today", "2025-06-30"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"consistency", "commitments"}
    first = data["commitments"][0]
    assert {"commitment", "status", "evidence"} <= set(first)
    assert {c["status"] for c in data["commitments"]} >= set(cc.STATUSES)
