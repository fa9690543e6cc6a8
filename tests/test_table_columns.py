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
    comparators = {q.value: q.comparator for q in [*result.targets, *result.achievements] if " | " in q.text}
    for value, comparator in case.get("comparators", []):     # a norm "≥ 85" printed in its cell
        assert comparators[value] == comparator, (value, comparators[value])
    units = {q.value: q.unit for q in [*result.targets, *result.achievements] if " | " in q.text}
    for value, unit in case.get("units", []):      # from the row's "ĐVT" cell; a share of the plan in %
        assert units[value] == unit, (value, units[value])


@pytest.mark.parametrize("case", SPLITS, ids=[c["id"] for c in SPLITS])
def test_rows_cut_by_a_page_end(case):
    tables = [(page, [[tuple(cell) for cell in row] for row in rows]) for page, rows in case["tables"]]
    join_split_rows(tables)
    assert [[page, written_rows(rows).split("\n")] for page, rows in tables] == case["joined"]


def test_a_table_continued_on_the_next_page_is_one_table():
    """A results table whose first part holds one row at a page's foot, its header repeated over the
    rest on the next page: every row gives its achievement, the first one too; a footnote between
    the parts keeps its facts (it is outside the table)."""
    from pipeline.model.normalize import normalize_pages
    from pipeline.read.tables import attach_tables

    header = [["TT", "Xã", "Số tiêu chí đã đạt"]]
    first, rest = [["1", "Tân Lập", "18"]], [["2", "Hòa Bình", "16"], ["3", "An Khánh", "15"]]
    lines = lambda rows: "\n".join(" | ".join(r) for r in rows)  # noqa: E731
    pages = ["BÁO CÁO\nI. KẾT QUẢ NĂM 2025\nKết quả của các xã:\n" + lines(header + first)
             + "\n1 Đến nay toàn huyện có 12/14 xã đạt chuẩn nông thôn mới.",
             lines(header + rest) + "\nII. NHIỆM VỤ NĂM 2026"]
    doc = normalize_pages(pages, fmt="pdf", paged=True)
    cells = lambda rows: [[(i, c, False) for i, c in enumerate(r)] for r in rows]  # noqa: E731
    attach_tables(doc, [(1, cells(header + first)), (2, cells(header + rest))])
    result = extract(doc)
    got = sorted((q.value, q.text.split(" | ")[0]) for q in result.achievements if " | " in q.text)
    assert got == [(15, "An Khánh"), (16, "Hòa Bình"), (18, "Tân Lập")]
    assert any(q.value == 12 and q.denominator == 14 for q in result.achievements)
