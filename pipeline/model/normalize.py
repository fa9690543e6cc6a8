"""Normalisation: from the raw text of a file's pages to the one stored text facts point into.

- characters: NFC, shape marks before tone marks, U+00D0 → Đ, one tone placement (ủy, hòa:
  underthesea's token normaliser, which leaves "quý" alone), NBSP and zero-width characters;
- markdown emphasis (`**30.433**`) removed, `<sup>1</sup>` turned into the marker ⁽¹⁾;
- hard-wrapped lines rejoined into paragraphs, while headings, numbered items, "-" bullets, the
  header block and the signature block stay on lines of their own;
- footnote bodies lifted out of the running text (where a page break left them mid-sentence) and
  put after the paragraph they interrupted, each linked to the markers that cite it.
"""
from __future__ import annotations

import html
import statistics
import unicodedata
from dataclasses import dataclass, field

import regex

from pipeline.model.document import Document, Footnote

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾", "0123456789()")

# Characters that look alike but are not the Vietnamese ones, and invisible ones.
CHARACTER_FIXES = {
    "\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u3000": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",
    "\t": " ", "\r": "",
}
_CHAR_FIX = str.maketrans(CHARACTER_FIXES)
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}   # huyền, sắc, ngã, hỏi, nặng
SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}                      # circumflex, breve, horn

HTML_ENTITY = regex.compile(r"&(?:#[0-9]{2,7}|#[xX][0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,7});")
SUP_TAG = regex.compile(r"<sup>\s*\(?\s*(\d{1,3})\s*\)?\s*</sup>", regex.I)
FOOTNOTE_MARKER = regex.compile(r"⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})⁾|(?<=[\p{L}\p{N}\)\.,;:”\"*])([¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]{0,2})(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")
FOOTNOTE_LINE = regex.compile(r"^\s*(?:⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})⁾|([¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]{0,2}))\s*(?=\S)")
EMPHASIS = regex.compile(r"(?<![\w*])(\*{1,3}|_{2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
BULLET = regex.compile(r"^[-–—+•●▪◦*]\s*(?=[\p{Lu}\p{N}\"“(])")
NUMBERED = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXLC]{1,6}\.|[a-zđ]\)|\(\w{1,4}\)|\d{1,2}\))\s+(?=\S)")
BLOCK_START = regex.compile(
    r"^(?:Số\s*[:\d/]|Số\s*$|Kính\s+gửi|Nơi\s+nhận|V/v\b|Về\s+việc\b|T\.?\s?M\.?\s|T/M\b|K\.?\s?T\.?\s|K/T\b|"
    r"T\.?L\.?\s|T/L\b|TUQ\.|Q\.\s|Lưu\s*:|Như\s+trên|Trích\s+yếu|\(?Có\s+phụ\s+(?:lục|biểu)|\(?có\s+phụ\s+(?:lục|biểu))",
)
PLACE_DATE = regex.compile(r"^[\p{Lu}][\p{L}' ]{1,40},\s*ngày\b")
RULE_LINE = regex.compile(r"^[\W_]{1,80}$")
COMBINING = regex.compile(r"\p{Mn}+")
TABLE_ROW = regex.compile(r"\|[^|\n]*\||\t[^\t\n]*\t")
TAB_ROW = regex.compile(r"\S[ ]*\t[^\t\n]*\S[^\t\n]*\t")
TERMINAL = regex.compile(r"[.!?:;…]['\"”’)\]*]*(?:⁽[⁰-⁹]+⁾|[¹²³⁴-⁹⁰]+)?$")


TONE_BEFORE_SHAPE = regex.compile(r"([\u0300\u0301\u0303\u0309\u0323])([\u0302\u0306\u031b])")
LETTERS = regex.compile(r"\p{L}+")
MARKDOWN_HEADING = regex.compile(r"^\s*#{1,6}\s+")
DANGLING_EMPHASIS_END = regex.compile(r"(?<=\S)\s*\*{1,3}\s*$")
DANGLING_EMPHASIS_START = regex.compile(r"^\s*\*{2,3}(?=\S)")
SPACES = regex.compile(r" {2,}")


def fix_characters(text: str) -> str:
    """NFC with shape marks before tone marks, look-alike letters fixed, invisible ones dropped."""
    text = unicodedata.normalize("NFD", text.translate(_CHAR_FIX))
    # A tone mark typed before the shape mark ("a◌́◌̆") survives NFC as two marks: reorder them.
    text = TONE_BEFORE_SHAPE.sub(r"\2\1", text)
    return unicodedata.normalize("NFC", text)


def _tone_normaliser():
    from underthesea.pipeline.text_normalize.token_normalize import token_normalize
    return token_normalize


_token_normalize = None


def normalize_tones(text: str) -> str:
    """One tone placement (ủy, hòa, khóa), word by word, spacing kept."""
    global _token_normalize
    if _token_normalize is None:
        _token_normalize = _tone_normaliser()
    return LETTERS.sub(lambda m: _token_normalize(m.group()), text)


def normalize_inline(line: str, tones: bool = True) -> str:
    """Character-level normalisation of one line: the parts that do not move text around."""
    if "&" in line:            # a text scraped from a web page with its entities left: "nh&acirc;n", "&#7881;"
        line = HTML_ENTITY.sub(lambda m: html.unescape(m.group()), line)
    line = fix_characters(line)
    if tones:
        line = normalize_tones(line)
    line = SUP_TAG.sub(lambda m: "⁽" + m.group(1).translate(TO_SUPERSCRIPT) + "⁾", line)
    for _ in range(2):  # nested "***x***" and "*a **b** c*"
        line = EMPHASIS.sub(r"\2", line)
    line = MARKDOWN_HEADING.sub("", line)
    line = DANGLING_EMPHASIS_END.sub("", line)
    line = DANGLING_EMPHASIS_START.sub("", line)
    line = SPACES.sub(" ", line)
    return line.strip()


def is_upper_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.8


def starts_block(line: str) -> bool:
    return bool(BULLET.match(line) or NUMBERED.match(line) or BLOCK_START.match(line)
                or PLACE_DATE.match(line) or FOOTNOTE_LINE.match(line))


def starts_lowercase(line: str) -> bool:
    if NUMBERED.match(line):     # "a) Hướng dẫn …" is an item, not a continuation
        return False
    first = line[:1]
    return first.islower() or first in ",;)" or (line.startswith("- ") and line[2:3].islower())


@dataclass
class _Line:
    text: str
    page: int
    blank_before: bool = False
    continues: bool = False          # the reader saw it continue the previous page's paragraph


@dataclass
class _Paragraph:
    pieces: list[tuple[str, int]] = field(default_factory=list)   # (text, page)
    notes: list[tuple[str, str, int]] = field(default_factory=list)  # (marker, body, page)
    # Under an all-capitals heading ("BÁO CÁO"): a title, which wraps onto lower-case lines only,
    # so the body's first sentence is not glued to it.
    titled: bool = False


def should_join(prev: str, nxt: str, wrap_width: float) -> bool:
    """Is `nxt` the continuation of the paragraph that `prev` ends?"""
    if not prev:
        return False
    if RULE_LINE.match(prev) or RULE_LINE.match(nxt):
        return False
    if TABLE_ROW.search(nxt) or (TABLE_ROW.search(prev) and nxt.startswith("|")):
        return False            # a table row written "cell | cell | cell" is a line of its own
    if TAB_ROW.search(prev) and not starts_lowercase(nxt):
        return False            # the sentence after a tab-separated row ("…\tQuý III/2026" / "Ban Nhân dân …") is no cell of it
    if is_upper_line(prev) and not starts_lowercase(nxt):
        return False
    if is_upper_line(prev) and is_upper_line(nxt):
        return False
    if starts_lowercase(nxt) and not is_upper_line(prev):
        return True
    if starts_block(nxt) or is_upper_line(nxt):
        return False
    if TERMINAL.search(prev):
        return False
    # A line well short of the page's wrap width ends its paragraph.
    return len(prev) >= 0.7 * wrap_width


def _wrap_width(lines: list[_Line]) -> float:
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) > 20)
    if not lengths:
        return 80.0
    return float(lengths[int(0.8 * (len(lengths) - 1))]) if len(lengths) > 4 else float(statistics.median(lengths))


def _split_notes(lines: list[_Line]) -> tuple[list[_Line], list[tuple[str, str, int, int]]]:
    """Take footnote bodies out of the line stream: (marker, body, page, index of the line after)."""
    body: list[_Line] = []
    notes: list[tuple[str, str, int, int]] = []
    i = 0
    while i < len(lines):
        m = FOOTNOTE_LINE.match(lines[i].text)
        if not m:
            body.append(lines[i])
            i += 1
            continue
        marker = (m.group(1) or m.group(2)).translate(FROM_SUPERSCRIPT)
        text = lines[i].text[m.end():]
        i += 1
        # A note wrapped over several lines continues until a blank line or a new block.
        while i < len(lines) and not lines[i].blank_before and not starts_block(lines[i].text) \
                and not is_upper_line(lines[i].text) and not TERMINAL.search(text):
            text += " " + lines[i].text
            i += 1
        notes.append((marker, text.strip(), lines[i - 1].page, len(body)))
    return body, notes


def normalize_pages(pages: list[str], *, fmt: str, sha256: str = "", path: str | None = None,
                    paged: bool = False, page_notes: list[list[tuple[str, str]]] | None = None,
                    ocr_pages: list[int] | None = None, continued_pages: frozenset[int] = frozenset()) -> Document:
    """Build the stored text of a document from the raw text of its pages.

    `page_notes`, when the reader found footnotes itself (DOCX footnotes part, a PDF's small
    print), gives (marker, body) per page; otherwise footnote lines are found in the text.
    `continued_pages`: pages whose first line continues the paragraph the previous page ended,
    as the reader saw in the layout.
    """
    body, notes = _split_notes(_lines(pages, fmt, continued_pages))
    for page_no, page in enumerate(page_notes or [], start=1):
        last = max((i for i, ln in enumerate(body) if ln.page == page_no), default=-1)
        for marker, note in page:
            notes.append((marker.translate(FROM_SUPERSCRIPT).strip("()"), normalize_inline(note, tones=False), page_no, last + 1))
    # A web page's lines are its blocks, never wrapped by width: only a lowercase start continues one.
    wrap_width = float("inf") if fmt == "html" else _wrap_width(body)
    printed, runs, note_spans = _assemble(_paragraphs(body, notes, wrap_width))
    # Tone placement is unified last, over the whole text: it keeps every length, so the text as
    # printed ("Huyện uỷ", "hoá") keeps the same offsets and facts quote the source as written.
    text = normalize_tones(printed)
    if len(text) != len(printed):
        printed = text
    return Document(text=text, printed=printed, format=fmt, sha256=sha256, path=path, page_runs=runs or [(0, 1)],
                    page_count=max(len(pages), 1), paged=paged, footnotes=_linked_footnotes(text, note_spans),
                    ocr_pages=list(ocr_pages or []))


def _lines(pages: list[str], fmt: str, continued_pages: frozenset[int]) -> list[_Line]:
    """The non-blank lines of the pages, each normalised, with its page and whether a blank line
    (or the page's start) comes before it."""
    lines: list[_Line] = []
    for page_no, raw in enumerate(pages, start=1):
        blank = True
        for raw_line in raw.replace("\f", "\n").split("\n"):
            if fmt == "txt" and TAB_ROW.search(raw_line):
                # a table row typed with tabs ("Ngân sách tỉnh<TAB>210.000<TAB>176.400") keeps them between its cells
                text = "\t".join(normalize_inline(cell, tones=False) for cell in raw_line.strip(" \r").split("\t"))
            else:
                text = normalize_inline(raw_line, tones=False)
            if not text:
                blank = True
                continue
            first = not lines or lines[-1].page != page_no
            lines.append(_Line(text, page_no, blank_before=blank, continues=first and page_no in continued_pages))
            blank = False
    return lines


def _paragraphs(body: list[_Line], notes: list[tuple[str, str, int, int]], wrap_width: float) -> list[_Paragraph]:
    """Hard-wrapped lines rejoined into paragraphs; each note after the paragraph that cites it."""
    paragraphs: list[_Paragraph] = []
    notes_after: dict[int, list[tuple[str, str, int]]] = {}
    for marker, note, page_no, at in notes:
        notes_after.setdefault(at, []).append((marker, note, page_no))
    pending: list[tuple[str, str, int]] = []
    for i, ln in enumerate(body):
        pending.extend(notes_after.pop(i, []))
        last = paragraphs[-1] if paragraphs else None
        if last and (ln.continues or (should_join(last.pieces[-1][0], ln.text, wrap_width)
                                      and not (last.titled and not starts_lowercase(ln.text)))):
            last.pieces.append((ln.text, ln.page))
        else:
            if last and pending:
                last.notes.extend(pending)
                pending = []
            titled = bool(last) and len(last.pieces) == 1 and is_upper_line(last.pieces[0][0])
            paragraphs.append(_Paragraph([(ln.text, ln.page)], titled=titled and not is_upper_line(ln.text)))
    for rest in notes_after.values():
        pending.extend(rest)
    if pending:
        if not paragraphs:
            paragraphs.append(_Paragraph())
        paragraphs[-1].notes.extend(pending)
    return paragraphs


def _assemble(paragraphs: list[_Paragraph]) -> tuple[str, list[tuple[int, int]], list[tuple[str, int, int]]]:
    """The text, the page every run of it came from (offset, page), and each note's (marker, span)."""
    out: list[str] = []
    runs: list[tuple[int, int]] = []
    note_spans: list[tuple[str, int, int]] = []
    pos = 0

    def emit(text: str, page: int, sep: str) -> None:
        nonlocal pos
        if out:
            out.append(sep)
            pos += len(sep)
        if not runs or runs[-1][1] != page:
            runs.append((pos, page))
        out.append(text)
        pos += len(text)

    for para in paragraphs:
        for k, (text, page) in enumerate(para.pieces):
            emit(text, page, " " if k else "\n")
        for marker, note, page in para.notes:
            start = pos + (1 if out else 0)
            emit(f"⁽{marker.translate(TO_SUPERSCRIPT)}⁾ {note}", page, "\n")
            note_spans.append((marker, start, pos))
    return "".join(out), runs, note_spans


def _linked_footnotes(text: str, note_spans: list[tuple[str, int, int]]) -> list[Footnote]:
    """The footnotes, each with the markers in the text that cite it."""
    footnotes = [Footnote(marker=m, span=(s, e), text=text[s:e]) for m, s, e in note_spans]
    by_marker = {f.marker: f for f in footnotes}
    note_ranges = [f.span for f in footnotes]
    for m in FOOTNOTE_MARKER.finditer(text):
        if any(s <= m.start() < e and m.start() < s + 6 for s, e in note_ranges):
            continue   # the marker that opens a note body
        marker = (m.group(1) or m.group(2)).translate(FROM_SUPERSCRIPT)
        if marker in by_marker:
            by_marker[marker].citations.append((m.start(), m.end()))
    return footnotes


def fold(text: str) -> str:
    """Accent- and case-free form for matching and search: "Sở Nông nghiệp" → "so nong nghiep".

    đ/Đ fold to d, which SQLite's remove_diacritics does not do.
    """
    text = unicodedata.normalize("NFD", text.translate(_CHAR_FIX))
    return COMBINING.sub("", text).replace("đ", "d").replace("Đ", "D").lower()
