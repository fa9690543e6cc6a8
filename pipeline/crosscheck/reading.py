"""What commitments and claims both read in a passage: whether a document is a plan (it may promise)
or a report (it only tells), a clause cut into items (one goal or one figure each), the criteria a
clause names ("Tiêu chí số 2 và Tiêu chí số 6") and the indicator a figure counts ("56/85 xã đạt chuẩn
nông thôn mới" → xa_ntm, "16,7 tiêu chí/xã" → binh_quan_tieu_chi, "giải ngân … 93,5%" → ty_le_giai_ngan)."""
from __future__ import annotations

import dataclasses

import regex

from pipeline.crosscheck.numbers import Figure
from pipeline.crosscheck.passages import Passage
from pipeline.crosscheck.vocabulary import classify_indicator, has_cue, unit_nouns
from pipeline.model.normalize import fold

REPORT_TYPES = ("Báo cáo", "Biên bản", "Tờ trình")
VILLAGE_UNITS = ("thôn", "làng", "bản", "ấp", "xóm", "khu dân cư")   # "381 thôn, bản": one village noun of two words
CRITERIA = regex.compile(r"tieu chi so (\d+)((?:\s*(?:,|va)\s*(?:tieu chi )?so (\d+))*)")


def is_plan(doc: dict) -> bool:
    """Plans, directives, letters and decisions assigning targets may promise; reports and recognition
    decisions only tell (their forward-looking sentences are evidence, never commitments)."""
    if doc.get("type") in REPORT_TYPES:
        return False
    title = fold(doc.get("title") or "")
    return not (doc.get("type") == "Quyết định" and "cong nhan" in title)


def items_of(p: Passage) -> list[tuple[int, int]]:
    """The clause cut at ', ' outside brackets and before ' và ' + a number (one goal per item)."""
    text, out, cur = p.folded, [], 0
    inside = bracketed(text)
    for i, _c in enumerate(text):
        if text.startswith(", ", i) and _noun_pair(text, i):
            continue                        # "381 thôn, bản đạt chuẩn": one noun of two words, one figure
        if not inside[i] and (text.startswith(", ", i) or text.startswith(": ", i) or regex.match(r" va (?=(?:co )?(?:it nhat |tu )?\d)", text[i:i + 20])
                           or text.startswith(" trong do ", i)):
            out.append((cur, i))
            cur = i + 1
    out.append((cur, len(text)))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in out if text[a:b].strip()]


def _noun_pair(text: str, comma: int) -> bool:
    """Is the ", " at `comma` between two nouns of villages ("thôn, bản", "thôn, làng")?"""
    nouns = "|".join(regex.escape(n) for n, u in unit_nouns() if u in VILLAGE_UNITS)
    return bool(regex.search(r"\b(?:" + nouns + r")$", text[max(0, comma - 20):comma])
                and regex.match(r"(?:" + nouns + r")\b", text[comma + 2:comma + 22]))


def bracketed(text: str) -> list[bool]:
    """Which characters sit inside a matched pair of brackets (an unclosed "(" opens nothing)."""
    inside = [False] * len(text)
    stack = []
    for i, c in enumerate(text):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            start = stack.pop()
            if not stack:
                for j in range(start, i + 1):
                    inside[j] = True
    return inside


def figure_indicator(item: str, fig: Figure, clause: str) -> str | None:
    """The indicator a figure of an item counts, from its unit noun and the words around it."""
    unit = fig.unit
    if unit == "%":
        if "giai ngan" in clause:
            return "ty_le_giai_ngan"
        after = item[fig.end:fig.end + 40]
        m = regex.match(r"\s*(?:tro len\s*)?(?:so\s+)?(xa|thon|lang|ban|ap|xom|huyen|nha|can)\b", after)
        if not m:
            if has_cue(after, "stance", "share_of_plan"):
                return None                   # "đạt 87,5% kế hoạch": a share of the plan, no rate of units
            return classify_indicator(item, "%") if regex.search(r"(?:xa|thon|huyen) [^,]{0,30}dat \d", item) else None
        return classify_indicator(item, {"xa": "xã", "thon": "thôn", "lang": "làng", "ban": "bản", "ap": "ấp", "xom": "xóm", "huyen": "huyện",
                                         "nha": "nhà", "can": "căn"}[m.group(1)])
    if unit in ("tiêu chí/xã",) or (unit == "tiêu chí" and "binh quan" in item):
        return "binh_quan_tieu_chi"
    if unit == "tiêu chí":
        return "tieu_chi"
    if unit in ("căn", "nhà"):
        return "nha_tam" if "nha tam" in clause or "dot nat" in clause else None
    if unit:
        return classify_indicator(item, unit)
    return None


LIST_ITEM = regex.compile(r"\s*(?:[-–•+]|[a-zđ]\))\s")


def lead_in(text: str, start: int) -> str:
    """The folded line that opens the list a list item at `start` belongs to, when it ends with ':' and
    names what the items count ("2.1. Số xã đạt chuẩn nông thôn mới:" over "- Năm 2024: 150 xã."), else ""."""
    ls = text.rfind("\n", 0, start) + 1
    if not LIST_ITEM.match(text[ls:start + 1]):
        return ""
    while ls > 0:
        prev = text.rfind("\n", 0, ls - 1) + 1
        line = text[prev:ls - 1]
        ls = prev
        if line.rstrip().endswith(":"):
            return fold(line)               # "a) Số thôn, ấp …:" over "+ Năm 2025: 120 ấp.": a list in a list
        if line.strip() and not LIST_ITEM.match(line):
            return ""
    return ""


def lead_indicator(lead: str, item: str, fig: Figure) -> str | None:
    """The indicator of an item's figure read with the words of the line that leads its list."""
    if not lead:
        return None
    shift = len(lead) + 1
    text = f"{lead} {item}"
    moved = dataclasses.replace(fig, start=fig.start + shift, end=fig.end + shift, unit_end=fig.unit_end + shift)
    return figure_indicator(text, moved, text)


def criteria_named(folded: str) -> list[int]:
    """"tiêu chí số 2 và số 6" → [2, 6] (folded text)."""
    out = []
    for m in CRITERIA.finditer(folded):
        out.append(int(m.group(1)))
        out += [int(x) for x in regex.findall(r"so (\d+)", m.group(2) or "")]
    return list(dict.fromkeys(out))


# "nâng cao" names the set only after the standard's words: "nâng cao chất lượng các tiêu chí" does not
CRITERIA_SETS = (("(?:nong thon moi|ntm|xa|thon|chuan) kieu mau", "NTM kiểu mẫu"),
                 ("(?:nong thon moi|ntm|xa|chuan) nang cao", "NTM nâng cao"), ("nong thon moi|\\bntm\\b", "NTM"))
# "đạt 19/19 tiêu chí", "nâng tổng số tiêu chí đạt chuẩn lên 12/19 tiêu chí"; not "chưa đạt 19 tiêu chí"
CRITERIA_LEVEL = regex.compile(r"(?<!\b(?:chua|khong) )\b(?:dat|len) (\d{1,2})(?:/(\d{1,2}))? tieu chi\b")


def criteria_set(folded: str) -> str | None:
    """Which set of criteria a text counts in: "NTM kiểu mẫu", "NTM nâng cao", "NTM", or None
    when it does not say (folded text; the most specific set named wins)."""
    return next((label for cue, label in CRITERIA_SETS if regex.search(cue, folded)), None)


def criteria_unit(folded: str) -> str:
    """The unit of a criteria count, with its set when the text names one: "tiêu chí (NTM nâng cao)"."""
    named = criteria_set(folded)
    return f"tiêu chí ({named})" if named else "tiêu chí"


def set_of_unit(unit: str | None) -> str | None:
    """The set a criteria unit names ("tiêu chí (NTM nâng cao)" → "NTM nâng cao"), or None."""
    m = regex.search(r"\((NTM[^)]*)\)", unit or "")
    return m.group(1) if m else None
