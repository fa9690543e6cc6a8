"""The document block as real headers are laid out: cases as data in tests/data/headers.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.metadata import extract_document_info
from pipeline.model.normalize import normalize_pages

CASES = json.loads((Path(__file__).parent / "data" / "headers.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_header(case):
    doc = normalize_pages([case["text"]], fmt="pdf" if case.get("ocr") else "txt", paged=bool(case.get("ocr")),
                          ocr_pages=[1] if case.get("ocr") else None)
    info = extract_document_info(doc)
    for key, value in case["expect"].items():
        assert getattr(info, key) == value, f"{key}: {getattr(info, key)!r} != {value!r}"


def test_unreadable_number_keeps_the_ocr_candidate():
    doc = normalize_pages(["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: … /TB-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                           "Lâm Đồng, ngày … tháng 11 năm 2025\nTHÔNG BÁO\nKết luận của đồng chí Phó Chủ tịch\n"
                           "Ngày 07/11/2025, đồng chí chủ trì buổi làm việc."], fmt="pdf", paged=True, ocr_pages=[1])
    doc.ocr_candidates = [{"field": "number", "value": "493", "confidence": 47.1, "page": 1},
                          {"field": "day", "value": "13", "confidence": 30.0, "page": 1}]
    info = extract_document_info(doc)
    assert info.number is None and info.date is None
    assert info.candidates["number"] == {"value": "493/TB-UBND", "confidence": 47.1, "page": 1}
    assert info.candidates["date"]["value"] == "13"


SCANNED_HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: … /CT-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                  "Quảng Ngãi, ngày 20 tháng 3 năm 2018\nCHỈ THỊ\nVề tăng cường công tác xây dựng nông thôn mới\n"
                  "Thực hiện Chỉ thị số 11/CT-TTg của Thủ tướng Chính phủ.")


@pytest.mark.parametrize("name,scanned,number", [
    ("ct-07-CT-UBND_scan.pdf", True, "07/CT-UBND"),
    ("07_CT_UBND.pdf", True, "07/CT-UBND"),
    ("chi thi 7 ct ubnd.pdf", True, "7/CT-UBND"),
    ("ct-07-CT-UBND.pdf", False, None),              # a text layer's blank number is blank: a draft
    ("ct-07-KH-UBND.pdf", True, None),               # another symbol: another document
    ("07-CT-UBND_va_08-CT-UBND.pdf", True, None),    # two numbers: no choosing
    ("207-CT-UBNDT.pdf", True, None),                # the symbol is not whole
    ("scan_0012.pdf", True, None),
], ids=["dashes", "underscores", "spaces", "text-layer", "other-symbol", "two-numbers", "longer-symbol", "no-number"])
def test_a_scan_number_nobody_read_comes_from_the_file_name(name, scanned, number):
    """Offices name scans by their number; the name's number is taken only where the printed
    symbol is the same, and marked so for a person to confirm."""
    doc = normalize_pages([SCANNED_HEADER], fmt="pdf", paged=True, path=f"/in/{name}",
                          ocr_pages=[1] if scanned else None)
    doc.ocr_candidates = [{"field": "number", "value": "92", "confidence": 41.0, "page": 1}]
    info = extract_document_info(doc)
    assert info.number == number and info.number_symbol == "CT-UBND"
    if number:
        assert info.candidates["number"] == {"value": number, "source": "file_name", "file": name, "taken": True,
                                             "ocr": "92/CT-UBND", "page": 1}


def test_guidance_examples_are_not_references():
    from extractors.references import extract_references

    doc = normalize_pages(["Số: 12/HD-BTGTU\nKon Tum, ngày 5 tháng 3 năm 2024\nHƯỚNG DẪN\nVề thể thức văn bản\n"
                           "Căn cứ Quy định số 66-QĐ/TW ngày 6/2/2017 của Ban Chấp hành Trung ương.\n"
                           "Ghi số và ký hiệu văn bản. Ví dụ: Số 25-BC/TU hoặc Số 12/KH-UBND.\n"
                           "Thực hiện Công văn số 215/TTr-CAT(PC02) và Quyết định số 82/2023/NÐ-CP."], fmt="txt")
    assert [r.number for r in extract_references(doc)] == ["66-QĐ/TW", "215/TTr-CAT(PC02)", "82/2023/NĐ-CP"]


def test_rule_files_are_valid():
    from extractors.names import REQUIRED_KEYS, _validated

    for name in REQUIRED_KEYS:
        assert _validated(name)["_doc"]
