"""The fourth inspection key (tests/fixtures/inspection4/, Bắc Giang, committed before ntm ran on it): an
out-of-sample measure with shapes the other keys lack — a plan's per-year table, money and income targets,
a recognition withdrawn after it was reported, a later report replacing an earlier figure, one district's
figures beside a provincial goal, a task for two agencies reported for one, a DOCX report.
The key itself is scored in tests/test_inspection_keys.py; here, table-driven cases for what it
made general, in other provinces and other words than its files."""
from __future__ import annotations

import datetime as dt

import pytest
from inspection_key import corpus_of
from inspection_key import traced as traced_plan

# ---- table-driven cases for what the fourth key made general (no database: a Corpus of dicts; other
# provinces and other words than the key's files)

HA_TINH = {"issuer": "Ủy ban nhân dân tỉnh Hà Tĩnh", "province": "42"}
CAM_XUYEN = {"issuer": "Ủy ban nhân dân huyện Cẩm Xuyên", "province": "42"}
DAK_LAK = {"issuer": "Ủy ban nhân dân tỉnh Đắk Lắk", "province": "66"}
PLAN = {"type": "Kế hoạch", "number": "45/KH-UBND", "date": "2024-03-12", "title": "Kế hoạch năm 2024"}


def traced(plan: dict, goal: str, reports: list[tuple[str, str]], who: dict = HA_TINH, today: str = "2026-12-01"):
    return traced_plan({**plan, "text": "KẾ HOẠCH\n\nII. MỤC TIÊU\n\n" + goal}, reports, who, today,
                       report_head="BÁO CÁO\n\nI. KẾT QUẢ\n\n")


RECOGNISED = ("2025-01-05", "Xã Cẩm Dương được công nhận đạt chuẩn nông thôn mới nâng cao tại Quyết định số "
              "2210/QĐ-UBND ngày 20/12/2024.")
# reports after the goal "năm 2024 xã Cẩm Dương … nâng cao" → its status as of 2026-12-01: the latest word governs
WITHDRAWN_CASES = [
    ([RECOGNISED], "met"),
    ([RECOGNISED, ("2025-09-10", "Chủ tịch Ủy ban nhân dân tỉnh ban hành Quyết định số 1502/QĐ-UBND ngày 02/9/2025 "
                   "thu hồi Quyết định công nhận xã Cẩm Dương đạt chuẩn nông thôn mới nâng cao.")], "missed"),
    ([RECOGNISED, ("2025-09-10", "Qua kiểm tra, xã Cẩm Dương không duy trì được chuẩn nông thôn mới nâng cao.")],
     "missed"),
    ([RECOGNISED, ("2025-09-10", "Thu hồi Quyết định công nhận xã Cẩm Dương đạt chuẩn nông thôn mới nâng cao "
                   "(Quyết định số 1502/QĐ-UBND ngày 02/9/2025)."),
      ("2026-05-10", "Xã Cẩm Dương được công nhận đạt chuẩn nông thôn mới nâng cao tại Quyết định số 801/QĐ-UBND "
                     "ngày 28/4/2026.")], "met_late"),                            # granted again after
    ([RECOGNISED, ("2025-09-10", "Thu hồi Quyết định công nhận xã Cẩm Thành đạt chuẩn nông thôn mới nâng cao.")],
     "met"),                                                                      # another commune's
    ([RECOGNISED, ("2025-09-10", "Thu hồi Quyết định giao đất số 77/QĐ-UBND tại xã Cẩm Dương.")], "met"),  # no recognition
]


@pytest.mark.parametrize("reports, want", WITHDRAWN_CASES, ids=range(len(WITHDRAWN_CASES)))
def test_a_withdrawn_recognition_governs(reports, want):
    (found,) = traced(PLAN, "Phấn đấu năm 2024 xã Cẩm Dương đạt chuẩn nông thôn mới nâng cao.", reports, CAM_XUYEN)
    assert found.status == want, found.reason
    assert all(e.source.quote for e in found.evidence)
    if want == "missed":
        assert "thu hồi" in found.reason and found.evidence


# (news text) → does it give commitments? Only when it reports a plan
NEWS_CASES = [
    ("Phát biểu tại buổi lễ, lãnh đạo huyện cho biết năm 2025 huyện phấn đấu có thêm 03 xã đạt chuẩn nông thôn mới "
     "nâng cao.", False),
    ("Ủy ban nhân dân tỉnh Hà Tĩnh đã ban hành Kế hoạch số 45/KH-UBND ngày 10/3/2025. Theo đó, năm 2025 toàn tỉnh "
     "phấn đấu có 120 xã đạt chuẩn nông thôn mới nâng cao.", True),
    ("Ủy ban nhân dân tỉnh vừa ban hành Kế hoạch thực hiện Chương trình năm 2025, phấn đấu đến năm 2025 toàn tỉnh có "
     "120 xã đạt chuẩn nông thôn mới nâng cao.", True),
]


@pytest.mark.parametrize("text, promises", NEWS_CASES, ids=range(len(NEWS_CASES)))
def test_a_news_item_promises_only_a_plan_it_reports(text, promises):
    from pipeline.crosscheck.commitments import commitments

    corpus = corpus_of({"issuer": None, "province": "42", "type": None, "number": None, "date": "2025-03-12",
                        "title": None, "text": "Tin tức\n\n" + text})
    assert bool(commitments(corpus)) == promises


def test_a_merged_province_reads_the_old_districts_of_its_partner():
    """A 2026 report of Đắk Lắk (Phú Yên merged into it on 01/7/2025) on "huyện (cũ)" rows: Sông Hinh is
    Phú Yên's, Ea Kar Đắk Lắk's; both rows are figures for their district."""
    from pipeline.crosscheck.claims import claims_of

    corpus = corpus_of({**DAK_LAK, "date": "2026-01-15", "text": "BÁO CÁO\n\nKết quả của các huyện (cũ) đến ngày "
                        "30/6/2025:\n\n| STT | Huyện (cũ) | Tổng số xã | Số xã đạt chuẩn NTM |\n| 1 | Sông Hinh | 10 | 06 |\n"
                        "| 2 | Ea Kar | 14 | 12 |\n"})
    got = {(o.indicator, o.place.name, o.place.province, o.value, o.denominator) for o in claims_of(corpus, 1)}
    assert got == {("xa_ntm", "Sông Hinh", "54", 6.0, 10.0), ("xa_ntm", "Ea Kar", "66", 12.0, 14.0)}


# (section and table) → the goals: (indicator, value, unit, deadline)
YEAR_TABLE_CASES = [
    ("II. MỤC TIÊU\n\nChỉ tiêu theo từng năm:\n",
     "| STT | Chỉ tiêu | Năm 2025 | Năm 2026 |\n| 1 | Số xã đạt chuẩn nông thôn mới kiểu mẫu | 18 | 25 |\n"
     "| 2 | Tỷ lệ xã đạt chuẩn nông thôn mới nâng cao (%) | 45 | 55 |\n",
     {("xa_ntm_kieu_mau", 18.0, "xã", "2025"), ("xa_ntm_kieu_mau", 25.0, "xã", "2026"),
      ("xa_ntm_nang_cao", 45.0, "%", "2025"), ("xa_ntm_nang_cao", 55.0, "%", "2026")}),
    ("II. MỤC TIÊU\n\n",                                                                # a unit column, "Kế hoạch 2025"
     "| TT | Chỉ tiêu | Đơn vị tính | Kế hoạch 2025 | Kế hoạch 2026 |\n| 1 | Xã đạt chuẩn nông thôn mới nâng cao | % | 45 "
     "| 55 |\n", {("xa_ntm_nang_cao", 45.0, "%", "2025"), ("xa_ntm_nang_cao", 55.0, "%", "2026")}),
    ("II. MỤC TIÊU\n\n",                                                       # units in the cells, an income row
     "| STT | Chỉ tiêu | Năm 2025 | Năm 2026 |\n| 1 | Xã đạt chuẩn NTM nâng cao | 70 xã | 85 xã |\n"
     "| 2 | Thu nhập bình quân (triệu đồng/người/năm) | 60 | 65,5 |\n| 3 | Vốn huy động (triệu đồng) | 850.000 | 900.000 |\n",
     {("xa_ntm_nang_cao", 70.0, "xã", "2025"), ("xa_ntm_nang_cao", 85.0, "xã", "2026"),
      ("thu_nhap_binh_quan", 60.0, "triệu đồng/người", "2025"), ("thu_nhap_binh_quan", 65.5, "triệu đồng/người", "2026"),
      ("von_huy_dong", 850.0, "tỷ đồng", "2025"), ("von_huy_dong", 900.0, "tỷ đồng", "2026")}),
    ("I. KẾT QUẢ THỰC HIỆN\n\nKết quả các năm:\n",                                       # results: no goals
     "| STT | Chỉ tiêu | Năm 2022 | Năm 2023 |\n| 1 | Số xã đạt chuẩn nông thôn mới kiểu mẫu | 9 | 12 |\n", set()),
    ("II. MỤC TIÊU\n\nChỉ tiêu theo từng năm:\n",                                         # a measure of no indicator
     "| STT | Chỉ tiêu | Năm 2025 | Năm 2026 |\n| 1 | Số km đường giao thông được cứng hóa | 120 | 150 |\n", set()),
]


@pytest.mark.parametrize("lead, table, want", YEAR_TABLE_CASES, ids=range(len(YEAR_TABLE_CASES)))
def test_a_plan_table_by_year(lead, table, want):
    from pipeline.crosscheck.commitments import commitments

    corpus = corpus_of({**HA_TINH, **PLAN, "date": "2024-12-20", "text": "KẾ HOẠCH\n\n" + lead + "\n" + table})
    got = {(c.indicator, c.value, c.unit, c.deadline) for c in commitments(corpus) if "|" in c.source.quote}
    assert got == want


GOAL_30 = "Đến năm 2024, toàn tỉnh có 30 xã đạt chuẩn nông thôn mới kiểu mẫu."
# (reports) → the status of "30 xã kiểu mẫu by 2024": two figures for one moment disagree unless the later
# one says it replaces the earlier (then it governs, and the reason says so)
REPLACED_CASES = [
    ([("2025-01-08", "Đến ngày 31/12/2024, toàn tỉnh có 28 xã đạt chuẩn nông thôn mới kiểu mẫu."),
      ("2025-03-01", "Đến ngày 31/12/2024, toàn tỉnh có 30 xã đạt chuẩn nông thôn mới kiểu mẫu.")], "contradicted"),
    ([("2025-01-08", "Đến ngày 31/12/2024, toàn tỉnh có 28 xã đạt chuẩn nông thôn mới kiểu mẫu."),
      ("2025-03-01", "Đến ngày 31/12/2024, toàn tỉnh có 30 xã đạt chuẩn nông thôn mới kiểu mẫu (số liệu này thay thế "
                     "số liệu tại Báo cáo số 2/BC-UBND, do chưa tổng hợp 02 xã được công nhận cuối năm).")], "met"),
    ([("2025-01-08", "Đến ngày 31/12/2024, toàn tỉnh có 30 xã đạt chuẩn nông thôn mới kiểu mẫu."),
      ("2025-03-01", "Đến ngày 31/12/2024, toàn tỉnh có 27 xã đạt chuẩn nông thôn mới kiểu mẫu (đính chính số liệu tại "
                     "Báo cáo số 2/BC-UBND).")], "partly_met"),                   # a correction downwards governs too
]


RATE_40 = "Đến năm 2024, tỷ lệ xã đạt chuẩn nông thôn mới nâng cao đạt 40%."
# (report) → the status of "40 % of communes nâng cao by 2024"
SHARE_CASES = [
    ("Đến ngày 31/12/2024, toàn tỉnh có 74 xã đạt chuẩn nông thôn mới nâng cao, chiếm 40,9% tổng số xã.", "met"),
    ("Đến ngày 31/12/2024, toàn tỉnh có 69 xã đạt chuẩn nông thôn mới nâng cao, chiếm 38,1% số xã.", "partly_met"),
    ("Đến ngày 31/12/2024, tỷ lệ xã đạt chuẩn nông thôn mới nâng cao của tỉnh đạt 38,2%.", "partly_met"),
    ("Đến ngày 31/12/2024, toàn tỉnh có 74 xã đạt chuẩn nông thôn mới nâng cao.", "no_evidence"),   # no share said
    ("Đến ngày 31/12/2024, toàn tỉnh có 74 xã đạt chuẩn nông thôn mới, chiếm 40,9% số xã.", "no_evidence"),  # NTM only
]


@pytest.mark.parametrize("report, want", SHARE_CASES, ids=range(len(SHARE_CASES)))
def test_a_count_and_its_share(report, want):
    (found,) = traced(PLAN, RATE_40, [("2025-01-10", report)])
    assert found.status == want, found.reason


@pytest.mark.parametrize("reports, want", REPLACED_CASES, ids=range(len(REPLACED_CASES)))
def test_a_figure_replacing_another_governs(reports, want):
    (found,) = traced(PLAN, GOAL_30, reports)
    assert found.status == want, found.reason
    assert ("thay thế" in found.reason) == (want != "contradicted")


@pytest.mark.parametrize("heading", ["I. CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA XÂY DỰNG NÔNG THÔN MỚI",
                                     "I. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU"])
def test_a_programme_heading_heads_results(heading):
    from pipeline.crosscheck.claims import claims_of

    corpus = corpus_of({**HA_TINH, "date": "2025-01-10", "text": f"BÁO CÁO\n\n{heading}\n\nĐến ngày 31/12/2024, toàn "
                        "tỉnh có 30 xã đạt chuẩn nông thôn mới kiểu mẫu."})
    assert {(o.indicator, o.value) for o in claims_of(corpus, 1)} == {("xa_ntm_kieu_mau", 30.0)}


# folded clause → (value, unit, indicator) of its money figures
MONEY_CASES = [
    ("Huy động tổng nguồn lực giai đoạn 2024 - 2025 đạt 2.500 tỷ đồng", [(2500.0, "tỷ đồng", "von_huy_dong")]),
    ("đã huy động được 850.000 triệu đồng", [(850.0, "tỷ đồng", "von_huy_dong")]),
    ("thu nhập bình quân đạt 48,5 triệu đồng/người/năm", [(48.5, "triệu đồng/người", "thu_nhap_binh_quan")]),
    ("thu nhập bình quân đầu người khu vực nông thôn đạt 4.200.000 đồng/người", [(4.2, "triệu đồng/người",
                                                                                 "thu_nhap_binh_quan")]),
    ("thu nhập bình quân đầu người đạt 58,5 triệu đồng", [(58.5, "triệu đồng/người", "thu_nhap_binh_quan")]),
    ("thu nhập bình quân đạt 58,5 triệu đồng/người/năm, tăng 4,2 triệu đồng so với năm 2023",
     [(58.5, "triệu đồng/người", "thu_nhap_binh_quan")]),                       # the change is no level
    ("thu nhập bình quân tăng thêm khoảng 10 triệu đồng/người", []),
    ("Tổng kinh phí thực hiện năm 2024 là 14.120 triệu đồng", [(14.12, "tỷ đồng", None)]),    # a budget: no goal
    ("bố trí 250 tỷ đồng vốn ngân sách tỉnh", [(250.0, "tỷ đồng", None)]),
]


@pytest.mark.parametrize("text, want", MONEY_CASES, ids=range(len(MONEY_CASES)))
def test_money_figures(text, want):
    from pipeline.crosscheck.numbers import figures_in
    from pipeline.crosscheck.reading import figure_indicator
    from pipeline.model.normalize import fold

    folded = fold(text)
    got = [(round(f.value, 4), f.unit, figure_indicator(folded, f, folded)) for f in figures_in(folded)]
    assert got == want


INCOME = "Thu nhập bình quân của người dân khu vực nông thôn năm 2024 đạt 55 triệu đồng/người/năm."
MONEY_GOAL_CASES = [
    (INCOME, "Năm 2024, thu nhập bình quân của người dân nông thôn toàn tỉnh đạt 52,3 triệu đồng/người/năm.",
     "partly_met"),
    (INCOME, "Năm 2024, thu nhập bình quân của người dân nông thôn toàn tỉnh đạt 56 triệu đồng/người/năm.", "met"),
    ("Năm 2024, huy động nguồn lực thực hiện Chương trình đạt 800 tỷ đồng.",
     "Năm 2024, toàn tỉnh đã huy động được 640 tỷ đồng, đạt 80% kế hoạch.", "partly_met"),
    (INCOME, "Năm 2024, thu nhập bình quân của người dân nông thôn huyện Cẩm Xuyên đạt 58 triệu đồng/người/năm.",
     "no_evidence"),                                                              # one district, not the province
    (INCOME, "Thu nhập bình quân của người dân nông thôn năm 2024 ước đạt 56 triệu đồng/người/năm.", "no_evidence"),
    ("Năm 2024, huy động nguồn lực thực hiện Chương trình đạt 1.200 tỷ đồng.",     # the plan's figure is no result
     "Kế hoạch huy động 1.200 tỷ đồng, năm 2024 đã huy động được 1.050 tỷ đồng.", "partly_met"),
    ("Năm 2024, huy động nguồn lực thực hiện Chương trình đạt 1.200 tỷ đồng.",
     "Năm 2024 huy động được 1.050 tỷ đồng (kế hoạch 1.200 tỷ đồng).", "partly_met"),
    ("Tổng vốn huy động thực hiện Chương trình năm 2024 đạt 900 tỷ đồng.",        # an estimate settles nothing
     "Tổng nguồn lực huy động thực hiện Chương trình năm 2024 là 950 tỷ đồng.", "met"),
]


@pytest.mark.parametrize("goal, report, want", MONEY_GOAL_CASES, ids=range(len(MONEY_GOAL_CASES)))
def test_money_and_income_goals(goal, report, want):
    (found,) = traced(PLAN, goal, [("2025-01-10", report)])
    assert found.status == want, found.reason


def test_a_budget_is_no_goal():
    from pipeline.crosscheck.commitments import commitments

    corpus = corpus_of({**HA_TINH, **PLAN, "text": "KẾ HOẠCH\n\nII. MỤC TIÊU\n\nTổng kinh phí thực hiện năm 2024 là "
                        "1.500 tỷ đồng, trong đó ngân sách tỉnh 300 tỷ đồng."})
    assert commitments(corpus) == []


TWO_BODIES = {**HA_TINH, **PLAN, "text": "Sở Tài chính, Sở Kế hoạch và Đầu tư rà soát nhu cầu vốn năm 2025 của các "
              "huyện, báo cáo Ủy ban nhân dân tỉnh trước ngày 30/9/2024."}
ASSIGNED = tuple({"id": i, "doc_id": 1, "agency": who, "assignee": who, "role": "responsible",
                  "task": "rà soát nhu cầu vốn năm 2025 của các huyện, báo cáo Ủy ban nhân dân tỉnh trước ngày 30/9/2024",
                  "deadline": "2024-09-30", "span_start": 0, "span_end": 60, "page": None, "quote": None}
                 for i, who in enumerate(("Sở Tài chính", "Sở Kế hoạch và Đầu tư"), start=1))
# (report) → (Sở Tài chính's status, Sở Kế hoạch và Đầu tư's status)
TWO_BODY_CASES = [
    ("Sở Tài chính đã rà soát nhu cầu vốn năm 2025 của các huyện, báo cáo Ủy ban nhân dân tỉnh ngày 20/9/2024.",
     ("met", "no_evidence")),
    ("Sở Kế hoạch và Đầu tư chưa rà soát nhu cầu vốn năm 2025 của các huyện.", ("no_evidence", "missed")),
    ("Việc rà soát nhu cầu vốn năm 2025 của các huyện đã hoàn thành, báo cáo Ủy ban nhân dân tỉnh ngày 20/9/2024.",
     ("met", "met")),                                                    # no body named: said of the task as a whole
    ("Ban hành văn bản đôn đốc; đã rà soát nhu cầu vốn năm 2025 của các huyện, báo cáo Ủy ban nhân dân tỉnh ngày "
     "20/9/2024.", ("met", "met")),                                      # "Ban hành" is a verb, not a body
]


@pytest.mark.parametrize("report, want", TWO_BODY_CASES, ids=range(len(TWO_BODY_CASES)))
def test_a_task_of_two_bodies_reported_for_one(report, want):
    from pipeline.crosscheck.tasks import tasks

    corpus = corpus_of(TWO_BODIES, {**HA_TINH, "date": "2025-01-10", "text": "BÁO CÁO\n\nI. KẾT QUẢ\n\n" + report},
                       assignments=ASSIGNED)
    got = {t.assignee: t.status for t in tasks(corpus, dt.date(2026, 12, 1))}
    assert (got["Sở Tài chính"], got["Sở Kế hoạch và Đầu tư"]) == want
