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
  across page breaks too;
- text in a pre-Unicode font (.VnTime, VNI-Times) is converted run by run, by the font's name
  (asked per character, the slowest call, only on a page whose fonts include such a font);
- data tables: a page with ruling lines (found cheaply from PDFium's path objects,
  pipeline/read/pdf_objects.py) goes through pdfplumber's table finder, fed with those lines;
  each table of more than two columns is written one line a row, "cell | cell", at its place on
  the page, and kept as a `Table` with every cell's span; a row cut by a page end is joined back
  from the top of the next page (tables.join_split_rows);
- a page without any character is a scan: it is OCRed with Tesseract (pipeline/read/ocr.py) and its
  numbers that Tesseract was unsure of are blanked (ocr.masked_page_text; what it read is kept in
  `ocr_candidates`); its signature block, which page OCR interleaves with "Nơi nhận" or loses
  under a seal, is read again on its own (ocr_regions.py; noted in `ocr_rereads`), and so are its
  ruled tables, cell by cell (ocr_tables.py);
- a page whose text layer is damaged (pipeline/read/quality.py: an OCR layer without Vietnamese, a
  broken font map) is OCRed the same way, and `ocr_reasons` says why for every OCRed page.
"""
from __future__ import annotations

import ctypes
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from pipeline.model import Document
from pipeline.model.normalize import FROM_SUPERSCRIPT, TO_SUPERSCRIPT, normalize_pages, should_join
from pipeline.read import bounds
from pipeline.read.errors import ReadError, sha256_bytes
from pipeline.read.legacy import convert, fix_legacy_text, font_encoding
from pipeline.read.ocr import masked_page_text
from pipeline.read.pdf_objects import PageObjects, RawTable, find_tables, page_objects
from pipeline.read.quality import layer_quality
from pipeline.read.tables import attach_tables, join_split_rows, written_rows

SUPERSCRIPT_RATIO = 0.8     # a character this much smaller than its line, and raised, is a marker
NOTE_RATIO = 0.9            # footnote type is smaller than body type
CITED_MARKER = regex.compile(r"⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾")
PLAIN_NOTE_NUMBER = regex.compile(r"^(\d{1,3})\s+(?=\p{L})")
SEGMENT_GAP = 2.0           # in font sizes: a wider gap splits a line into column segments
EDGE = 0.08                 # share of the page height where page numbers live
OCR_DPI = 300
OCR_CONFIDENCE = 80.0       # numbers Tesseract read with less confidence are blanked, not guessed
RULED_PAGE_MIN = 3          # distinct horizontal and vertical rules a table page has at least
# PDFium reports a hyphen printed at a line end as 0x02 (U+FFFE through get_text_range); a soft
# hyphen U+00AD in a Unicode font is the same. Kept as HYPHEN_MARK until the lines are joined.
LINE_END_HYPHENS = (0x02, 0xFFFE)
HYPHEN_MARK = "\ufffe"
HYPHEN_BREAK = regex.compile(r"(?P<space> ?)\ufffe[ \t]*(?:\n[ \t]*)?")


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    size: float
    font: str = ""


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
    table: bool = False              # a data table written as "cell | cell" lines

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


def _error(message: str):
    return ReadError(message, stage="pdf")


def _open(data: bytes) -> pdfium.PdfDocument:
    if not data.startswith(b"%PDF-"):
        raise _error("không phải tệp PDF (thiếu phần đầu %PDF-)")
    if b"%%EOF" not in data[-2048:]:
        raise _error("tệp PDF bị cắt cụt: thiếu dấu kết thúc tệp (tải về hay sao chép chưa xong?)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if e.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise _error("tệp PDF có mật khẩu: cần mật khẩu mới mở được; "
                         "hãy lưu một bản không đặt mật khẩu") from None
        raise _error(f"tệp PDF bị hỏng: không phân tích được ({e})") from None


def join_hyphens(text: str) -> str:
    """Line-end hyphens repaired: "1520/QĐ\ufffe" + "UBND" → "1520/QĐ-UBND", the line joined;
    "kinh tế \ufffe" + "xã hội" keeps its spaces ("kinh tế - xã hội")."""
    return HYPHEN_BREAK.sub(lambda m: " - " if m.group("space") else "-", text)


def _page_chars(textpage: pdfium.PdfTextPage, fonts: set[str]) -> list[_Char]:
    """The page's characters with their boxes and sizes. Fonts are asked per character (the
    slowest of PDFium's calls) only when the page's `fonts` include a TCVN3 or VNI one, or are
    unknown."""
    handle, box = textpage.raw, pdfium_c.FS_RECTF()
    font_buf, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    per_char_font = not fonts or any(font_encoding(f)[0] for f in fonts)
    chars: list[_Char] = []
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(handle, i)
        if code in (0xFFFF, 0) or chr(code).isspace():
            continue       # spaces are worked out from the gaps, which also covers generated ones
        ch = chr(code)
        if unicodedata.combining(ch) and chars:
            chars[-1].text += ch     # a decomposed accent stays on its letter
            continue
        font = ""
        if per_char_font and pdfium_c.FPDFText_GetFontInfo(handle, i, font_buf, len(font_buf), ctypes.byref(flags)):
            font = font_buf.value.decode("latin-1")
        if code in LINE_END_HYPHENS or (code == 0xAD and not font_encoding(font)[0]):
            ch = HYPHEN_MARK   # a printed hyphen PDFium took for a line-end break ("QĐ-" / "UBND")
        pdfium_c.FPDFText_GetLooseCharBox(handle, i, box)
        chars.append(_Char(ch, box.left, box.right, box.bottom, box.top,
                           pdfium_c.FPDFText_GetFontSize(handle, i), font))
    return _convert_legacy(chars)


def _convert_legacy(chars: list[_Char]) -> list[_Char]:
    """Characters set in a TCVN3 or VNI font, converted run by run (a run: consecutive characters
    of one font). TCVN3 maps one character to one letter; a VNI mark character joins its letter."""
    if not any(font_encoding(c.font)[0] for c in chars):
        return chars
    out: list[_Char] = []
    i = 0
    while i < len(chars):
        j = i
        while j < len(chars) and chars[j].font == chars[i].font:
            j += 1
        run = chars[i:j]
        encoding, upper = font_encoding(run[0].font)
        if encoding:
            converted = convert("".join(c.text for c in run), encoding, upper=upper)
            if len(converted) == len(run):
                for c, letter in zip(run, converted):
                    c.text = letter
            else:          # marks typed as characters of their own: join each to its letter
                merged: list[_Char] = []
                for c in run:
                    if merged and len(convert(merged[-1].text + c.text, encoding)) == 1 \
                            and len(convert(merged[-1].text, encoding)) == 1:
                        merged[-1].text += c.text
                        merged[-1].x1 = max(merged[-1].x1, c.x1)
                        merged[-1].top = max(merged[-1].top, c.top)
                    else:
                        merged.append(c)
                for c in merged:
                    c.text = convert(c.text, encoding, upper=upper)
                run = merged
        out += run
        i = j
    return out


def _cell_text(chars: list[_Char]) -> str:
    if not chars:
        return ""
    lines = [_segments(ln) for ln in sorted(_group_lines(chars), key=lambda ln: -ln.top)]
    return " ".join(seg.text for row in lines for seg in row).strip()


def _inside(c: _Char, box: tuple[float, float, float, float]) -> bool:
    mx, my = (c.x0 + c.x1) / 2, (c.bottom + c.top) / 2
    return box[0] <= mx <= box[2] and box[1] <= my <= box[3]


def _take_tables(chars: list[_Char], tables: list[RawTable], size: float
                 ) -> tuple[list[_Char], list[_Line], list[list[list[tuple[int, str, bool]]]]]:
    """Take the tables' characters out of the page flow: (characters left, one synthetic line per
    table holding its "cell | cell" rows at its place, the tables' rows of (column, text))."""
    lines: list[_Line] = []
    tables_rows = []
    for table in tables:
        inside = [c for c in chars if _inside(c, table.bbox)]
        if not inside:
            continue
        chars = [c for c in chars if not _inside(c, table.bbox)]
        text_rows, merged_text = [], {}
        for row in table.rows:
            cells = []
            for col, box, merged in row:
                key = (col, box)
                if merged:
                    cells.append((col, merged_text.get(key, ""), True))
                else:
                    text = _cell_text([c for c in inside if _inside(c, box)])
                    merged_text[key] = text
                    cells.append((col, text, False))
            text_rows.append(cells)
        x0, bottom, x1, top = table.bbox
        lines.append(_Line([], bottom=bottom, top=top, size=-1, text=written_rows(text_rows), x0=x0, x1=x1, table=True))
        tables_rows.append(text_rows)
    return chars, lines, tables_rows


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
        sizes = {round(c.size, 1) for c in seg.chars}
        size = seg.size = sizes.pop() if len(sizes) == 1 else \
            Counter(round(c.size, 1) for c in seg.chars).most_common(1)[0][0]
        small = SUPERSCRIPT_RATIO * size
        base = statistics.median(c.bottom for c in seg.chars if abs(c.size - size) < 0.5) \
            if any(c.size < small for c in seg.chars) else 0.0     # only a smaller character can be raised
        parts, prev, marker, word_end = [], None, False, None
        for ch in seg.chars:
            sup = ch.size < small and ch.bottom - base > 0.2 * size and ch.text.isdigit()
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
    """The small print at the page foot that starts with a marker: (marker, body) notes. A note
    may start with its number in plain type ("1 Công văn số …", as LibreOffice prints a Word
    footnote) when the page above cites that number as a marker."""
    k = len(rows)
    while k > 0 and len(rows[k - 1]) == 1 and rows[k - 1][0].size < NOTE_RATIO * body_size:
        k -= 1
    cited = {m.translate(FROM_SUPERSCRIPT) for row in rows[:k] for seg in row for m in CITED_MARKER.findall(seg.text)}

    def marker(line: _Line) -> tuple[str, str] | None:
        if line.starts_with_marker:
            return line.starts_with_marker, line.text[line.text.index("⁾") + 1:].strip()
        plain = PLAIN_NOTE_NUMBER.match(line.text)
        return (plain.group(1), line.text[plain.end():].strip()) if plain and plain.group(1) in cited else None

    start = next((i for i in range(k, len(rows)) if marker(rows[i][0])), None)
    if start is None:
        return rows, []
    notes: list[tuple[str, str]] = []
    for (line,) in rows[start:]:
        note = marker(line)
        if note:
            notes.append(note)
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
    # a centred title's lines both stand off the left edge; a paragraph's second line starts at it
    centred = abs(prev.middle - nxt.middle) < prev.size and prev.x0 > left + prev.size and indented
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


def _page_rows(page: pdfium.PdfPage, chars: list[_Char], body_size: float,
               table_lines: list[_Line] = ()) -> tuple[list[list[_Line]], list[tuple[str, str]]]:
    """The page's rows of segments, top down, without page numbers; and its footnotes."""
    height = page.get_height()
    rows = [_segments(ln) for ln in _group_lines(chars)] + [[t] for t in table_lines]
    rows.sort(key=lambda r: -max(s.top for s in r))
    rows = [r for r in rows if not (len(r) == 1 and r[0].text.isdigit() and len(r[0].text) <= 4
                                    and (r[0].bottom > (1 - EDGE) * height or r[0].top < EDGE * height))]
    return _split_footnotes(rows, body_size)


def _text_block(pages_rows: list[list[list[_Line]]]) -> tuple[float, float]:
    """The body text's left and right edges: where most lines start, and how far those reach."""
    singles = [r[0] for rows in pages_rows for r in rows if len(r) == 1 and not r[0].table]
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


def _ocr_pages(pdf: pdfium.PdfDocument, scans: list[int]
               ) -> tuple[dict[int, str], dict[int, float], list[dict], dict[int, list[dict]], dict[int, list]]:
    """OCR the scanned pages (0-based indexes): page text with uncertain numbers blanked,
    Tesseract's mean confidence per page (1-based page numbers), what was blanked, the
    regions read a second time (the signature block: pipeline/read/ocr_regions.py) and the ruled
    tables read cell by cell (pipeline/read/ocr_tables.py)."""
    from pipeline.read.ocr import ocr_image, render_pdf_page
    from pipeline.read.ocr_fill_ins import reread_fill_ins
    from pipeline.read.ocr_header import header_by_columns
    from pipeline.read.ocr_regions import reread_signature
    from pipeline.read.ocr_tables import read_tables

    texts, confidence, candidates, rereads, tables = {}, {}, [], {}, {}
    for index in scans:
        bounds.extend(bounds.current().ocr_seconds_per_page)
        image = render_pdf_page(pdf, index, OCR_DPI)
        page = ocr_image(image)
        if index == 0:              # the header's two columns, one after the other
            page = header_by_columns(page, image.size)
        result, tables[index + 1] = read_tables(image, reread_signature(image, page), OCR_CONFIDENCE)
        texts[index + 1] = masked_page_text(result, OCR_CONFIDENCE, index + 1, candidates)
        if index == 0:              # the header's handwritten number and day, read again
            blanked = any(c["field"] == "number" and c["page"] == 1 for c in candidates)
            candidates += reread_fill_ins(image, result, index + 1, number_blanked=blanked)
        confidence[index + 1] = round(result.confidence, 1)
        if result.rereads:
            rereads[index + 1] = result.rereads
    return texts, confidence, candidates, rereads, tables


def _survey(pdf: pdfium.PdfDocument, can_ocr: bool):
    """Each page, its characters (none when its text layer is damaged and OCR can read it instead),
    its height; the drawings of the pages ruled like a table, the pages to OCR (0-based) and why
    each is OCRed."""
    from pipeline.read.ocr import blank_page
    page_chars, pages, heights, scans = [], [], {}, []
    ruled: dict[int, PageObjects] = {}
    reasons: dict[int, str] = {}
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        drawn = page_objects(page)
        chars = _page_chars(textpage, drawn.fonts)
        if chars and can_ocr and not any(font_encoding(c.font)[0] for c in chars):
            # legacy-font pages are converted, not OCRed; pasted legacy text is converted first
            raw = textpage.get_text_range()
            quality = layer_quality(raw)
            if quality.damaged:
                quality = layer_quality(fix_legacy_text(raw))
            if quality.damaged:       # an OCR layer without Vietnamese, a broken font map: read the image
                reasons[index + 1] = quality.reason()
                chars = []
        page_chars.append(chars)
        if not chars and not blank_page(page):      # a blank page is not OCRed
            scans.append(index)
            reasons.setdefault(index + 1, "no text layer")
        pages.append(page)
        heights[index + 1] = page.get_height()
        if chars and drawn.horizontal >= RULED_PAGE_MIN and drawn.vertical >= RULED_PAGE_MIN:
            ruled[index + 1] = drawn
    return pages, page_chars, heights, ruled, scans, reasons


def read_pdf(path: Path, data: bytes) -> Document:
    from pipeline.read.ocr import DEBIAN_PACKAGES, tesseract_available

    pdf = _open(data)
    try:
        count = len(pdf)
        max_pages = bounds.current().max_pages
        if count > max_pages:
            raise _error(f"quá nhiều trang ({count}, giới hạn {max_pages}); hãy tách tệp")
        can_ocr = tesseract_available()
        pages, page_chars, heights, ruled, scans, reasons = _survey(pdf, can_ocr)
        sizes = Counter(round(c.size, 1) for chars in page_chars for c in chars)
        body_size = sizes.most_common(1)[0][0] if sizes else 0.0
        raw_tables = find_tables(ruled, heights) if ruled else {}
        table_lines: dict[int, list[_Line]] = {}
        tables_rows: dict[int, list] = {}
        for number, tables in raw_tables.items():
            page_chars[number - 1], table_lines[number], tables_rows[number] = _take_tables(
                page_chars[number - 1], tables, body_size)
        in_order = [(number, lines, rows) for number in sorted(tables_rows)
                    for lines, rows in zip(table_lines[number], tables_rows[number])]
        for i in join_split_rows([(number, rows) for number, _, rows in in_order]):
            in_order[i][1].text = written_rows(in_order[i][2])      # a row cut by a page end, whole again
        rows_notes = [_page_rows(page, chars, body_size, table_lines.get(n, []))
                      for n, (page, chars) in enumerate(zip(pages, page_chars), start=1)]
        ocr_texts, ocr_confidence, ocr_candidates, ocr_rereads, skipped = {}, {}, [], {}, []
        if scans:
            if can_ocr:
                ocr_texts, ocr_confidence, ocr_candidates, ocr_rereads, ocr_tables = _ocr_pages(pdf, scans)
                for number, found in ocr_tables.items():
                    tables_rows.setdefault(number, []).extend(found)
            elif len(scans) == count:
                raise ReadError(f"tệp PDF là bản quét, không có lớp chữ, cần nhận dạng chữ (OCR) nhưng máy chưa cài "
                                f"Tesseract tiếng Việt (Debian: apt-get install {DEBIAN_PACKAGES})",
                                stage="ocr")
            else:
                skipped = [i + 1 for i in scans]
    except pdfium.PdfiumError as e:
        raise _error(f"tệp PDF bị hỏng: không đọc được một trang ({e})") from None
    finally:
        pdf.close()
    if not pages:
        raise _error("tệp PDF không có trang nào")

    left, right = _text_block([rows for rows, _ in rows_notes])
    laid_out = [_layout(rows, left, right) for rows, _ in rows_notes]
    continued = frozenset(
        number for number, (before, after) in enumerate(zip(laid_out, laid_out[1:]), start=2)
        if before and after and before[-1].size > 0 and after[0].size > 0
        and _continues(before[-1], after[0], left, right))
    texts = [ocr_texts.get(n) or fix_legacy_text(join_hyphens("\n".join(ln.text for ln in lines)))
             for n, lines in enumerate(laid_out, start=1)]
    notes = [[(m, fix_legacy_text(join_hyphens(body))) for m, body in page_notes] for _, page_notes in rows_notes]
    doc = normalize_pages(texts, fmt="pdf", sha256=sha256_bytes(data), path=str(path), paged=True,
                          page_notes=notes,
                          ocr_pages=[i + 1 for i in scans],
                          continued_pages=continued)
    doc.ocr_confidence = ocr_confidence
    doc.ocr_reasons = {page: reasons[page] for page in ocr_confidence}
    doc.ocr_candidates = ocr_candidates
    doc.ocr_rereads = ocr_rereads
    doc.skipped_pages = skipped
    if tables_rows:
        attach_tables(doc, [(page, rows) for page in sorted(tables_rows) for rows in tables_rows[page]])
    return doc
