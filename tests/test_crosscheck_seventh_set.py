"""The seventh inspection key (tests/fixtures/inspection7/, Hòa Bình, committed before ntm ran on it): an
out-of-sample measure with shapes the other keys lack — a past year's clause before the goal in one clause,
'xóm' villages, a share goal against a count whose total the same sentence gives, a results table with a
two-row header under a caption naming its year, a task's report clause opening with a date before its body.
The key itself is scored in tests/test_inspection_keys.py; here, table-driven cases for what it made
general, in another province (Thái Nguyên) and other words and numbers than its files."""
from __future__ import annotations

import datetime as dt

import pytest
from inspection_key import corpus_of, traced

THAI_NGUYEN = {"issuer": "Ủy ban nhân dân tỉnh Thái Nguyên", "province": "19"}
DAI_TU = {"issuer": "Ủy ban nhân dân huyện Đại Từ", "province": "19"}
PLAN = {"type": "Kế hoạch", "number": "44/KH-UBND", "date": "2024-04-02", "title": "Kế hoạch xây dựng nông thôn mới"}


def findings(plan_text: str, reports: list[tuple[str, str]], issuer: dict = THAI_NGUYEN, today: str = "2026-12-01"):
    return traced({**PLAN, "text": plan_text}, reports, issuer, today)


def goals(goals_text: str, issuer: dict = THAI_NGUYEN) -> list[tuple]:
    return sorted((f.commitment.indicator, f.commitment.value, f.commitment.deadline)
                  for f in findings(f"II. MỤC TIÊU\n\n2. Các chỉ tiêu cụ thể\n\n{goals_text}\n", [], issuer))


# (the goals part of a plan dated 02/4/2024) → (indicator, value, deadline) of each goal read from it
GOAL_CASES = [
    # a clause naming a year before the plan is a baseline; the later year of the same clause is still a goal
    ("a) Số xã đạt chuẩn nông thôn mới: năm 2023 có 120 xã, năm 2025 có 140 xã.", [("xa_ntm", 140.0, "2025")]),
    ("b) Xã đạt chuẩn nông thôn mới nâng cao: năm 2022 có 31 xã; năm 2024 có 45 xã; năm 2025 có 52 xã.",
     [("xa_ntm_nang_cao", 45.0, "2024"), ("xa_ntm_nang_cao", 52.0, "2025")]),
    # the words before the colon lead the years after a semicolon too
    ("c) Số xã đạt chuẩn nông thôn mới kiểu mẫu: năm 2024 có 6 xã; năm 2025 có 10 xã.",
     [("xa_ntm_kieu_mau", 6.0, "2024"), ("xa_ntm_kieu_mau", 10.0, "2025")]),
    # a past year alone is a result told, no goal
    ("Đến hết năm 2023, toàn tỉnh có 120 xã đạt chuẩn nông thôn mới.", []),
    # 'xóm' is a village noun, alone or beside 'thôn'
    ("Năm 2025 có 210 xóm đạt chuẩn nông thôn mới kiểu mẫu.", [("thon_ntm_kieu_mau", 210.0, "2025")]),
    ("Đến năm 2025 có 95 thôn, xóm đạt chuẩn nông thôn mới kiểu mẫu.", [("thon_ntm_kieu_mau", 95.0, "2025")]),
]


@pytest.mark.parametrize("goals_text, want", GOAL_CASES, ids=range(len(GOAL_CASES)))
def test_goals_read(goals_text, want):
    assert goals(goals_text) == want


def test_xom_rows_of_a_target_table():
    table = ("| TT | Chỉ tiêu | ĐVT | 2024 | 2025 |\n|---|---|---|---|---|\n"
             "| 1 | Số xóm đạt chuẩn nông thôn mới kiểu mẫu | xóm | 14 | 30 |\n")
    assert goals(table, DAI_TU) == [("thon_ntm_kieu_mau", 14.0, "2024"), ("thon_ntm_kieu_mau", 30.0, "2025")]


SHARE_GOAL = "II. MỤC TIÊU\n\nĐến năm 2024, có 40% số xã đạt chuẩn nông thôn mới nâng cao.\n"
# (a report's sentence, 20/01/2025) → status of "40% số xã nâng cao by 2024"
SHARED_TOTAL_CASES = [
    # the sentence's total of communes is the later count's too: 62/150 = 41,3%
    ("Đến ngày 31/12/2024, toàn tỉnh có 141/150 xã đạt chuẩn nông thôn mới, 62 xã đạt chuẩn nông thôn mới nâng cao.",
     "met"),
    ("Đến ngày 31/12/2024, toàn tỉnh có 141/150 xã đạt chuẩn nông thôn mới; 57 xã đạt chuẩn nông thôn mới nâng cao.",
     "partly_met"),
    # no total in the sentence: a count says no share
    ("Đến ngày 31/12/2024, toàn tỉnh có 62 xã đạt chuẩn nông thôn mới nâng cao.", "no_evidence"),
    # the total is another place's (a district's), not the province's
    ("Đến ngày 31/12/2024, huyện Đại Từ có 27/28 xã đạt chuẩn nông thôn mới; toàn tỉnh có 62 xã đạt chuẩn nông thôn "
     "mới nâng cao.", "no_evidence"),
]


@pytest.mark.parametrize("sentence, want", SHARED_TOTAL_CASES, ids=range(len(SHARED_TOTAL_CASES)))
def test_a_count_against_a_share_with_the_sentences_total(sentence, want):
    (found,) = findings(SHARE_GOAL, [("2025-01-20", sentence)])
    assert found.status == want, found.reason


def test_a_count_keeps_no_total_of_another_unit():
    from pipeline.crosscheck.claims import claims

    corpus = corpus_of({**THAI_NGUYEN, "type": "Báo cáo", "date": "2025-01-15", "text": "BÁO CÁO\n\nI. KẾT QUẢ\n\n"
                        "Đến ngày 31/12/2024, toàn tỉnh có 135/150 xã đạt chuẩn nông thôn mới, 420 thôn, xóm đạt chuẩn "
                        "nông thôn mới kiểu mẫu.\n"})
    got = {o.indicator: o.denominator for o in claims(corpus) if o.kind == "figure"}
    assert got == {"xa_ntm": 150.0, "thon_ntm_kieu_mau": None}


TARGETS = ("II. MỤC TIÊU\n\n| TT | Chỉ tiêu | ĐVT | 2024 | 2025 |\n|---|---|---|---|---|\n"
           "| 1 | Số xã đạt chuẩn nông thôn mới nâng cao | xã | 6 | 9 |\n"
           "| 2 | Số xóm đạt chuẩn nông thôn mới kiểu mẫu | xóm | 20 | 35 |\n")
HEAD2 = "| TT | Chỉ tiêu | ĐVT | {top} | | Ghi chú |\n| | | | {left} | {right} | |\n|---|---|---|---|---|---|\n"
# (a report dated 12/01/2025 whose title names no year) → statuses of the 2024 goals (6 xã nâng cao, 20 xóm)
TWO_ROW_HEADER_CASES = [
    ("Kết quả năm 2024:\n\n" + HEAD2.format(top="Năm 2024", left="Kế hoạch", right="Thực hiện")
     + "| 1 | Số xã đạt chuẩn nông thôn mới nâng cao | xã | 6 | 7 | Vượt |\n"
     "| 2 | Số xóm đạt chuẩn nông thôn mới kiểu mẫu | xóm | 20 | 16 | Không đạt |\n", ("met", "partly_met")),
    # the columns under the spanning cell say which is the plan and which the result, in either order
    ("Kết quả năm 2024:\n\n" + HEAD2.format(top="Năm 2024", left="Thực hiện", right="Kế hoạch")
     + "| 1 | Số xã đạt chuẩn nông thôn mới nâng cao | xã | 5 | 6 | |\n"
     "| 2 | Số xóm đạt chuẩn nông thôn mới kiểu mẫu | xóm | 21 | 20 | |\n", ("partly_met", "met")),
    # an estimate under the spanning cell is no result
    ("Kết quả năm 2024:\n\n" + HEAD2.format(top="Năm 2024", left="Kế hoạch", right="Ước thực hiện")
     + "| 1 | Số xã đạt chuẩn nông thôn mới nâng cao | xã | 6 | 7 | |\n", ("no_evidence", "no_evidence")),
]


@pytest.mark.parametrize("report, want", TWO_ROW_HEADER_CASES, ids=range(len(TWO_ROW_HEADER_CASES)))
def test_a_results_table_with_a_two_row_header(report, want):
    found = {(f.commitment.indicator, f.commitment.deadline): f for f in findings(TARGETS, [("2025-01-12", report)], DAI_TU)}
    got = tuple(found[k].status for k in (("xa_ntm_nang_cao", "2024"), ("thon_ntm_kieu_mau", "2024")))
    assert got == want, [f.reason for f in found.values()]


# (top header row, the row under it) → the header they make, or None when the second row holds data
SECOND_HEADER_CASES = [
    (["TT", "Chỉ tiêu", "Năm 2024", ""], ["", "", "Kế hoạch", "Thực hiện"],
     ["TT", "Chỉ tiêu", "Kế hoạch năm 2024", "Thực hiện năm 2024"]),
    (["TT", "Chỉ tiêu", "Kết quả", ""], ["", "", "2024", "2025"], ["TT", "Chỉ tiêu", "2024 kết quả", "2025 kết quả"]),
    (["TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện"], ["1", "Số xã đạt chuẩn", "6", "7"], None),     # the first data row
    (["TT", "Huyện", "Số xã", ""], ["", "Đại Từ", "28", ""], None),                               # a figure: data
    (["TT", "Chỉ tiêu", "Năm 2024", ""], ["", "", "Kế hoạch"], None),                              # another width
]


@pytest.mark.parametrize("top, below, want", SECOND_HEADER_CASES, ids=range(len(SECOND_HEADER_CASES)))
def test_second_header_row(top, below, want):
    from pipeline.crosscheck.passages import _second_header

    assert _second_header(top, [(0, 0, c) for c in below]) == want


TASK = "hoàn thiện hồ sơ đề nghị xét công nhận huyện Đại Từ đạt chuẩn nông thôn mới nâng cao trước ngày 31/3/2025"
# (the assignee of the task, a report's clause) → the task's status
DATED_SUBJECT_CASES = [
    # a date opens the clause, then another body: it did its own dossier, not the assignee's
    ("Phòng Nông nghiệp và Phát triển nông thôn huyện",
     "Ngày 20/3/2025, Ủy ban nhân dân xã Yên Lãng đã hoàn thiện hồ sơ đề nghị xét công nhận xã đạt chuẩn nông thôn "
     "mới nâng cao.", "no_evidence"),
    ("Phòng Nông nghiệp và Phát triển nông thôn huyện",
     "Ngày 20/3/2025, Phòng Nông nghiệp và Phát triển nông thôn huyện đã hoàn thiện hồ sơ đề nghị xét công nhận huyện "
     "Đại Từ đạt chuẩn nông thôn mới nâng cao.", "met"),
    ("Phòng Nông nghiệp và Phát triển nông thôn huyện",
     "Đến ngày 28/4/2025, Ủy ban nhân dân huyện mới hoàn thiện hồ sơ đề nghị xét công nhận huyện Đại Từ đạt chuẩn nông "
     "thôn mới nâng cao.", "no_evidence"),
    # no body as the subject: it speaks for the task whoever did it
    ("Phòng Nông nghiệp và Phát triển nông thôn huyện",
     "Hồ sơ đề nghị xét công nhận huyện Đại Từ đạt chuẩn nông thôn mới nâng cao đã hoàn thiện ngày 25/3/2025.", "met"),
]


@pytest.mark.parametrize("who, report, want", DATED_SUBJECT_CASES, ids=range(len(DATED_SUBJECT_CASES)))
def test_a_report_clause_opening_with_a_date(who, report, want):
    from pipeline.crosscheck.tasks import tasks

    assigned = ({"id": 1, "doc_id": 1, "agency": who, "assignee": who, "role": "responsible", "task": TASK,
                 "deadline": "2025-03-31", "span_start": 0, "span_end": 60, "page": None, "quote": None},)
    corpus = corpus_of({**DAI_TU, **PLAN, "text": f"III. TỔ CHỨC THỰC HIỆN\n\n1. {who} {TASK}."},
                       {**DAI_TU, "date": "2025-06-20", "text": "BÁO CÁO\n\nI. KẾT QUẢ\n\n" + report}, assignments=assigned)
    (task,) = tasks(corpus, dt.date(2026, 12, 1))
    assert task.status == want, task.reason


ADVICE = ("tham mưu Ủy ban nhân dân tỉnh phê duyệt danh sách xã đăng ký đạt chuẩn nông thôn mới nâng cao năm 2024 "
          "trước ngày 30/5/2024")
LIST = "phê duyệt danh sách xã đăng ký đạt chuẩn nông thôn mới nâng cao năm 2024"
# (a report's clause) → the status of the Sở Nông nghiệp's task to advise
ISSUED_ON_PROPOSAL_CASES = [
    (f"Ngày 22/5/2024, Ủy ban nhân dân tỉnh ban hành Quyết định số 901/QĐ-UBND {LIST} theo đề nghị của Sở Nông nghiệp "
     "và Phát triển nông thôn.", "met"),
    (f"Ngày 12/7/2024, Ủy ban nhân dân tỉnh ban hành Quyết định số 1377/QĐ-UBND {LIST} trên cơ sở tham mưu của Sở Nông "
     "nghiệp và Phát triển nông thôn.", "met_late"),
    # issued on another body's proposal: not the Sở Nông nghiệp's part
    (f"Ngày 22/5/2024, Ủy ban nhân dân tỉnh ban hành Quyết định số 901/QĐ-UBND {LIST} theo đề nghị của Sở Tài chính.",
     "no_evidence"),
    # proposed, nothing issued
    (f"Sở Nông nghiệp và Phát triển nông thôn đề nghị Ủy ban nhân dân tỉnh {LIST}.", "no_evidence"),
]


@pytest.mark.parametrize("report, want", ISSUED_ON_PROPOSAL_CASES, ids=range(len(ISSUED_ON_PROPOSAL_CASES)))
def test_a_decision_issued_on_the_assignees_proposal(report, want):
    from pipeline.crosscheck.tasks import tasks

    who = "Sở Nông nghiệp và Phát triển nông thôn"
    assigned = ({"id": 1, "doc_id": 1, "agency": who, "assignee": who, "role": "lead", "task": ADVICE,
                 "deadline": "2024-05-30", "span_start": 0, "span_end": 60, "page": None, "quote": None},)
    corpus = corpus_of({**THAI_NGUYEN, **PLAN, "date": "2024-03-01", "text": f"III. TỔ CHỨC THỰC HIỆN\n\n1. {who} {ADVICE}."},
                       {**THAI_NGUYEN, "date": "2025-01-20", "text": "BÁO CÁO\n\nI. KẾT QUẢ\n\n" + report},
                       assignments=assigned)
    (task,) = tasks(corpus, dt.date(2026, 12, 1))
    assert task.status == want, task.reason


# (a report's results part, the report's date) → the as-of date of its count of communes
YEAR_HEADING_CASES = [
    # a heading that is only a year's results dates its clauses at that year's end, numbered or not
    ("Kết quả năm 2024:\n\nToàn huyện có 10 xã đạt chuẩn nông thôn mới nâng cao.\n", "2025-01-09", "2024-12-31"),
    ("1. Kết quả thực hiện năm 2024\n\nToàn huyện có 10 xã đạt chuẩn nông thôn mới nâng cao.\n", "2025-01-09",
     "2024-12-31"),
    # …or at the report's date when that is earlier
    ("Kết quả năm 2024:\n\nToàn huyện có 10 xã đạt chuẩn nông thôn mới nâng cao.\n", "2024-12-15", "2024-12-15"),
    # a heading of part of a year, or of more than results, is no year's end
    ("Kết quả 6 tháng đầu năm 2024:\n\nToàn huyện có 10 xã đạt chuẩn nông thôn mới nâng cao.\n", "2025-01-09",
     "2025-01-09"),
    ("Kết quả năm 2024 và phương hướng năm 2025:\n\nToàn huyện có 10 xã đạt chuẩn nông thôn mới nâng cao.\n",
     "2025-01-09", "2025-01-09"),
    # a status count in a sentence opening with the year is not dated by it (still a known gap)
    ("Năm 2024, toàn huyện có 10 xã đạt chuẩn nông thôn mới nâng cao.\n", "2025-01-09", "2025-01-09"),
]


@pytest.mark.parametrize("report, date, want", YEAR_HEADING_CASES, ids=range(len(YEAR_HEADING_CASES)))
def test_a_years_results_heading_dates_its_clauses(report, date, want):
    from pipeline.crosscheck.claims import claims

    corpus = corpus_of({**DAI_TU, "type": "Báo cáo", "date": date, "title": "Kết quả xây dựng nông thôn mới",
                        "text": "BÁO CÁO\n\nI. KẾT QUẢ THỰC HIỆN\n\n" + report})
    (count,) = [o for o in claims(corpus) if o.indicator == "xa_ntm_nang_cao"]
    assert count.as_of.isoformat() == want


# (a plan's title, issued by UBND tỉnh Thái Nguyên) → (place, value) of each goal of its text
TITLE_CASES = [
    ("Kế hoạch xây dựng nông thôn mới tỉnh Thái Nguyên năm 2024", [("Thái Nguyên", 150.0)]),
    # a title naming another province does not make the plan that province's: its goals stay the issuer's, and
    # the other province's own target stays no commitment
    ("Kế hoạch học tập kinh nghiệm xây dựng nông thôn mới của tỉnh Ninh Bình", [("Thái Nguyên", 150.0)]),
]


@pytest.mark.parametrize("title, want", TITLE_CASES, ids=range(len(TITLE_CASES)))
def test_a_plan_whose_title_names_another_province(title, want):
    from pipeline.crosscheck.commitments import commitments

    text = ("II. MỤC TIÊU\n\nĐến năm 2025, toàn tỉnh có 150 xã đạt chuẩn nông thôn mới. Tỉnh Ninh Bình phấn đấu đến năm "
            "2025 có 100% xã đạt chuẩn nông thôn mới.\n")
    corpus = corpus_of({**THAI_NGUYEN, **PLAN, "title": title, "text": text})
    assert [(c.place.name, c.value) for c in commitments(corpus)] == want
