"""Data tables flattened into lines of text, as legal-document sites and plain-text copies give
them: one row per line, cells parted by "|" or by tabs ("1 | Trung Kênh | 15/19 | 4.500",
"Ngân sách tỉnh<TAB>210.000<TAB>176.400<TAB>84,0"). A reader of a DOCX or a PDF rebuilds its tables
itself; a text file has none, so they are rebuilt here as `pipeline.model.Table`, cell by cell with
spans, for extractors.tables to read like any other.

A table is a run of at least two lines with three cells or more each, the first a header naming
at least one column role of data/table_headers.json, or with two rows or more of figures under it. A leading "|" is an empty first cell ("| Tổng
cộng | | 13.200" under "STT | Xã | … "). Does not handle: cells spanning columns (the cells of a row
are counted left to right), header rows written over two lines of text with different cell counts.
"""
from __future__ import annotations

import regex

from pipeline.model import Document, Table, TableCell
from pipeline.model.normalize import fold
from pipeline.model.text import CELL_SEPARATOR, row_cells

MIN_CELLS = 3
ROW_NUMBER = regex.compile(r"^\d{1,3}[.)]?$")
FIGURE = regex.compile(r"^\d[\d.,]*(?:\s*(?:%|/\s*\d[\d.,]*))?$")


def _cells(text: str, start: int, end: int, row: int) -> list[TableCell]:
    return [TableCell(value, row, column, (s, e) if value else None)
            for column, (s, e, value) in enumerate(row_cells(text, start, end))]


def text_tables(doc: Document, has_role) -> list[Table]:
    """The tables written as "cell | cell" or tab-separated lines in `doc.text`, outside the tables
    the reader rebuilt. `has_role(header_text)` says whether a header cell names a column role."""
    text = doc.text
    taken = [t.span for t in doc.tables if t.span]
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    out: list[Table] = []
    i = 0
    while i < len(lines):
        run = []
        while i < len(lines) and len(CELL_SEPARATOR.findall(text, *lines[i])) >= MIN_CELLS - 1 \
                and text[lines[i][0]:lines[i][1]].strip(" \t|"):
            run.append(lines[i])
            i += 1
        if not run:
            i += 1
            continue
        if len(run) < 2 or any(a <= run[0][0] < b for a, b in taken):
            continue
        rows = [_cells(text, s, e, r) for r, (s, e) in enumerate(run)]
        body = rows[1:]
        if sum(len(row) == len(rows[0]) + 1 and bool(ROW_NUMBER.match(row[0].text)) for row in body) * 2 > len(body):
            # "Nội dung | Thời gian | Đơn vị chủ trì" over "1 | Rà soát … | Tháng 5/2024 | Sở …": the rows
            # carry a number the header has no column for
            rows[0] = [TableCell("", 0, 0, None)] + [TableCell(c.text, 0, c.column + 1, c.span) for c in rows[0]]
        figures = sum(sum(bool(FIGURE.match(c.text)) for c in row) >= 2 for row in rows[1:])
        if not any(c.text and has_role(c.text) for c in rows[0]) and figures < 2:
            continue    # a table names its columns, or holds rows of figures; "Thuộc tính | Lược đồ | Tải về" does neither
        out.append(Table(page=doc.page_of(run[0][0]) if doc.paged else None, header=rows[0], rows=rows[1:]))
    return out


def level_cells(doc: Document, level_headers: dict[str, list[str]]) -> list[dict[str, int]]:
    """Per body row of a table (the reader's or one written in lines) whose column headers name an
    administrative level ("Huyện", "Xã"): where the row's cell of each level starts."""
    headers = {fold(w): level for level, words in level_headers.items() for w in words}
    out = []
    for table in [*doc.tables, *text_tables(doc, lambda header: fold(header).strip(" :") in headers)]:
        columns = {c.column: headers[fold(c.text).strip(" :")] for c in table.header
                   if fold(c.text).strip(" :") in headers}
        for row in table.rows if columns else []:
            cells = {columns[c.column]: c.span[0] for c in row
                     if c.column in columns and c.span and not regex.search(r"\d", c.text)}
            if cells:
                out.append(cells)
    return out
