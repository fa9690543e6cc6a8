"""References: every document cited by number, footnotes included.

Numbers follow the state grammar "<n>/[<year>/]<TYPE>-<ISSUER>[-<UNIT>]" ("1754/KH-UBND",
"53/2023/QĐ-UBND", "735/SNN-NTM") or the Party grammar "<n>-<TYPE>/<ISSUER>" ("63-CT/TU").
A capital letter must follow the slash, so fractions ("53/85"), dates and "x/y tiêu chí" never
match. One entry per distinct number: span at the first mention, with type, date and issuer
taken from the first mention that states them. The document's own header number is left out, and
so are a guidance document's examples ("Ví dụ: Số 25-BC/TU …").
"""
from __future__ import annotations

import functools

import regex

from extractors.common import load_rules, make_fact, site_trailer
from extractors.dates import valid
from extractors.header import SYMBOL, parse_header
from extractors.names import code_lookup
from pipeline.model import Document, Reference
from pipeline.model.text import alternation

STATE_REF = regex.compile(
    r"(?<![\p{L}\p{N}/.,\-])(?P<n>\d{1,5})\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<sym>" + SYMBOL + r")(?![\p{L}\p{N}])")
PARTY_REF = regex.compile(
    r"(?<![\p{L}\p{N}/.,\-])(?P<n>\d{1,4})\s*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]*)\s*/\s*(?P<iss>" + SYMBOL + r")(?![\p{L}\p{N}])")
NUMBER_CUE = regex.compile(r"[Ss]ố\s*:?\s*$")
# "ngày 27/12/2024", ", ngày 22/7/2021", "ngày 29 tháng 02 năm 2024", "ngày 13/5" (year-less).
DATE_AFTER = regex.compile(
    r"\s*[,(]?\s*(?:ban\s+hành\s+)?ngày\s+(?P<d>\d{1,2})\s*(?:[/.\-]|\s+tháng\s+)\s*(?P<m>\d{1,2})"
    r"(?:\s*(?:[/.\-]|\s+năm\s+)\s*(?P<y>(?:19|20)\d\d))?(?![\d/])", regex.I)
CHAIN = regex.compile(r"\s*(?:,|;|và|,\s*và)\s*(?:[Ss]ố\s*:?\s*)?$")
ISSUER_AFTER = regex.compile(
    r"\s*,?\s*của\s+(?P<iss>[\p{Lu}][^,;.()\n]{1,90}?)(?=\s+(?:về|V/v|v/v|ban\s+hành|Ban\s+hành|quy\s+định|Quy\s+định|"
    r"hướng\s+dẫn|phê\s+duyệt|Phê\s+duyệt|triển\s+khai|thực\s+hiện|khóa|khoá|nhiệm\s+kỳ|tại|gắn|đã|đối\s+với|trên|"
    r"năm|Về|Công\s+nhận|công\s+nhận|giao|V/V)\b|\s*[,;.()\n]|\s*$)")
ISSUED_BY_BEFORE = regex.compile(
    r"(?P<iss>(?:UBND|HĐND|Ủy\s+ban|Hội\s+đồng|Ban\s+Thường\s+vụ|Bộ|Sở|Thủ\s+tướng|Chính\s+phủ|Tỉnh\s+ủy|Huyện\s+ủy|Thành\s+ủy)"
    r"[^,;.()\n]{0,60}?)\s+(?:đã\s+|vừa\s+)?ban\s+hành\s+$")


@functools.cache
def _type_before_rx():
    names = load_rules("document_types.json")["names"] + list(load_rules("document_types.json")["reference_only_names"])
    alts = alternation(names, flexible_spaces=False)
    return regex.compile(r"(?P<type>" + alts + r")\s*:?\s*(?:[Ss]ố\s*:?\s*)?$", regex.I)


# A guidance document's examples ("Ví dụ: Số 25-BC/TU ngày …") show the form of a number, they cite nothing.
EXAMPLE_CUE = regex.compile(r"(?:\b[Vv]í\s+dụ|\bVD|\b[Cc]hẳng\s+hạn|\b[Mm]ẫu)\s*:?[^.;\n]{0,80}$")


def _is_example(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return EXAMPLE_CUE.search(text, line_start, start) is not None


def _candidates(doc: Document) -> list[dict]:
    types = load_rules("document_types.json")
    text = doc.text
    found = []
    for m in PARTY_REF.finditer(text):
        code_type = code_lookup(types["party_codes"], m.group("type"))
        if code_type:
            number = regex.sub(r"\s+", "", m.group())
            found.append({"start": m.start(), "end": m.end(), "number": number, "code_type": code_type})
    taken = [(f["start"], f["end"]) for f in found]
    for m in STATE_REF.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        sym = regex.sub(r"\s+", "", m.group("sym"))
        parts = sym.split("-")
        before = text[max(0, m.start() - 40):m.start()]
        cued = NUMBER_CUE.search(before) or _type_before_rx().search(before)
        # A one-part symbol ("123/UBND") only after "số" or a type word, and with two capitals.
        if len(parts) == 1 and not m.group("year") and not (cued and len(regex.findall(r"[A-ZĐ]", sym)) >= 2):
            continue
        code_type = code_lookup(types["state_codes"], parts[0]) if len(parts) > 1 or m.group("year") else None
        number = m.group("n") + "/" + (m.group("year") + "/" if m.group("year") else "") + sym
        found.append({"start": m.start(), "end": m.end(), "number": number,
                      "code_type": code_type or (types["letter_type"] if len(parts) > 1 else None)})
    return sorted((f for f in found if not _is_example(text, f["start"])), key=lambda f: f["start"])


def _date_after(text: str, pos: int, year: int | None) -> tuple[str | None, int]:
    m = DATE_AFTER.match(text, pos)
    if not m:
        return None, pos
    d, mo = int(m.group("d")), int(m.group("m"))
    y = int(m.group("y")) if m.group("y") else year
    if y and valid(y, mo, d):
        return f"{y:04d}-{mo:02d}-{d:02d}", m.end()
    return None, m.end() if m.group("y") else pos


def extract_references(doc: Document) -> list[Reference]:
    text = doc.text
    header = parse_header(doc)
    own = regex.sub(r"\s+", "", header.number).upper() if header.number else None
    year = int(header.date[:4]) if header.date else None
    cands = _candidates(doc)
    # Dates and issuers stated after each mention; a list "365/QĐ-UBND và 366/QĐ-UBND ngày 13/5"
    # shares the date and issuer written after its last member.
    for c in cands:
        c["date"], c["quote_end"] = _date_after(text, c["end"], year)
        im = ISSUER_AFTER.match(text, c["quote_end"])
        c["issuer"] = " ".join(im.group("iss").split()) if im else None
    for i in range(len(cands) - 2, -1, -1):
        c, nxt = cands[i], cands[i + 1]
        if CHAIN.match(text[c["end"]:nxt["start"]]) and nxt["start"] - c["end"] < 12:
            c["date"] = c["date"] or nxt["date"]
            c["issuer"] = c["issuer"] or nxt["issuer"]
    for c in cands:
        before = text[max(0, c["start"] - 60):c["start"]]
        tm = _type_before_rx().search(before)
        cue = tm or NUMBER_CUE.search(before)
        c["quote_start"] = c["start"] - (len(before) - cue.start()) if cue else c["start"]
        printed = None
        if tm:
            names = load_rules("document_types.json")
            printed = next((n for n in names["names"] if n.lower() == tm.group("type").lower()), None)
            if printed is None:
                printed = names["reference_only_names"].get(
                    next((k for k in names["reference_only_names"] if k.lower() == tm.group("type").lower()), ""))
        c["type"] = printed or c["code_type"]
        if c["issuer"] is None:
            sentence_start = max(text.rfind(x, 0, c["quote_start"]) for x in (".", "\n", ";"))
            bm = ISSUED_BY_BEFORE.search(text[sentence_start + 1:c["quote_start"]])
            if bm:
                c["issuer"] = " ".join(bm.group("iss").split())

    refs: dict[str, Reference] = {}
    trailer = site_trailer(text)
    for c in cands:
        key = c["number"].upper()
        if key == own or (trailer is not None and c["start"] >= trailer):
            continue            # the document's own number; a legal site's list of related documents
        if key not in refs:
            refs[key] = make_fact(Reference, doc, c["quote_start"], max(c["quote_end"], c["end"]),
                                  number=c["number"], type=c["type"], date=c["date"], issuer=c["issuer"])
        else:
            ref = refs[key]
            ref.type = ref.type or c["type"]
            ref.date = ref.date or c["date"]
            ref.issuer = ref.issuer or c["issuer"]
    return list(refs.values())
