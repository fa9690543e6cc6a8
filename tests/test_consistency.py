"""Consistency: text → checks (kind, consistent), never a false alarm."""
import pytest

from extractors import extract
from pipeline.normalize import normalize_pages


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
    assert notes("- Giải ngân: 14.108 triệu đồng/30.433 triệu đồng, đạt 46,35% kế hoạch.") == ["truncated, not rounded"]


def test_footnote_list_and_unmet():
    text = ("1.4. Đến nay toàn huyện có 05 thôn (làng) đạt chuẩn⁽²⁾. Xã A đã đạt 17/19 tiêu chí⁽³⁾.\n"
            "⁽²⁾ Thôn 2 (Kon Gol 1), xã Đăk Pnê; Thôn 4 (Kon Bư), xã Tân Lập; Thôn 3 (Kon GRồh), xã Đăk Kôi; "
            "Thôn Đak Jri, xã Đăk Tờ Re; Thôn 8 (Kon Nhên), xã Đăk Ruồng.\n"
            "⁽³⁾ Còn 02 tiêu chí chưa đạt, cụ thể: (i) Tiêu chí số 11 về hộ nghèo: Chưa đạt; (ii) Chỉ tiêu 14.3: Chưa có "
            "cơ sở để đánh giá.")
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
