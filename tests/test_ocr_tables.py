"""Ruled tables on scanned pages (pipeline/read/ocr_tables.py): found in the page image, read cell
by cell, spanning header cells told by their missing lines, written into the page text as
"cell | cell" lines. Cases as data in tests/data/ocr_tables.jsonl, on the scanned renditions of the
invented office files (tests/fixtures/files: a 200 dpi scan, turned up to 0.6°, speckled)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.read.ocr import ocr_image, render_pdf_page, tesseract_available

FILES = Path(__file__).parent / "fixtures" / "files" / "docs"
CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "ocr_tables.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]
pytestmark = pytest.mark.skipif(not tesseract_available(), reason="needs tesseract-ocr and tesseract-ocr-vie")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_scanned_table_read_cell_by_cell(case):
    from pipeline.read.ocr_tables import read_tables

    image = render_pdf_page(FILES / case["file"], case["page"] - 1, 300)
    page, tables = read_tables(image, ocr_image(image), threshold=0)
    assert len(tables) == 1
    rows = tables[0]
    assert max(c for row in rows for c, _, _ in row) + 1 == case["columns"]
    header = {c: t for c, t, _ in rows[0]}
    assert all(header.get(c) == t for c, t in case["header"]), header
    assert [c for c, _, merged in rows[1] if merged] == case["merged_under_header"]
    assert all({c: t for c, t, _ in rows[1]}.get(c) == t for c, t in case["sub_header"])
    by_label = {row[1][1]: [t for _, t, _ in row[2:]] for row in rows[2:]}
    for label, *cells in case["rows"]:
        assert by_label.get(label) == cells, (label, by_label.get(label))
    lines = [" ".join(line.split()) for line in page.text.split("\n")]
    assert all(line in lines for line in case["lines"])
