"""A document cut into the passages the cross-check reads: clauses of sentences and rows of tables,
each with what its section headings say about it (results, goals or tasks; a year such as
"a) Năm 2023" or "III. MỤC TIÊU NĂM 2025"; an as-of date such as "(số liệu đến ngày 30/6/2025)"),
its paragraph number, and for a footnote body the sentence that cites it."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import regex

from pipeline.crosscheck.periods import Period, as_of_in, deadline_in, first_day_in
from pipeline.crosscheck.vocabulary import cue_at, section_role
from pipeline.model.normalize import fold
from pipeline.model.text import CELL_SEPARATOR, row_cells, sentences

HEADING = regex.compile(r"^\s*(?:(?P<roman>[IVX]{1,4})\.|(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?|(?P<letter>[a-zđ])\))\s+(?P<body>.+)$")
FOOTNOTE = regex.compile(r"^\s*(?:⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾|<sup>\(?(\d+)\)?</sup>)")
SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass
class Passage:
    doc_id: int
    start: int
    end: int
    text: str                                  # as written
    folded: str                                # fold(text), same offsets
    kind: str                                  # clause | row
    sentence: tuple[int, int]
    paragraph: int                             # 1-based number of the non-empty line
    role: str | None = None                    # result | goal | task, from the headings
    heading_deadline: tuple[str, Period] | None = None
    heading_as_of: dt.date | None = None
    headings: list[str] = field(default_factory=list)
    cells: list[tuple[int, int, str]] = field(default_factory=list)   # rows: (start, end, text)
    header: list[str] = field(default_factory=list)                   # rows: the table's header cells
    caption: str = ""                                                 # rows: the line before the table
    footnote_of: tuple[int, int] | None = None  # a footnote body: the sentence that cites it
    index: int = 0                              # clause number within its sentence


def _is_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a section heading: numbered and short, or a line in capitals."""
    stripped = line.strip()
    if not stripped or is_row(stripped):
        return None
    m = HEADING.match(stripped)
    if cue_at(fold(stripped), "sections", "year_results"):      # "Kết quả năm 2024:": a section, numbered or not
        return (5 if not m else 1 if m.group("roman") else 5 if m.group("letter") else 2 + m.group("num").count(".")), stripped
    if m:
        body = m.group("body")
        words = len(body.split())
        if words > 25 or (words > 14 and not body.endswith(")")):
            return None
        if regex.search(r"[.;]\s", body):
            return None
        if regex.search(r"[.;:]\s*$", body) and not body.isupper():
            # "2. Các chỉ tiêu chủ yếu nhiệm kỳ 2020 - 2025:" introduces the goals listed under it
            if not (body.rstrip().endswith(":") and words <= 12 and section_role(body) == "goal"):
                return None
        level = 1 if m.group("roman") else (5 if m.group("letter") else 2 + m.group("num").count("."))
        return level, stripped
    letters = regex.sub(r"[^\p{L}]", "", stripped)
    if len(letters) > 6 and letters.isupper() and len(stripped.split()) <= 16:
        return 0, stripped
    return None


def _heading_as_of(heading: str) -> dt.date | None:
    """"(số liệu đến thời điểm … ngày 30/6/2025)", "(đến ngày 20/12/2023)": the as-of date of a section."""
    folded = fold(heading)
    year = cue_at(folded, "sections", "year_results")       # "Kết quả năm 2024:": the year's end
    return as_of_in(folded) or (first_day_in(folded) if regex.search(r"\bden\b|so lieu", folded) else None) or (
        dt.date(int(year.group(1)), 12, 31) if year else None)


def _next_width(text: str, pos: int) -> int | None:
    nxt = text[pos:text.find("\n", pos) if text.find("\n", pos) >= 0 else len(text)]
    return len(_cells(nxt, 0)) if is_row(nxt) else None


def _joined_width(cells: list[tuple[int, int, str]]) -> int | None:
    """A whole table the reader joined into one line ("| STT | Huyện | … | | 1 | Huyện Long Phú | … |"):
    the header ends at the empty cell before the first row's number 1."""
    if not cells or fold(cells[0][2]) != "stt":
        return None
    return next((i for i in range(2, len(cells) - 1) if not cells[i][2] and cells[i + 1][2] == "1"), None)


def is_row(line: str) -> bool:
    """A table row as readers write it ("| 1 | Xã Hà Mòn | 19 |"), or as a text file gives it, cells
    parted by "|" or tabs without a leading "|" ("1 | Xã Hà Mòn | 19"): three cells or more."""
    stripped = line.strip()
    return stripped.startswith("|") or len(CELL_SEPARATOR.findall(stripped)) >= 2


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    cells = [(s + offset, e + offset, v) for s, e, v in row_cells(line)]
    if line.lstrip().startswith("|"):   # the edge bars of "| a | b |" open and close no cell
        cells = cells[1:-1] if not cells[-1][2] else cells[1:]
    return cells


def _citations(doc: dict) -> dict[str, tuple[int, int]]:
    """Footnote marker → the span that cites it (from the stored footnotes of the document)."""
    out = {}
    try:
        notes = json.loads(doc.get("footnotes") or "[]")
    except (TypeError, ValueError):
        return out
    for n in notes if isinstance(notes, list) else []:
        cites = n.get("citations") if isinstance(n, dict) else None
        if cites and n.get("marker"):
            out[str(n["marker"])] = tuple(cites[0])
    return out


def _second_header(header: list[str], cells) -> list[str] | None:
    """The header a table's second header row completes, or None when the row holds data: a row of the same
    width with a blank cell and no figure but a year, under a top row with a blank cell ("| Năm 2024 | |" over
    "| Kế hoạch | Thực hiện |" → "Kế hoạch năm 2024", "Thực hiện năm 2024"); a top cell spans the blank ones after it."""
    texts = [c[2].strip() for c in cells]
    if len(texts) != len(header) or "" not in texts or "" not in header or not any(texts) or any(
            regex.search(r"\d", t) and not regex.fullmatch(r"(?:năm )?(?:19|20)\d\d", t, flags=regex.I) for t in texts):
        return None
    out, top = [], ""
    for above, below in zip(header, texts):
        top = above or (top if below else "")
        out.append(f"{below} {top.lower() if below else top}".strip())   # "Kế hoạch năm 2024", as one row says it
    return out


def passages_of(corpus, doc_id: int) -> list[Passage]:
    """passages() of a corpus's document, cut once for every reader of one check (read-only)."""
    cache = corpus.memo.setdefault("_passages", {})
    if doc_id not in cache:
        cache[doc_id] = passages(doc_id, corpus.documents[doc_id])
    return cache[doc_id]


def passages(doc_id: int, doc: dict) -> list[Passage]:
    """The clauses and table rows of one document, in text order."""
    text = doc.get("text") or ""
    lines = _lines(text)
    # the line breaks inside a joined line become spaces (same offsets): one sentence, one clause
    joins = [i for s, e in lines for i in range(s, e) if text[i] == "\n"]
    if joins:
        chars = list(text)
        for i in joins:
            chars[i] = " "
        text = "".join(chars)
    folded_text = fold(text)
    if len(folded_text) != len(text):      # decomposed input: fold piecewise to keep offsets
        folded_text = "".join((fold(c) or c)[:1] for c in text)
    cites = _citations(doc)
    out: list[Passage] = []
    stack: list[tuple[int, str]] = []
    header: list[str] = []
    caption, prev_line = "", ""
    in_table = False
    data_rows = 0
    paragraph = 0
    for ls, le in lines:
        line = text[ls:le]
        if not line.strip():
            continue
        paragraph += 1
        heads = [h for _, h in stack]
        role = next((r for r in map(section_role, reversed(heads)) if r), None)
        h_deadline = next((d for d in (deadline_in(fold(h)) for h in reversed(heads)) if d), None)
        h_as_of = next((d for d in (_heading_as_of(h) for h in reversed(heads)) if d), None)
        if is_row(line):
            cells = _cells(line, ls)
            if all(regex.fullmatch(r"[-: ]*", c[2]) for c in cells):
                continue
            if in_table and not data_rows and (second := _second_header(header, cells)):
                header = second           # "| Năm 2024 | |" over "| Kế hoạch | Thực hiện |": one header of two rows
                continue
            if not in_table:
                in_table, header, caption, data_rows = True, [c[2] for c in cells], prev_line, 0
                width = _next_width(text, le + 1) or _joined_width(cells)
                if width and len(cells) > width + 1 and not cells[width][2]:
                    # the normaliser joined the header and the first row into one line: split them
                    header, cells = header[:width], cells[width + 1:]
                    ls = max(ls, cells[0][0] - 2)
                else:
                    continue
            width = len(header)
            data_rows += 1
            rows = [cells]
            while width and len(rows[-1]) > width + 1 and not rows[-1][width][2]:
                # two rows joined on one line ("| 5 | Đăk Kan | … | | 6 | Pờ Y | … |"): one passage each
                rows[-1:] = [rows[-1][:width], rows[-1][width + 1:]]
            for row in rows:
                rs, re_ = (max(ls, row[0][0] - 2), min(le, row[-1][1] + 2)) if len(rows) > 1 else (ls, le)
                out.append(Passage(doc_id, rs, re_, text[rs:re_], folded_text[rs:re_], "row", (rs, re_), paragraph,
                                   role, h_deadline, h_as_of or as_of_in(fold(caption)), heads, row, header, caption))
            continue
        in_table = False
        prev_line = line
        heading = _is_heading(line)
        if heading:
            level, h = heading
            stack = [(lv, x) for lv, x in stack if lv < level] + [(level, h)]
            continue
        note = FOOTNOTE.match(line)
        footnote_of = None
        if note:
            marker = (note.group(1) or note.group(2)).translate(SUPERSCRIPT)
            span = cites.get(marker)
            if span:
                footnote_of = _sentence_around(text, span[0])
        for s, e in sentences(text, ls, le, semicolons=False):
            for i, (cs, ce) in enumerate(_clauses(text, s, e)):
                out.append(Passage(doc_id, cs, ce, text[cs:ce], folded_text[cs:ce], "clause", (s, e), paragraph,
                                   role, h_deadline, h_as_of, heads, footnote_of=footnote_of, index=i))
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the text's lines, a hard-wrapped sentence joined back into one ("… bình quân đạt\n12,3
    tiêu chí/xã; …"): a line that ends without punctuation continues on a next line that starts in
    lower case or with a digit and is no heading, table row or footnote."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if out and line.strip() and regex.match(r"\s*[\p{Ll}\d]", line) and not FOOTNOTE.match(line) \
                and not _is_heading(line):
            ps, pe = out[-1]
            prev = text[ps:pe].rstrip()
            if prev and not is_row(prev) and not regex.search(r"[.;:!?]\W*$", prev) \
                    and not _is_heading(text[ps:pe]) and pe == ls - 1:
                out[-1] = (ps, le)
                continue
        out.append((ls, le))
    return out


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    le = len(text) if le < 0 else le
    for s, e in sentences(text, ls, le, semicolons=False):
        if s <= pos <= e:
            return s, e
    return ls, le


def _clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence split on ';' outside brackets, without the leading '- ' and the final '.'."""
    out, depth, cur = [], 0, s
    for i in range(s, e):
        c = text[i]
        depth += c == "("
        depth -= c == ")" and depth > 0
        if c == ";" and depth == 0:
            out.append((cur, i))
            cur = i + 1
    out.append((cur, e))
    trimmed = []
    for a, b in out:
        while a < b and text[a] in " -–•+*":
            a += 1
        while b > a and text[b - 1] in " .;:":
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed
