"""Money: amounts in đồng with qualifier, label and kind.

"30.433 triệu đồng", "2.733 tỷ", "81,3 tỉ đồng", "500 nghìn đồng", "khoảng 15 tỷ". The label is the
clause before the amount ("Vốn sự nghiệp năm 2023: 2.562 triệu đồng" → "Vốn sự nghiệp năm 2023");
amounts listed in brackets right after a total are its components (`total_of`). An amount that
only repeats a known one as a denominator ("14.108 triệu đồng/30.433 triệu đồng") is not a new
budget. Scale words, qualifiers and kind cues live in data/money.json.
"""
from __future__ import annotations

import functools

import regex

from extractors.common import budgets_kept, example_spans, load_rules, make_fact
from extractors.figures import FOOTNOTE, NUM, amount_patterns, amount_vnd, matching_paren
from extractors.news import drop_headline_repeats
from pipeline.model import Budget, Document, DocumentInfo
from pipeline.model.text import alternation, sentences


def label_start(text: str, pos: int, floor: int) -> int:
    """Start of the clause that names an amount at `pos`: back to an unmatched "(", a ";", or the
    sentence start, stepping over balanced brackets ("Tiến độ giải ngân (đến 31/10/2023): …")."""
    depth, i = 0, pos - 1
    while i >= floor:
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return i + 1
            depth -= 1
        elif depth == 0 and c == ";":
            return i + 1
        elif depth == 0 and c == ":" and regex.search(r"\p{L}", text[i + 1:pos]) and \
                LIST_INTRO_END.search(text, max(floor, i - 40), i + 1):
            return i + 1   # "…, gồm: vốn đầu tư phát triển 61,5 tỉ đồng": the label starts after the list's colon
        i -= 1
    return floor


# "81,3 tỉ đồng, gồm:", "bao gồm:", "cụ thể như sau:": a list of the parts of the amount before it.
LIST_INTRO_END = regex.compile(r"(?<!\p{L})(?:gồm|bao\s+gồm|cụ\s+thể(?:\s+là)?|(?:như\s+)?sau)\s*:$", regex.I)


def clean_label(label: str) -> str | None:
    label = regex.sub(FOOTNOTE, "", label)
    label = regex.sub(r"^[\s\-–+•,]+|^\d{1,2}(?:\.\d{1,2})*\.\s*", "", label)
    for _ in range(3):
        label = regex.sub(r"[\s:,]*(?:là|đạt|với|gồm|từ|khoảng|hơn|trên|gần|ước|ước tính|ước đạt|tổng cộng|tương đương|"
                          r"số tiền|trị giá|kinh phí|mỗi\s+\p{L}+(?:\s+\p{L}+)?)?[\s:,]*$", "", label, flags=regex.I)
    label = label.strip()
    return label[:160] or None


SHARED_SCALE = regex.compile(r"(?<![\p{L}\p{N}.,/])(" + NUM + r")\s*/\s*$")


class _Shared:
    """The numerator of "x/y triệu đồng" read as an amount with the scale of y."""

    def __init__(self, share, whole):
        self._share, self._whole = share, whole

    def start(self, *_):
        return self._share.start(1)

    def end(self, *_):
        return self._share.end(1)

    def group(self, name):
        return self._share.group(1) if name == "num" else self._whole.group(name)


@functools.cache
def _range_and_change():
    """(the lower end of a range before an amount, with its own scale word or none; a change's word
    before an amount; the comparison after it), from data/money.json."""
    r = load_rules("money.json")
    scales = alternation([w for w, _ in r["scales"]])
    low = regex.compile(r"(?<![\p{L}\p{N}.,])(?:(?i:từ)\s+)?(?P<num>" + NUM + r")\s*(?P<scale>" + scales + r")?\s*(?:(?i:đồng)\s*)?"
                        r"(?:" + alternation(r["range_between"]) + r")\s*$", regex.I)
    return low, regex.compile(r["change_before"], regex.I), regex.compile(r["change_after"], regex.I)


def _is_change(text: str, s: int, m, e: int) -> bool:
    """"…, tăng 7,6 triệu đồng so với năm 2020": the amount an income or a budget grew by, no money fact."""
    _, before, after = _range_and_change()
    change = before.search(text, max(s, m.start() - 25), m.start())
    return bool(change) and bool(after.match(text, m.end(), e) or regex.search(r"[,;]\s*$", text[s:change.start()]))


def _range_low(text: str, s: int, m, scales: dict, budgets: list[Budget]) -> tuple[int, int, int | None] | None:
    """A range ending at the amount `m` ("từ 1,5 đến 2 tỷ đồng", "300–500 triệu đồng"): (start of the
    range, lower amount in đồng, index of the budget already read for a lower end with its own scale)."""
    low = _range_and_change()[0].search(text, max(s, m.start() - 40), m.start())
    if not low or not m.group("scale"):
        return None
    if low.group("scale"):   # "từ 500 triệu đến 1 tỷ đồng": the lower end was read as an amount of its own
        k = next((i for i, b in enumerate(budgets) if b.span[1] >= low.end("scale") and b.span[0] <= low.start("num")), None)
        return (low.start(), budgets[k].amount_vnd, k) if k is not None else None
    return low.start(), amount_vnd(low.group("num"), m.group("scale"), scales), None


# "(", "(Bằng chữ:" and the words of the amount before it: "(Ba mươi sáu tỷ, "
IN_WORDS_BRACKET = regex.compile(r"\(\s*(?i:bằng\s+chữ)?\s*:?[\p{L}\s,]*")


def _in_words_after_figure(text: str, s: int, m, found) -> bool:
    """An amount in words in the bracket right after the same amount in figures, as official texts
    write money ("36.860 triệu đồng (Ba mươi sáu tỷ, tám trăm sáu mươi triệu đồng)", "(Bằng chữ: …)"):
    the figure again, not money of its own."""
    if not regex.search(r"\p{L}", m.group("num")):
        return False
    opening = text.rfind("(", s, m.start())
    if opening < 0 or ")" in text[opening:m.start()]:
        return False
    if not IN_WORDS_BRACKET.fullmatch(text, opening, m.start()):
        return False
    return any(f.end() <= opening and not regex.search(r"\p{L}", f.group("num"))
               and not text[f.end():opening].strip() for f in found)


def extract_budgets(doc: Document, info: DocumentInfo) -> list[Budget]:
    amount_rx, scales, qualifier_rx, kinds, per_before, per_after = amount_patterns()
    text = doc.text
    budgets: list[Budget] = []
    examples = example_spans(text)   # "Ví dụ: vốn ngân sách trung ương 1.250 triệu đồng ghi …": a form, no money
    for s, e in sentences(text):
        found = [m for m in amount_rx.finditer(text, s, e) if not any(a <= m.start() < b for a, b in examples)]
        for m in list(found):
            # "698,445/871,321 triệu đồng": the share before the slash is in the unit after it
            share = SHARED_SCALE.search(text, max(s, m.start() - 24), m.start()) if m.group("scale") else None
            if share:
                found.append(_Shared(share, m))
        found.sort(key=lambda m: m.start())
        for m in found:
            vnd = amount_vnd(m.group("num"), m.group("scale"), scales)
            if vnd < 1000 or _is_change(text, s, m, e) or _in_words_after_figure(text, s, m, found):
                continue
            rng = _range_low(text, s, m, scales, budgets)
            if rng and rng[1] < vnd:
                if rng[2] is not None:   # one budget for the range, the lower end's, quoting both ends
                    b = budgets[rng[2]]
                    budgets[rng[2]] = make_fact(Budget, doc, b.span[0], m.end(), amount_vnd=b.amount_vnd, label=b.label,
                                                kind=b.kind, qualifier=b.qualifier, per_unit=b.per_unit,
                                                total_of=b.total_of, amount_max=vnd)
                    continue
                low_start, low_vnd = rng[0], rng[1]
            else:
                low_start, low_vnd = m.start(), None
            if regex.search(r"/\s*$", text[max(s, m.start() - 3):m.start()]):
                # "x/30.433 triệu đồng": the denominator repeats a known amount
                if any(b.amount_vnd == vnd for b in budgets):
                    continue
            ls = label_start(text, low_start, s)
            ls += len(regex.match(r"[\s\-–+•]*", text[ls:low_start]).group(0))
            label = clean_label(text[ls:low_start])
            qual = qualifier_rx.search(text, max(s, low_start - 15), low_start)
            kind = next((k for rx, k in kinds if label and rx.search(label)), None)
            per_unit = bool(per_before.search(text, max(s, m.start() - 40), m.start()) or per_after.match(text, m.end(), e))
            total = enclosing_total(text, ls, m.start(), budgets)
            if total is not None:
                kind = "plan component" if budgets[total].kind in ("plan", None) else budgets[total].kind
            if any(b.amount_vnd == vnd and b.kind == kind and (b.label or "").lower() == (label or "").lower()
                   for b in budgets):
                continue   # the same money fact repeated
            budgets.append(make_fact(Budget, doc, ls, m.end(), amount_vnd=low_vnd or vnd, label=label, kind=kind,
                                     qualifier=qual.group(1).lower() if qual else None, per_unit=per_unit,
                                     total_of=total, amount_max=vnd if low_vnd else None))
    return _without_headline_repeats(text, info, budgets)


def _without_headline_repeats(text: str, info: DocumentInfo, budgets: list[Budget]) -> list[Budget]:
    """"HĐND tỉnh … phân bổ gần 1.200 tỷ đồng": a headline's amount the body gives exactly is one fact,
    the body's; the parts' `total_of` indexes are renumbered."""
    return budgets_kept(budgets, drop_headline_repeats(text, info, budgets, lambda b: (b.amount_vnd, "đồng", None)))


def listed_total(text: str, ls: int, budgets: list[Budget]) -> int | None:
    """Index of the budget whose "…, gồm: A; B" list (after a colon, parts split by ";") holds the amount
    whose clause starts at `ls`, if any."""
    for k in range(len(budgets) - 1, -1, -1):
        b = budgets[k]
        between = text[b.span[1]:ls]
        if "\n" in between or regex.search(r"\.\s", between):
            return None
        if b.total_of is None and LIST_AFTER_TOTAL.fullmatch(between) and \
                all(o.total_of == k for o in budgets[k + 1:]):
            return k
    return None


LIST_AFTER_TOTAL = regex.compile(r"[\s*]*,?\s*(?:gồm|bao\s+gồm|cụ\s+thể(?:\s+là)?)\s*:\s*(?:[^;.]*;\s*)*", regex.I)


def enclosing_total(text: str, ls: int, pos: int, budgets: list[Budget]) -> int | None:
    """Index of the budget whose bracketed list of parts holds the amount at `pos`, if any."""
    if ls > 0 and (k := listed_total(text, ls, budgets)) is not None:
        return k
    if ls == 0 or text[ls - 1] not in "(; ":
        return None
    depth, i = 0, pos
    while i > 0:
        i -= 1
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                break
            depth -= 1
        elif c == "\n":
            return None
    else:
        return None
    open_at = i
    for k in range(len(budgets) - 1, -1, -1):
        b = budgets[k]
        between = text[b.span[1]:open_at]
        if b.span[1] <= open_at and len(between) < 40 and not regex.search(r"[;.]", between) \
                and b.total_of is None:
            close = matching_paren(text, open_at, len(text))
            if close and close > pos:
                return k
    return None
