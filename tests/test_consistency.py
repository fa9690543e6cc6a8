"""Consistency: text → checks (kind, consistent), never a false alarm."""
import pytest

from extractors import extract
from pipeline.model.normalize import normalize_pages


def checks(text):
    doc = normalize_pages([text], fmt="txt")
    return [(c.kind, c.consistent) for c in extract(doc).consistency]


def notes(text):
    return [c.note for c in extract(normalize_pages([text], fmt="txt")).consistency]


CASES = [
    # domain.md test 9: money parts in brackets
    ("- Tổng kế hoạch vốn năm 2023 là: 30.433 triệu đồng (Vốn đầu tư phát triển: 24.314 triệu đồng; Vốn sự nghiệp: "
     "2.562 triệu đồng; Vốn đầu tư kéo dài: 2.371 triệu đồng; Vốn sự nghiệp kéo dài: 1.186 triệu đồng).",
     [("sum", True)]),
    # a real mismatch in money parts is reported
    ("- Tổng vốn năm 2024 là: 10.000 triệu đồng (Vốn đầu tư: 6.000 triệu đồng; Vốn sự nghiệp: 3.000 triệu đồng).",
     [("sum", False)]),
    # domain.md test 10: truncated ratio
    ("- Tiến độ giải ngân (đến 31/10/2023): 14.108 triệu đồng/30.433 triệu đồng, đạt 46,35 kế hoạch.", [("ratio", True)]),
    # domain.md test 11: km parts rounded coarser than the total
    ("- Tập trung vào 03 tuyến đường ĐH, với tổng chiều dài 42,525 Km (tuyến ĐH.21 dài 19,5 Km; ĐH.22 dài 11 Km; "
     "ĐH.26 dài 12,02 Km).", [("count", True), ("sum", True)]),
    # domain.md test 13: ratio and derived average
    ("Tổng số tiêu chí đã đạt chuẩn là 107/114 tiêu chí đạt 93,86%, bình quân đạt 17,83 tiêu chí/xã.",
     [("ratio", True), ("ratio", True)]),
    ("Trong đó tỉnh được giao: xã nông thôn mới đạt 62,4% (với 53/85 xã đạt chuẩn).", [("ratio", True)]),
    ("Đến nay, toàn tỉnh có 125/216 xã đạt chuẩn nông thôn mới, chiếm 60,5%.", [("ratio", False)]),
    ("Đến nay, toàn tỉnh có 125/216 xã đạt chuẩn nông thôn mới, chiếm 57,87%.", [("ratio", True)]),
    ("Toàn tỉnh đạt 60,5% (với 125/216 xã đạt chuẩn).", [("ratio", False)]),
    # counts against lists
    ("Đến nay, toàn huyện có 04 xã (Tân Lập; Đăk Ruồng, Đăk Tơ Lung; Đăk Tờ Re) đạt chuẩn nông thôn mới.", [("count", True)]),
    ("Huyện đã đạt 03/09 tiêu chí (Tiêu chí số 3 - Thủy lợi, Tiêu chí số 4 - Điện, tiêu chí số 9 - Hệ thống chính trị). "
     "Còn 06 tiêu chí chưa đạt (Tiêu chí số 1, 2, 5, 6, 7 và 8).", [("sum", True), ("count", True), ("count", True)]),
    ("Phấn đấu có thêm 03 thôn đạt chuẩn (gồm: Thôn 3, thị trấn Đăk Rve; Thôn 6 (Kon Rá) và Thôn 7 (Kon Lung), "
     "xã Đăk Tơ Lung).", [("count", True)]),
    ("Phấn đấu có thêm 04 thôn đạt chuẩn (gồm: Thôn 3, thị trấn Đăk Rve; Thôn 6 (Kon Rá), xã Đăk Tơ Lung).",
     [("count", False)]),
    # a bracket that is only a part of the total: no alarm
    ("Toàn tỉnh có 40 xã đạt chuẩn (trong đó 10 xã đạt chuẩn nâng cao; 2 xã kiểu mẫu).", []),
    # single items and aliases are not lists
    ("Huyện có 01 xã (Tân Lập) đạt chuẩn; phấn đấu có thêm 135 thôn (làng) đạt chuẩn.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_checks(text, expected):
    assert checks(text) == expected


def test_truncation_note():
    assert notes("- Giải ngân: 14.108 triệu đồng/30.433 triệu đồng, đạt 46,35% kế hoạch.") == ["số ghi bị cắt bớt, không làm tròn"]


def test_footnote_list_and_unmet():
    text = ("1.4. Đến nay toàn huyện có 05 thôn (làng) đạt chuẩn⁽²⁾. Xã A đã đạt 17/19 tiêu chí⁽³⁾.\n"
            "⁽²⁾ Thôn 2 (Kon Gol 1), xã Đăk Pnê; Thôn 4 (Kon Bư), xã Tân Lập; Thôn 3 (Kon GRồh), xã Đăk Kôi; "
            "Thôn Đak Jri, xã Đăk Tờ Re; Thôn 8 (Kon Nhên), xã Đăk Ruồng.\n"
            "⁽³⁾ Còn 02 tiêu chí chưa đạt, cụ thể: (i) Tiêu chí số 11 về hộ nghèo: Chưa đạt; (ii) Chỉ tiêu 14.3: Chưa có "
            "cơ sở để đánh giá.")
    # the footnote count is quoted once, on the citing clause (as the seed annotations do)
    assert sorted(checks(text)) == [("count", True), ("count", True), ("sum", True)]


def test_criteria_total_derived_from_set_size():
    text = ("1.1. Đến nay, toàn huyện có 04 xã (Tân Lập; Đăk Ruồng, Đăk Tơ Lung; Đăk Tờ Re) đạt chuẩn nông thôn mới. "
            "Tổng số tiêu chí đã đạt chuẩn là 107/114 tiêu chí⁽⁹⁾.\n"
            "⁽⁹⁾ Còn 07 tiêu chí chưa đạt chuẩn (xã Đăk Pnê còn 03 tiêu chí: Tiêu chí số 9, 10, 11; xã Đăk Kôi còn 04 "
            "tiêu chí: tiêu chí số 6, 9, 10, 11).")
    got = extract(normalize_pages([text], fmt="txt")).consistency
    assert all(c.consistent for c in got)
    assert any(c.computed.startswith("4 xã × 19 + (19 - 03) + (19 - 04) = 107") for c in got)
    assert any(c.computed.startswith("114 - 107 = 7; 03 + 04 = 7") for c in got)


# Rules added for the held-out documents (invented sentences, other provinces).
NEW_CASES = [
    # money parts after "gồm:" (every item priced, so a mismatch is certain)
    ("Tổng kinh phí năm 2024 là 52,4 tỉ đồng, gồm: vốn đầu tư phát triển 40,1 tỉ đồng; vốn sự nghiệp 12,3 tỉ đồng.",
     [("sum", True)]),
    ("Tổng kinh phí năm 2024 là 52,4 tỉ đồng, gồm: vốn đầu tư phát triển 40,1 tỉ đồng; vốn sự nghiệp 10,3 tỉ đồng.",
     [("sum", False)]),
    # … but not when an item carries no amount
    ("Tổng kinh phí năm 2024 là 52,4 tỉ đồng, gồm: vốn đầu tư phát triển 40,1 tỉ đồng; vốn sự nghiệp theo định mức; "
     "vốn lồng ghép 10,3 tỉ đồng.", []),
    # per-unit amount × count = a total stated in the paragraph
    ("Vốn đầu tư phát triển 36 tỉ đồng. Trong đó, phân bổ cho 04 huyện An Lão, Vĩnh Thạnh, Vân Canh và Hoài Ân, "
     "mỗi huyện 9 tỉ đồng.", [("sum", True)]),
    # a percentage in brackets after its count, across a hard wrap
    ("Đến hết năm 2020, toàn tỉnh có 98/104 xã\nđạt chuẩn nông thôn mới (đạt 94,2%).", [("ratio", True)]),
    # a count against a list a clause later, by unit words
    ("Có 03 đơn vị cấp huyện đạt chuẩn, hoàn thành nhiệm vụ xây dựng nông thôn mới (huyện Tuy Phước, thị xã An Nhơn "
     "và thành phố Quy Nhơn).", [("count", True)]),
    # a list introduced by ", gồm:" after the clause (names only, so agreement only)
    ("Còn 04 xã chưa hoàn thiện hồ sơ, gồm: Cát Hiệp, Cát Lâm (huyện Phù Cát), Mỹ Châu (huyện Phù Mỹ) và Ân Tín.",
     [("count", True)]),
    ("Còn 05 xã chưa hoàn thiện hồ sơ, gồm: Cát Hiệp, Cát Lâm (huyện Phù Cát), Mỹ Châu (huyện Phù Mỹ) và Ân Tín.", []),
    # "làng" starts with "là": a list of villages is still counted right
    ("Huyện đã công nhận thêm 03 làng đạt chuẩn (làng Đê Tar, xã Kon Thụp; làng Tơ Lơ, xã Đăk Yă; làng Groi, xã Hà Ra).",
     [("count", True)]),
    # plan = done + remaining
    ("Năm 2022, tỉnh phấn đấu có thêm 07 xã đạt chuẩn. Đến nay mới có 02 xã được công nhận. Qua rà soát, còn 05 xã "
     "chưa hoàn thiện hồ sơ.", [("sum", True)]),
    # a running total: earlier X/Y + added = new X/Y
    ("Đến nay có 140/160 xã đạt chuẩn.\nPhấn đấu có thêm 06 xã đạt chuẩn, nâng tổng số xã đạt chuẩn lên 146/160 xã.",
     [("sum", True)]),
    ("Đến nay có 140/160 xã đạt chuẩn.\nPhấn đấu có thêm 06 xã đạt chuẩn, nâng tổng số xã đạt chuẩn lên 147/160 xã.", []),
    # disbursement share against the plan total stated before it
    ("Tổng vốn năm 2024 được giao là 30.000 triệu đồng. Đến 30/6/2024, đã giải ngân 12.345 triệu đồng, đạt 41,1% kế hoạch.",
     [("ratio", True)]),
    # a range is not a count
    ("Phấn đấu có thêm từ 02 đến 03 xã đạt chuẩn (xã Cát Hiệp, xã Cát Lâm).", []),
]


@pytest.mark.parametrize("text,expected", NEW_CASES)
def test_new_checks(text, expected):
    assert sorted(checks(text)) == sorted(expected)


def test_award_rates_times_counts():
    text = ("1. Xã đạt chuẩn nông thôn mới nâng cao: thưởng 1 tỷ đồng/xã.\n"
            "2. Xã đạt chuẩn nông thôn mới kiểu mẫu: thưởng 1,5 tỷ đồng/xã.\n"
            "Dự kiến toàn tỉnh có 10 xã đạt chuẩn nông thôn mới nâng cao và 04 xã đạt chuẩn nông thôn mới kiểu mẫu; "
            "tổng kinh phí thưởng dự kiến khoảng 16 tỷ đồng.")
    assert checks(text) == [("sum", True)]
    assert checks(text.replace("khoảng 16 tỷ", "khoảng 20 tỷ")) == []


def test_count_in_a_footnote_cited_after_the_clause():
    text = ("Toàn tỉnh có 03 đơn vị cấp huyện được công nhận đạt chuẩn, hoàn thành nhiệm vụ xây dựng nông thôn mới⁽¹⁾.\n"
            "⁽¹⁾ Thị xã An Nhơn, huyện Tuy Phước và thành phố Quy Nhơn.")
    got = extract(normalize_pages([text], fmt="txt")).consistency
    assert [(c.kind, c.consistent) for c in got] == [("count", True)]
