"""Ruled data tables on scanned pages, read cell by cell.

Tesseract's page layout analysis (psm 3) takes a ruled table for a picture: its figures are lost or
come out as loose words ("Số tiêu Năm phấn đấu đạt chí đã đạt đến"). Here the table's ruling lines
are found in the page image (numpy: runs of dark pixels, smeared by BAND pixels so a scan turned by
half a degree still shows each line as one run), the lines are painted out, the table alone is read
again as one block of text (psm 6), and every word goes to the cell its centre falls in. A header
cell spanning columns is told by the missing vertical line inside its row, a cell spanning rows by
the missing horizontal line under it: the reader's rows then look like pdfplumber's (column, text,
merged from the row above), and the page text holds the table as "cell | cell" lines at its place,
as for a text PDF (pipeline/read/pdf.py), so extractors/tables.py reads scans' tables too.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import regex

from pipeline.read.ocr import DIGITS, OcrPage, OcrWord, ocr_image
from pipeline.read.ocr_regions import joined

INK = 140                  # a pixel darker than this (0-255) is ink
BAND = 9                   # pixels at 300 dpi: a line turned by ~0.6° over a table's width stays within ±BAND
LINE_SHARE = 0.3           # a horizontal ruling line is at least this share of the page's width
COLUMN_SHARE = 0.4         # a vertical ruling line runs at least this share of the table's height
PRESENT = 0.7              # share of a line's length inked for the line to stand between two cells
TABLE_GAP = 0.2            # horizontal lines further apart than this share of the page height: two tables
MIN_ROWS, MIN_COLUMNS = 3, 3
FIGURE = regex.compile(r"^\d+(?:[.,]\d+)*%?$")             # "19", "1.250", "70,6%"; not a date
YEAR = regex.compile(r"^(?:19|20)\d\d$")
SURE_ENOUGH = 40           # mean word confidence (0-100) below which a cell's second reading is noise
RULE_RUN = 70              # pixels: a run of ink this long in one pixel row (or column) is a ruling line

Row = list[tuple[int, str, bool]]


@dataclass
class Grid:
    ys: list[int]          # horizontal ruling lines, top to bottom (pixel rows)
    xs: list[int]          # vertical ruling lines, left to right (pixel columns)

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _smear(mask: np.ndarray, axis: int) -> np.ndarray:
    """Ink within BAND pixels along `axis` (0: rows, 1: columns) counts as ink here."""
    out = mask.copy()
    for shift in range(1, BAND + 1):
        if axis == 0:
            out[shift:] |= mask[:-shift]
            out[:-shift] |= mask[shift:]
        else:
            out[:, shift:] |= mask[:, :-shift]
            out[:, :-shift] |= mask[:, shift:]
    return out


def _longest_runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of `mask`: the longest run of True, where it starts and where it ends."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    length = np.zeros(mask.shape[0], dtype=int)
    start = np.zeros(mask.shape[0], dtype=int)
    end = np.zeros(mask.shape[0], dtype=int)
    for i in np.flatnonzero(mask.any(axis=1)):
        s, e = np.flatnonzero(steps[i] == 1), np.flatnonzero(steps[i] == -1)
        k = int(np.argmax(e - s))
        length[i], start[i], end[i] = e[k] - s[k], s[k], e[k]
    return length, start, end


def _centres(indices: np.ndarray) -> list[list[int]]:
    """Consecutive indices grouped: one group per (smeared) line."""
    groups: list[list[int]] = []
    for i in indices.tolist():
        if groups and i - groups[-1][-1] <= 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def find_grids(ink: np.ndarray) -> list[Grid]:
    """The ruled tables of a page (`ink`: True where the page is dark)."""
    height, width = ink.shape
    length, start, end = _longest_runs(_smear(ink, 0))
    lines = []
    for group in _centres(np.flatnonzero(length >= LINE_SHARE * width)):
        best = max(group, key=lambda i: length[i])
        lines.append((group[len(group) // 2], int(start[best]), int(end[best])))
    tables: list[list[tuple[int, int, int]]] = []
    for line in lines:
        # a line under a spanning header cell runs under part of the table only: it overlaps the table
        span = (min(t[1] for t in tables[-1]), max(t[2] for t in tables[-1])) if tables else (0, 0)
        if tables and line[0] - tables[-1][-1][0] < TABLE_GAP * height \
                and line[1] >= span[0] - 4 * BAND and line[2] <= span[1] + 4 * BAND:
            tables[-1].append(line)
        else:
            tables.append([line])
    grids = []
    for table in tables:
        if len(table) < MIN_ROWS + 1:
            continue
        top, bottom = table[0][0], table[-1][0]
        left, right = min(t[1] for t in table), max(t[2] for t in table)
        region = _smear(ink[top:bottom + 1, max(0, left - BAND):right + BAND + 1], 1)
        runs, _, _ = _longest_runs(region.T)
        xs = [max(0, left - BAND) + g[len(g) // 2] for g in _centres(np.flatnonzero(runs >= COLUMN_SHARE * (bottom - top)))]
        if len(xs) >= MIN_COLUMNS + 1:
            grids.append(Grid([t[0] for t in table], xs))
    return grids


def _long_runs(mask: np.ndarray) -> np.ndarray:
    """The pixels of `mask` in a run of at least RULE_RUN along their row: ruling lines, not letters
    (a line turned by 0.6° still runs ~95 pixels in one pixel row; a bold letter's stroke ~40)."""
    out = np.zeros_like(mask)
    for i in np.flatnonzero(mask.any(axis=1)):
        steps = np.diff(np.concatenate(([0], mask[i].astype(np.int8), [0])))
        for a, b in zip(np.flatnonzero(steps == 1), np.flatnonzero(steps == -1)):
            if b - a >= RULE_RUN:
                out[i, a:b] = True
    return out


def _inked(ink: np.ndarray, y0: int, y1: int, x0: int, x1: int) -> bool:
    """Is the strip [y0, y1) × [x0, x1) a ruling line (inked along most of its length)?"""
    strip = ink[max(0, y0):y1, max(0, x0):x1]
    if strip.size == 0:
        return False
    along = strip.any(axis=0) if strip.shape[1] >= strip.shape[0] else strip.any(axis=1)
    return along.mean() >= PRESENT


def _cells(ink: np.ndarray, grid: Grid) -> list[list[tuple[int, int, bool]]]:
    """Per row band: (first grid column, last grid column + 1, merged with the cell above)."""
    out = []
    for r in range(len(grid.ys) - 1):
        y0, y1 = grid.ys[r] + BAND, grid.ys[r + 1] - BAND
        row, first = [], 0
        for c in range(1, len(grid.xs)):
            if c == len(grid.xs) - 1 or _inked(ink, y0, y1, grid.xs[c] - BAND, grid.xs[c] + BAND + 1):
                x0, x1 = grid.xs[first] + BAND, grid.xs[c] - BAND
                merged = r > 0 and not _inked(ink, grid.ys[r] - BAND, grid.ys[r] + BAND + 1, x0, x1)
                row.append((first, c, merged))
                first = c
        out.append(row)
    return out


def _table_words(image, grid: Grid, rows: tuple[int, int] | None = None) -> tuple[OcrPage, float]:
    """The table (or its row bands `rows`, first and last + 1) alone, its ruling lines painted
    white, read as one block: words in page pixels."""
    x0, y0, x1, y1 = grid.box
    if rows is not None:
        y0, y1 = grid.ys[rows[0]], grid.ys[rows[1]]
    x0, y0 = max(0, x0 - 2 * BAND), max(0, y0 - 2 * BAND)
    crop = np.asarray(image.convert("L").crop((x0, y0, x1 + 2 * BAND + 1, y1 + 2 * BAND + 1))).copy()
    dark = crop < INK
    lines = _long_runs(dark) | _long_runs(dark.T).T
    grown = lines.copy()                  # and the grey edge of each line's pixels
    grown[1:] |= lines[:-1]
    grown[:-1] |= lines[1:]
    grown[:, 1:] |= lines[:, :-1]
    grown[:, :-1] |= lines[:, 1:]
    crop[grown] = 255
    from PIL import Image

    started = time.perf_counter()
    block = ocr_image(Image.fromarray(crop), psm=6)
    seconds = time.perf_counter() - started
    block.words = [replace(w, box=(w.box[0] + x0, w.box[1] + y0, w.box[2], w.box[3])) for w in block.words]
    return block, seconds


def _assign(grid: Grid, cells: list[list[tuple[int, int, bool]]], words: list[OcrWord]
            ) -> dict[tuple[int, int], list[OcrWord]]:
    """Each word to the cell (row band, first grid column) its centre falls in, in reading order."""
    out: dict[tuple[int, int], list[OcrWord]] = {}
    for word in words:
        if not regex.search(r"[\p{L}\p{N}]", word.text):
            continue        # "=", ".;": a ruling line's remains, read as marks
        cx, cy = word.box[0] + word.box[2] / 2, word.box[1] + word.box[3] / 2
        r = next((i for i in range(len(grid.ys) - 1) if grid.ys[i] <= cy < grid.ys[i + 1]), None)
        if r is None:
            continue
        cell = next((c for c in cells[r] if grid.xs[c[0]] <= cx < grid.xs[c[1]]), None)
        while cell is not None and cell[2] and r > 0:       # a cell spanning rows: its words are its first row's
            r -= 1
            cell = next((c for c in cells[r] if c[0] == cell[0]), None)
        if cell is not None:
            out.setdefault((r, cell[0]), []).append(word)
    for key, found in out.items():      # lines of a cell top down, words left to right
        out[key] = _reading_order(found)
    return out


def _reading_order(words: list[OcrWord]) -> list[OcrWord]:
    """Words into lines (a centre within half a line height of the line's first word; accents
    make boxes of one line differ in height), lines top down, words left to right."""
    half = max(1.0, float(np.median([w.box[3] for w in words]))) / 2
    lines: list[list[OcrWord]] = []
    for word in sorted(words, key=lambda w: w.box[1] + w.box[3] / 2):
        centre = word.box[1] + word.box[3] / 2
        if lines and abs(centre - (lines[-1][0].box[1] + lines[-1][0].box[3] / 2)) <= half:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [w for line in lines for w in sorted(line, key=lambda w: w.box[0])]


def _sureness(words: list[OcrWord]) -> float:
    return sum(w.confidence for w in words) / len(words) if words else -1.0


def _header_bands(cells: list[list[tuple[int, int, bool]]], by_cell: dict[tuple[int, int], list[OcrWord]]) -> int:
    """How many row bands on top hold the header: those above the first band with a figure in its
    first cell ("1 | Hòa Ân | 19"); a year ("2024 | 2025") heads a column, a figure in a header cell
    ("đến 31/12/2023") dates it."""
    for r in range(len(cells)):
        first, _, merged = cells[r][0]
        if not merged and any(FIGURE.match(w.text) and not YEAR.match(w.text) for w in by_cell.get((r, first), [])):
            return r
    return 0


def _cell_text(words: list[OcrWord], threshold: float) -> str:
    """A cell's words as the page text will show them: when one of its numbers is uncertain, all
    of its digits blanked ("…"), as pipeline.read.ocr.masked_page_text blanks a number's group."""
    uncertain = any(w.confidence < threshold and DIGITS.search(w.text) for w in words)
    return " ".join(DIGITS.sub("…", w.text) if uncertain else w.text for w in words)


def read_tables(image, page: OcrPage, threshold: float) -> tuple[OcrPage, list[list[Row]]]:
    """`page` with each ruled table's words replaced by the table read cell by cell ("cell | cell"
    lines, at the table's place), and the tables' rows for pipeline.read.tables.attach_tables,
    their uncertain numbers blanked as the page text blanks them (`threshold`: word confidence)."""
    ink = np.asarray(image.convert("L")) < INK
    grids = find_grids(ink)
    tables: list[list[Row]] = []
    for grid in grids:
        cells = _cells(ink, grid)
        block, seconds = _table_words(image, grid)
        by_cell = _assign(grid, cells, block.words)
        header = _header_bands(cells, by_cell)
        if header:      # read apart, the header's bold words keep their spaces ("đạt đến", not "đạtđến")
            band, more = _table_words(image, grid, (0, header))
            seconds += more
            again = _assign(grid, cells, band.words)
            for key in {k for k in [*by_cell, *again] if k[0] < header}:
                # per cell, the reading with more words (Tesseract is surer of "đạtđến" than of
                # "đạt đến"), unless it is unsure; else the surer one
                mine, other = by_cell.get(key, []), again.get(key, [])
                if (len(other) > len(mine) and _sureness(other) >= SURE_ENOUGH) or _sureness(other) > _sureness(mine):
                    by_cell[key] = other
        rows: list[Row] = []
        pieces: list[tuple[str, OcrWord]] = []
        texts: dict[tuple[int, int], str] = {}
        for r, row in enumerate(cells):
            out_row: Row = []
            line_started = False
            for first, _, merged in row:
                words = by_cell.get((r, first), [])
                above = texts.get((r - 1, first), "")
                if merged:
                    texts[(r, first)] = above
                    out_row.append((first, above, True))
                    continue
                text = _cell_text(words, threshold)
                texts[(r, first)] = text
                out_row.append((first, text, False))
                for k, word in enumerate(words):
                    sep = " " if k else (" | " if line_started else ("\n" if pieces else ""))
                    pieces.append((sep, word))
                line_started = line_started or bool(words)
            rows.append(out_row)
        if not any(t for row in rows for _, t, _ in row):
            continue
        page = _replace_words(page, grid, pieces)
        page.rereads.append({"region": "table", "box": list(grid.box), "psm": 6, "seconds": round(seconds, 2),
                             "rows": len(rows), "columns": len(grid.xs) - 1})
        page.seconds += seconds
        tables.append(rows)
    return page, tables


def _replace_words(page: OcrPage, grid: Grid, table: list[tuple[str, OcrWord]]) -> OcrPage:
    """The page's words inside the grid dropped, the table's put in their place as a paragraph."""
    x0, y0, x1, y1 = grid.box

    def inside(w: OcrWord) -> bool:
        cx, cy = w.box[0] + w.box[2] / 2, w.box[1] + w.box[3] / 2
        return x0 <= cx <= x1 and y0 <= cy <= y1

    kept = [w for w in page.words if not inside(w)]
    at = sum(1 for w in kept if w.box[1] + w.box[3] / 2 < y0)
    pieces: list[tuple[str, OcrWord]] = []
    previous = None
    for pos, word in enumerate(kept):
        if pos == at:
            pieces += [("\n\n" if pieces and k == 0 else sep, w) for k, (sep, w) in enumerate(table)]
            previous = None
        sep = "" if not pieces else "\n\n" if previous is None else page.text[previous.end:word.start] or " "
        pieces.append((sep, word))
        previous = word
    if at == len(kept):
        pieces += [("\n\n" if pieces and k == 0 else sep, w) for k, (sep, w) in enumerate(table)]
    text, words = joined(pieces)
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrPage(text=text, confidence=confidence, words=words, seconds=page.seconds, rereads=list(page.rereads),
                   height=page.height)
