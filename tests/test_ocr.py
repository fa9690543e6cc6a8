"""OCR: a scan made from a seed reads back with a low character error rate at 300 dpi."""
from __future__ import annotations

import difflib
import time
from pathlib import Path

import pytest

from pipeline.model.normalize import normalize_pages
from pipeline.read import ReadError
from pipeline.read.ocr import OcrPage, OcrWord, ocr_pdf_page, parse_tsv, tesseract_available, uncertain_numbers

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seeds" / "003_3b8164272555d3eb.txt"

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(),
    reason="Tesseract with Vietnamese is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")


def _scanner():
    """scripts/make_scanned_pdf.py, loaded by path: scripts/ is not an installed package."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_scanned_pdf", ROOT / "scripts" / "make_scanned_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edits (insertions + deletions + substitutions, from difflib's alignment) per reference character."""
    edits = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, reference, hypothesis, autojunk=False).get_opcodes():
        if op != "equal":
            edits += max(i2 - i1, j2 - j1)
    return edits / max(len(reference), 1)


def test_cer():
    assert character_error_rate("abc", "abc") == 0
    assert character_error_rate("abcd", "abxd") == 0.25


def test_parse_tsv_rebuilds_lines_and_offsets():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t10\t10\t20\t10\t96.5\tSố:",
        "5\t1\t1\t1\t1\t2\t40\t10\t50\t10\t41.0\t1052/KH-UBND",
        "5\t1\t1\t1\t2\t1\t10\t30\t20\t10\t90.0\tKon",
        "5\t1\t2\t1\t1\t1\t10\t60\t20\t10\t88.0\tTum",
    ]
    page = parse_tsv("\n".join([header, *rows]))
    assert page.text == "Số: 1052/KH-UBND\nKon\n\nTum"
    assert all(page.text[w.start:w.end] == w.text for w in page.words)
    assert [w.text for w in uncertain_numbers(page, 80)] == ["1052/KH-UBND"]
    assert page.masked_text(80) == "Số: …/KH-UBND\nKon\n\nTum"
    assert page.confidence == pytest.approx((96.5 + 41 + 90 + 88) / 4)


def test_missing_tesseract_is_a_read_error(monkeypatch):
    import pipeline.read.ocr as ocr
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    with pytest.raises(ReadError, match="tesseract-ocr-vie"):
        ocr.ocr_pdf_page(b"%PDF-1.4", 0)


@needs_tesseract
@pytest.mark.parametrize("degraded", [False, True], ids=["clean", "degraded"])
def test_scanned_seed_reads_back(tmp_path, degraded):
    make_scanned_pdf, seed_text = _scanner().make_scanned_pdf, _scanner().seed_text
    reference = seed_text(SEED)
    pdf = tmp_path / "scan.pdf"
    pages = make_scanned_pdf(reference, pdf, dpi=300, degraded=degraded)
    import pdfplumber
    with pdfplumber.open(pdf) as opened:
        assert not any((p.extract_text() or "").strip() for p in opened.pages), "the scan must have no text layer"

    started = time.perf_counter()
    results = [ocr_pdf_page(pdf.read_bytes(), i, dpi=300) for i in range(pages)]
    seconds_per_page = (time.perf_counter() - started) / pages
    hypothesis = normalize_pages([r.text for r in results], fmt="pdf", paged=True,
                                 ocr_pages=list(range(1, pages + 1))).text
    cer = character_error_rate(reference, hypothesis)
    print(f"\nOCR {'degraded' if degraded else 'clean'}: {pages} pages, CER {cer:.4f}, "
          f"{seconds_per_page:.2f} s/page at 300 dpi, mean confidence "
          f"{sum(r.confidence for r in results) / pages:.1f}")
    assert cer < 0.03
    assert all(isinstance(r, OcrPage) and r.confidence > 80 for r in results)
    assert all(isinstance(w, OcrWord) and 0 <= w.confidence <= 100 for r in results for w in r.words)
    assert "1052" in hypothesis and "nông thôn mới" in hypothesis
