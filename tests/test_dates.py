"""Dates: domain.md §3 expressions → ISO value, precision, role."""
import pytest

from extractors.dates import deadline_in, find_dates, parse_date
from pipeline.model.normalize import normalize_pages


def dates(text, doc_date=None):
    doc = normalize_pages([text], fmt="txt")
    return [(m.value, m.precision, m.role, m.year_inferred) for m in find_dates(doc, doc_date=doc_date)]


CASES = [
    ("Kon Tum, ngày 18 tháng 02 năm 2022", None, [("2022-02-18", "day", None, False)]),
    ("Kế hoạch số 1754/KH-UBND ngày 12/6/2023", None, [("2023-06-12", "day", None, False)]),
    ("Nghị quyết 07-NQ/HU, ngày 22/7/2021", None, [("2021-07-22", "day", None, False)]),
    ("ngày 29/02/2024", None, [("2024-02-29", "day", None, False)]),
    ("ngày 30/02/2023", None, []),
    ("trong quý II/2024", None, [("2024-Q2", "quarter", "deadline", False)]),
    ("Ra quân đầu xuân Quý Mão năm 2023", None, [("2023", "year", None, False)]),
    ("6 tháng đầu năm 2024", None, [("2024-H1", "half", None, False)]),
    ("giai đoạn 2021 -2025", None, [("2021/2025", "period", None, False)]),
    ("nhiệm kỳ 2021-2026", None, []),
    ("Tiến độ giải ngân (đến 31/10/2023): 14.108 triệu đồng", None, [("2023-10-31", "day", "as_of", False)]),
    ("báo cáo trước ngày 30/11", "2023", [("2023-11-30", "day", "deadline", True)]),
    ("hoàn thành vào cuối năm 2024", None, [("2024-12", "month", "deadline", False)]),
    ("tháng 11/2023", None, [("2023-11", "month", None, False)]),
]


@pytest.mark.parametrize("text,doc_date,expected", CASES)
def test_find_dates(text, doc_date, expected):
    assert dates(text, doc_date) == expected


def test_parse_date_and_deadline():
    assert parse_date("Kon Rẫy, ngày tháng năm 2023") == "2023"
    assert parse_date("ngày 25/9/2023") == "2023-09-25"
    doc = normalize_pages(["UBND huyện Ngọc Hồi hoàn thành mục tiêu huyện nông thôn mới vào cuối năm 2024."], fmt="txt")
    assert deadline_in(doc, 0, len(doc.text)) == "2024-12"


@pytest.mark.parametrize("text, deadline", [
    ("hoàn thành trong quý IV/2022", "2022-12"),
    ("hoàn thành trong 6 tháng đầu năm 2024", "2024-06"),
    ("hoàn thành trước ngày 15/11/2022", "2022-11-15"),
])
def test_deadlines_compare_as_iso(text, deadline):
    from extractors.dates import deadline_in
    doc = normalize_pages([text], fmt="txt")
    assert deadline_in(doc, 0, len(doc.text), "2022-10-01") == deadline
