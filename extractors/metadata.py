"""Document metadata: number and symbol, type, issuer, place and date, title, signer, recipients.

The header zone is the run of header-like lines at the top of the document (issuer, motto,
"Số …", place and date, type heading, trích yếu, "Kính gửi"); it ends at the first body
paragraph. Only facts found there, in the signature block and in the distribution list describe
the document itself, so a news article (no header) gets nulls. Column order of a flattened
two-column header does not matter: every line is classified on its own, and a line holding both
columns ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …") is split at the motto.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from extractors.common import load_rules, make_fact
from extractors.dates import parse_date
from pipeline.model import Document, DocumentInfo, Person
from pipeline.model.normalize import fold

HEADER_MAX_LINES = 30

# Symbol parts: a capital letter, then letters, digits, "&" ("KH-UBND", "BNN-VPĐP", "UBTVQH15", "QĐ-TTg").
SYMBOL_PART = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
SYMBOL = SYMBOL_PART + r"(?:\s*-\s*" + SYMBOL_PART + r")*"
# "Số: 1052 /UBND-NNTN", "Số: /BC-UBND", "Số: 53/2023/QĐ-UBND"; Party "Số 12-CT/TU".
STATE_NUMBER = regex.compile(
    r"\b[Ss]ố\s*:?\s*(?P<n>\d+)?[\s.…]*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<sym>" + SYMBOL + r")")
PARTY_NUMBER = regex.compile(
    r"\b[Ss]ố\s*:?\s*(?P<n>\d+)?[\s.…]*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]*)\s*/\s*(?P<iss>" + SYMBOL + r")")
PLACE_DATE = regex.compile(
    r"(?P<place>(?:TP\.\s*)?\p{Lu}[\p{L}'’]*(?:[ -]\p{Lu}[\p{L}'’]*){0,4}),\s*ngày\b[^\n]{0,40}?(?:năm\s+|/)(?:19|20)\d\d")
RULE = regex.compile(r"^[\W_]{1,80}$")
LETTER_SUBJECT = regex.compile(r"^(?:V/v|Về\s+việc|Trích\s+yếu\s*:)\s*", regex.I)
ADDRESSEES = regex.compile(r"^Kính\s+gửi\s*:?\s*", regex.I)
DISTRIBUTION = regex.compile(r"^Nơi\s+nhận\s*:?\s*", regex.I)
FILED = regex.compile(r"^[-–+•]?\s*Lưu\s*(?::|\b)", regex.I)
LIST_ITEM = regex.compile(r"^[-–+•]\s*")
ROUTING_NOTE = regex.compile(r"\s*\((?:để\s+)?(?:b/c|t/h|p/h|biết|báo cáo|thực hiện|chỉ đạo|phối hợp|đăng tải)[^)]*\)\s*$", regex.I)
STAMP = regex.compile(r"^\(?\[?\s*(?:đã\s+ký|ký\s+tên|ký|chữ\s+ký|ký,\s*ghi\s+rõ\s+họ\s+tên|ký\s+và\s+đóng\s+dấu|dấu)[^)\]]*\)?\]?\.?$", regex.I)
NAME_WORD = r"\p{Lu}[\p{Ll}'’]*"
PERSON_NAME = regex.compile(r"^" + NAME_WORD + r"(?:\s+" + NAME_WORD + r"){1,4}$")
UPPER_NAME = regex.compile(r"^\p{Lu}[\p{Lu}'’]*(?:\s+\p{Lu}[\p{Lu}'’]*){1,4}$")
# Named officials: "Đ/c Trần Minh Nam- TVTU, Trưởng BTGTU", "đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh".
OFFICIAL = regex.compile(
    r"(?:\b[Đđ]/[Cc]|\b[Đđ]ồng\s+chí)\s+(?P<name>" + NAME_WORD + r"(?:\s+" + NAME_WORD + r"){1,4})"
    r"(?:\s*[-–,:(]\s*(?P<pos>[^;()\n]{2,90}?))?(?=\s*[;()\n.]|\s+(?:làm|chủ\s+trì|phụ\s+trách|và|được|tại|về|trong|"
    r"đã|sẽ|tham\s+dự|phát\s+biểu|chỉ\s+đạo|kết\s+luận|ký|nhấn\s+mạnh|yêu\s+cầu|đề\s+nghị)\b|,?\s*$)")


def _rules():
    return load_rules("organisations.json"), load_rules("document_types.json"), load_rules("signatures.json")


def _key(token: str) -> str:
    return regex.sub(r"[^\w&]", "", fold(token))


def _phrase_key(text: str) -> tuple[str, ...]:
    return tuple(k for k in (_key(t) for t in text.split()) if k)


@functools.cache
def _phrase_table() -> tuple[dict[tuple[str, ...], str], int]:
    orgs, _, sign = _rules()
    table: dict[tuple[str, ...], str] = {}
    for phrase in orgs["phrases"] + orgs["unit_words"] + sign["titles"]:
        table.setdefault(_phrase_key(phrase), phrase)
    for abbr, full in orgs["abbreviations"].items():
        table[_phrase_key(abbr)] = full
    return table, max(len(k) for k in table)


def canonical(text: str, upper_source: bool | None = None) -> str:
    """Organisation names written out in canonical case: "UBND TỈNH KON TUM" → "Ủy ban nhân dân
    tỉnh Kon Tum", "Sở NN&PTNT tỉnh" → "Sở Nông nghiệp và Phát triển nông thôn tỉnh". Words not
    in the tables (place names) get title case when the source is in capitals, else stay as written."""
    if upper_source is None:
        upper_source = _is_upper(text)
    table, longest = _phrase_table()
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            key = _phrase_key(" ".join(tokens[i:i + n]))
            if key and len(key) == n and key in table:
                out.append(table[key])
                i += n
                break
        else:
            tok = tokens[i]
            out.append(tok[:1].upper() + tok[1:].lower() if upper_source else tok)
            i += 1
    result = " ".join(out)
    return result[:1].upper() + result[1:]


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _has_phrase(text: str, phrases: list[str]) -> str | None:
    f = " " + " ".join(_phrase_key(text)) + " "
    for p in sorted(phrases, key=len, reverse=True):
        if " " + " ".join(_phrase_key(p)) + " " in f:
            return p
    return None


@functools.cache
def _motto_rx():
    orgs, _, _ = _rules()
    parts = []
    for motto in orgs["mottos"]:
        words = [regex.escape(w) for w in motto.replace("-", " - ").split()]
        parts.append(r"\s*".join(w if w != "\\-" else "[-–—]" for w in words))
    return regex.compile("|".join(parts), regex.I)


@functools.cache
def _type_heading_rx():
    _, types, _ = _rules()
    names = sorted(types["names"], key=len, reverse=True)
    return regex.compile(r"^(?P<name>" + "|".join(regex.escape(n.upper()) for n in names) + r")(?![\p{L}])\s*(?P<rest>.*)$")


# ---------------------------------------------------------------- header

@dataclass
class Header:
    number: str | None = None
    number_symbol: str | None = None
    number_type: str | None = None        # the type the symbol's type code names
    number_issuer_code: str | None = None
    number_span: tuple[int, int] | None = None
    system: str | None = None
    place: str | None = None
    date: str | None = None
    type: str | None = None
    heading_of: str | None = None         # "CỦA BAN THƯỜNG VỤ TỈNH ỦY" after the type heading
    title: str | None = None
    letter_subject: bool = False
    issuer_lines: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    end: int = 0                          # offset where the body starts


def _doc_lines(doc: Document) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in doc.text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def code_lookup(codes: dict[str, str], code: str) -> str | None:
    for k, v in codes.items():
        if fold(k) == fold(code) and (k == code or k.upper() == code.upper()):
            return v
    return None


def parse_number(text: str, offset: int = 0) -> dict | None:
    """The document number in a "Số …" line: number, symbol, type from the type code, system."""
    _, types, _ = _rules()
    m = PARTY_NUMBER.search(text)
    if m and code_lookup(types["party_codes"], m.group("type")):
        symbol = regex.sub(r"\s+", "", f"{m.group('type')}/{m.group('iss')}")
        return {"number": f"{m.group('n')}-{symbol}" if m.group("n") else None, "symbol": symbol,
                "type": code_lookup(types["party_codes"], m.group("type")), "issuer_code": m.group("iss"),
                "system": "party", "span": (offset + m.start(), offset + m.end())}
    m = STATE_NUMBER.search(text)
    if m:
        symbol = regex.sub(r"\s+", "", m.group("sym"))
        parts = symbol.split("-")
        code_type = code_lookup(types["state_codes"], parts[0])
        number = None
        if m.group("n"):
            number = m.group("n") + "/" + (m.group("year") + "/" if m.group("year") else "") + symbol
        return {"number": number, "symbol": symbol, "type": code_type or types["letter_type"],
                "issuer_code": parts[1] if code_type and len(parts) > 1 else parts[0],
                "system": "state", "span": (offset + m.start(), offset + m.end())}
    return None


def _header_date(text: str) -> str | None:
    text = text.replace("…", "...")
    date = parse_date(text)
    if date is None or len(date) == 4:   # "ngày … tháng 12 năm 2023": month precision
        m = regex.search(r"tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", text)
        if m and 1 <= int(m.group(1)) <= 12:
            return f"{m.group(2)}-{int(m.group(1)):02d}"
    return date


def parse_header(doc: Document) -> Header:
    """Classify the top lines of the document until the first body paragraph."""
    h = Header()
    lines = _doc_lines(doc)[:HEADER_MAX_LINES]
    motto_rx, heading_rx = _motto_rx(), _type_heading_rx()
    expect_title = False
    in_addressees = False
    evidence = False        # motto, number, place-date or type heading seen
    for start, end, line in lines:
        text = line.strip()
        if not text:
            continue
        if RULE.match(text):
            if h.type and (h.title or expect_title) and evidence:
                h.end = end
                break
            continue
        # A line holding both columns: take the motto out and classify the rest.
        mottos = list(motto_rx.finditer(text))
        if mottos:
            evidence = True
            for mm in mottos:
                if fold(mm.group()).startswith("dang cong san"):
                    h.system = h.system or "party"
                elif fold(mm.group()).startswith("cong hoa"):
                    h.system = h.system or "state"
            text = motto_rx.sub(" ", text).strip(" -–*")
            if not text:
                continue
        consumed = False
        at = regex.search(r"(?<![\p{L}])Số\b", text)
        if h.number_symbol is None and at and (at.start() == 0 or _is_upper(text[:at.start()])
                                                or not text[:at.start()].strip(" *-–")):
            num = parse_number(text[at.start():], start + max(line.find(text), 0) + at.start())
            if num:
                rest_from = at.start() + num["span"][1] - num["span"][0]
                h.number, h.number_symbol, h.number_type = num["number"], num["symbol"], num["type"]
                h.number_issuer_code, h.number_span = num["issuer_code"], num["span"]
                h.system = h.system or num["system"]
                evidence = consumed = True
                text = (text[:at.start()].strip(" *-–") + " " + text[rest_from:]).strip()
        pd = PLACE_DATE.search(text)
        if pd and h.date is None:
            h.place = regex.sub(r"^TP\.\s*", "", pd.group("place")).strip()
            h.date = _header_date(text[pd.start():])
            evidence = consumed = True
            text = text[:pd.start()].strip()
        if not text:
            continue
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
        hm = heading_rx.match(text)
        if hm and h.type is None and _is_upper(hm.group("name")):
            rest = hm.group("rest").strip()
            if rest and _is_upper(rest) and not regex.match(r"CỦA\b|LIÊN\s+TỊCH|TÓM\s+TẮT", rest) \
                    and len(rest.split()) < 5 and h.type is None:
                h.issuer_lines.append(text)     # a wrapped issuer ("… CÁC / CHƯƠNG TRÌNH MTQG TỈNH")
                continue
            h.type = next(n for n in _rules()[1]["names"] if fold(n) == fold(hm.group("name")))
            evidence = True
            if rest and _is_upper(rest) and fold(rest).startswith("cua "):
                h.heading_of = rest
                expect_title = True
            elif rest and not _is_upper(rest):
                h.title = rest           # heading and trích yếu on one line
            else:
                expect_title = True
            continue
        if _is_upper(text):
            if h.type and fold(text).startswith("cua ") and h.heading_of is None:
                h.heading_of = text
                continue
            if h.type is None and h.title is None and len(text) < 120:
                if regex.fullmatch(r"[\W\d]*(?:DỰ\s+THẢO|MẬT|KHẨN|HỎA\s+TỐC|THƯỢNG\s+KHẨN)[\W\d]*", text):
                    continue
                h.issuer_lines.append(text)
                continue
            if h.type and h.title is None and len(text) < 200:
                # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" (the authority line of a Quyết định) or an upper-case title
                if expect_title and not _has_phrase(text, ["Chủ tịch", "Ủy ban nhân dân", "Hội đồng nhân dân", "Giám đốc"]):
                    h.title = canonical(text, True)
                    expect_title = False
                continue
            if consumed:
                continue
            h.end = start
            break
        lm = LETTER_SUBJECT.match(text)
        if lm and h.title is None and evidence and len(text) < 400:
            h.title = "Về việc " + text[lm.end():] if fold(lm.group()).startswith("v/v") else text
            h.letter_subject = h.type is None
            expect_title = False
            continue
        if expect_title and h.title is None and len(text) < 500:
            h.title = text
            expect_title = False
            continue
        if consumed:
            continue
        h.end = start
        break
    else:
        h.end = lines[-1][1] if lines else 0
    if not evidence:
        return Header(end=0)
    return h


def _clean_item(text: str) -> str:
    text = LIST_ITEM.sub("", text.strip()).rstrip(";,. ")
    return ROUTING_NOTE.sub("", text).rstrip(";,. ")


# ---------------------------------------------------------------- signature block

@dataclass
class Signature:
    marks: list[tuple[str, str]] = field(default_factory=list)   # (mark, object): ("KT.", "Chủ tịch")
    title: str | None = None
    name: str | None = None
    name_span: tuple[int, int] | None = None


@functools.cache
def _mark_rx():
    _, _, sign = _rules()
    marks = sorted(sign["marks"], key=len, reverse=True)
    return regex.compile(r"(?:^|(?<=\s))(?P<mark>" + "|".join(regex.escape(m) for m in marks) + r")(?:\s+|(?<=\.))(?=\p{Lu})")


def _title_of(text: str) -> str | None:
    """The canonical title if `text` is a signer title ("PHÓ CHỦ TỊCH" → "Phó Chủ tịch")."""
    _, _, sign = _rules()
    key = " ".join(_phrase_key(text))
    for t in sign["titles"]:
        if " ".join(_phrase_key(t)) == key:
            return t
    return None


def _title_prefix(text: str) -> tuple[str, str] | None:
    """A known title at the start of `text` and the rest ("CHỦ TỊCH PHÓ CHỦ TỊCH")."""
    _, _, sign = _rules()
    words = text.split()
    for n in range(min(6, len(words)), 0, -1):
        t = _title_of(" ".join(words[:n]))
        if t:
            return t, " ".join(words[n:])
    return None


def _is_title_line(text: str) -> bool:
    if not _is_upper(text) or len(text) > 80:
        return False
    p = _title_prefix(text)
    return bool(p) and (not p[1] or _has_phrase(p[1], _rules()[0]["phrases"] + list(_rules()[0]["abbreviations"])) is not None)


def _is_mark_line(text: str) -> bool:
    m = _mark_rx().match(text)
    return bool(m) and _is_upper(text[m.end():]) and len(text) < 100


def _name_of(text: str) -> str | None:
    text = regex.sub(r"\s*[\(\[][^)\]]*[\)\]]\s*", " ", text).strip().strip(".")
    if not text or _title_of(text) or _has_phrase(text, _rules()[0]["phrases"] + _rules()[0]["unit_words"]):
        return None
    if PERSON_NAME.match(text):
        return text
    if UPPER_NAME.match(text):
        return " ".join(w[:1] + w[1:].lower() for w in text.split())
    return None


def parse_signature(doc: Document, after: int = 0) -> Signature:
    """The last signature block after offset `after` (the header's end): its marks, the signer's
    title and the name under it."""
    lines = _doc_lines(doc)
    sig = Signature()
    last = None
    for i in range(len(lines) - 1, -1, -1):
        if lines[i][0] < after:
            break
        text = lines[i][2].strip()
        if _is_mark_line(text) or _is_title_line(text):
            last = i
            break
    if last is None:
        return sig
    first = last
    while first > 0 and first > last - 6:
        prev = lines[first - 1][2].strip()
        if _is_mark_line(prev) or _is_title_line(prev):
            first -= 1
        else:
            break
    block = [lines[k][2].strip() for k in range(first, last + 1)]
    titles: list[str] = []
    for text in block:
        pieces = _split_marks(text)
        for mark, obj in pieces:
            if mark:
                tp = _title_prefix(obj)
                if tp and tp[1] and _title_prefix(tp[1]):
                    sig.marks.append((mark, tp[0]))
                    titles.append(_title_prefix(tp[1])[0])
                else:
                    sig.marks.append((mark, canonical(obj, True)))
            else:
                tp = _title_prefix(obj)
                titles.append(tp[0] + (" " + canonical(tp[1], True) if tp and tp[1] else "") if tp else canonical(obj, True))
    sig.title = titles[-1] if titles else None
    # The name: the first name-like line after the block, skipping stamps and the distribution list.
    for k in range(last + 1, min(len(lines), last + 25)):
        s, e, text = lines[k]
        t = text.strip()
        if not t or STAMP.match(t) or LIST_ITEM.match(t) or DISTRIBUTION.match(t) or FILED.match(t):
            continue
        name = _name_of(t)
        if name:
            off = s + text.find(t)
            sig.name, sig.name_span = name, (off, off + len(t))
            break
        if len(t) > 60:
            break
    return sig


def _split_marks(text: str) -> list[tuple[str | None, str]]:
    """"TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH" → [("TM.", "ỦY BAN NHÂN DÂN"), ("KT.", "CHỦ TỊCH")]."""
    _, _, sign = _rules()
    found = list(_mark_rx().finditer(text))
    if not found:
        return [(None, text)]
    out: list[tuple[str | None, str]] = []
    if found[0].start() > 0:
        out.append((None, text[:found[0].start()].strip()))
    for j, m in enumerate(found):
        end = found[j + 1].start() if j + 1 < len(found) else len(text)
        out.append((sign["marks"][m.group("mark")], text[m.end():end].strip()))
    return out


# ---------------------------------------------------------------- issuer

ORG_START = (r"(?:Ban\s+Thường\s+vụ|BTV|Thường\s+trực|Ban\s+Chấp\s+hành)\s+(?:Tỉnh|Huyện|Thành|Thị|Quận|Đảng)\s+ủy"
             r"|(?:UBND|Ủy\s+ban\s+nhân\s+dân|HĐND|Hội\s+đồng\s+nhân\s+dân)\s+(?:tỉnh|huyện|thành\s+phố|thị\s+xã|xã|phường|thị\s+trấn|quận)")
PASSIVE_BEFORE = regex.compile(r"(?:của|được|tham\s+mưu|cho|với|trình|gửi|đề\s+nghị|tại|và)\s*$", regex.I)


@functools.cache
def _self_ref_rx():
    orgs, _, _ = _rules()
    verbs = "|".join(regex.escape(v) for v in sorted(orgs["self_action_verbs"], key=len, reverse=True))
    return regex.compile(
        r"(?P<org>" + ORG_START + r")(?P<name>(?:\s+(?!(?:" + verbs + r")\b)" + NAME_WORD + r"){0,4})\s+(?:đã\s+|sẽ\s+)?(?:" + verbs + r")\b"
        r"|(?:là|này)\s+(?:báo\s+cáo|kế\s+hoạch|chương\s+trình|hướng\s+dẫn)\s+của\s+(?P<org2>" + ORG_START + r")(?P<name2>(?:\s+" + NAME_WORD + r"){0,4})")


def _body_issuer(doc: Document, body_start: int, expected: list[str]) -> str | None:
    """The issuer named by the body speaking of itself ("UBND huyện báo cáo", "Ủy ban nhân dân tỉnh
    yêu cầu", "Ban Thường vụ Huyện ủy xây dựng kế hoạch"). When the signature or the symbol says
    which body issues (`expected`), only a mention of that body counts."""
    candidates = []
    for m in _self_ref_rx().finditer(doc.text, body_start):
        if m.group("org") and PASSIVE_BEFORE.search(doc.text[max(0, m.start() - 20):m.start()]):
            continue
        org = canonical((m.group("org") or m.group("org2")) + (m.group("name") or m.group("name2") or ""), False)
        candidates.append(" ".join(org.split()))
    if expected:
        agreeing = [c for c in candidates if any(fold(e) in fold(c) for e in expected)]
        return agreeing[0] if agreeing else None
    return candidates[0] if candidates else None


def _with_place(issuer: str, place: str | None) -> str:
    """Add the place of issue to an issuer that names its level but not its place ("Ủy ban nhân dân huyện")."""
    orgs, _, _ = _rules()
    if not place:
        return issuer
    words = _phrase_key(issuer)
    last = words[-1] if words else ""
    levels = {_phrase_key(u)[-1] for u in orgs["unit_words"]} | {"uy"}
    if last in levels and fold(place) not in fold(issuer):
        return f"{issuer} {place}"
    return issuer


def _compose_header_issuer(lines: list[str]) -> str | None:
    """Issuer from the header's issuer lines: "ỦY BAN NHÂN DÂN" + "TỈNH KON TUM" join; the last body
    is the issuer and the one above it its parent, whose place is added when the issuer lacks one."""
    orgs, _, _ = _rules()
    units = orgs["unit_words"]
    org_phrases = [p for p in orgs["phrases"] if p not in units] + list(orgs["abbreviations"])
    raw_entities: list[str] = []
    for raw in lines:
        text = raw.strip(" *-–")
        if not text:
            continue
        starts_with_unit = any(fold(text).startswith(fold(u) + " ") for u in units)
        if starts_with_unit and raw_entities and not _has_phrase(raw_entities[-1], units):
            raw_entities[-1] += " " + text
        elif _has_phrase(text, org_phrases):
            raw_entities.append(text)
        elif raw_entities and not starts_with_unit:
            raw_entities[-1] += " " + text          # a wrapped name
    if not raw_entities:
        return None
    entities = [canonical(e, True) for e in raw_entities]
    issuer = entities[-1]
    if len(entities) > 1 and not _has_phrase(issuer, units) and not _has_phrase(issuer, orgs["party_committees"]):
        parent = entities[-2]
        if fold(issuer) == fold("Văn phòng"):     # the office of its parent body
            issuer += " " + parent
        elif _has_phrase(parent, orgs["party_committees"]):
            m = regex.search("|".join(orgs["party_committees"]), parent)
            issuer += " " + (parent[m.start():] if m else parent)
        else:
            for u in sorted(units, key=len, reverse=True):
                m = regex.search(r"(?<!\p{L})" + regex.escape(u) + r"(?!\p{L})", parent)
                if m:
                    issuer += " " + parent[m.start():]
                    break
    return issuer


def _standing_body(sig: Signature, header: Header) -> str | None:
    """The collective body that signs (TM./T/M object) or that the heading names ("CỦA BAN THƯỜNG VỤ …")."""
    orgs, _, _ = _rules()
    for mark, obj in sig.marks:
        if mark in ("TM.", "T/M"):
            body = _has_phrase(obj, orgs["collective_bodies"])
            if body:
                return body
    if header.heading_of:
        return _has_phrase(canonical(header.heading_of[3:].strip(), True), orgs["collective_bodies"])
    return None


# ---------------------------------------------------------------- document info

def extract_document_info(doc: Document) -> DocumentInfo:
    orgs, types, _ = _rules()
    header = parse_header(doc)
    sig = parse_signature(doc, header.end)
    info = DocumentInfo(number=header.number, number_symbol=header.number_symbol, place=header.place,
                        date=header.date, title=header.title, system=header.system)
    has_header = header.end > 0
    info.type = header.type or header.number_type
    if info.type is None and header.letter_subject and header.addressees:
        info.type = types["letter_type"]
    if has_header or sig.name:
        info.signer, info.signer_title = sig.name, sig.title
        if sig.marks:
            mark, obj = sig.marks[-1]
            info.signing_mark = f"{mark} {obj}"
    if not has_header and not sig.name:
        return DocumentInfo()

    body = _standing_body(sig, header)
    issuer = _compose_header_issuer(header.issuer_lines)
    if issuer:
        if body and fold(body) not in fold(issuer) and _has_phrase(issuer, orgs["party_committees"]) \
                and body in ("Ban Thường vụ", "Ban Chấp hành", "Thường trực"):
            issuer = f"{body} {issuer}"
    else:
        coded = code_lookup(orgs["issuer_codes"], header.number_issuer_code or "")
        issuer = _body_issuer(doc, header.end, [e for e in (body, coded) if e]) or body or coded
        if issuer:
            issuer = _with_place(issuer, header.place)
            info.issuer_inferred = True
    info.issuer = issuer
    if info.system is None:
        info.system = _system_of(issuer, sig)
    info.recipients = _recipients(doc, header)
    return info


def _system_of(issuer: str | None, sig: Signature) -> str | None:
    text = fold(" ".join([issuer or "", sig.title or ""] + [o for _, o in sig.marks]))
    if regex.search(r"\b(?:tinh|huyen|thanh|thi|quan|dang) uy\b|ban thuong vu|bi thu|dang bo|chi bo", text):
        return "party"
    if regex.search(r"uy ban nhan dan|hoi dong nhan dan|\bso\b|\bbo\b|chu tich|giam doc", text):
        return "state"
    return None


def _recipients(doc: Document, header: Header) -> list[str]:
    out = list(header.addressees)
    lines = _doc_lines(doc)
    for i, (_, _, line) in enumerate(lines):
        m = DISTRIBUTION.match(line.strip())
        if not m:
            continue
        rest = line.strip()[m.end():].strip()
        items = [rest] if rest else []
        for _, _, nxt in lines[i + 1:]:
            t = nxt.strip()
            if not LIST_ITEM.match(t):
                break
            items.append(t)
        for item in items:
            if FILED.match(item):
                continue
            cleaned = _clean_item(item)
            if cleaned and cleaned not in out:
                out.append(cleaned)
    return out


# ---------------------------------------------------------------- people

def extract_people(doc: Document, info: DocumentInfo) -> list[Person]:
    """The signer with their title, and officials named "Đ/c …"/"đồng chí …" with their positions."""
    people: list[Person] = []
    seen: set[str] = set()
    sig = parse_signature(doc, parse_header(doc).end)
    if info.signer and sig.name_span:
        people.append(make_fact(Person, doc, *sig.name_span, name=info.signer, position=info.signer_title))
        seen.add(fold(info.signer))
    for m in OFFICIAL.finditer(doc.text):
        name = m.group("name")
        if fold(name) in seen or _has_phrase(name, _rules()[0]["phrases"] + _rules()[0]["unit_words"]):
            continue
        seen.add(fold(name))
        pos = (m.group("pos") or "").strip().rstrip(",;.") or None
        end = m.end()
        while end > m.start() and doc.text[end - 1] in ",;. ":
            end -= 1
        people.append(make_fact(Person, doc, m.start(), end, name=name, position=pos))
    people += _people_by_ner(doc, seen)
    return people


# "ông Nguyễn Văn Phú, Phó Chủ tịch UBND huyện": names after an honorific that the "Đ/c" pattern
# does not cover. underthesea's NER finds where the name ends (≈8,000 characters a second), so it
# runs on these sentences only.
HONORIFIC = regex.compile(r"(?<!\p{L})(?:[Ôô]ng|[Bb]à)\s+\p{Lu}")
POSITION_AFTER = regex.compile(r"\s*[,(–-]\s*([^,;()\n]{3,80}?)(?=\s*(?:[,;()\n]|\.(?:\s|$)|\s+và\s+(?:ông|bà|các|đồng\s+chí|[Đđ]/[Cc])\b|"
    r"\s+(?:chủ\s+trì|phát\s+biểu|chỉ\s+đạo|kết\s+luận|tham\s+dự|làm\s+việc|đã|sẽ|cho\s+biết)\b|$))")


def _people_by_ner(doc: Document, seen: set[str]) -> list[Person]:
    from pipeline.model.text import sentences

    candidates = [(s, e) for s, e in sentences(doc.text) if HONORIFIC.search(doc.text, s, e)]
    if not candidates:
        return []
    from underthesea import ner

    people = []
    for s, e in candidates:
        pos = s
        for word, _tag, _chunk, label in ner(doc.text[s:e]):
            at = doc.text.find(word, pos, e)
            if at < 0:
                continue
            pos = at + len(word)
            if label != "B-PER" or len(word.split()) < 2 or fold(word) in seen:
                continue
            if not HONORIFIC.search(doc.text[max(s, at - 5):at + 1]):
                continue
            seen.add(fold(word))
            m = POSITION_AFTER.match(doc.text, pos, e)
            end = m.end(1) if m else pos
            people.append(make_fact(Person, doc, at, end, name=word, position=m.group(1) if m else None))
    return people
