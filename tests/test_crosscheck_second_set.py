"""The second inspection key (tests/fixtures/inspection2/, Sóc Trăng, written before ntm ran on it):
shapes the first key lacks — a plan's targets as a table by district, a results table by district,
"thêm 02 xã … là xã A (huyện X) và xã B (huyện Y)", "riêng huyện X đạt N%", an undated news item.
Ingested through the real flow into a real SQLite file and scored like the first key; the score is printed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ingested
from inspection_key import check, match, quote_span, texts_of

from pipeline.model.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "tests" / "fixtures" / "inspection2"
KEY = json.loads((SECOND / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def second_db(tmp_path_factory) -> Path:
    return ingested(SECOND.glob("*.txt"), tmp_path_factory.mktemp("inspection2"))


@pytest.fixture(scope="module")
def texts(second_db) -> dict[str, str]:
    return texts_of(second_db)


def test_second_key_at_2026_12_01(second_db, texts, capsys):
    data = check(second_db, KEY["today"])
    found = match(KEY["commitments"], data, texts)
    wrong = {k["id"]: (k["status"], found[k["id"]]["status"]) for k in KEY["commitments"]
             if k["id"] in found and found[k["id"]]["status"] != k["status"]}
    traps = [t["quote"][:60] for t in KEY["not_commitments"] for f in data["commitments"]
             if (span := quote_span(texts.get(t["plan"], ""), t["quote"])) and f["commitment"]["source"]["file_name"] == t["plan"]
             and f["commitment"]["source"]["span"][0] < span[1] and f["commitment"]["source"]["span"][1] > span[0]]
    plans = {k["plan"] for k in KEY["commitments"]}
    extra = [f["commitment"]["label"] for f in data["commitments"] if f["commitment"]["source"]["file_name"] in plans
             and f not in found.values()]
    false_met = [i for i, (want, got) in wrong.items() if got in ("met", "met_late")]
    with capsys.disabled():
        print(f"\ninspection2 score @{KEY['today']}: found {len(found)}/{len(KEY['commitments'])}, statuses right "
              f"{len(found) - len(wrong)}/{len(KEY['commitments'])}, traps {len(traps)}/{len(KEY['not_commitments'])}, "
              f"extra {len(extra)}, wrong met {len(false_met)}\n  wrong {wrong}\n  traps {traps}\n  extra {extra}")
    assert len(found) == len(KEY["commitments"])
    assert not wrong and not traps and not extra


@pytest.mark.parametrize("other", KEY["other_dates"], ids=lambda o: f"{o['id']}@{o['today']}")
def test_second_key_at_other_dates(second_db, texts, other):
    found = match(KEY["commitments"], check(second_db, other["today"]), texts).get(other["id"])
    assert found and found["status"] == other["status"], (other["why"], found and found["reason"])


def test_undated_news_is_no_evidence(second_db, texts):
    """The news item has no date: it can never make Tuân Tức's goal met."""
    found = match(KEY["commitments"], check(second_db, KEY["today"]), texts)["d19"]
    assert found["status"] == "no_evidence"
    assert not [e for e in found.get("evidence", []) if fold("Tuân Tức") in fold(e.get("quote", ""))
                and e.get("file_name", "").startswith("sr6")]


PLAN_HEAD = """ỦY BAN NHÂN DÂN
TỈNH SÓC TRĂNG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 9/KH-UBND

Sóc Trăng, ngày 12 tháng 3 năm 2024

KẾ HOẠCH
Xây dựng nông thôn mới (văn bản bịa để kiểm thử)

"""
# (what precedes the table, the table, the goals expected: (place, indicator, value, deadline)); in a
# document this short the reader joins each table into one line, which passages.py splits back
TABLE_CASES = [
    ("II. MỤC TIÊU\n\nChỉ tiêu đến năm 2025 của các huyện:\n",
     "| STT | Huyện | Số xã đạt chuẩn NTM | Xã NTM nâng cao |\n| 1 | Huyện Long Phú | 08 | 04 |\n"
     "| 2 | Thị xã Ngã Năm | 05 | 02 |\n| | Tổng cộng | 13 | 06 |\n",
     {("Long Phú", "xa_ntm", 8.0, "2025"), ("Long Phú", "xa_ntm_nang_cao", 4.0, "2025"),
      ("Ngã Năm", "xa_ntm", 5.0, "2025"), ("Ngã Năm", "xa_ntm_nang_cao", 2.0, "2025")}),
    ("PHỤ LỤC\nLộ trình xã đạt chuẩn nông thôn mới giai đoạn 2024 - 2025\n",
     "| STT | Xã | Huyện | Năm đạt chuẩn NTM |\n| 1 | Xã Viên An | Huyện Trần Đề | 2025 |\n| 2 | Liêu Tú | Trần Đề | 2024 |\n",
     {("Viên An", "xa_ntm", None, "2025"), ("Liêu Tú", "xa_ntm", None, "2024")}),
    ("II. MỤC TIÊU\n\nChỉ tiêu năm 2025 giao các huyện:\n",      # results beside targets: the text's goals, not the table's
     "| STT | Huyện | Kết quả đến 31/12/2023 | Số xã đạt chuẩn NTM năm 2025 |\n| 1 | Huyện Long Phú | 06 | 08 |\n"
     "| 2 | Thị xã Ngã Năm | 04 | 05 |\n",
     set()),
    ("I. KẾT QUẢ THỰC HIỆN\n\nKết quả đến nay:\n",               # a results section: no goals
     "| STT | Huyện | Số xã đạt chuẩn NTM | Xã NTM nâng cao |\n| 1 | Huyện Long Phú | 06 | 02 |\n"
     "| 2 | Thị xã Ngã Năm | 04 | 01 |\n",
     set()),
]


@pytest.mark.parametrize("lead, table, want", TABLE_CASES, ids=range(len(TABLE_CASES)))
def test_plan_tables_give_goals(tmp_path, lead, table, want):
    from flows.ingest import ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ke_hoach.txt").write_text(PLAN_HEAD + lead + "\n" + table + "\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nLâm Văn Hòa\n",
                                       encoding="utf-8")
    db = tmp_path / "ntm.db"
    assert not ingest([str(docs)], db_path=str(db), workers=1).failed
    got = {(f["commitment"]["place"], f["commitment"]["indicator"], f["commitment"]["value"], f["commitment"]["deadline"])
           for f in check(db, "2026-12-01")["commitments"] if "|" in f["commitment"]["source"]["quote"]}
    assert got == want
