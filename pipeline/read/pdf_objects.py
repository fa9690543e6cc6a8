"""What a text PDF's pages draw besides their characters: ruling lines and the fonts of the text
objects, from PDFium's page objects (well under a millisecond a page), and the cells of the tables
those lines draw, found by pdfplumber's table finder fed with these lines.

pdfplumber would find the lines itself by parsing the page again with pdfminer, which costs as
much as extracting the page's text with it: on a report whose pages are all tables that made the
reader slower than bare pdfplumber. Its finder (snapping, joining, intersections, cells) is kept.
The characters inside the cells are placed by pipeline/read/pdf.py, which owns the text."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

RULE_THICKNESS = 2.5        # a path thinner than this (pt) and long is a ruling line
RULE_MIN_LENGTH = 8.0       # counted as a rule of the page from this length
EDGE_MIN_LENGTH = 1.0       # handed to the table finder from this length (pdfplumber's prefilter)
STRAIGHT = 0.5              # a segment this close to level or plumb is a line of a grid
TABLE_MIN_COLUMNS = 3
MAX_SEGMENTS = 5000         # a path with more is a drawing, not a grid


@dataclass
class PageObjects:
    horizontal: int = 0                       # distinct horizontal rules (rounded y)
    vertical: int = 0                         # distinct vertical rules (rounded x)
    fonts: set[str] = field(default_factory=set)
    # straight segments in PDF coordinates: ("h", y, x0, x1) or ("v", x, y0, y1)
    segments: list[tuple[str, float, float, float]] = field(default_factory=list)


def _compose(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying m then n (PDF order a b c d e f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def page_objects(page: pdfium.PdfPage) -> PageObjects:
    """The page's rules, the base names of its fonts and its straight segments."""
    out = PageObjects()
    horizontal: set[int] = set()
    vertical: set[int] = set()
    fonts: dict[int, str] = {}
    name = ctypes.create_string_buffer(128)
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()

    def add(p: tuple[float, float], q: tuple[float, float]) -> None:
        dx, dy = abs(q[0] - p[0]), abs(q[1] - p[1])
        if dy < STRAIGHT and dx >= EDGE_MIN_LENGTH:
            out.segments.append(("h", (p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))
            if dx >= RULE_MIN_LENGTH:
                horizontal.add(round(p[1]))
        elif dx < STRAIGHT and dy >= EDGE_MIN_LENGTH:
            out.segments.append(("v", (p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))
            if dy >= RULE_MIN_LENGTH:
                vertical.add(round(p[0]))

    def path(obj, outer: tuple[float, ...]) -> None:
        count = pdfium_c.FPDFPath_CountSegments(obj)
        if count < 2 or count > MAX_SEGMENTS or not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            return
        m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        points: list[tuple[float, float]] = []
        xs, ys = [], []
        start = prev = None
        for k in range(count):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                continue
            pt = (m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5])
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = pt
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
                points.append((prev, pt))
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None and start != pt:
                points.append((pt, start))       # the side a rectangle's "close" draws
            xs.append(pt[0])
            ys.append(pt[1])
            prev = pt
        if not xs:
            return
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if h <= RULE_THICKNESS and w >= RULE_MIN_LENGTH:      # a thin filled bar: one line along its middle
            add((min(xs), (min(ys) + max(ys)) / 2), (max(xs), (min(ys) + max(ys)) / 2))
        elif w <= RULE_THICKNESS and h >= RULE_MIN_LENGTH:
            add(((min(xs) + max(xs)) / 2, min(ys)), ((min(xs) + max(xs)) / 2, max(ys)))
        else:
            for p, q in points:
                add(p, q)

    def visit(obj, depth: int, outer: tuple[float, ...]) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            inner = outer
            if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            for k in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                visit(pdfium_c.FPDFFormObj_GetObject(obj, k), depth + 1, inner)
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            address = ctypes.cast(font, ctypes.c_void_p).value
            if address and address not in fonts:
                size = pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
                fonts[address] = name.value.decode("latin-1") if 0 < size <= len(name) else ""
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            path(obj, outer)

    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        visit(pdfium_c.FPDFPage_GetObject(page.raw, k), 0, identity)
    out.horizontal, out.vertical, out.fonts = len(horizontal), len(vertical), set(fonts.values())
    return out


@dataclass
class RawTable:
    page: int                                     # 1-based
    bbox: tuple[float, float, float, float]       # PDF coordinates: x0, bottom, x1, top
    rows: list[list[tuple[int, str, bool]]]       # per row: (column, text, merged from the row above)


def _edges(segments: list[tuple[str, float, float, float]], height: float) -> tuple[list[dict], list[dict]]:
    """The segments as pdfplumber's edges (measured from the top of the page): (vertical, horizontal)."""
    vertical, horizontal = [], []
    for orientation, at, low, high in segments:
        if orientation == "h":
            top = height - at
            horizontal.append({"object_type": "line_edge", "orientation": "h", "x0": low, "x1": high,
                               "top": top, "bottom": top, "width": high - low, "height": 0.0})
        else:
            vertical.append({"object_type": "line_edge", "orientation": "v", "x0": at, "x1": at,
                             "top": height - high, "bottom": height - low, "width": 0.0, "height": high - low})
    return vertical, horizontal


def find_tables(pages: dict[int, PageObjects], heights: dict[int, float]) -> dict[int, list[RawTable]]:
    """The tables the given pages' ruling lines draw (pdfplumber's finder); cells without text."""
    from pdfplumber.table import TableFinder

    found: dict[int, list[RawTable]] = {}
    for number, objects in pages.items():
        height = heights[number]
        vertical, horizontal = _edges(objects.segments, height)
        if len(vertical) < 2 or len(horizontal) < 2:
            continue
        settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                    "explicit_vertical_lines": vertical, "explicit_horizontal_lines": horizontal}
        for table in TableFinder(None, settings).tables:      # type: ignore[arg-type]  (no page: no text read)
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
