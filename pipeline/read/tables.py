"""Data tables as the readers saw them, placed in the stored text cell by cell."""
from __future__ import annotations

import regex

from pipeline.model import Document, Table, TableCell
from pipeline.model.normalize import normalize_inline

Row = list[tuple[int, str, bool]]          # (grid column, cell text, merged from the row above)
FIGURE = regex.compile(r"^[+-]?\d[\d.,]*\s*%?$")

# Official documents set the header and the signature block in two-column tables, read column by
# column; wider tables are data tables, read row by row (the DOCX and HTML readers).
LAYOUT_TABLE_COLUMNS = 2


def layout_columns(columns: list[int], written: list[int], rows: int) -> list[int] | None:
    """The columns to read one after the other when a table is a layout table (`columns`: its grid
    columns, `written`: those holding text), else None: a data table, read row by row. An empty
    spacer column between the header's two halves, or the blank cell between "Nơi nhận" and the
    signature, does not make a layout table a data table."""
    if len(columns) <= LAYOUT_TABLE_COLUMNS:
        return columns
    if len(written) <= LAYOUT_TABLE_COLUMNS and rows <= 4:
        return written
    return None


def attach_tables(doc: Document, tables: list[tuple[int | None, list[list[tuple[int, str, bool]]]]]) -> None:
    """Record the readers' data tables on `doc`, each cell placed in `doc.text`.

    `tables`: (page or None, rows), rows of (grid column, cell text as read, merged from the row
    above), in text order. A cell's text is found, normalised like the text, at or after the end of
    the cell before it; a merged cell points at the cell it continues. A cell that cannot be found
    keeps its text and gets no span.
    """
    cursor = 0
    for page, rows in tables:
        if page is not None and doc.paged:
            cursor = max(cursor, next((start for start, p in doc.page_runs if p == page), cursor))
        first = True
        above: dict[int, TableCell] = {}
        cells_rows: list[list[TableCell]] = []
        for r, row in enumerate(rows):
            cells = []
            for col, raw, merged in row:
                if merged and col in above:
                    origin = above[col]
                    cells.append(TableCell(origin.text, r, col, origin.span))
                    continue
                text = normalize_inline(raw.replace("\n", " "))
                span = None
                if text:
                    at = (_find_row_start(doc.text, text, _next_written(row, col), cursor) if first
                          else _find_whole(doc.text, text, cursor))
                    if at != -1 and at - cursor <= (20000 if first else 2000):
                        span = (at, at + len(text))
                        cursor = at + len(text)
                        first = False
                cell = TableCell(text, r, col, span)
                above[col] = cell
                cells.append(cell)
            cells_rows.append(cells)
        if not cells_rows:
            continue
        table = Table(page=page, header=cells_rows[0], rows=cells_rows[1:])
        if table.span and doc.paged:
            table.page = doc.page_of(table.span[0])
        doc.tables.append(table)


def _find_whole(text: str, cell: str, start: int) -> int:
    """Where `cell` stands in `text` from `start` as whole words: the header cell "TT" is not the
    end of "Quyết định 319/QĐ-TTg" above the table, nor "17" a part of "2017"."""
    m = regex.compile(r"(?<![\p{L}\p{N}])" + regex.escape(cell) + r"(?![\p{L}\p{N}])").search(text, start)
    return m.start() if m else -1


# the readers write a row "cell | cell": its next cell stands this close after the first
ROW_CELL_GAP = 12


def _next_written(row: Row, col: int) -> str:
    return next((normalize_inline(t.replace("\n", " ")) for c, t, merged in row if c > col and t.strip() and not merged), "")


def _find_row_start(text: str, cell: str, next_cell: str, start: int) -> int:
    """Where a table's first cell stands: the first whole-word place of it that the row's next cell
    follows closely, so the header "TT" is not the "TT." of "TT. Tỉnh ủy" among the recipients
    above an annex's table; the first whole-word place when none is followed so."""
    first = _find_whole(text, cell, start)
    at = first
    while next_cell and at != -1:
        after = _find_whole(text, next_cell, at + len(cell))
        if after != -1 and after - (at + len(cell)) <= ROW_CELL_GAP:
            return at
        at = _find_whole(text, cell, at + 1)
    return first


def written_rows(rows: list[Row]) -> str:
    """A table as lines of text, one row a line, its cells parted by " | " (a merged cell once)."""
    return "\n".join(" | ".join(t for _, t, merged in cells if t and not merged) for cells in rows)


def join_split_rows(tables: list[tuple[int, list[Row]]]) -> set[int]:
    """A row cut by a page end goes on at the top of the table's part on the next page, under the
    repeated header rows, with only its long cells' last words ("nông thôn được sử dụng nước sạch"
    under "Tỷ lệ dân số | % | 45 | 43,6"): those words are put back into the row they end, cell by
    cell, and the fragment row is dropped. `tables`: (page, rows) in page order, changed in place.
    The fragment is told by its empty first cell under a row whose first cell is written, and by
    holding no figure (a "Tổng cộng" row at the top of a page holds figures). Returns the indexes
    of the tables changed."""
    changed: set[int] = set()
    for i in range(1, len(tables)):
        (page_before, before), (page, after) = tables[i - 1], tables[i]
        if page != page_before + 1 or not before or not after:
            continue
        columns = {c for row in before for c, _, _ in row}
        if {c for row in after for c, _, _ in row} != columns:
            continue
        repeated = 0
        while repeated < min(len(before), len(after)) - 1 and _texts(after[repeated]) == _texts(before[repeated]):
            repeated += 1
        fragment, last = after[repeated], before[-1]
        first_column = min(columns)
        written = {c: t for c, t, merged in fragment if t and not merged}
        last_cells = {c: t for c, t, _ in last}
        if not written or written.get(first_column) or not last_cells.get(first_column) \
                or any(FIGURE.match(t) for t in written.values()) or not set(written) <= set(last_cells):
            continue
        before[-1] = [(c, f"{t} {written[c]}".strip() if c in written else t, merged) for c, t, merged in last]
        del after[repeated]
        changed |= {i - 1, i}
    return changed


def _texts(row: Row) -> list[str]:
    return [t for _, t, _ in row]
