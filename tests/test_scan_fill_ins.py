"""The second OCR read of a scanned header's handwritten number and date: the agreement rule,
what one RapidOCR read gives, where Tesseract saw the two lines (cases as data:
tests/data/fill_ins.json), and real scans through the reader and the extractor."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ocr_pages import page_of_lines

from extractors import extract
from pipeline.read import read_file
from pipeline.read.ocr import tesseract_available
from pipeline.read.ocr_fill_ins import (
    _date_read,
    _header_lines,
    _number_read,
    _possible_day,
    _possible_month,
    _possible_number,
    agree,
    compatible,
    engine_available,
)

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "data" / "fill_ins.json").read_text(encoding="utf-8"))
POSSIBLE = {"number": _possible_number, "day": _possible_day, "month": _possible_month}
PAGE_HEIGHT = 3508


@pytest.mark.parametrize("case", CASES["agree"], ids=[c["id"] for c in CASES["agree"]])
def test_agree(case):
    assert agree(case["reads"], case["first"], POSSIBLE[case["field"]]) == case["value"]


@pytest.mark.parametrize("case", CASES["number_reads"], ids=[c["text"] for c in CASES["number_reads"]])
def test_number_read(case):
    assert _number_read(case["text"], case["symbol"])[0] == case["digits"]


@pytest.mark.parametrize("case", CASES["date_reads"], ids=[c["text"] for c in CASES["date_reads"]])
def test_date_read(case):
    assert _date_read(case["text"]) == (case["day"], case["month"], case["year"])


@pytest.mark.parametrize("case", CASES["header_lines"], ids=[c["id"] for c in CASES["header_lines"]])
def test_header_lines(case):
    number, date = _header_lines(page_of_lines(case["lines"]), PAGE_HEIGHT)
    assert (" ".join(w.text for w in number) if number else None) == case["number"]
    assert (" ".join(w.text for w in date) if date else None) == case["date"]


DIGITS = st.one_of(st.none(), st.text("0123456789", min_size=1, max_size=4))


@given(st.lists(DIGITS, min_size=1, max_size=3), DIGITS, st.sampled_from(sorted(POSSIBLE)))
def test_a_taken_value_is_read_and_never_contradicted(reads, first, field):
    possible = POSSIBLE[field]
    value = agree(reads, first, possible)
    if value is not None:
        assert value in reads and possible(value)
        assert all(compatible(value, r) for r in reads if r is not None and possible(r))
        assert first is None or not possible(first) or compatible(first, value)
        assert sum(r is not None and possible(r) for r in reads) >= 2 or (first is not None and compatible(first, value))


REAL = ROOT / "tests" / "fixtures" / "realdocs"


@pytest.mark.skipif(not (tesseract_available() and engine_available()),
                    reason="needs tesseract-ocr-vie and rapidocr_onnxruntime")
@pytest.mark.parametrize("name,number,date", [
    ("17_cv-464-TTg-CDS_scan.pdf", "464/TTg-CĐS", "2026-04-30"),        # a scan: number and day in ink
    ("10_ttr-298-TTr-CAT-PC04.pdf", "298/TTr-CAT-PC04", "2025-10-24"),  # a damaged layer OCRed; Tesseract saw no digits
])
def test_handwritten_number_and_day_of_real_scans(name, number, date):
    result = extract(read_file(REAL / name))
    info = result.document
    assert (info.number, info.date) == (number, date)
    taken = {field: c for field, c in info.candidates.items() if c.get("taken")}
    assert set(taken) == {"number", "date"}
    assert all(c["engine"] == "rapidocr" and c["page"] == 1 for c in taken.values())


@pytest.mark.skipif(not (tesseract_available() and engine_available()),
                    reason="needs tesseract-ocr-vie and rapidocr_onnxruntime")
def test_second_reads_are_stored_and_shown_for_a_person_to_confirm(tmp_path):
    """Through the real flow into SQLite: the number the second read gave is stored with what each
    read said, and `ntm show` says it was handwritten and needs confirming."""
    from conftest import ingested
    from typer.testing import CliRunner

    from pipeline.face.cli import app

    db = ingested([REAL / "17_cv-464-TTg-CDS_scan.pdf"], tmp_path)
    shown = CliRunner().invoke(app, ["show", "464/TTg-CĐS", "--db", str(db), "--json"])
    assert shown.exit_code == 0, shown.output
    view = json.loads(shown.output)
    assert view["number"] == "464/TTg-CĐS"
    assert view["candidates"]["number"]["taken"] and view["candidates"]["number"]["reads"] == ["464", "464"]
    text = CliRunner().invoke(app, ["show", "464/TTg-CĐS", "--db", str(db)]).output
    assert "viết tay, đọc lại bằng rapidocr (464, 464): cần người xác nhận" in text


def test_a_number_taken_from_the_file_name_is_shown_as_such(tmp_path):
    """`ntm show` says where a number no engine read came from; the stored view keeps the name."""
    import sqlite_utils
    from conftest import ingested
    from typer.testing import CliRunner

    from pipeline.face.cli import app

    letter = tmp_path / "letter"
    letter.mkdir()
    (letter / "ct-07-CT-UBND.txt").write_text("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: … /CT-UBND\n"
                                             "Quảng Ngãi, ngày 20 tháng 3 năm 2018\nCHỈ THỊ\nVề nông thôn mới\n"
                                             "Các sở, ngành thực hiện.", encoding="utf-8")
    db = ingested([letter / "ct-07-CT-UBND.txt"], tmp_path)
    taken = {"value": "07/CT-UBND", "source": "file_name", "file": "ct-07-CT-UBND.pdf", "taken": True,
             "ocr": "92/CT-UBND", "page": 1}
    # as the extractor stores a scan's number read from its name (the text file stands in for the scan)
    sqlite_utils.Database(db)["documents"].update(1, {"candidates": json.dumps({"number": taken})})
    text = CliRunner().invoke(app, ["show", "1", "--db", str(db)]).output
    assert "viết tay, lấy theo tên tệp ct-07-CT-UBND.pdf; OCR đọc được: 92/CT-UBND: cần người xác nhận" in text
