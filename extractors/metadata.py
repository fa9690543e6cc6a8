"""The document block: number and symbol, type, issuer, place and date, title, signer, recipients,
and the people named in the text.

The header (extractors/header.py) and the signature block (extractors/signature.py) describe the
document itself; a news article (no header) gets nulls. The issuer is the last body named in the
header's issuer lines ("UBND TỈNH LÂM ĐỒNG" / "SỞ NỘI VỤ" → "Sở Nội vụ tỉnh Lâm Đồng"); without
them it comes from the authority line under the title ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH
ĐỊNH"), the document it is attached to ("Kèm theo Công văn số … của Bộ Tài chính"), the symbol
or the body speaking of itself, marked inferred. The motto is never part of the issuer and a title
is never one. A field the OCR could not read is None, with the OCR's candidate in `candidates`;
a scan's number no engine read is taken from the file's name when the name carries it with the
printed symbol, marked so in `candidates` for a person to confirm.
"""
from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import regex

from extractors.agencies import agency_head_at
from extractors.common import make_fact
from extractors.dates import parse_date, valid
from extractors.header import (
    LIST_ITEM,
    SYMBOL,
    Header,
    _clean_item,
    doc_lines,
    parse_header,
    parse_number,
)
from extractors.names import canonical, code_lookup, has_phrase, phrase_key, rules
from extractors.signature import DISTRIBUTION, FILED, NAME_WORD, Signature, parse_signature
from pipeline.model import Document, DocumentInfo, Person
from pipeline.model.gazetteer import name_rules, resolve_near, resolve_place
from pipeline.model.normalize import fold

__all__ = ["SYMBOL", "canonical", "code_lookup", "extract_document_info", "extract_people", "parse_header",
           "parse_number"]

# "(Kèm theo Công văn số /BTC-CST ngày /01/2025 của Bộ Tài chính)": a document sent with another.
ATTACHED_TO = regex.compile(
    r"^\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\s+(?P<type>[\p{L} ]{2,30}?)\s+số\s*:?\s*(?P<number>[^\s]*?)\s*"
    r"(?:,?\s*ngày\s*(?P<date>[\d\s/.…]*?(?:19|20)\d\d))?\s*(?:của\s+(?P<issuer>[^)\n]{2,120}?))?\s*\)?\s*$")
# "UBND tỉnh ban hành Kế hoạch …": the type of a document whose heading is missing.
ISSUES_TYPE = regex.compile(r"ban\s+hành\s+(?P<type>Kế\s+hoạch|Quy\s+chế|Quy\s+định|Chương\s+trình|Hướng\s+dẫn|Đề\s+án)\b")


# Named officials: "Đ/c Trần Minh Nam- TVTU, Trưởng BTGTU", "đồng chí Nguyễn Văn A, Phó Chủ tịch UBND tỉnh".
OFFICIAL = regex.compile(
    r"(?:\b[Đđ]/[Cc]|\b[Đđ]ồng\s+chí)\s+(?P<name>" + NAME_WORD + r"(?:\s+" + NAME_WORD + r"){1,4})"
    r"(?:\s*[-–,:(]\s*(?P<pos>[^;()\n]{2,90}?))?(?=\s*[;()\n.]|\s+(?:làm|chủ\s+trì|phụ\s+trách|và|được|tại|về|trong|"
    r"đã|sẽ|tham\s+dự|phát\s+biểu|chỉ\s+đạo|kết\s+luận|ký|nhấn\s+mạnh|yêu\s+cầu|đề\s+nghị)\b|,?\s*$)")


# ---------------------------------------------------------------- issuer

ORG_START = (r"(?:Ban\s+Thường\s+vụ|BTV|Thường\s+trực|Ban\s+Chấp\s+hành)\s+(?:Tỉnh|Huyện|Thành|Thị|Quận|Đảng)\s+ủy"
             r"|(?:UBND|Ủy\s+ban\s+nhân\s+dân|HĐND|Hội\s+đồng\s+nhân\s+dân)\s+(?:tỉnh|huyện|thành\s+phố|thị\s+xã|xã|phường|thị\s+trấn|quận)")
PASSIVE_BEFORE = regex.compile(r"(?:của|được|tham\s+mưu|cho|với|trình|gửi|đề\s+nghị|tại|và)\s*$", regex.I)


@functools.cache
def _self_ref_rx():
    orgs, _, _ = rules()
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
    orgs, _, _ = rules()
    if not place:
        return issuer
    words = phrase_key(issuer)
    last = words[-1] if words else ""
    levels = {phrase_key(u)[-1] for u in orgs["unit_words"]} | {"uy"}
    if last in levels and fold(place) not in fold(issuer):
        return f"{issuer} {place}"
    return issuer


def _written_out(issuer: str | None) -> str | None:
    """The issuer named in full: "Hội LHPN tỉnh" → "Hội Liên hiệp Phụ nữ tỉnh" (data: issuer_expansions)."""
    if not issuer:
        return issuer
    for short, full in rules()[0]["issuer_expansions"].items():
        issuer = regex.sub(rf"(?<!\w){regex.escape(short)}(?!\w)", full, issuer)
    return issuer


# The levels a unit word in an issuer names ("thành phố": a province or a district).
LEVEL_NAMED = {"province": ("province",), "city": ("province", "district"), "district": ("district",)}


def _place_as_named(issuer: str) -> str:
    """An issuer ending in a unit whose name the OCR read without its accents or with one slip
    ("Ủy ban nhân dân Tinh Quang Ngai", "… Tinh Quang Ngaài"): the unit written as the gazetteer
    writes it, when the name is one unit of that level. A name written with its accents is kept
    as written (a variant spelling is the document's own)."""
    words = issuer.split()
    levels = name_rules()["level_prefixes"]
    for size in (2, 1):
        for at in range(len(words) - size - 1, 0, -1):
            written = " ".join(words[at:at + size])
            level_word = next((w for w in levels if fold(w) == fold(written)), None)
            if level_word is None or levels[level_word] not in LEVEL_NAMED:
                continue
            name = " ".join(words[at + size:])
            accentless = fold(name) == name.lower()
            if not accentless and resolve_place(name, LEVEL_NAMED[levels[level_word]][0]):
                return issuer
            units = {(u.level, u.code): u for level in LEVEL_NAMED[levels[level_word]]
                     for u in resolve_place(name, level) or resolve_near(name, level)}
            if len(units) != 1:
                return issuer
            unit, = units.values()
            return " ".join(words[:at] + [level_word, unit.name])
    return issuer


# What stands around an issuer line but is no part of a name: rules, bullets, OCR specks ("ˆ", "|").
LINE_NOISE = regex.compile(r"^[\s*\-–—_|•·~`\p{Lm}\p{Sk}\p{So}]+|[\s*\-–—_|•·~`\p{Lm}\p{Sk}\p{So}]+$")


def _entities(lines: list[str]) -> list[str]:
    """The bodies named in the header's issuer lines, in order: a line naming a body starts one,
    "TỈNH KON TUM" or a wrapped line continues it, "ỦY" / "BAN NHÂN DÂN" fragments are joined."""
    orgs, _, _ = rules()
    units = orgs["unit_words"]
    org_phrases = [p for p in orgs["phrases"] if p not in units] + list(orgs["abbreviations"])
    raw_entities: list[str] = []
    pending = ""
    for raw in lines:
        text = (pending + " " + LINE_NOISE.sub("", raw)).strip()
        if not text:
            continue
        starts_with_unit = any(fold(text).startswith(fold(u) + " ") for u in units)
        # "VĂN PHÒNG ĐIỀU PHỐI" / "NÔNG THÔN MỚI": a line not starting with a body's head goes on with the name
        # above; a bare head ("VĂN PHÒNG" under "UBND TỈNH …") is one (" X": a head needs a name after it)
        named = has_phrase(text, org_phrases) and (not raw_entities or bool(agency_head_at(canonical(text, True) + " X", 0)))
        if starts_with_unit and raw_entities and not has_phrase(raw_entities[-1], units):
            raw_entities[-1] += " " + text
        elif named and not (raw_entities and _continues_name(raw_entities[-1], text)):
            raw_entities.append(text)
        elif raw_entities and not starts_with_unit:
            raw_entities[-1] += " " + text          # a wrapped name
        elif not raw_entities:
            pending = text                           # "ỦY" before "BAN NHÂN DÂN"
            continue
        pending = ""
    return [canonical(e, True) for e in raw_entities]


def _continues_name(previous: str, text: str) -> bool:
    """A line that goes on with the name above: the name ends with a comma or "và", or the line
    starts with a lower-level word of a long name ("… ĐỔI MỚI SÁNG TẠO," / "CHUYỂN ĐỔI SỐ VÀ …")."""
    return bool(regex.search(r"(?:,|\bVÀ|\bvà|\bCHO|\bcho|\bLÀM|\blàm|\bVỀ|\bvề)\s*$", previous)
                or regex.match(r"(?:VỀ|về|CỦA|của|VÀ|và|CHO|cho|TRỰC\s+THUỘC)\b", text))


SOCIETY = regex.compile(r"(?i)xã\s+hội")       # "Kinh tế - Xã hội": society, no commune


def _compose_header_issuer(lines: list[str]) -> str | None:
    """Issuer from the header's issuer lines: the last body named is the issuer, the one above it
    its parent. A parent that is a people's committee or council gives its place ("Sở Nội vụ" +
    "tỉnh Lâm Đồng"); another parent that is not a ministry gives its whole name ("Hội đồng quản
    lý" + "Quỹ …"); a ministry gives nothing (a university or a provincial police under it)."""
    orgs, _, _ = rules()
    units = orgs["unit_words"]
    entities = _entities(lines)
    if not entities:
        return None
    issuer = entities[-1]
    if len(entities) > 1 and entities[-2] in ("Ban Chấp hành", "Ban Thường vụ"):
        return f"{entities[-2]} {issuer}"     # "BAN CHẤP HÀNH" / "HỘI NÔNG DÂN TỈNH NGHỆ AN"
    if len(entities) == 1 or has_phrase(SOCIETY.sub("", issuer), units) or has_phrase(issuer, orgs["party_committees"]) \
            or has_phrase(issuer, orgs["central_issuers"]):
        return issuer
    parent = entities[-2]
    if fold(parent).startswith(fold("Hội đồng nhân dân")) and fold(issuer).startswith("ban "):
        return f"{issuer} {parent}"          # a council's committee: "Ban Kinh tế - Xã hội Hội đồng nhân dân huyện …"
    if fold(issuer) == fold("Văn phòng"):     # the office of its parent body
        return issuer + " " + parent
    if has_phrase(parent, orgs["party_committees"]):
        m = regex.search("|".join(orgs["party_committees"]), parent)
        return issuer + " " + (parent[m.start():] if m else parent)
    if has_phrase(parent, orgs["parent_bodies"]):
        for u in sorted(units, key=len, reverse=True):
            m = regex.search(r"(?<!\p{L})" + regex.escape(u) + r"(?!\p{L})", parent)
            if m:
                return issuer + " " + parent[m.start():]
        return issuer
    if fold(parent).startswith("bo ") or has_phrase(parent, orgs["central_issuers"]):
        return issuer
    return issuer + " " + parent


def _authority_issuer(authority: str | None) -> str | None:
    """"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH" → "Ủy ban nhân dân tỉnh Bình Định";
    "THỦ TƯỚNG CHÍNH PHỦ" stays whole: a title is dropped only when a body's name follows it."""
    if not authority:
        return None
    from extractors.signature import _title_prefix

    orgs, _, _ = rules()
    found = _title_prefix(authority)
    if found and found[1] and has_phrase(found[1], orgs["phrases"] + list(orgs["abbreviations"])):
        return canonical(found[1], True)
    return canonical(authority, True) if has_phrase(authority, orgs["central_issuers"]) else None


def _standing_body(sig: Signature, header: Header) -> str | None:
    """The collective body that signs (TM./T/M object) or that the heading names ("CỦA BAN THƯỜNG VỤ …")."""
    orgs, _, _ = rules()
    for mark, obj in sig.marks:
        if mark in ("TM.", "T/M"):
            body = has_phrase(obj, orgs["collective_bodies"])
            if body:
                return body
    if header.heading_of:
        return has_phrase(canonical(header.heading_of[3:].strip(), True), orgs["collective_bodies"])
    return None


def _attached_to(doc: Document, header: Header) -> regex.Match | None:
    """The "(Kèm theo Công văn số … của …)" line of a header, if any."""
    for start, _end, line in doc_lines(doc)[:8]:
        if start > max(header.end, 1) + 400:
            break
        m = ATTACHED_TO.match(line.strip())
        if m:
            return m
    return None


def _type_of(doc: Document, header: Header) -> str | None:
    """The heading's type; else the symbol's type code; else "ban hành Kế hoạch" in the first
    sentences of the body."""
    if header.type or header.number_type:
        return header.type or header.number_type
    m = ISSUES_TYPE.search(doc.text, header.end, header.end + 600)
    if m:
        _, types, _ = rules()
        return next((n for n in types["names"] if fold(n) == fold(m.group("type"))), None)
    return None


def _candidates(doc: Document, header: Header) -> dict:
    """What the OCR read where a field was unreadable, with its confidence, for a person to confirm."""
    out: dict = {}
    for field in header.unreadable:
        found = [c for c in doc.ocr_candidates if c["field"] == ("number" if field == "number" else "day")
                 and c["page"] == 1 and "engine" not in c]
        if not found:
            continue
        best = found[0]
        value = best["value"]
        if field == "number" and header.number_symbol:
            value = f"{value}/{header.number_symbol}"
        out[field] = {"value": value, "confidence": best["confidence"], "page": best["page"]}
    return out


def extract_document_info(doc: Document) -> DocumentInfo:
    from extractors.attachments import find_attachments

    orgs, types, _ = rules()
    header = parse_header(doc)
    attachments = find_attachments(doc, header.end) if header.end else []
    sig = parse_signature(doc, header.end, attachments[0].start if attachments else None)
    header = _number_from_attachment(header, attachments)
    header, second_reads = _fill_ins_from_second_read(doc, header)
    header, named = _number_from_file_name(doc, header)
    info = DocumentInfo(number=header.number, number_symbol=header.number_symbol, place=header.place,
                        date=header.date, title=header.title, system=header.system)
    has_header = header.end > 0
    info.type = _type_of(doc, header)
    if info.type is None and header.letter_subject and (header.addressees or header.number_symbol):
        info.type = types["letter_type"]
    if has_header or sig.name:
        info.signer, info.signer_title = sig.name, sig.title
        if sig.marks:
            mark, obj = sig.marks[-1]
            info.signing_mark = f"{mark} {obj}"
    if not has_header and not sig.name:
        return DocumentInfo()
    info.candidates = _candidates(doc, header)
    for field, read in second_reads.items():
        info.candidates[field] = {"value": getattr(info, field), "engine": read["engine"], "reads": read["reads"],
                                  "confidence": read["confidence"], "page": read["page"], "taken": True}
    if named:
        ocr = info.candidates.get("number", {}).get("value")
        info.candidates["number"] = {"value": info.number, "source": "file_name", "file": named, "taken": True,
                                     "ocr": ocr, "page": 1}

    body = _standing_body(sig, header)
    issuer = _compose_header_issuer(header.issuer_lines)
    attached = _attached_to(doc, header) if not issuer else None
    if issuer:
        authority = _authority_issuer(header.authority)
        if authority and len(authority) > len(issuer) and fold(authority).startswith(fold(issuer)):
            issuer = authority           # "ỦY BAN NHÂN DÂN" alone, "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH" under the title
        issuer = _with_place(issuer, header.place)      # "CÔNG AN TỈNH", "TỈNH ỦY" without their place
        issuer = _place_as_named(issuer)
        if body and fold(body) not in fold(issuer) and has_phrase(issuer, orgs["party_committees"]) \
                and body in ("Ban Thường vụ", "Ban Chấp hành", "Thường trực"):
            issuer = f"{body} {issuer}"
        elif body == "Ban Thường vụ" and issuer.startswith("Ban Chấp hành "):
            issuer = body + issuer[len("Ban Chấp hành"):]     # the standing committee signs for its executive
    elif attached and attached.group("issuer"):
        issuer = canonical(attached.group("issuer").strip(), False)
        info.issuer_inferred = True
        if info.date is None and attached.group("date"):
            info.date = _loose_date(attached.group("date"))
    else:
        coded = code_lookup(orgs["issuer_codes"], header.number_issuer_code or "")
        issuer = _authority_issuer(header.authority) or _body_issuer(doc, header.end, [e for e in (body, coded) if e]) \
            or body or coded
        if issuer:
            issuer = _with_place(issuer, header.place)
            info.issuer_inferred = True
    info.issuer = _written_out(issuer)
    if info.place is None and issuer and _is_central(issuer) and has_header and header.number_symbol:
        info.place = orgs["capital"]       # central bodies issue from the capital
    if info.system is None:
        info.system = _system_of(issuer, sig)
    info.recipients = _recipients(doc, header)
    return info


def _second_read(doc: Document, field: str) -> dict | None:
    """The second OCR engine's agreed read of a header fill-in on page 1 (pipeline/read/ocr_fill_ins.py)."""
    return next((c for c in doc.ocr_candidates if c.get("engine") and c["field"] == field and c["page"] == 1
                 and c["value"]), None)


def _symbol_from_second_read(symbol: str, read: str | None) -> str:
    """Tesseract's symbol, its type code taken from the second read when Tesseract's is no known
    code and the second read's is one ("QĐĐ-TTg" read "qd-ttg" → "QĐ-TTg")."""
    _, types, _ = rules()
    code, _, rest = symbol.partition("-")
    if not read or code_lookup(types["state_codes"], code) or code_lookup(types["party_codes"], code):
        return symbol
    known = next((k for k in types["state_codes"] if fold(k) == fold(read.partition("-")[0])), None)
    return f"{known}-{rest}" if known and rest else symbol


def _fill_ins_from_second_read(doc: Document, header: Header) -> tuple[Header, dict]:
    """A number or date left unreadable by the header's text, taken from the second OCR engine's
    agreed read of the same place; returns the header and the reads taken, for `candidates`."""
    taken: dict = {}
    scanned = 1 in doc.ocr_pages          # a scan's "blank" may be a handwritten number Tesseract did not see
    number = _second_read(doc, "number")
    if header.number is None and ("number" in header.unreadable or scanned) and number and header.number_symbol:
        symbol = _symbol_from_second_read(header.number_symbol, number.get("symbol_read"))
        header = dataclasses.replace(header, number=f"{number['value']}/{symbol}", number_symbol=symbol,
                                     unreadable=[f for f in header.unreadable if f != "number"])
        taken["number"] = number
    day = _second_read(doc, "day")
    if (header.date is None and "date" in header.unreadable or scanned and (header.date or "")[8:] == "") \
            and day and header.date_span:
        line = doc.text[header.date_span[0]:header.date_span[1]]
        year = regex.findall(r"(?:19|20)\d\d", line)
        printed = regex.search(r"tháng\s*(\d{1,2})\s*năm", line)
        month = _second_read(doc, "month")
        month_value = month["value"] if month else printed.group(1) if printed else None
        if year and month_value and valid(int(year[-1]), int(month_value), int(day["value"])):
            header = dataclasses.replace(header, date=f"{year[-1]}-{int(month_value):02d}-{int(day['value']):02d}",
                                         unreadable=[f for f in header.unreadable if f != "date"])
            taken["date"] = day
    return header, taken


def _number_from_file_name(doc: Document, header: Header) -> tuple[Header, str | None]:
    """A scan's number that no OCR engine read (handwritten on "Số: …/CT-UBND"), taken from the
    file's name when the name carries the number with the same symbol: offices name their scans
    so ("493-TB-UBND.pdf", "ct_07_CT-UBND.pdf"). Never for a text layer's blank number (a draft's
    "Số: /TB-UBND" stays null), never when the name holds two such numbers. Returns the header and
    the file name taken."""
    if header.number is not None or not header.number_symbol or not doc.path \
            or not ("number" in header.unreadable or 1 in doc.ocr_pages):
        return header, None
    name = Path(doc.path).name
    parts = [regex.escape(p) for p in regex.split(r"[-/]+", fold(header.number_symbol)) if p]
    if not parts:
        return header, None
    found = set(regex.findall(r"(?<![0-9a-z])(\d{1,5})[-_ .]+" + r"[-_ .]+".join(parts) + r"(?![0-9a-z])",
                              fold(Path(name).stem)))
    if len(found) != 1:
        return header, None
    # "number" stays in `unreadable`: what the OCR read is kept beside the name's number
    return dataclasses.replace(header, number=f"{found.pop()}/{header.number_symbol}"), name


def _number_from_attachment(header: Header, attachments: list) -> Header:
    """An unreadable (handwritten) number or day printed again on an attachment, "Kèm theo Công văn
    số: 5689/BCA-C04 ngày 16 tháng 12 năm 2025": taken from there when the symbol is the same."""
    if not header.number_symbol or not attachments:
        return header
    header = dataclasses.replace(header, unreadable=list(header.unreadable))    # the memoised header stays as read
    for a in attachments:
        ref = a.attached_to or ""
        ref_symbol = ref.split("/")[-1].replace("…", "").upper()
        if len(ref_symbol) < 2 or not header.number_symbol.upper().replace("…", "").startswith(ref_symbol):
            continue
        if header.number is None and "number" in header.unreadable and regex.fullmatch(r"\d+/.*", ref) \
                and "…" not in ref:
            header.number = ref
            header.unreadable.remove("number")
        if header.date is None and "date" in header.unreadable and a.attached_to_date:
            header.date = a.attached_to_date
            header.unreadable.remove("date")
        break
    return header


def _is_central(issuer: str) -> bool:
    orgs, _, _ = rules()
    return fold(issuer).startswith("bo ") or has_phrase(issuer, orgs["central_issuers"]) is not None


def _loose_date(text: str) -> str | None:
    """"23 / 3 /2022" → "2022-03-23"; "/01/2025" (blank day) → "2025-01"."""
    text = regex.sub(r"\s+", "", text)
    full = parse_date(text)
    if full and len(full) == 10:
        return full
    m = regex.search(r"(?:^|[^\d])(\d{1,2})/((?:19|20)\d\d)$", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = regex.search(r"((?:19|20)\d\d)$", text)
    return m.group(1) if m else None


def _system_of(issuer: str | None, sig: Signature) -> str | None:
    text = fold(" ".join([issuer or "", sig.title or ""] + [o for _, o in sig.marks]))
    if regex.search(r"\b(?:tinh|huyen|thanh|thi|quan|dang) uy\b|ban thuong vu|bi thu|dang bo|chi bo", text):
        return "party"
    if regex.search(r"uy ban nhan dan|hoi dong nhan dan|\bso\b|\bbo\b|chu tich|giam doc", text):
        return "state"
    return None


def _recipients(doc: Document, header: Header) -> list[str]:
    out = list(header.addressees)
    lines = doc_lines(doc)
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
        if fold(name) in seen or has_phrase(name, rules()[0]["phrases"] + rules()[0]["unit_words"]):
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
