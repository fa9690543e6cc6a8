"""The third inspection key (tests/fixtures/inspection3/, Nghệ An, committed before ntm ran on it): an
out-of-sample measure with shapes neither earlier key has — "có thêm N xã" against "có thêm M xã …, nâng
tổng số lên a/b", "85% số xã" against counts, "thôn, bản", a district left "đang thẩm định", a report older
than the plan, tasks reported done or not. Ingested through the real flow into a real SQLite file and
scored like the second key; the score is printed (commitments and tasks)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import ingested
from inspection_key import check, corpus_of, match, quote_span, texts_of

from pipeline.model.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
THIRD = ROOT / "tests" / "fixtures" / "inspection3"
KEY = json.loads((THIRD / "expected.json").read_text(encoding="utf-8"))
TASK_DONE = {True: "met", False: "missed", None: "no_evidence"}   # the key's `done` as a task status


@pytest.fixture(scope="module")
def third_db(tmp_path_factory) -> Path:
    return ingested(THIRD.glob("*.txt"), tmp_path_factory.mktemp("inspection3"))


@pytest.fixture(scope="module")
def texts(third_db) -> dict[str, str]:
    return texts_of(third_db)


def overlaps(texts: dict[str, str], file_name: str, quote: str, source: dict) -> bool:
    span = quote_span(texts.get(file_name, ""), quote)
    return bool(span) and source["file_name"] == file_name and source["span"][0] < span[1] and source["span"][1] > span[0]


def score(data: dict, texts: dict[str, str]) -> dict:
    """Found, wrong statuses, traps taken, extra commitments (in any file), wrong "met", task statuses."""
    found = match(KEY["commitments"], data, texts)
    wrong = {k["id"]: (k["status"], found[k["id"]]["status"]) for k in KEY["commitments"]
             if k["id"] in found and found[k["id"]]["status"] != k["status"]}
    traps = [t["quote"][:60] for t in KEY["not_commitments"] for f in data["commitments"]
             if overlaps(texts, t["plan"], t["quote"], f["commitment"]["source"])]
    extra = [f"{f['commitment']['source']['file_name'][:3]}: {f['commitment']['label']}" for f in data["commitments"]
             if f not in found.values()]
    false_met = [i for i, (want, got) in wrong.items() if got in ("met", "met_late")]
    tasks = {}
    for k in KEY["tasks"]:
        got = [t for t in data["tasks"] if overlaps(texts, k["plan"], k["quote"], t["source"])
               and fold(k["assignee"]) == fold(t["assignee"])]
        tasks[k["assignee"][:30] + " " + k["deadline"]] = (TASK_DONE[k["done"]], got[0]["status"] if got else None)
    return {"found": found, "wrong": wrong, "traps": traps, "extra": extra, "false_met": false_met, "tasks": tasks}


def test_third_key_at_2026_12_01(third_db, texts, capsys):
    s = score(check(third_db, KEY["today"]), texts)
    n = len(KEY["commitments"])
    tasks_right = sum(want == got for want, got in s["tasks"].values())
    with capsys.disabled():
        print(f"\ninspection3 score @{KEY['today']}: found {len(s['found'])}/{n}, statuses right "
              f"{len(s['found']) - len(s['wrong'])}/{n}, traps {len(s['traps'])}/{len(KEY['not_commitments'])}, "
              f"extra {len(s['extra'])}, wrong met {len(s['false_met'])}, tasks right {tasks_right}/{len(s['tasks'])}"
              f"\n  missing {[k['id'] for k in KEY['commitments'] if k['id'] not in s['found']]}"
              f"\n  wrong {s['wrong']}\n  traps {s['traps']}\n  extra {s['extra']}\n  tasks (want, got) {s['tasks']}")
    assert len(s["found"]) == n
    assert not s["wrong"] and not s["traps"] and not s["extra"] and not s["false_met"]
    assert tasks_right == len(s["tasks"])


@pytest.mark.parametrize("other", KEY["other_dates"], ids=lambda o: f"{o['id']}@{o['today']}")
def test_third_key_at_other_dates(third_db, texts, other):
    found = match(KEY["commitments"], check(third_db, other["today"]), texts).get(other["id"])
    assert found and found["status"] == other["status"], (other["why"], found and found["reason"])


def test_a_report_older_than_the_plan_is_never_evidence(third_db, texts):
    """rn1 (20/02/2024, "tự đánh giá đạt 19/19") precedes pn3 (05/03/2024): never evidence for Chi Khê."""
    found = match(KEY["commitments"], check(third_db, KEY["today"]), texts)["e14"]
    assert not [e for e in found.get("evidence", []) if e.get("file_name", "").startswith("rn1")]


# ---- table-driven cases for the readers the third key made general (no database: a Corpus of dicts)

NGHE_AN = {"issuer": "Ủy ban nhân dân tỉnh Nghệ An", "province": "40"}
CON_CUONG = {"issuer": "Ủy ban nhân dân huyện Con Cuông", "province": "40"}
QUANG_NGAI = {"issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "province": "51"}
# (who, date, text) → the figures read: (indicator, place, value, denominator)
CLAIM_CASES = [
    (NGHE_AN, "2025-01-10", "1. Trong năm 2024, toàn tỉnh có thêm 06 xã được công nhận đạt chuẩn nông thôn mới, "
     "nâng tổng số lên 333/411 xã.", {("xa_ntm", "Nghệ An", 333.0, 411.0)}),                  # the running total, not "thêm 06"
    (NGHE_AN, "2025-01-10", "Trong năm 2024, toàn tỉnh có 04 xã được công nhận đạt chuẩn nông thôn mới, nâng tổng số "
     "lên 331/411 xã.", {("xa_ntm", "Nghệ An", 331.0, 411.0)}),                              # 04 is the year's, no level
    (NGHE_AN, "2025-01-10", "Đến ngày 31/12/2024, toàn tỉnh có 381 thôn, bản đạt chuẩn nông thôn mới kiểu mẫu.",
     {("thon_ntm_kieu_mau", "Nghệ An", 381.0, None)}),                                       # "thôn, bản": one noun
    (CON_CUONG, "2024-12-18", "Toàn huyện có 38/66 bản đạt chuẩn nông thôn mới.",
     {("thon_ntm", "Con Cuông", 38.0, 66.0)}),
    (CON_CUONG, "2024-12-18", "Ban Chỉ đạo huyện đã ban hành 03 văn bản hướng dẫn các xã đạt chuẩn nông thôn mới.",
     set()),                                                                                 # "văn bản" is no village
    (CON_CUONG, "2024-12-18", "Theo Kế hoạch số 45/KH-UBND, năm 2024 huyện phấn đấu có thêm 05 bản đạt chuẩn nông thôn "
     "mới và 02 xã đạt chuẩn nông thôn mới.", set()),                                         # a target restated
    (CON_CUONG, "2024-12-18", "III. PHƯƠNG HƯỚNG NĂM 2025\n\nToàn huyện có 10 xã đạt chuẩn nông thôn mới; có thêm 04 bản "
     "đạt chuẩn nông thôn mới.", set()),                                                     # a report's goal section
    (NGHE_AN, "2025-01-10", "I. KẾT QUẢ THỰC HIỆN\n\n1. Các chỉ tiêu chủ yếu\n\nĐến ngày 31/12/2024, toàn tỉnh có 333/411 "
     "xã đạt chuẩn nông thôn mới.", {("xa_ntm", "Nghệ An", 333.0, 411.0)}),                  # "chỉ tiêu" under results
    (NGHE_AN, "2026-01-15", "Đến ngày 30/6/2025, toàn tỉnh có 345/411 xã đạt chuẩn nông thôn mới.",
     {("xa_ntm", "Nghệ An", 345.0, 411.0)}),                 # no province joined Nghệ An: before 01/7/2025 the same one
    (NGHE_AN, "2026-01-15", "Đến ngày 31/12/2025, toàn tỉnh có 120/130 xã đạt chuẩn nông thôn mới.",
     {("xa_ntm", "Nghệ An (mới)", 120.0, 130.0)}),            # after it, its communes are new units
    (QUANG_NGAI, "2026-01-15", "Đến ngày 30/6/2025, toàn tỉnh có 184 xã đạt chuẩn nông thôn mới.",
     {("xa_ntm", "Quảng Ngãi (mới)", 184.0, None)}),          # Kon Tum joined Quảng Ngãi: another territory
    (NGHE_AN, "2026-01-15", "Kết quả của các huyện (cũ) đến ngày 30/6/2025:\n\n| STT | Huyện (cũ) | Tổng số xã | Số xã đạt "
     "chuẩn NTM |\n| 1 | Con Cuông | 12 | 09 |\n| 2 | Anh Sơn | 19 | 19 |\n",
     {("xa_ntm", "Con Cuông", 9.0, 12.0), ("xa_ntm", "Anh Sơn", 19.0, 19.0)}),               # bare district names
    (NGHE_AN, "2025-02-20", "Đến hết ngày 31/01/2025, tỷ lệ giải ngân vốn thực hiện Chương trình mục tiêu quốc gia xây "
     "dựng nông thôn mới của tỉnh đạt 87,5% kế hoạch.", {("ty_le_giai_ngan", "Nghệ An", 87.5, None)}),  # the programme's name is no aim
]


@pytest.mark.parametrize("who, date, text, want", CLAIM_CASES, ids=range(len(CLAIM_CASES)))
def test_report_figures(who, date, text, want):
    from pipeline.crosscheck.claims import claims_of

    corpus = corpus_of({**who, "date": date, "text": "BÁO CÁO\n\n" + text})
    got = {(o.indicator, o.place.name, o.value, o.denominator) for o in claims_of(corpus, 1) if o.kind == "figure"}
    assert got == want


PLAN = {**NGHE_AN, "type": "Kế hoạch", "number": "215/KH-UBND", "date": "2024-03-15", "title": "Kế hoạch năm 2024",
        "text": "Sở Tài chính chủ trì phân bổ chi tiết kế hoạch vốn năm 2025 cho các huyện, hoàn thành trước ngày 31/12/2024."}
TASK = {"id": 1, "doc_id": 1, "agency": "Sở Tài chính", "assignee": "Sở Tài chính", "role": "lead",
        "task": "chủ trì phân bổ chi tiết kế hoạch vốn năm 2025 cho các huyện, hoàn thành trước ngày 31/12/2024",
        "deadline": "2024-12-31", "span_start": 0, "span_end": 20, "page": None, "quote": None}
# (report date, report text) → the task's status as of 2026-12-01
TASK_CASES = [
    ("2025-01-10", "Sở Tài chính đã phân bổ chi tiết kế hoạch vốn năm 2025 cho các huyện tại Quyết định số 12/QĐ-UBND "
     "ngày 20/12/2024.", "met"),
    ("2025-03-10", "Sở Tài chính đã phân bổ chi tiết kế hoạch vốn năm 2025 cho các huyện ngày 15/02/2025.", "met_late"),
    ("2025-03-10", "Đã phân bổ chi tiết kế hoạch vốn năm 2025 cho các huyện.", "no_evidence"),     # done, but when?
    ("2025-01-10", "Việc phân bổ chi tiết kế hoạch vốn năm 2025 cho các huyện chưa hoàn thành.", "missed"),
    ("2024-12-01", "Việc phân bổ chi tiết kế hoạch vốn năm 2025 cho các huyện chưa hoàn thành.", "no_evidence"),  # interim
    ("2025-01-10", "Sở Tài chính đã hoàn thành quyết toán vốn năm 2023.", "no_evidence"),          # another task
    ("2024-03-01", "Đã phân bổ chi tiết kế hoạch vốn năm 2025 cho các huyện ngày 28/02/2024.", "no_evidence"),  # before the plan
]


@pytest.mark.parametrize("date, text, want", TASK_CASES, ids=range(len(TASK_CASES)))
def test_task_reported_done_or_not(date, text, want):
    from pipeline.crosscheck.tasks import tasks

    corpus = corpus_of(PLAN, {**NGHE_AN, "date": date, "text": "BÁO CÁO\n\nI. KẾT QUẢ\n\n" + text}, assignments=(TASK,))
    (task,) = tasks(corpus, dt.date(2026, 12, 1))
    assert task.status == want, task.reason
    assert all(e.source.doc_id == 2 and e.source.quote for e in task.evidence)     # provenance: the report's clause
    assert bool(task.evidence) == (want != "no_evidence" or "ghi" in task.reason)


GOAL_PLAN = {**NGHE_AN, "type": "Kế hoạch", "number": "215/KH-UBND", "date": "2024-03-15", "title": "Kế hoạch năm 2024"}
# (the plan's goal, [(report date, report text)]) → the goal's status as of 2026-12-01
INCREMENT_CASES = [
    ("Năm 2024, phấn đấu có thêm 08 xã đạt chuẩn nông thôn mới.",
     [("2025-01-10", "Trong năm 2024, toàn tỉnh có thêm 06 xã được công nhận đạt chuẩn nông thôn mới.")], "partly_met"),
    ("Năm 2024, phấn đấu có thêm 08 xã đạt chuẩn nông thôn mới.",
     [("2025-01-10", "Trong năm 2024, toàn tỉnh có thêm 08 xã được công nhận đạt chuẩn nông thôn mới.")], "met"),
    ("Năm 2024, phấn đấu có thêm 08 xã đạt chuẩn nông thôn mới.",     # "trong năm … được công nhận" without "thêm"
     [("2025-01-10", "Trong năm 2024, toàn tỉnh có 05 xã được công nhận đạt chuẩn nông thôn mới.")], "partly_met"),
    ("Năm 2024, phấn đấu có thêm 08 xã đạt chuẩn nông thôn mới.",     # part of the year, before the deadline: interim
     [("2024-10-10", "Trong năm 2024, toàn tỉnh có thêm 03 xã được công nhận đạt chuẩn nông thôn mới.")], "no_evidence"),
    ("Năm 2024, phấn đấu có thêm 08 xã đạt chuẩn nông thôn mới.",     # half a year is no year
     [("2024-07-10", "6 tháng đầu năm 2024, toàn tỉnh có thêm 02 xã được công nhận đạt chuẩn nông thôn mới.")], "no_evidence"),
    ("Đến năm 2025, phấn đấu có thêm 10 xã đạt chuẩn nông thôn mới.",  # two years' goal, one year's count
     [("2026-01-10", "Trong năm 2025, toàn tỉnh có thêm 10 xã được công nhận đạt chuẩn nông thôn mới.")], "no_evidence"),
    ("Năm 2024, phấn đấu có thêm 08 xã đạt chuẩn nông thôn mới.\n\nIII. KẾT QUẢ\n\nĐến nay, toàn tỉnh có 327/411 xã đạt "
     "chuẩn nông thôn mới.",
     [("2025-01-10", "Đến ngày 31/12/2024, toàn tỉnh có 333/411 xã đạt chuẩn nông thôn mới."),
      ("2026-01-15", "Đến ngày 30/6/2025, toàn tỉnh có 345/411 xã đạt chuẩn nông thôn mới.")], "partly_met"),  # never met_late
]


@pytest.mark.parametrize("goal, reports, want", INCREMENT_CASES, ids=range(len(INCREMENT_CASES)))
def test_yearly_increments(goal, reports, want):
    from pipeline.crosscheck.claims import claims
    from pipeline.crosscheck.commitments import commitments
    from pipeline.crosscheck.tracing import trace

    corpus = corpus_of({**GOAL_PLAN, "text": "KẾ HOẠCH\n\nII. MỤC TIÊU\n\n" + goal},
                       *({**NGHE_AN, "date": d, "text": "BÁO CÁO\n\nI. KẾT QUẢ\n\n" + t} for d, t in reports))
    (found,) = [f for f in trace(commitments(corpus), claims(corpus), "2026-12-01") if f.commitment.increment]
    assert found.status == want, found.reason
    assert all(e.source.quote and e.source.doc_id >= 1 for e in found.evidence)


def test_a_part_in_its_own_sentence_keeps_the_sentence_before():
    """"Trong đó, huyện Anh Sơn giải ngân đạt 100%" after "Đến hết ngày 31/01/2025, … vốn … năm 2024 … 87,5%":
    the district's rate is as of 31/01/2025 and of the 2024 funds, not the report's date and any year's."""
    from pipeline.crosscheck.claims import claims_of

    corpus = corpus_of({**NGHE_AN, "date": "2025-02-20", "text": "BÁO CÁO\n\nĐến hết ngày 31/01/2025, tỷ lệ giải ngân vốn "
                        "ngân sách trung ương năm 2024 của tỉnh đạt 87,5% kế hoạch.\n\nTrong đó, huyện Anh Sơn giải ngân "
                        "đạt 100% kế hoạch vốn được giao."})
    got = {o.place.name: (o.value, o.as_of.isoformat(), o.fund_year) for o in claims_of(corpus, 1)}
    assert got == {"Nghệ An": (87.5, "2025-01-31", 2024), "Anh Sơn": (100.0, "2025-01-31", 2024)}


@pytest.mark.parametrize("report, want", [
    ("Bản Xiềng, xã Môn Sơn đã được công nhận đạt chuẩn nông thôn mới tại Quyết định số 4012/QĐ-UBND ngày 10/12/2024.",
     "met"),
    ("Bản Xiềng, xã Môn Sơn chưa đạt chuẩn nông thôn mới, đề nghị chuyển sang năm 2025.", "missed"),
    ("Ban hành văn bản Hướng dẫn các bản đạt chuẩn nông thôn mới; cơ bản Hoàn thành kế hoạch.", "no_evidence"),
])
def test_a_named_ban_is_a_village(report, want):
    """"bản Xiềng, xã Môn Sơn" is a village like "thôn 6, xã Đăk Pxi"; "văn bản", "cơ bản" name none."""
    from pipeline.crosscheck.claims import claims
    from pipeline.crosscheck.commitments import commitments
    from pipeline.crosscheck.tracing import trace

    plan = {**CON_CUONG, "type": "Kế hoạch", "number": "45/KH-UBND", "date": "2024-03-05", "title": "Kế hoạch năm 2024",
            "text": "KẾ HOẠCH\n\nII. MỤC TIÊU\n\nPhấn đấu năm 2024 bản Xiềng, xã Môn Sơn đạt chuẩn nông thôn mới."}
    corpus = corpus_of(plan, {**CON_CUONG, "date": "2024-12-20", "text": "BÁO CÁO\n\nI. KẾT QUẢ\n\n" + report})
    (found,) = trace(commitments(corpus), claims(corpus), "2026-12-01")
    assert (found.commitment.place.name, found.commitment.indicator) == ("Xiềng", "thon_ntm")
    assert found.status == want, found.reason


def test_the_report_and_the_district_pages_show_the_words_that_settled_a_task(third_db, tmp_path):
    import sqlite_utils

    from flows.crosscheck import crosscheck
    from pipeline.face.districts import area_sheets
    from pipeline.store.districts import area_view, areas_present

    today = dt.date.fromisoformat(KEY["today"])
    report = crosscheck(str(third_db), str(tmp_path / "report.html"), today).report
    rows = [row for row in Path(report).read_text(encoding="utf-8").split("<tr>") if "<div class='reason'>" in row]
    settled = [k for k in KEY["tasks"] if k["done"] is not None]
    assert len(rows) >= len(settled) > 0           # each task a report settled, with that report's words
    for row in rows:
        assert "<blockquote>" in row and ("đã" in row or "chưa" in row) and "BC-" in row, row[:600]
    db = sqlite_utils.Database(third_db)
    views = [area_view(db, area, today) for area in areas_present(db)]
    tasks = [t for v in views for t in v["tasks"] if t["status"] in ("met", "missed")]
    assert len(tasks) >= len(settled) and all(t["evidence"] and t["evidence"][0]["quote"] for t in tasks)
    sheets = [row for v in views for row in area_sheets(v)[1].rows if row["status"] in ("met", "missed")]
    assert sheets and all("BC-" in row["evidence_text"] for row in sheets)      # the district's Excel too
