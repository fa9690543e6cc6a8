"""The header of a document: number and symbol, place and date, type heading, title, the issuer's
lines and the addressees, as real headers are laid out.

The header zone is the first lines of the document, up to the first body paragraph. Table cells
may come one per line ("Số:" / "45/2021/NQ-HĐND"; "Quy" / "Nhơn, ngày"; "ngày 14" / "tháng 7"),
both columns may share a line ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI …"), and OCR misreads letters.
So the fields that have a grammar are found first, across line breaks, in the zone: the national
motto (matched letter-folded, so "Độc lập - Tự do - Hạnh phúc" misread or broken over lines still
counts), the number ("Số:" then the number, blank or unreadable, and the symbol) and the place and
date line; what is left of each line is then classified: issuer lines, type heading, title,
addressees. A blank number ("Số: /TB-UBND") is None, never a guess; so is a number or day that is
written but unreadable (handwriting on a scan): `Header.unreadable` says which.

Does not handle: headers whose lines come in an order other than the two columns read one after
the other or line by line (e.g. the date before the issuer's name).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from extractors.dates import valid
from extractors.names import code_lookup, fold_chars, is_upper, rules
from pipeline.model import Document
from pipeline.model.normalize import fold

HEADER_MAX_LINES = 40
FIELD_MAX_PIECES = 18          # the number and the date line stand within the first pieces

# Symbol parts: a capital letter, then letters, digits, "&" ("KH-UBND", "BNN-VPĐP", "UBTVQH15", "QĐ-TTg"),
# and a unit in brackets glued to the end ("215/TTr-CAT(PC02)").
SYMBOL_PART = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
SYMBOL = SYMBOL_PART + r"(?:\s*-\s*" + SYMBOL_PART + r")*(?:\([A-ZĐ][A-Za-zĐđ0-9&]*\))?"
# "Số", as printed or misread by OCR ("Só", "Sô", "Sỗ"), at a word start.
NUMBER_LABEL = r"(?<![\p{L}\p{N}])S[ốoóòôồổỗộơớ][:.]?"
STATE_NUMBER = regex.compile(
    NUMBER_LABEL + r"\s*(?P<raw>[^/\n]{0,12}?)\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<sym>" + SYMBOL + r")")
PARTY_NUMBER = regex.compile(
    NUMBER_LABEL + r"\s*(?P<raw>[^-/\n]{0,12}?)\s*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]*)\s*/\s*(?P<iss>" + SYMBOL + r")")
BLANK = regex.compile(r"^[\s.…_·,:-]*$")
PLACE_WORD = r"\p{Lu}[\p{Ll}'’]*"
# "Kon Tum, ngày 18 tháng 02 năm 2022"; "Quy" / "Nhơn, ngày"; "ngày 14" / "tháng 7"; a typo "thág".
PLACE_DATE = regex.compile(
    r"(?<![\p{L}\p{N}])(?P<place>(?:TP\.\s*)?" + PLACE_WORD + r"(?:(?:[ \t]+|[ \t]*\n[ \t]*|[ \t]*-[ \t]*)" + PLACE_WORD
    + r"){0,4})\s*,\s*ng[àa]y(?P<day>[^\n]{0,10}?)\s*t[hb][áaảạà]n?g(?P<month>[^\n]{0,8}?)\s*n[ăaắ]m"
    + r"(?:\s*(?P<year>(?:19|20)\d\d))?")
# The national motto and the Party's, letter-folded: vowels may be misread, lines broken.
MOTTOS = regex.compile(
    r"(?P<state>c.ng\s*h.a\s*x.\s*h.i\s*ch.\s*ngh.a\s*vi.t\s*nam)"
    r"|(?P<motto>d.c\s*l.p\W{0,4}t.\s*do\W{0,4}h.nh\s*ph.c)"
    r"|(?P<party>d.ng\s*c.ng\s*s.n\s*vi.t\s*nam)")
RULE = regex.compile(r"^[\W_]{1,80}$")
LETTER_SUBJECT = regex.compile(r"^(?:V/v|Về\s+việc|Trích\s+yếu\s*:)\s*", regex.I)
ADDRESSEES = regex.compile(r"^Kính\s+gửi\s*:?\s*", regex.I)
LIST_ITEM = regex.compile(r"^[-–+•]\s*")
ROUTING_NOTE = regex.compile(r"\s*\((?:để\s+)?(?:b/c|t/h|p/h|biết|báo cáo|thực hiện|chỉ đạo|phối hợp|đăng tải)[^)]*\)\s*$", regex.I)
# Where the body starts for sure: the number and the date line are looked for before it.
BODY_START = regex.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Điều\s+\d|Chương\s+[IVX]|[IVX]{1,4}\.\s|\d{1,2}\.\s)")
MARKINGS = regex.compile(r"[\W\d]*(?:DỰ\s+THẢO|MẬT|TỐI\s+MẬT|KHẨN|HỎA\s+TỐC|THƯỢNG\s+KHẨN)[\W\d]*", regex.I)
AUTHORITY_WORDS = ["Chủ tịch", "Ủy ban nhân dân", "Hội đồng nhân dân", "Giám đốc", "Bộ trưởng", "Thủ tướng",
                   "Trưởng ban", "Tổng cục trưởng", "Cục trưởng", "Chánh Văn phòng", "Hiệu trưởng", "Viện trưởng"]


@dataclass
class Header:
    number: str | None = None
    number_symbol: str | None = None
    number_type: str | None = None        # the type the symbol's type code names
    number_issuer_code: str | None = None
    number_span: tuple[int, int] | None = None
    number_raw: str | None = None         # what stood where the number goes, when it is not one
    system: str | None = None
    place: str | None = None
    date: str | None = None
    date_span: tuple[int, int] | None = None
    type: str | None = None
    heading_of: str | None = None         # "CỦA BAN THƯỜNG VỤ TỈNH ỦY" after the type heading
    authority: str | None = None          # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN" under the title
    title: str | None = None
    letter_subject: bool = False
    issuer_lines: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)   # "number", "date": written but not readable
    end: int = 0                          # offset where the body starts


def doc_lines(doc: Document) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in doc.text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _header_start(lines: list[tuple[int, int, str]]) -> int:
    """The index of the header's first line. A legal-document site puts its own lines above the text
    ("Tải văn bản", "Số hiệu: …", "Hiệu lực: Còn hiệu lực", "CƠ SỞ DỮ LIỆU QUỐC GIA …"): the header
    begins at the lines in capitals, rules, stars and "Số …" lines right above the motto."""
    motto = next((i for i, (_, _, line) in enumerate(lines[:HEADER_MAX_LINES])
                  if MOTTOS.search(fold_chars(line))), None)
    if not motto:
        return 0
    first = i = motto
    while i > 0:
        i -= 1
        line = lines[i][2].strip()
        if not line or RULE.match(line):
            continue
        if not (is_upper(line) or regex.match(NUMBER_LABEL + r"(?:\s*$|\s*\S{0,12}\s*[-/])", line)
                or PLACE_DATE.match(line) or LETTER_SUBJECT.match(line)):
            # the wrapped subject of a letter ("V/v tham mưu …" / "… năm 2024") belongs to the header
            subject = next((k for k in range(i - 1, max(i - 4, -1), -1) if LETTER_SUBJECT.match(lines[k][2].strip())), None)
            if subject is None:
                break
            i = subject
        first = i
    return first if any(lines[i][2].strip() for i in range(first)) and first > 0 else 0


def _pieces(doc: Document) -> list[tuple[int, int]]:
    """The header zone's lines, each table row "cell | cell" split into its cells: (start, end)."""
    out = []
    lines = doc_lines(doc)
    first = _header_start(lines)
    for start, _end, line in lines[first:first + HEADER_MAX_LINES]:
        pos = start
        for cell in line.split(" | "):
            out.append((pos, pos + len(cell)))
            pos += len(cell) + 3
    return out


def parse_number(text: str, offset: int = 0) -> dict | None:
    """The document number at the start of a "Số …" text: number (None when blank or unreadable),
    symbol, the type its type code names, system; `raw` is what stood in the number's place."""
    _, types, _ = rules()
    m = PARTY_NUMBER.match(text)
    if m and code_lookup(types["party_codes"], m.group("type")):
        symbol = regex.sub(r"\s+", "", f"{m.group('type')}/{m.group('iss')}")
        digits = _digits(m.group("raw"))
        return {"number": f"{digits}-{symbol}" if digits else None, "symbol": symbol, "raw": m.group("raw"),
                "type": code_lookup(types["party_codes"], m.group("type")), "issuer_code": m.group("iss"),
                "system": "party", "span": (offset + m.start(), offset + m.end())}
    m = STATE_NUMBER.match(text)
    if m:
        symbol = regex.sub(r"\s+", "", m.group("sym"))
        parts = symbol.split("-")
        code_type = code_lookup(types["state_codes"], parts[0])
        digits = _digits(m.group("raw"))
        number = None
        if digits:
            number = digits + "/" + (m.group("year") + "/" if m.group("year") else "") + symbol
        return {"number": number, "symbol": symbol, "type": code_type or types["letter_type"], "raw": m.group("raw"),
                "issuer_code": parts[1] if code_type and len(parts) > 1 else parts[0],
                "system": "state", "span": (offset + m.start(), offset + m.end())}
    return None


def _digits(raw: str) -> str | None:
    raw = raw.strip()
    return raw if regex.fullmatch(r"\d{1,5}", raw) else None


def _number_state(raw: str, ocr: bool) -> str:
    """What stood in the number's (or the day's) place: "value", "blank" or "unreadable"."""
    raw = raw.strip()
    if regex.fullmatch(r"\d{1,5}", raw):
        return "value"
    if BLANK.match(raw) and not (ocr and "…" in raw):
        return "blank"      # on a scan the reader writes "…" for digits it could not read
    return "unreadable"


def parse_date_line(m: regex.Match, ocr: bool) -> tuple[str | None, list[str]]:
    """The ISO date of a place-date match, as precise as printed ("2025-12" when the day is
    blank), and ["date"] when a day or month is written but unreadable (the date is then None)."""
    if not m.group("year"):
        return None, []
    year = int(m.group("year"))
    day_state, month_state = _number_state(m.group("day"), ocr), _number_state(m.group("month"), ocr)
    if "unreadable" in (day_state, month_state):
        return None, ["date"]
    if month_state == "blank":
        # a day written beside a blank month ("ngày 24 tháng  năm 2026") is a month the OCR lost
        return (None, ["date"]) if day_state == "value" else (f"{year:04d}", [])
    month = int(m.group("month").strip())
    if not 1 <= month <= 12:
        return None, ["date"]
    if day_state == "blank":
        return f"{year:04d}-{month:02d}", []
    day = int(m.group("day").strip())
    if not valid(year, month, day):
        return None, ["date"]
    return f"{year:04d}-{month:02d}-{day:02d}", []


@functools.cache
def _type_names() -> list[tuple[str, str]]:
    """(folded name, canonical name), longest first: headings are matched letter-folded, so an
    OCR "QUYÉT ĐỊNH" or "KÉ HOẠCH" is still a heading."""
    _, types, _ = rules()
    return sorted(((fold(n), n) for n in types["names"]), key=lambda p: -len(p[0]))


def _type_heading(text: str) -> tuple[str, str] | None:
    """(type name, rest of the line) when `text` starts with a type heading in capitals."""
    folded = fold(text)
    for key, name in _type_names():
        if folded.startswith(key) and (len(folded) == len(key) or not folded[len(key)].isalpha()):
            head = text[:len(key)]
            if is_upper(head):
                return name, text[len(key):].strip()
    return None


def _clean_item(text: str) -> str:
    text = LIST_ITEM.sub("", text.strip()).rstrip(";,. ")
    return ROUTING_NOTE.sub("", text).rstrip(";,. ")


def _find_fields(doc: Document, h: Header, pieces: list[tuple[int, int]], ocr: bool) -> list[tuple[int, int]]:
    """Motto, number and place-date line in the header zone: set them on `h`, return their spans."""
    text = doc.text
    limit = next((s for s, e in pieces[:FIELD_MAX_PIECES] if BODY_START.match(text, s)), None)
    limit = limit if limit is not None else pieces[min(len(pieces), FIELD_MAX_PIECES) - 1][1]
    taken: list[tuple[int, int]] = []
    folded = fold_chars(text[:pieces[-1][1]])
    for m in MOTTOS.finditer(folded, 0, limit):
        taken.append(m.span())
        if m.group("party"):
            h.system = h.system or "party"
        elif m.group("state"):
            h.system = h.system or "state"
    for s, e in pieces[:FIELD_MAX_PIECES]:
        for at in regex.finditer(NUMBER_LABEL, text[s:e]):
            before = text[s:s + at.start()].strip(" *-–|")
            if before and not is_upper(before):
                continue
            num = parse_number(text[s + at.start():s + at.start() + 160], s + at.start())
            if num and num["span"][0] < limit and not any(a <= num["span"][0] < b for a, b in taken):
                h.number, h.number_symbol, h.number_type = num["number"], num["symbol"], num["type"]
                h.number_issuer_code, h.number_span = num["issuer_code"], num["span"]
                h.system = h.system or num["system"]
                if num["number"] is None:
                    h.number_raw = num["raw"].strip() or None
                    if _number_state(num["raw"], ocr) == "unreadable":
                        h.unreadable.append("number")
                taken.append(num["span"])
                break
        if h.number_span:
            break
    zone_end = pieces[min(len(pieces), FIELD_MAX_PIECES) - 1][1]
    for m in PLACE_DATE.finditer(text, 0, zone_end):
        if m.start() >= limit or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        start = _place_start(text, m)
        h.place = " ".join(regex.sub(r"^TP\.\s*", "", text[start:m.end("place")]).split())
        h.date, unreadable = parse_date_line(m, ocr)
        h.unreadable += unreadable
        h.date_span = (start, m.end())
        taken.append(h.date_span)
        break
    return taken


def _place_start(text: str, m) -> int:
    """Where the place of a place-and-date line begins: a name runs over a line break only when it
    is a cell of its own ("Quy" / "Nhơn, ngày"), not the end of the line above ("… trên địa bàn tỉnh
    Kon Tum" / "Kon Tum, ngày …" is Kon Tum once)."""
    start = m.start("place")
    line_start = text.rfind("\n", 0, start) + 1
    if "\n" in m.group("place") and text[line_start:start].strip():
        return start + m.group("place").rfind("\n") + 1
    return start


def _remaining(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> str:
    """doc.text[start:end] without the spans already read, with spaces in their place."""
    chars = list(text[start:end])
    for a, b in taken:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    text = " ".join("".join(chars).split())
    # What a consumed motto or number leaves ("ỦY BAN NHÂN DÂN -") loses its dashes; a list item keeps its own.
    return text.strip(" *-–|_") if any(a < end and start < b for a, b in taken) else text.strip(" *|_")


_MEMO: dict[int, tuple[str, Header]] = {}


def parse_header(doc: Document) -> Header:
    """Find the header's fields, then classify what is left of each line until the first body
    paragraph. Several extractors ask for the same document's header: it is read once."""
    memo = _MEMO.get(id(doc))
    if memo is not None and memo[0] is doc.text:
        return memo[1]
    header = _parse_header(doc)
    if len(_MEMO) > 16:
        _MEMO.clear()
    _MEMO[id(doc)] = (doc.text, header)
    return header


def _parse_header(doc: Document) -> Header:
    """The header block, line by line, until the body starts.

    Long on purpose: one pass whose state (issuer closed, title expected, addressees open) every
    kind of line reads and changes; split up, the state would travel between the parts."""
    h = Header()
    pieces = _pieces(doc)
    if not pieces or not doc.text.strip():
        return h
    ocr = bool(doc.ocr_pages) and doc.page_of(0) in doc.ocr_pages
    taken = _find_fields(doc, h, pieces, ocr)
    evidence = bool(taken)
    issuer_closed = False          # issuer lines come before the number and the date line
    expect_title = in_addressees = False
    field_starts = [span[0] for span in (h.number_span, h.date_span) if span]
    first_issuer_line = None
    for start, end in pieces:
        raw = doc.text[start:end].strip()
        if not raw:
            continue
        if RULE.match(raw):
            if h.type and (h.title or expect_title) and evidence:
                h.end = end
                break
            continue
        text = _remaining(doc.text, start, end, taken)
        consumed = any(a < end and start < b for a, b in taken)
        if first_issuer_line is not None and any(first_issuer_line < f <= start for f in field_starts):
            issuer_closed = True          # a number or date line came between: the issuer is done
        if not text or RULE.match(text) or (len(text) < 12 and len(regex.findall(r"\p{L}", text)) < 2):
            continue            # rules, page numbers, specks an OCR read as "+2"
        if in_addressees and LIST_ITEM.match(text):
            h.addressees.append(_clean_item(text))
            continue
        in_addressees = False
        m = ADDRESSEES.match(text)
        if m:
            evidence = True
            rest = text[m.end():].strip()
            if rest:
                h.addressees.extend(_clean_item(x) for x in regex.split(r"\s*;\s*", rest) if x.strip())
            in_addressees = not rest
            continue
        heading = _type_heading(text) if h.type is None else None
        if heading is None and h.type is None and ocr and (junk := regex.match(r"\S{1,6}\s+(?=\p{Lu})", text)) \
                and not is_upper(junk.group()):
            heading = _type_heading(text[junk.end():])     # "A644 KÉ HOẠCH": a stamp's ink before the heading
        if heading:
            name, rest = heading
            if rest and is_upper(rest) and not regex.match(r"CỦA\b|LIÊN\s+TỊCH|TÓM\s+TẮT", rest) \
                    and len(rest.split()) < 5 and not h.issuer_lines:
                h.issuer_lines.append(text)     # a wrapped issuer ("… CÁC / CHƯƠNG TRÌNH MTQG TỈNH")
                continue
            h.type = name
            evidence = issuer_closed = True
            if rest and is_upper(rest) and fold(rest).startswith("cua "):
                h.heading_of = rest
                expect_title = True
            elif rest and not is_upper(rest):
                h.title = rest           # heading and trích yếu on one line
            else:
                expect_title = True
            continue
        if is_upper(text):
            if MARKINGS.fullmatch(text):
                continue
            if h.type and fold(text).startswith("cua ") and h.heading_of is None:
                h.heading_of = text
                continue
            if h.type is None and h.title is None and not issuer_closed and len(text) < 160:
                if ocr:     # OCR noise after the name ("HỘI ĐỒNG QUẢN LÝ EU ng, vn"): keep the capitals before it
                    text = regex.split(r"\s+(?=\S*\p{Ll})", text, maxsplit=1)[0]
                h.issuer_lines.append(text)
                first_issuer_line = start if first_issuer_line is None else first_issuer_line
                continue
            if (h.type or h.title) and len(text) < 250 and _starts_with_authority(text):
                h.authority = h.authority or text
                continue
            if h.type and len(text) < 250:
                # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" (the authority line of a Quyết định) or an upper-case title
                if _starts_with_authority(text):
                    h.authority = h.authority or text
                elif expect_title and h.title is None:
                    from extractors.names import canonical
                    h.title = canonical(text, True)
                    expect_title = False
                continue
            if consumed or h.type is None and len(text) < 160:
                continue            # a stamp's line, or a line left over from a consumed field
            h.end = start
            break
        lm = LETTER_SUBJECT.match(text)
        if lm and h.title is None and len(text) < 400:
            h.title = "Về việc " + text[lm.end():] if fold(lm.group()).startswith("v/v") else text
            h.letter_subject = h.type is None
            evidence = evidence or bool(h.number_symbol)
            expect_title = False
            continue
        if expect_title and h.title is None and len(text) < 500:
            h.title = text
            expect_title = False
            continue
        if consumed and len(text) < 120:
            continue
        h.end = start
        break
    else:
        h.end = pieces[-1][1]
    if not evidence:
        return Header(end=0)
    return h


def _starts_with_authority(text: str) -> bool:
    folded = fold(text)
    return any(folded.startswith(fold(w) + " ") or folded == fold(w) for w in AUTHORITY_WORDS) \
        and len(text.split()) >= 2


__all__ = ["Header", "SYMBOL", "doc_lines", "parse_header", "parse_number", "parse_date_line"]
