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
# "H'Vi", "ÊBan": Ê Đê names; OCR reads the apostrophe as "ˆ" or "`" too.
NAME_WORD = r"\p{Lu}(?:['’ˆ`]?\p{Lu}[\p{Ll}'’]+|['’ˆ`]\p{Lu}|[\p{Ll}'’]*)"
OCR_APOSTROPHE = str.maketrans({"ˆ": "'", "`": "'"})
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
    if not m or len(text) >= 100:
        return False
    rest = text[m.end():]
    tail = TRAILING_NAME.search(rest)     # "… PHÓ CHỦ TỊCH (Đã ký) Nguyễn Văn A": a flattened footer
    if tail:
        rest = regex.sub(r"\([^()]*\)", " ", rest[:tail.start(1)])
    return is_upper(rest)


def without_rank(text: str) -> str:
    """The name without a rank printed before it: "Thượng tướng Nguyễn Văn Long" → "Nguyễn Văn Long"
    (compared letter-folded: OCR reads "Thiêu tướng")."""
    words = text.split()
    for rank in rules()[2]["ranks"]:
        n = len(rank.split())
        if len(words) > n and phrase_key(" ".join(words[:n])) == phrase_key(rank):
            return text[regex.match(r"\s*(?:\S+\s+){%d}" % n, text).end():]
    return text


def _has_title(text: str) -> bool:
    """Does `text` hold a signer title's words ("SH CHỦ TỊCH": a title line OCR half read)?"""
    key = " " + " ".join(phrase_key(text)) + " "
    return any(" " + " ".join(phrase_key(t)) + " " in key for t in rules()[2]["titles"])


def _family_name_first(name: str) -> bool:
    """Does the name begin with a family name ("Phạm …"; "H'Vi …", its apostrophe as OCR reads it)?"""
    first = name.split()[0]
    for family in rules()[2]["family_names"]:
        if family[-1] in "'’":
            if len(first) > len(family) and first.startswith(family[:-1]) and first[len(family) - 1] in "'’ˆ`":
                return True
        elif first == family:
            return True
    return False


def _name_in(doc: Document, line_start: int, line: str, text: str) -> tuple[str, tuple[int, int]] | None:
    """The signer's name in `text` (a part of the line starting at `line_start`), without a rank,
    and its span. On an OCRed page it must begin with a family name: under a seal OCR can lose
    the first words and read only "Thanh Trà" of "Phạm Thị Thanh Trà"."""
    bare = without_rank(text)
    name = _name_of(bare)
    if not name:
        return None
    off = line_start + line.find(text) + len(text) - len(bare)
    if doc.page_of(off) in doc.ocr_pages and not _family_name_first(name):
        return None
    return name, (off, off + len(bare))


def _name_of(text: str) -> str | None:
    text = regex.sub(r"\s*[\(\[][^)\]]*[\)\]]\s*", " ", text).strip().strip(".")
    # Organisation words compared with their diacritics: "Thanh Trà" is a name, "Thanh tra" a body.
    lowered = " " + " ".join(text.lower().split()) + " "
    if not text or _title_of(text) or _has_title(text) or any(" " + p.lower() + " " in lowered
                                                              for p in rules()[0]["phrases"] + rules()[0]["unit_words"]):
        return None
    if PERSON_NAME.match(text):
        return text.translate(OCR_APOSTROPHE)
    if UPPER_NAME.match(text):
        return " ".join(w[:1] + w[1:].lower() for w in text.split())
    return None


def parse_signature(doc: Document, after: int = 0, before: int | None = None) -> Signature:
    """The last signature block after offset `after` (the header's end) and before `before` (the
    first attachment): its marks, the signer's title and the name under it."""
    lines = doc_lines(doc)
    if before is not None:
        lines = [ln for ln in lines if ln[0] < before]
    lines = _wrapped_titles_joined(_glued_after_filed(_title_lines_repaired(doc, lines)))
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
                if mark == "Q." and tp and not tp[1]:      # "Q. CHỦ TỊCH": the acting head signs as such
                    titles.append("Quyền " + tp[0])
            else:
                tp = _title_prefix(obj)
                titles.append(tp[0] + (" " + canonical(tp[1], True) if tp and tp[1] else "") if tp else canonical(obj, True))
    sig.title = titles[-1] if titles else None
    # The name: the first name-like line after the block, skipping stamps and the distribution list.
    # A title line right above the name is the signer's own post, under the block of the body that
    # signs ("TM. HỘI ĐỒNG QUẢN LÝ / CHỦ TỊCH" … "CHỦ TỊCH HỘI LHPN TỈNH" / "H'Vi ÊBan").
    # A bare title closing the block may go on with its body on the next line ("PHÓ CỤC TRƯỞNG").
    own = (sig.title, True) if sig.title and _title_of(block[-1]) and not _mark_rx().match(block[-1]) else None
    for k in range(last + 1, min(len(lines), last + 25)):
        s, e, text = lines[k]
        t = text.strip()
        if LIST_ITEM.match(t) and ";" in t:       # an OCRed footer: "- Ban Dân vận Tỉnh ủy; Đặng Văn Minh"
            tail = t.rsplit(";", 1)[1].strip()
            if tail and PERSON_NAME.match(without_rank(tail)) and (found := _name_in(doc, s, text, tail)):
                sig.name, sig.name_span = found
                break
        if not t or STAMP.match(t) or LIST_ITEM.match(t) or DISTRIBUTION.match(t) or FILED.match(t):
            continue
        if found := _name_in(doc, s, text, t):
            sig.name, sig.name_span = found
            sig.title = own[0] if own else sig.title
            break
        own = _own_title(t, own)
        if len(t) > 60:
            break
    if sig.name is None:       # a footer flattened into one line: "… KT. CHỦ TỊCH PHÓ CHỦ TỊCH (Đã ký) Nguyễn Văn A"
        s, _e, text = lines[last]
        tail = TRAILING_NAME.search(text)
        if tail and (found := _name_in(doc, s, text, tail.group(1))):
            sig.name, sig.name_span = found
    return sig


TRAILING_NAME = regex.compile(r"\p{Lu}{2,}[\s.]+(?:\([^()]{0,30}\)\s*)?(" + NAME_WORD + r"(?:\s+" + NAME_WORD + r"){1,4})\s*$")


def _own_title(text: str, before: tuple[str, bool] | None) -> tuple[str, bool] | None:
    """A post in capitals that starts with a title ("PHÓ CỤC TRƯỞNG"), or the line naming the body
    that continues a bare title ("CỤC CẢNH SÁT ĐTTP VỀ MA TÚY"): (the title, may it continue)."""
    if not is_upper(text) or len(text) > 80 or not regex.search(r"\p{Lu}{2}", text):
        return None
    tp = _title_prefix(text)
    if tp:
        return tp[0] + (" " + canonical(tp[1], True) if tp[1] else ""), not tp[1]
    if before and before[1]:
        return before[0] + " " + canonical(text, True), False
    return None


FILED_CODES_END = regex.compile(r"\.(?=\p{Lu}{2,})")


def _glued_after_filed(lines: list) -> list:
    """A conversion that glued the signature column to the distribution list ("- Lưu: VT.CHÁNH VĂN
    PHÒNG"): the filing line ends at its codes' full stop, the title after it is a line of its own."""
    out = []
    for s, e, text in lines:
        m = FILED.match(text.strip()) and FILED_CODES_END.search(text)
        tail = text[m.end():].strip() if m else ""
        if m and (_is_title_line(tail) or _is_mark_line(tail)):
            out += [(s, s + m.end(), text[:m.end()]), (s + m.end(), e, text[m.end():])]
        else:
            out.append((s, e, text))
    return out


def _wrapped_titles_joined(lines: list) -> list:
    """A title the signature column wrapped ("PHÓ TRƯỞNG BAN THƯỜNG" / "TRỰC"): a line in capitals
    that completes the title of the line above it into a known title is joined to it."""
    out: list = []
    for s, e, text in lines:
        if out and text.strip() and is_upper(text.strip()) and len(text.split()) <= 3 and is_upper(out[-1][2].strip()):
            joined = out[-1][2].strip() + " " + text.strip()
            mark = _mark_rx().match(joined)
            if _title_of(joined[mark.end():] if mark else joined):
                out[-1] = (out[-1][0], e, joined)
                continue
        out.append((s, e, text))
    return out


OCR_EDGE_NOISE = regex.compile(r"^[^\p{L}]+|[^\p{L}.]+$")
GLUED_DEPUTY = regex.compile(r"^(PHÓ|PHO)(?=\p{Lu}{2})")
GARBLED_WORD = regex.compile(r"^\S{1,3}\s+")


def _title_lines_repaired(doc: Document, lines: list) -> list:
    """A scanned page's title lines as OCR half reads them, repaired: edge noise dropped
    ("'PHÓCỤC TRƯỞNG __"), "PHÓ" unglued ("PHÓCỤC" → "PHÓ CỤC"), and the deputy's line under
    "KT. X" whose first word the seal hid ("KT. CHỦ TỊCH" / "SH CHỦ TỊCH"): a title printed twice
    in a row is "KT. X" / "PHÓ X", the only block that repeats it."""
    out = list(lines)
    previous = ""
    for i, (s, e, text) in enumerate(lines):
        if not text.strip() or doc.page_of(s) not in doc.ocr_pages:
            continue
        clean = GLUED_DEPUTY.sub(r"\1 ", OCR_EDGE_NOISE.sub("", text))
        garbled = GARBLED_WORD.match(clean)
        if garbled and not _title_prefix(clean) and (title := _title_of(clean[garbled.end():])) \
                and not title.startswith("Phó") and _ends_with_title(previous, title):
            clean = "PHÓ " + clean[garbled.end():]
        if clean != text.strip() and _is_title_line(clean):
            out[i] = (s, e, clean)
        if regex.search(r"\p{L}{2}", text):
            previous = clean
    return out


def _ends_with_title(text: str, title: str) -> bool:
    k, t = phrase_key(text), phrase_key(title)
    return len(k) > len(t) and k[-len(t):] == t


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
        # The list text before it is words ("- Như trên;"), not a misread mark ("-e={T. CHỦ TỊCH").
        if (_is_mark_line(tail) or _is_title_line(tail)) and regex.search(r"\p{L}{2}", text[:m.start()]):
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
        if seen_list and not LIST_ITEM.match(t) and PERSON_NAME.match(without_rank(t)) \
                and (found := _name_in(doc, s, text, t)):
            sig.name, sig.name_span = found
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
