"""What a text PDF's pages draw besides their characters: ruling lines and the fonts of the text
objects (PDFium's page objects, well under a millisecond a page), and the cells of the tables
drawn with those lines (pdfplumber's table finder, run on ruled pages only: it is the slow part).

The characters inside the cells are placed by pipeline/read/pdf.py, which owns the text."""
from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

RULE_THICKNESS = 2.5        # a path thinner than this (pt) and long is a ruling line
RULE_MIN_LENGTH = 8.0
TABLE_MIN_COLUMNS = 3


def page_objects(page: pdfium.PdfPage) -> tuple[int, int, set[str]]:
    """(distinct horizontal, distinct vertical) ruling lines drawn on the page: thin paths and
    straight path segments; and the base names of its text objects' fonts. From PDFium's page
    objects, well under a millisecond a page."""
    horizontal: set[int] = set()
    vertical: set[int] = set()
    fonts: dict[int, str] = {}
    name = ctypes.create_string_buffer(128)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()

    def visit(obj, depth: int) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                visit(pdfium_c.FPDFFormObj_GetObject(obj, k), depth + 1)
            return
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            address = ctypes.cast(font, ctypes.c_void_p).value
            if address and address not in fonts:
                size = pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
                fonts[address] = name.value.decode("latin-1") if 0 < size <= len(name) else ""
            return
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            return
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return
        w, h = right.value - left.value, top.value - bottom.value
        if h <= RULE_THICKNESS and w >= RULE_MIN_LENGTH:
            horizontal.add(round(bottom.value))
            return
        if w <= RULE_THICKNESS and h >= RULE_MIN_LENGTH:
            vertical.add(round(left.value))
            return
        count = pdfium_c.FPDFPath_CountSegments(obj)
        if count < 2 or count > 5000 or not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            return
        prev = None
        for k in range(count):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                continue
            px = matrix.a * x.value + matrix.c * y.value + matrix.e
            py = matrix.b * x.value + matrix.d * y.value + matrix.f
            if prev is not None and pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_LINETO:
                dx, dy = abs(px - prev[0]), abs(py - prev[1])
                if dy < 0.5 and dx >= RULE_MIN_LENGTH:
                    horizontal.add(round(py))
                elif dx < 0.5 and dy >= RULE_MIN_LENGTH:
                    vertical.add(round(px))
            prev = (px, py)

    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        visit(pdfium_c.FPDFPage_GetObject(page.raw, k), 0)
    return len(horizontal), len(vertical), set(fonts.values())


@dataclass
class RawTable:
    page: int                                     # 1-based
    bbox: tuple[float, float, float, float]       # PDF coordinates: x0, bottom, x1, top
    rows: list[list[tuple[int, str, bool]]]       # per row: (column, text, merged from the row above)


def find_tables(data: bytes, page_numbers: list[int], heights: dict[int, float]) -> dict[int, list[RawTable]]:
    """pdfplumber's table finder (ruling lines) on the given pages only; cells without text."""
    import pdfplumber

    found: dict[int, list[RawTable]] = {}
    with pdfplumber.open(io.BytesIO(data), pages=page_numbers) as opened:
        for number, page in zip(page_numbers, opened.pages):
            height = heights[number]
            for table in page.find_tables():
                rows = [[cell for cell in row.cells] for row in table.rows]
                if not rows or max(len(r) for r in rows) < TABLE_MIN_COLUMNS:
                    continue
                x0, top, x1, bottom = table.bbox
                raw_rows: list[list[tuple[int, tuple | None, bool]]] = []
                above: dict[int, tuple] = {}
                for row in rows:
                    cells = []
                    row_top = min((c[1] for c in row if c), default=None)
                    for col, cell in enumerate(row):
                        if cell is not None:
                            cells.append((col, cell, False))
                            above[col] = cell
                        elif col in above and row_top is not None and above[col][3] > row_top + 1:
                            cells.append((col, above[col], True))     # a cell merged down over rows
                    raw_rows.append(cells)
                # pdfplumber measures from the top of the page; PDFium from the bottom
                flipped = [[(col, (c[0], height - c[3], c[2], height - c[1]), merged) for col, c, merged in row]
                           for row in raw_rows]
                found.setdefault(number, []).append(
                    RawTable(number, (x0, height - bottom, x1, height - top), flipped))  # type: ignore[arg-type]
    return found
