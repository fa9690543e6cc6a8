"""A scanned page's two-column header, read column by column.

An official document sets its header in two columns: the issuing body, its number (and a
công văn's "V/v …") on the left; the national motto and "place, ngày … tháng … năm …" on the
right. Tesseract's page layout (psm 3) reads lines that share a baseline across both columns as
one line: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "HUYỆN KRÔNG NÔ VIỆT NAM", which puts the
motto inside the issuer. `header_by_columns` splits such lines where a wide gap separates the
columns (ocr_regions.column_runs) and writes the header's left column first, then its right
column, as the DOCX reader reads the header table. The header is the page's leading lines, in the
top HEADER_HEIGHT of the page, down to the last line that holds both columns; a page where no
line holds both columns is left as Tesseract read it.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from pipeline.model.normalize import fold
from pipeline.read.ocr import OcrPage, OcrWord
from pipeline.read.ocr_regions import column_runs, joined, ocr_lines

HEADER_HEIGHT = 0.3      # share of the page height the header stands in
COLUMN_SPLIT = 0.5       # a run centred left of this share of the page width is the left column
MIDDLE_BAND = (0.4, 0.6)  # a run from left of the first share to right of the second bridges both columns
# The right column's last line, "Krông Nô, ngày 15 tháng 12 năm 2023" (folded), ends the header.
DATE_LINE = regex.compile(r"\bngay\b.*\bthang\b|\bthang\b.*\bnam\b")


def _centre(run: list[OcrWord]) -> float:
    return (run[0].box[0] + run[-1].box[0] + run[-1].box[2]) / 2


def header_by_columns(page: OcrPage, size: tuple[int, int]) -> OcrPage:
    """`page` with its header's columns one after the other (see the module docstring)."""
    width, height = size
    lines = ocr_lines(page)
    header: list[list[list[OcrWord]]] = []
    for line in lines:
        if min(w.box[1] for w in line) > HEADER_HEIGHT * height:
            return page                      # no place-and-date line: no header to reorder
        header.append(column_runs(line))
        if DATE_LINE.search(fold(" ".join(w.text for w in line))):
            break
    else:
        return page
    split = COLUMN_SPLIT * width
    both = [k for k, runs in enumerate(header)
            if any(_centre(r) < split for r in runs) and any(_centre(r) >= split for r in runs)]
    spanning = any(run[0].box[0] < MIDDLE_BAND[0] * width and run[-1].box[0] + run[-1].box[2] > MIDDLE_BAND[1] * width
                   for runs in header for run in runs)
    if not both or spanning:                 # one column, or columns OCR noise has bridged
        return page
    header = header[:both[-1] + 1]
    # each line's runs on one side stay one line: "Số: … /UBND-NNTN" is not cut at its gap
    left = [part for runs in header if (part := [w for r in runs if _centre(r) < split for w in r])]
    right = [part for runs in header if (part := [w for r in runs if _centre(r) >= split for w in r])]
    top = lambda run: run[0].box[1]  # noqa: E731 - a sort key
    ordered = sorted(left, key=top) + sorted(right, key=top)
    moved = sum(len(line) for line in lines[:len(header)])
    pieces: list[tuple[str, OcrWord]] = []
    for run in ordered:
        for k, word in enumerate(run):
            pieces.append(("" if not pieces else " " if k else "\n", word))
    rest = page.words[moved:]
    for k, word in enumerate(rest):
        gap = page.text[page.words[moved + k - 1].end:word.start]
        pieces.append((gap if k or "\n" in gap else "\n", word))
    text, words = joined(pieces)
    return replace(page, text=text, words=words)
