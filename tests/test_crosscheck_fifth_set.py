"""The fifth inspection key (tests/fixtures/inspection5/, Thanh Hóa, committed before ntm ran on it): an
out-of-sample measure with shapes the other keys lack — a Party congress resolution's targets, a plan's
commune list with the year each is to reach the standard, results given in report TABLES (plan versus
result, per commune with a 'Ghi chú', per former district), results given only as a share of the plan,
a 'duy trì' target, a task due 'trong Quý II' reported on its last day, a text PDF report.
The key itself is scored in tests/test_inspection_keys.py; here, table-driven cases for what it
made general, in other provinces and other words than its files."""
from __future__ import annotations

import pytest
from inspection_key import traced

# ---- table-driven cases for what the fifth key made general (no database: a Corpus of dicts; another
# province, other numbers and words than the key's files)

CAM_KHE = {"issuer": "Ủy ban nhân dân huyện Cẩm Khê", "province": "25"}


def findings(plan_text: str, reports: list[tuple[str, str]], plan: dict | None = None, today: str = "2026-12-01"):
    return traced({"type": "Kế hoạch", "number": "52/KH-UBND", "date": "2024-02-20",
                   "title": "Kế hoạch xây dựng nông thôn mới", **(plan or {}), "text": plan_text}, reports, CAM_KHE, today)


RESOLUTION = {"type": "Nghị quyết", "number": "02-NQ/HU", "date": "2020-09-10", "issuer": "Huyện ủy Cẩm Khê",
              "title": "Nghị quyết Đại hội đại biểu Đảng bộ huyện Cẩm Khê"}
# (lines of a resolution or plan) → the goals read from it (label fragments)
GOAL_HEADING_CASES = [
    ("QUYẾT NGHỊ:\n\n2. Các chỉ tiêu chủ yếu đến năm 2025:\n\n- Có 20 xã đạt chuẩn nông thôn mới.", ["20 xã NTM, hạn 2025"]),
    ("QUYẾT NGHỊ:\n\n2. Mục tiêu cụ thể:\n\n- Đến năm 2025, 6 xã đạt chuẩn nông thôn mới nâng cao.",
     ["6 xã NTM nâng cao, hạn 2025"]),
    # a results heading ending in ':' is no goal heading: its facts promise nothing
    ("I. ĐÁNH GIÁ\n\n1. Kết quả thực hiện các chỉ tiêu nhiệm kỳ 2015 - 2020:\n\n- Có 12 xã đạt chuẩn nông thôn mới.", []),
    # a long line ending in ':' is a sentence, not a heading
    ("1. Trong nhiệm kỳ, Đảng bộ tập trung lãnh đạo, chỉ đạo thực hiện tốt các chỉ tiêu và nhiệm vụ chủ yếu sau đây, "
     "gắn với các khâu đột phá:\n\n- Có 20 xã đạt chuẩn nông thôn mới.", []),
]


@pytest.mark.parametrize("text, want", GOAL_HEADING_CASES, ids=range(len(GOAL_HEADING_CASES)))
def test_a_goal_heading_ending_in_a_colon(text, want):
    got = [f.commitment.label for f in findings(text, [], RESOLUTION)]
    assert len(got) == len(want) and all(w in g for w, g in zip(want, got)), got


# (caption, header) of a plan's commune list with a year column → the goal of "| 1 | Tiên Lương | 16 | 2024 |"
COMMUNE_LIST_CASES = [
    ("Danh sách xã phấn đấu đạt chuẩn nông thôn mới:", "| TT | Xã | Hiện trạng | Năm đạt chuẩn |", "xa_ntm"),
    ("Lộ trình xã đạt chuẩn nông thôn mới nâng cao:", "| TT | Tên xã | Số tiêu chí hiện đạt | Năm đạt chuẩn |",
     "xa_ntm_nang_cao"),
    ("Danh sách các xã:", "| TT | Xã | Hiện trạng | Năm đạt chuẩn |", None),            # the caption names no standard
    ("Danh sách xã phấn đấu đạt chuẩn nông thôn mới:", "| TT | Xã | Hiện trạng | Năm thành lập |", None),
]


@pytest.mark.parametrize("caption, header, want", COMMUNE_LIST_CASES, ids=range(len(COMMUNE_LIST_CASES)))
def test_a_commune_list_with_the_year_of_the_standard(caption, header, want):
    text = f"II. MỤC TIÊU\n\n{caption}\n\n{header}\n|---|---|---|---|\n| 1 | Tiên Lương | 16 | 2024 |\n"
    got = [(f.commitment.indicator, f.commitment.place.name, f.commitment.deadline) for f in findings(text, [])]
    assert got == ([(want, "Tiên Lương", "2024")] if want else []), got


GOALS = ("II. MỤC TIÊU\n\n1. Thu nhập bình quân đầu người khu vực nông thôn năm 2024 đạt 52 triệu đồng/người/năm.\n\n"
         "2. Huy động nguồn lực xây dựng nông thôn mới năm 2024 đạt 400 tỷ đồng.\n\n"
         "3. Đến hết năm 2024, toàn huyện có 12 thôn đạt chuẩn nông thôn mới kiểu mẫu.\n")
TABLE = "| STT | Chỉ tiêu | ĐVT | {0} | {1} | So sánh (%) |\n|---|---|---|---|---|---|\n"
# (report text, dated 15/01/2025) → statuses of the three goals (income 52, money 400, 12 villages)
MEASURE_ROW_CASES = [
    (TABLE.format("Kế hoạch năm 2024", "Thực hiện năm 2024")
     + "| 1 | Thu nhập bình quân đầu người khu vực nông thôn | triệu đồng/người/năm | 52 | 50,4 | 96,9 |\n"
     + "| 2 | Số thôn đạt chuẩn nông thôn mới kiểu mẫu (lũy kế) | thôn | 12 | 12 | 100 |\n",
     ("partly_met", "no_evidence", "met")),
    # an estimate is no result; a count without "lũy kế" may be the year's new ones
    (TABLE.format("Kế hoạch năm 2024", "Ước thực hiện năm 2024")
     + "| 1 | Thu nhập bình quân đầu người khu vực nông thôn | triệu đồng/người/năm | 52 | 53 | 101,9 |\n"
     + "| 2 | Số thôn đạt chuẩn nông thôn mới kiểu mẫu | thôn | 12 | 12 | 100 |\n",
     ("no_evidence", "no_evidence", "no_evidence")),
    # a share of the plan for the money, of that year
    ("Năm 2024, tổng nguồn lực huy động xây dựng nông thôn mới đạt 104% kế hoạch.", ("no_evidence", "met", "no_evidence")),
    ("Năm 2024, tổng nguồn lực huy động xây dựng nông thôn mới đạt 75% kế hoạch.",
     ("no_evidence", "partly_met", "no_evidence")),
    # another year's share, or a share of the plan's money read as a share of villages: no evidence
    ("Năm 2023, tổng nguồn lực huy động xây dựng nông thôn mới đạt 104% kế hoạch.",
     ("no_evidence", "no_evidence", "no_evidence")),
    ("Năm 2024, nguồn lực cho xây dựng nông thôn mới đạt 90% kế hoạch.", ("no_evidence", "no_evidence", "no_evidence")),
    # an amount governs over a share of the plan
    ("Năm 2024, tổng nguồn lực huy động xây dựng nông thôn mới đạt 410 tỷ đồng, bằng 95% kế hoạch.",
     ("no_evidence", "met", "no_evidence")),
]


@pytest.mark.parametrize("report, want", MEASURE_ROW_CASES, ids=range(len(MEASURE_ROW_CASES)))
def test_results_tables_and_shares_of_the_plan(report, want):
    found = {f.commitment.indicator: f for f in findings(GOALS, [("2025-01-15", report)])}
    got = tuple(found[i].status for i in ("thu_nhap_binh_quan", "von_huy_dong", "thon_ntm_kieu_mau"))
    assert got == want, [found[i].reason for i in found]
    assert all(e.source.quote for f in found.values() for e in f.evidence)


# (report sentence) → status of "100% xã đã đạt chuẩn NTM duy trì và nâng chất các tiêu chí năm 2025"
KEEPING_CASES = [
    ("Đến ngày 31/12/2025, 14/15 xã đã đạt chuẩn nông thôn mới duy trì và nâng chất các tiêu chí.", "partly_met"),
    ("Đến ngày 31/12/2025, 15/15 xã đã đạt chuẩn nông thôn mới duy trì và nâng chất các tiêu chí.", "met"),
    # a count of NTM communes says nothing of keeping the standard
    ("Đến ngày 31/12/2025, toàn huyện có 15/15 xã đạt chuẩn nông thôn mới.", "no_evidence"),
]


@pytest.mark.parametrize("report, want", KEEPING_CASES, ids=range(len(KEEPING_CASES)))
def test_a_goal_to_keep_the_standard(report, want):
    text = "II. MỤC TIÊU\n\n1. 100% xã đã đạt chuẩn nông thôn mới duy trì và nâng chất các tiêu chí trong năm 2025.\n"
    (found,) = findings(text, [("2026-01-10", report)])
    assert found.commitment.indicator == "xa_ntm_duy_tri" and found.status == want, found.reason


# (caption of a results table) → the place its one-measure rows are about
ROW_PLACE_CASES = [
    ("Kết quả thực hiện các chỉ tiêu năm 2024:", "partly_met"),                      # the report's own unit
    ("Kết quả thực hiện các chỉ tiêu năm 2024 của xã Tiên Lương:", "no_evidence"),   # one commune's
    ("Kết quả của xã Tiên Lương và xã Tùng Khê năm 2024:", "no_evidence"),          # several places'
]


@pytest.mark.parametrize("caption, want", ROW_PLACE_CASES, ids=range(len(ROW_PLACE_CASES)))
def test_a_results_table_of_another_place(caption, want):
    report = (f"{caption}\n\n" + TABLE.format("Kế hoạch năm 2024", "Thực hiện năm 2024")
              + "| 1 | Thu nhập bình quân đầu người khu vực nông thôn | triệu đồng/người/năm | 52 | 50,4 | 96,9 |\n")
    found = {f.commitment.indicator: f for f in findings(GOALS, [("2025-01-15", report)])}
    assert found["thu_nhap_binh_quan"].status == want, found["thu_nhap_binh_quan"].reason


COMMUNES = ("II. MỤC TIÊU\n\n1. Năm 2024, xã Tiên Lương và xã Tùng Khê đạt chuẩn nông thôn mới.\n\n"
            "2. Thu nhập bình quân đầu người khu vực nông thôn năm 2024 đạt 52 triệu đồng/người/năm.\n")
# (report dated 15/01/2025) → statuses of (Tiên Lương NTM 2024, Tùng Khê NTM 2024, income 52 by 2024)
COMMUNE_TABLE_CASES = [
    ("Kết quả các xã (đến 31/12/2024):\n\n| TT | Xã | Số tiêu chí đạt | Đạt chuẩn năm |\n|---|---|---|---|\n"
     "| 1 | Tiên Lương | 19 | 2024 |\n| 2 | Tùng Khê | 17 | |\n", ("met", "no_evidence", "no_evidence")),
    # the year a roadmap plans is no result, even in a report
    ("Danh sách xã:\n\n| TT | Xã | Số tiêu chí đạt | Năm đạt chuẩn |\n|---|---|---|---|\n"
     "| 1 | Tiên Lương | 17 | 2024 |\n| 2 | Tùng Khê | 17 | 2025 |\n", ("no_evidence", "no_evidence", "no_evidence")),
    ("Kết quả các xã (đến 31/12/2024):\n\n| TT | Xã | Số tiêu chí đạt | Ghi chú |\n|---|---|---|---|\n"
     "| 1 | Tiên Lương | 19/19 | Đạt chuẩn NTM |\n| 2 | Tùng Khê | 17/19 | Chưa đạt tiêu chí 13, 17 |\n",
     ("met", "missed", "no_evidence")),
    # the plan's figure in brackets inside a result sentence: the result is read, the bracket is not
    ("Năm 2024, thu nhập bình quân đầu người khu vực nông thôn đạt 50,8 triệu đồng/người/năm (mục tiêu 52 triệu đồng).",
     ("no_evidence", "no_evidence", "partly_met")),
    ("Năm 2024, thu nhập bình quân đầu người khu vực nông thôn đạt 53 triệu đồng/người/năm (kế hoạch 52 triệu đồng).",
     ("no_evidence", "no_evidence", "met")),
    ("Phấn đấu năm 2025 thu nhập bình quân đầu người khu vực nông thôn đạt 56 triệu đồng/người/năm.",
     ("no_evidence", "no_evidence", "no_evidence")),
]


@pytest.mark.parametrize("report, want", COMMUNE_TABLE_CASES, ids=range(len(COMMUNE_TABLE_CASES)))
def test_commune_tables_and_bracketed_targets(report, want):
    found = {f.commitment.place.name if f.commitment.binary else f.commitment.indicator: f
             for f in findings(COMMUNES, [("2025-01-15", report)])}
    got = tuple(found[k].status for k in ("Tiên Lương", "Tùng Khê", "thu_nhap_binh_quan"))
    assert got == want, [f.reason for f in found.values()]
