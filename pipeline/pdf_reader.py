"""PDF reader: text per page from PDFium's characters, laid out the way a person reads the page.

pypdfium2 gives every character with its box and font size at a few milliseconds a page
(pdfplumber's `extract_text` takes 50-80 ms on the same pages), and the layout work is done on
those characters:
- lines are characters that overlap vertically; a line splits into segments at wide gaps;
- a run of lines whose segments each stay in one half of the page, with both halves used, is a
  two-column block (the header, the signature block): read left column, then right column;
- raised characters in small type are footnote markers, written "⁽N⁾";
- small print at the foot of the page that starts with a marker is the page's footnotes;
- a lone number at the top or bottom edge is a page number and is dropped;
- wrapped lines are rejoined when the next line's first word would not have fitted on the
  line before (so "05 thôn" at the start of a wrapped line is not taken for a numbered item),
  across page breaks too.
"""
from __future__ import annotations

import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.model import Document
from pipeline.normalize import TO_SUPERSCRIPT, normalize_pages, should_join

SUPERSCRIPT_RATIO = 0.8     # a character this much smaller than its line, and raised, is a marker
NOTE_RATIO = 0.9            # footnote type is smaller than body type
SEGMENT_GAP = 2.0           # in font sizes: a wider gap splits a line into column segments
EDGE = 0.08                 # share of the page height where page numbers live


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    size: float


@dataclass
class _Line:
    chars: list[_Char]
    bottom: float = 0.0
    top: float = 0.0
    size: float = 0.0
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    first_word: float = 0.0          # width of the first word, for the wrap test
    starts_with_marker: str = ""

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


def _error(message: str):
    from pipeline.readers import ReadError
    return ReadError(message, stage="pdf")


def _open(data: bytes) -> pdfium.PdfDocument:
    if not data.startswith(b"%PDF-"):
        raise _error("not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise _error("truncated PDF: the end-of-file marker is missing (incomplete download or copy?)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise _error("encrypted PDF: it needs a password to open; "
                         "save an unprotected copy") from None
        raise _error(f"damaged PDF: it cannot be parsed ({e})") from None


def _page_chars(textpage: pdfium.PdfTextPage) -> list[_Char]:
    handle, box = textpage.raw, pdfium_c.FS_RECTF()
    chars: list[_Char] = []
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(handle, i)
        if code in (0xFFFE, 0xFFFF, 0) or chr(code).isspace():
            continue       # spaces are worked out from the gaps, which also covers generated ones
        ch = chr(code)
        if unicodedata.combining(ch) and chars:
            chars[-1].text += ch     # a decomposed accent stays on its letter
            continue
        pdfium_c.FPDFText_GetLooseCharBox(handle, i, box)
        chars.append(_Char(ch, box.left, box.right, box.bottom, box.top,
                           pdfium_c.FPDFText_GetFontSize(handle, i)))
    return chars


def _group_lines(chars: list[_Char]) -> list[_Line]:
    """Characters that overlap vertically by half their height make one line."""
    lines: list[_Line] = []
    for ch in sorted(chars, key=lambda c: -(c.top + c.bottom)):
        height = ch.top - ch.bottom
        for line in reversed(lines[-4:]):
            overlap = min(line.top, ch.top) - max(line.bottom, ch.bottom)
            if overlap >= 0.5 * min(height, line.top - line.bottom):
                line.chars.append(ch)
                line.top, line.bottom = max(line.top, ch.top), min(line.bottom, ch.bottom)
                break
        else:
            lines.append(_Line([ch], bottom=ch.bottom, top=ch.top))
    return lines


def _segments(line: _Line) -> list[_Line]:
    """Split at wide gaps; build each segment's text, with spaces and ⁽N⁾ markers."""
    chars = sorted(line.chars, key=lambda c: c.x0)
    out: list[_Line] = []
    for ch in chars:
        if not out or ch.x0 - out[-1].chars[-1].x1 > SEGMENT_GAP * max(ch.size, out[-1].chars[-1].size):
            out.append(_Line([]))
        out[-1].chars.append(ch)
    for seg in out:
        size = seg.size = Counter(round(c.size, 1) for c in seg.chars).most_common(1)[0][0]
        base = statistics.median(c.bottom for c in seg.chars if abs(c.size - size) < 0.5)
        parts, prev, marker, word_end = [], None, False, None
        for ch in seg.chars:
            sup = ch.size < SUPERSCRIPT_RATIO * size and ch.bottom - base > 0.2 * size and ch.text.isdigit()
            if prev is not None and ch.x0 - prev.x1 > 0.15 * min(size, max(ch.size, prev.size)):
                if marker:
                    parts.append("⁾")
                    marker = False
                parts.append(" ")
                word_end = prev.x1 if word_end is None else word_end
            if sup and not marker:
                parts.append("⁽")
                marker = True
            elif not sup and marker:
                parts.append("⁾")
                marker = False
            parts.append(ch.text.translate(TO_SUPERSCRIPT) if sup else ch.text)
            prev = ch
        if marker:
            parts.append("⁾")
        seg.text = "".join(parts)
        seg.x0, seg.x1 = seg.chars[0].x0, seg.chars[-1].x1
        seg.bottom, seg.top = min(c.bottom for c in seg.chars), max(c.top for c in seg.chars)
        seg.first_word = (word_end if word_end is not None else seg.x1) - seg.x0
        if seg.text.startswith("⁽"):
            seg.starts_with_marker = seg.text[1:seg.text.index("⁾")].translate(
                str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
    return out


def _split_footnotes(rows: list[list[_Line]], body_size: float) -> tuple[list[list[_Line]], list[tuple[str, str]]]:
    """The small print at the page foot that starts with a marker: (marker, body) notes."""
    k = len(rows)
    while k > 0 and len(rows[k - 1]) == 1 and rows[k - 1][0].size < NOTE_RATIO * body_size:
        k -= 1
    start = next((i for i in range(k, len(rows)) if rows[i][0].starts_with_marker), None)
    if start is None:
        return rows, []
    notes: list[tuple[str, str]] = []
    for (line,) in rows[start:]:
        if line.starts_with_marker:
            notes.append((line.starts_with_marker, line.text[line.text.index("⁾") + 1:].strip()))
        else:
            notes[-1] = (notes[-1][0], notes[-1][1] + " " + line.text)
    return rows[:start], notes


def _column_blocks(rows: list[list[_Line]], middle: float) -> list[list[_Line] | tuple[list[_Line], list[_Line]]]:
    """Rows in reading order: a single row as is, a two-column block as (left, right) columns.

    A block is a run of rows, without a wide vertical gap, whose segments all stand off the
    page's middle (a centred title or a line reaching well across the middle ends it), with text on both sides and the left
    side ending before the right side starts. It begins at the top of the page or at its first
    row with text right of the middle, so a paragraph's short last line stays in the body.
    """
    def off_centre(seg: _Line) -> bool:
        spans_middle = seg.x0 < middle - 4 * seg.size and seg.x1 > middle + 4 * seg.size
        return abs(seg.middle - middle) > seg.size and not spans_middle

    out: list = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and all(off_centre(s) for s in rows[j]) and (
                j == i or min(s.bottom for s in rows[j - 1]) - max(s.top for s in rows[j]) < 1.2 * rows[j][0].size):
            j += 1
        if j == i:
            out.append(rows[i])
            i += 1
            continue
        run = rows[i:j]
        start = 0 if i == 0 else next((k for k, r in enumerate(run) if any(s.middle > middle for s in r)), len(run))
        segs = [s for r in run[start:] for s in r]
        left = [s for s in segs if s.middle < middle]
        right = [s for s in segs if s.middle > middle]
        if left and right and max(s.x1 for s in left) < min(s.x0 for s in right):
            out += run[:start]
            out.append((left, right))
        else:
            out += run
        i = j
    return out


def _continues(prev: _Line, nxt: _Line, left: float, right: float) -> bool:
    """Is `nxt` a wrapped continuation of `prev`: its first word would not have fitted?"""
    if abs(prev.size - nxt.size) > 0.5:
        return False
    space = 0.25 * prev.size
    indented = nxt.x0 > left + 0.5 * nxt.size
    centred = abs(prev.middle - nxt.middle) < prev.size and prev.x0 > left + prev.size
    if centred:
        return prev.x1 - prev.x0 + space + nxt.first_word > right - left
    return not indented and prev.x1 + space + nxt.first_word > right


def _column_text(lines: list[_Line]) -> list[str]:
    """A column's lines, rejoined by the normaliser's rule against the column's own width."""
    width = max(len(ln.text) for ln in lines)
    out: list[str] = []
    for ln in lines:
        if out and should_join(out[-1], ln.text, width):
            out[-1] += " " + ln.text
        else:
            out.append(ln.text)
    return out


def _page_rows(page: pdfium.PdfPage, chars: list[_Char], body_size: float) -> tuple[list[list[_Line]], list[tuple[str, str]]]:
    """The page's rows of segments, top down, without page numbers; and its footnotes."""
    height = page.get_height()
    rows = [_segments(ln) for ln in sorted(_group_lines(chars), key=lambda ln: -ln.top)]
    rows = [r for r in rows if not (len(r) == 1 and r[0].text.isdigit() and len(r[0].text) <= 4
                                    and (r[0].bottom > (1 - EDGE) * height or r[0].top < EDGE * height))]
    return _split_footnotes(rows, body_size)


def _text_block(pages_rows: list[list[list[_Line]]]) -> tuple[float, float]:
    """The body text's left and right edges: where most lines start, and how far those reach."""
    singles = [r[0] for rows in pages_rows for r in rows if len(r) == 1]
    if not singles:
        return 0.0, 0.0
    left = Counter(round(s.x0) for s in singles).most_common(1)[0][0] - 0.5
    return left, max(s.x1 for s in singles if abs(s.x0 - left) < 1)


def _layout(rows: list[list[_Line]], left: float, right: float) -> list[_Line]:
    """Rows in reading order: columns whole, wrapped lines joined."""
    lines: list[_Line] = []
    for block in _column_blocks(rows, (left + right) / 2):
        if isinstance(block, tuple):
            # A column's lines are joined by the normaliser's rule, not by geometry; size -1
            # keeps the next row from being joined to them.
            lines += [_Line([], text="\n".join(_column_text(column)), size=-1) for column in block if column]
            continue
        for seg in block:
            prev = lines[-1] if lines else None
            if prev is not None and prev.size > 0 and len(block) == 1 and _continues(prev, seg, left, right):
                prev.text += " " + seg.text
                prev.x0, prev.x1 = seg.x0, seg.x1    # the geometry of its last visual line
            else:
                lines.append(seg)
    return lines


def read_pdf(path: Path, data: bytes) -> Document:
    from pipeline.readers import sha256_bytes

    pdf = _open(data)
    try:
        page_chars, pages = [], []
        for index in range(len(pdf)):
            pages.append(pdf[index])
            page_chars.append(_page_chars(pages[-1].get_textpage()))
        sizes = Counter(round(c.size, 1) for chars in page_chars for c in chars)
        body_size = sizes.most_common(1)[0][0] if sizes else 0.0
        rows_notes = [_page_rows(page, chars, body_size) for page, chars in zip(pages, page_chars)]
    except pdfium.PdfiumError as e:
        raise _error(f"damaged PDF: a page cannot be read ({e})") from None
    finally:
        pdf.close()
    if not pages:
        raise _error("the PDF has no pages")

    left, right = _text_block([rows for rows, _ in rows_notes])
    laid_out = [_layout(rows, left, right) for rows, _ in rows_notes]
    continued = frozenset(
        number for number, (before, after) in enumerate(zip(laid_out, laid_out[1:]), start=2)
        if before and after and before[-1].size > 0 and after[0].size > 0
        and _continues(before[-1], after[0], left, right))
    return normalize_pages(["\n".join(ln.text for ln in lines) for lines in laid_out], fmt="pdf",
                           sha256=sha256_bytes(data), path=str(path), paged=True,
                           page_notes=[notes for _, notes in rows_notes],
                           ocr_pages=[n for n, chars in enumerate(page_chars, start=1) if not chars],
                           continued_pages=continued)
