"""Quantities: input sentence → expected targets and achievements (value, unit, denominator, …)."""
import pytest

from extractors.quantities import extract_quantities
from pipeline.model import DocumentInfo
from pipeline.model.normalize import normalize_pages

REPORT_2023 = DocumentInfo(type="Báo cáo", date="2023", issuer="Ủy ban nhân dân huyện Kon Rẫy", place="Kon Rẫy")
PLAN_2024 = DocumentInfo(type="Kế hoạch", date="2024-03-29", issuer="Ủy ban nhân dân tỉnh Kon Tum", place="Kon Tum")


def run(text, info=REPORT_2023):
    doc = normalize_pages([text], fmt="txt")
    return extract_quantities(doc, info, [])


def facts(items):
    return [(q.value, q.unit, q.denominator) for q in items]


CASES = [
    # (text, info, expected targets, expected achievements)
    ("Đến nay, toàn tỉnh có 125/216 xã đạt chuẩn nông thôn mới, chiếm 57,87%.", PLAN_2024,
     [], [(125, "xã", 216), (57.87, "%", None)]),
    ("Phấn đấu đến hết năm 2025 có thêm 15 xã đạt chuẩn NTM nâng cao.", PLAN_2024, [(15, "xã", None)], []),
    # domain.md test 17
    ("Ban Thường vụ Tỉnh ủy xác định mục tiêu phấn đấu đến năm 2025, toàn tỉnh có từ 50% trở lên số thôn (làng) "
     "vùng đồng bào dân tộc thiểu số đạt chuẩn thôn nông thôn mới.", PLAN_2024, [(50, "%", None)], []),
    # domain.md test 13: fraction, percentage and rate in one sentence
    ("Tổng số tiêu chí đã đạt chuẩn xã nông thôn mới là 107/114 tiêu chí đạt 93,86%, bình quân đạt 17,83 tiêu chí/xã.",
     REPORT_2023, [], [(107, "tiêu chí", 114), (93.86, "%", None), (17.83, "tiêu chí/xã", None)]),
    # domain.md test 14: a goal without a figure, an achievement, an expectation without a figure
    ("Xã Đăk Ruồng phấn đấu đạt xã nông thôn mới nâng cao năm 2023, đến nay đã đạt 17/19 tiêu chí, dự kiến cuối năm "
     "2023, xã đạt chuẩn xã nông thôn mới nâng cao theo quy định.", REPORT_2023, [], [(17, "tiêu chí", 19)]),
    # domain.md test 15: a percentage and its count are two items
    ("Thông báo số 1397/TB-BNN-VPĐP ngày 29 tháng 02 năm 2024 về mục tiêu năm 2024 (trong đó tỉnh Kon Tum được giao: "
     "xã nông thôn mới nâng cao đạt 20,8% (với 11/53 xã đạt chuẩn), huyện nông thôn mới có 01 huyện đạt chuẩn.",
     PLAN_2024, [(20.8, "%", None), (11, "xã", 53), (1, "huyện", None)], []),
    # status counts are neither
    ("Còn 07 tiêu chí chưa đạt chuẩn (xã Đăk Pnê còn 03 tiêu chí: Tiêu chí số 9, 10, 11).", REPORT_2023, [], []),
    ("Hiện xã còn 22 nhà tạm (năm 2023 xóa được 06 nhà tạm).", REPORT_2023, [], [(6, "nhà tạm", None)]),
    # labels are not quantities
    ("Kính gửi: HĐND huyện khóa XV, kỳ họp thứ 7. Thực hiện Kế hoạch số 1754/KH-UBND ngày 12/6/2023; "
     "Tiêu chí số 9 và Chỉ tiêu 14.3; tuyến ĐH.21 tại Thôn 3, xã Tân Lập.", REPORT_2023, [], []),
    ("Đã trồng 2.347 cây xanh và 58.100 cây lâm nghiệp các loại.", REPORT_2023, [], [(2347, "cây", None), (58100, "cây", None)]),
    ("Tiến độ giải ngân (đến 31/10/2023): 14.108 triệu đồng/30.433 triệu đồng, đạt 46,35 kế hoạch; Ước giải ngân "
     "đến hết niên độ: 30.433 triệu đồng/30.433 triệu đồng, đạt 100 kế hoạch.", REPORT_2023,
     [(100, "% kế hoạch", None)], [(46.35, "% kế hoạch", None)]),
    ("Qua rà soát sơ bộ, các thôn đạt từ 07-10 tiêu chí.", REPORT_2023, [], [(7, "tiêu chí", None)]),
    ("Năm 2024, mỗi huyện lựa chọn 01 thôn làm điểm; phấn đấu 100% số hộ có điện.", PLAN_2024,
     [(1, "thôn/huyện", None), (100, "%", None)], []),
]


@pytest.mark.parametrize("text,info,targets,achievements", CASES)
def test_quantities(text, info, targets, achievements):
    got_t, got_a = run(text, info)
    assert facts(got_t) == targets
    assert facts(got_a) == achievements


def test_deadline_from_section_heading_and_typo_cue():
    text = ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024\n1. Mục tiêu\n"
            "- Phần đầu đạt chuẩn thêm 02 tiêu chí huyện nông thôn mới (Tiêu chí số 1 - Quy hoạch, Tiêu chí số 8 - "
            "Chất lượng môi trường sống).")
    targets, achievements = run(text)
    assert [(q.value, q.deadline) for q in targets] == [(2, "2024")] and not achievements


def test_results_section_and_as_of():
    text = ("II. KẾT QUẢ THỰC HIỆN\n1.3. Xây dựng thôn đạt chuẩn nông thôn mới kiểu mẫu: Huyện có 02 thôn (thôn 3, "
            "xã Tân Lập; thôn 9, xã Đăk Ruồng).\n- Tiến độ giải ngân (đến 31/10/2023): đạt 46,35% kế hoạch.")
    targets, achievements = run(text)
    assert not targets
    assert [(q.value, q.as_of, q.as_of_inferred) for q in achievements] == [(2, "2023", True), (46.35, "2023-10-31", False)]


def test_deadlines_and_comparators():
    text = ("Giai đoạn 2022 - 2023: phấn đấu có 95 thôn (làng) đạt chuẩn nông thôn mới. Các thôn còn lại phấn đấu cơ bản "
            "có 6/10 tiêu chí đạt chuẩn trở lên. Đến cuối năm 2023, phấn đấu có thêm 06 thôn đạt chuẩn.")
    targets, _ = run(text, DocumentInfo())
    assert [(q.value, q.deadline, q.comparator) for q in targets] == [(95, "2023", None), (6, "2023", ">="), (6, "2023-12", None)]


def test_repeated_figure_once_and_quote_is_the_clause():
    text = ("Phấn đấu đến năm 2025, toàn tỉnh có 249/498 thôn (làng) được công nhận thôn nông thôn mới. "
            "Đến năm 2025: toàn tỉnh có 249/498 thôn (làng) được công nhận thôn nông thôn mới.")
    targets, _ = run(text, DocumentInfo())
    assert len(targets) == 1
    assert targets[0].text.endswith("249/498 thôn (làng) được công nhận thôn nông thôn mới")


def test_count_describing_a_length_is_not_separate():
    text = ("2. Các nhiệm vụ, giải pháp trọng tâm năm 2024\n- Nâng cấp các tuyến đường huyện, tập trung vào 03 tuyến "
            "đường ĐH, với tổng chiều dài 42,525 Km (tuyến ĐH.21 dài 19,5 Km; ĐH.22 dài 11 Km; ĐH.26 dài 12,02 Km).")
    targets, _ = run(text)
    assert facts(targets) == [(42.525, "km", None)]
    assert "03 tuyến đường ĐH, với tổng chiều dài 42,525 Km" in targets[0].text


PLAN_2023 = DocumentInfo(type="Kế hoạch", date="2023-03-10", issuer="Ủy ban nhân dân huyện Krông Bông", place="Krông Bông")
LETTER_2022 = DocumentInfo(type="Công văn", date="2022-10-21", issuer="Sở Nông nghiệp và PTNT tỉnh Bình Định", place="Bình Định")
REPORT_DEC_2023 = DocumentInfo(type="Báo cáo", date="2023-12-15", issuer="Ủy ban nhân dân huyện Tuy Phước", place="Tuy Phước")
NEWS = DocumentInfo()

# (text, info, expected targets, expected achievements): rules added for the held-out documents
NEW_CASES = [
    # ranges: one item with value_max, no separate item for the upper bound
    ("- Có thêm khoảng 30 - 35 thôn đạt chuẩn thôn nông thôn mới tại các xã vùng cao.", PLAN_2024, [(30, "thôn", None)], []),
    ("Phấn đấu đến năm 2025 có thêm từ 03 đến 04 đơn vị cấp huyện đạt chuẩn nông thôn mới.", PLAN_2024, [(3, "huyện", None)], []),
    ("Đến nay, 02 đơn vị cấp huyện đã hoàn thành nhiệm vụ xây dựng nông thôn mới.", REPORT_2023, [], [(2, "huyện", None)]),
    # counts that only name the group a statement is about
    ("2. Chỉ tiêu cụ thể\n- Đối với 02 huyện vùng cao: mỗi huyện có thêm ít nhất 01 xã đạt chuẩn nông thôn mới.", PLAN_2024,
     [(1, "xã", None)], []),
    ("Vốn đầu tư phát triển phân bổ cho 04 huyện Vĩnh Thạnh, Vân Canh, An Lão và Hoài Ân.", PLAN_2024, [], []),
    ("Tổng số tiêu chí đạt chuẩn của 10 xã là 170/190 tiêu chí.", REPORT_2023, [], [(170, "tiêu chí", 190)]),
    ("Riêng 02 huyện vùng cao Vĩnh Thạnh và Vân Canh mới có 03 xã đạt chuẩn.", REPORT_2023, [], [(3, "xã", None)]),
    # … but the object of an action is still a result
    ("- Tổ chức Lễ trao Quyết định công nhận thôn đạt chuẩn năm 2022 đối với 04 thôn vùng đồng bào.", REPORT_2023,
     [], [(4, "thôn", None)]),
    # remaining counts are status, not achievements
    ("Toàn huyện còn 95/1.020 hộ nghèo; tỷ lệ hộ nghèo giảm còn 9,3%.", REPORT_2023, [], []),
    # a past date or a present state beats a "MỤC TIÊU" heading
    ("II. MỤC TIÊU\nĐến cuối năm 2021, toàn huyện có 06 xã đạt chuẩn nông thôn mới. Phấn đấu năm 2023 có thêm 02 xã đạt chuẩn.",
     PLAN_2023, [(2, "xã", None)], [(6, "xã", None)]),
    ("II. MỤC TIÊU\nHiện có 09 xã đạt chuẩn; đến năm 2025 có thêm 03 xã đạt chuẩn.", PLAN_2023,
     [(3, "xã", None)], [(9, "xã", None)]),
    # a year-end report's events of its own year are results, even where a forward verb follows
    ("2. Kết quả huy động nguồn lực\nNăm 2023, Nhân dân hiến 1.870 m2 đất, góp công nâng cấp 2,4 km đường giao thông.",
     REPORT_DEC_2023, [], [(1870, "m2", None), (2.4, "km", None)]),
    # a goal with a future date in a results section is a target
    ("I. KẾT QUẢ THỰC HIỆN\nTập trung giải ngân vốn năm 2022, phấn đấu đến ngày 31/12/2022 giải ngân đạt trên 90% kế hoạch vốn.",
     LETTER_2022, [(90, "% kế hoạch", None)], []),
    ("I. KẾT QUẢ THỰC HIỆN\nĐến ngày 15/10/2022 giải ngân đạt 41,2% kế hoạch.", LETTER_2022, [], [(41.2, "% kế hoạch", None)]),
    # a news article's present-state figures
    ("Đến nay, huyện có 21 sản phẩm OCOP. 100% hộ dân sử dụng điện an toàn.", NEWS, [],
     [(21, "sản phẩm", None), (100, "%", None)]),
]


@pytest.mark.parametrize("text,info,targets,achievements", NEW_CASES)
def test_new_rules(text, info, targets, achievements):
    got_t, got_a = run(text, info)
    assert facts(got_t) == targets
    assert facts(got_a) == achievements


def test_range_is_one_item_quoting_the_clause():
    got_t, _ = run("- Có thêm khoảng 30 - 35 thôn đạt chuẩn thôn nông thôn mới tại các xã vùng cao.", PLAN_2024)
    assert (got_t[0].value_max, got_t[0].comparator) == (35, "~")
    assert "30 - 35 thôn đạt chuẩn" in got_t[0].text


def test_percentage_quotes_its_count():
    _, got_a = run("Tổng số tiêu chí đạt chuẩn của 10 xã là 170/190 tiêu chí, đạt 89,5%.", REPORT_2023)
    pct = [q for q in got_a if q.unit == "%"][0]
    assert pct.text.startswith("170/190 tiêu chí") and pct.text.endswith("89,5%")


def _cases(name):
    import json
    from pathlib import Path
    path = Path(__file__).parent / "data" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


INFOS = {"report": DocumentInfo(type="Báo cáo", date="2025-11"), "plan": DocumentInfo(type="Kế hoạch", date="2025-02"),
         "directive": DocumentInfo(type="Thông báo", date="2025-10"),
         "undated": DocumentInfo()}                  # a news article: no type, no date of its own


@pytest.mark.parametrize("case", _cases("quantities.jsonl"), ids=lambda c: c["id"])
def test_quantities_as_real_offices_write_them(case):
    """tests/data/quantities.jsonl: [value, denominator, comparator, value_max] of every target and
    achievement expected, in order; words a quote must hold or must not."""
    got_t, got_a = run(case["text"], INFOS[case["info"]])
    for got, want in ((got_t, case["targets"]), (got_a, case["achievements"])):
        assert [(q.value, q.denominator, q.comparator, q.value_max) for q in got] == [tuple(w) for w in want], \
            [(q.value, q.text) for q in got]
    quotes = [q.text for q in got_t + got_a]
    for words in case.get("quote_has", []):
        assert any(words in q for q in quotes), quotes
    for words in case.get("quote_lacks", []):
        assert not any(words in q for q in quotes), quotes


def test_result_table_gives_one_achievement_per_figure_cell():
    """A table of results (an index by province: score and rank) in a results section: one
    achievement per figure cell, as of the year the heading names, quoting its row from the label
    to the cell (so a rank keeps the score it ranks and the province both)."""
    from extractors import extract
    from pipeline.read.tables import attach_tables

    rows = [["Tỉnh", "PAR Index", "PAR Index", "SIPAS"], ["", "Điểm số", "Thứ hạng", "Chỉ số"],
            ["Đắk Nông", "86,6/100", "50/63", "83,1%"], ["Bình Thuận", "88,3/100", "34/63", "82,6%"]]
    text = "BÁO CÁO\nI. KẾT QUẢ CÁC CHỈ SỐ NĂM 2024\n" + "\n".join(" | ".join(c for c in r if c) for r in rows) + \
        "\nII. NHIỆM VỤ NĂM 2026\nĐến nay toàn tỉnh đã có 45/52 xã đạt chuẩn."
    doc = normalize_pages([text], fmt="txt")
    attach_tables(doc, [(None, [[(i, c, False) for i, c in enumerate(r)] for r in rows])])
    result = extract(doc)
    cells = [(q.value, q.denominator, q.as_of, q.text) for q in result.achievements if q.as_of == "2024"]
    assert [c[:2] for c in cells] == [(86.6, 100), (50, 63), (83.1, None), (88.3, 100), (34, 63), (82.6, None)]
    assert cells[1][3] == "Đắk Nông | 86,6/100 | 50/63"   # a rank quotes the score it ranks, from the row's label
    assert not result.targets


def test_total_row_repeating_the_text_is_one_fact():
    """A "|" table by province whose "Cộng" row repeats the counts a sentence gave above it (the
    sentence dated, the table not): each count once, the sentence's; the provinces' rows stay."""
    from extractors import extract

    text = ("BÁO CÁO\nI. KẾT QUẢ THỰC HIỆN\nĐến ngày 30/9/2025, toàn vùng có 412 xã đạt chuẩn nông thôn mới nâng cao "
            "và 96 xã đạt chuẩn nông thôn mới kiểu mẫu.\n"
            "STT | Tỉnh, thành phố | Xã NTM nâng cao | Xã NTM kiểu mẫu\n1 | Tuyên Quang | 230 | 51\n"
            "2 | Lào Cai | 182 | 45\nCộng | | 412 | 96\n")
    got = extract(normalize_pages([text], fmt="txt")).achievements
    values = sorted(q.value for q in got)
    assert values == [45, 51, 96, 182, 230, 412], [(q.value, q.text) for q in got]
    assert all(not q.text.startswith("Cộng") for q in got)
