"""A scanned page's two-column header, read column by column (pipeline/read/ocr_header.py): cases
as data in tests/data/ocr_headers.json, on OCR pages built from word boxes, and every word kept
at its offsets whatever the layout (hypothesis). The whole path, a scan through `ntm extract`,
is in tests/test_office_files.py."""
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.read.ocr_header import header_by_columns
from tests.ocr_pages import page_of_lines

PAGE = (2480, 3508)                      # A4 at 300 dpi
CASES = json.loads((Path(__file__).parent / "data" / "ocr_headers.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_header_columns(case):
    page = page_of_lines(case["lines"])
    out = header_by_columns(page, PAGE)
    if case.get("unchanged"):
        assert out.text == page.text
    else:
        assert out.text.split("\n")[:len(case["expect"])] == case["expect"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2300), st.integers(0, 1600), st.sampled_from(["ỦY", "Số:", "CỘNG", "ngày", "12"])),
                min_size=1, max_size=30))
def test_every_word_kept_at_its_offsets(words):
    rows: dict[int, list] = {}
    for left, top, text in sorted(words, key=lambda w: (w[1] // 60, w[0])):
        rows.setdefault(top // 60, []).append((text, left, (top // 60) * 60))
    page = page_of_lines(list(rows.values()))
    out = header_by_columns(page, PAGE)
    assert all(out.text[w.start:w.end] == w.text for w in out.words)
    assert sorted(w.text for w in out.words) == sorted(w.text for w in page.words)
