"""The signature block: signing marks (TM., KT., TL. …), the signer's title and name.

The block is the last run of mark and title lines after the header; the name is the first
name-like line under it, past stamps ("(Đã ký)") and the distribution list, which a two-column
footer may put in between.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from extractors.header import LIST_ITEM, doc_lines
from extractors.names import canonical, has_phrase, is_upper, phrase_key, rules
from pipeline.model import Document

# "Nơi nhận:", also as OCR misreads its first letter ("\ơi nhận", ".Vơi nhận").
DISTRIBUTION = regex.compile(r"^(?:Nơi|[^\p{L}\s]{0,2}\p{L}?ơi)\s+nhận\s*:?\s*", regex.I)
FILED = regex.compile(r"^[-–+•]?\s*Lưu\s*(?::|\b)", regex.I)
STAMP = regex.compile(r"^\(?\[?\s*(?:đã\s+ký|ký\s+tên|ký|chữ\s+ký|ký,\s*ghi\s+rõ\s+họ\s+tên|ký\s+và\s+đóng\s+dấu|dấu)[^)\]]*\)?\]?\.?$", regex.I)
NAME_WORD = r"\p{Lu}[\p{Ll}'’]*"
PERSON_NAME = regex.compile(r"^" + NAME_WORD + r"(?:\s+" + NAME_WORD + r"){1,4}$")
UPPER_NAME = regex.compile(r"^\p{Lu}[\p{Lu}'’]*(?:\s+\p{Lu}[\p{Lu}'’]*){1,4}$")


@dataclass
class Signature:
    marks: list[tuple[str, str]] = field(default_factory=list)   # (mark, object): ("KT.", "Chủ tịch")
    title: str | None = None
    name: str | None = None
    name_span: tuple[int, int] | None = None


@functools.cache
def _mark_rx():
    _, _, sign = rules()
    marks = sorted(sign["marks"], key=len, reverse=True)
    return regex.compile(r"(?:^|(?<=\s))(?P<mark>" + "|".join(regex.escape(m) for m in marks) + r")(?:\s+|(?<=\.))(?=\p{Lu})")


def _title_of(text: str) -> str | None:
    """The canonical title if `text` is a signer title ("PHÓ CHỦ TỊCH" → "Phó Chủ tịch")."""
    _, _, sign = rules()
    key = " ".join(phrase_key(text))
    for t in sign["titles"]:
        if " ".join(phrase_key(t)) == key:
            return t
    return None


def _title_prefix(text: str) -> tuple[str, str] | None:
    """A known title at the start of `text` and the rest ("CHỦ TỊCH PHÓ CHỦ TỊCH")."""
    _, _, sign = rules()
    words = text.split()
    for n in range(min(6, len(words)), 0, -1):
        t = _title_of(" ".join(words[:n]))
        if t:
            return t, " ".join(words[n:])
    return None


def _is_title_line(text: str) -> bool:
    if not is_upper(text) or len(text) > 80:
        return False
    p = _title_prefix(text)
    return bool(p) and (not p[1] or has_phrase(p[1], rules()[0]["phrases"] + list(rules()[0]["abbreviations"])) is not None)


def _is_mark_line(text: str) -> bool:
    m = _mark_rx().match(text)
    return bool(m) and is_upper(text[m.end():]) and len(text) < 100


def _name_of(text: str) -> str | None:
    text = regex.sub(r"\s*[\(\[][^)\]]*[\)\]]\s*", " ", text).strip().strip(".")
    # Organisation words compared with their diacritics: "Thanh Trà" is a name, "Thanh tra" a body.
    lowered = " " + " ".join(text.lower().split()) + " "
    if not text or _title_of(text) or any(" " + p.lower() + " " in lowered
                                          for p in rules()[0]["phrases"] + rules()[0]["unit_words"]):
        return None
    if PERSON_NAME.match(text):
        return text
    if UPPER_NAME.match(text):
        return " ".join(w[:1] + w[1:].lower() for w in text.split())
    return None


def parse_signature(doc: Document, after: int = 0, before: int | None = None) -> Signature:
    """The last signature block after offset `after` (the header's end) and before `before` (the
    first attachment): its marks, the signer's title and the name under it."""
    lines = doc_lines(doc)
    if before is not None:
        lines = [ln for ln in lines if ln[0] < before]
    sig = Signature()
    last = None
    for i in range(len(lines) - 1, -1, -1):
        if lines[i][0] < after:
            break
        if _block_part(lines[i][2].strip()):
            last = i
            break
    if last is None:
        return _name_only(doc, lines, after)
    first = last
    while first > 0 and first > last - 6 and _block_part(lines[first - 1][2].strip()):
        first -= 1
    block = [_block_part(lines[k][2].strip()) for k in range(first, last + 1)]
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
        if LIST_ITEM.match(t) and ";" in t:       # an OCRed footer: "- Ban Dân vận Tỉnh ủy; Đặng Văn Minh"
            tail = t.rsplit(";", 1)[1].strip()
            if tail and PERSON_NAME.match(tail) and (name := _name_of(tail)):
                off = s + text.rfind(tail)
                sig.name, sig.name_span = name, (off, off + len(tail))
                break
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


FOOTER_START = regex.compile(r"(?<=\s)(?=(?:T/?M|K/?T|T/?L|TUQ)\.?\s|\p{Lu}{2,}\s)")


def _block_part(text: str) -> str | None:
    """The signature-block part of a line: the whole line, or the end of a line where an OCRed
    two-column footer put it after the distribution list ("- Như trên; KT. CHỦ TỊCH")."""
    if _is_mark_line(text) or _is_title_line(text):
        return text
    if not (DISTRIBUTION.match(text) or LIST_ITEM.match(text)):
        return None
    for m in FOOTER_START.finditer(text):
        tail = text[m.start():].strip()
        if _is_mark_line(tail) or _is_title_line(tail):
            return tail
    return None


def _name_only(doc: Document, lines: list, after: int) -> Signature:
    """No mark or title line (a seal over it, on a scan): the name on the document's last line
    after the distribution list, if it is a name."""
    sig = Signature()
    seen_list = False
    for s, _e, text in lines[-30:]:
        t = text.strip()
        if s < after or not t:
            continue
        if DISTRIBUTION.match(t) or FILED.match(t):
            seen_list = True
            continue
        if seen_list and not LIST_ITEM.match(t) and (name := _name_of(t)) and PERSON_NAME.match(t):
            off = s + text.find(t)
            sig.name, sig.name_span = name, (off, off + len(t))
    return sig


def _split_marks(text: str) -> list[tuple[str | None, str]]:
    """"TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH" → [("TM.", "ỦY BAN NHÂN DÂN"), ("KT.", "CHỦ TỊCH")]."""
    _, _, sign = rules()
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
