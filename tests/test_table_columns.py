"""Column roles of real office tables: the sub-column's own header decides its class, the header
cell spanning above it only when it says nothing; a header row of years; a column of years of
attainment holds dates, no figures; a row cut by a PDF page end joined back. Cases as data in
tests/data/table_columns.jsonl (a DOCX laid out as the office-file builder lays out a data table,
merged header cells included) and tests/data/split_rows.jsonl (the PDF reader's rows of two pages)."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from extractors import extract
from pipeline.read import read_file
from pipeline.read.tables import join_split_rows, written_rows
from scripts.make_office_files import _data_table

DATA = Path(__file__).parent / "data"
CASES = [json.loads(line) for line in (DATA / "table_columns.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
SPLITS = [json.loads(line) for line in (DATA / "split_rows.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_table_column_classes(case, tmp_path):
    document = docx.Document()
    for line in case["before"]:
        document.add_paragraph(line)
    _data_table(document, {"caption": "Bảng 1", "rows": case["rows"], "merge": case["merge"],
                           "header_rows": case["header_rows"]})
    document.add_paragraph("Trên đây là báo cáo./.")
    path = tmp_path / "bang.docx"
    document.save(path)
    doc = read_file(path)
    result = extract(doc)
    for kind in ("targets", "achievements"):
        got = sorted((q.value, q.text.split(" | ")[0]) for q in getattr(result, kind) if " | " in q.text)
        assert got == sorted(map(tuple, case[kind])), kind
        for q in getattr(result, kind):
            assert doc.text[q.span[0]:q.span[1]] == q.text


@pytest.mark.parametrize("case", SPLITS, ids=[c["id"] for c in SPLITS])
def test_rows_cut_by_a_page_end(case):
    tables = [(page, [[tuple(cell) for cell in row] for row in rows]) for page, rows in case["tables"]]
    join_split_rows(tables)
    assert [[page, written_rows(rows).split("\n")] for page, rows in tables] == case["joined"]
