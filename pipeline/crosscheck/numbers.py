"""Figures in a clause as the cross-check reads them: a number (Vietnamese style: "1.214" is 1214,
"45,16" is 45.16), an optional denominator ("51/85 xã", "12/19 tiêu chí"), a percent sign and the
noun that says what is counted ("xã", "thôn (làng)", "tiêu chí/xã", "căn"). A sum of money is in
billions of đồng ("1.200 tỷ đồng", "850.000 triệu đồng" = 850 tỷ), an income in millions per person
("65 triệu đồng/người/năm"); only the indicators whose units admit money read it. Dates
("31/12/2024"), document numbers ("số 1342/QĐ-UBND"), criteria numbers ("Tiêu chí số 13") and years
are not figures here. Works on the FOLDED clause, whose offsets are those of the text."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.crosscheck.vocabulary import unit_nouns

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE = regex.compile(
    r"(?<![\d/.,])(?P<num>" + _NUM + r")(?:\s*/\s*(?P<den>" + _NUM + r"))?(?![\d/])\s*(?P<pct>%)?")
_COMPARATORS = (("it nhat", ">="), ("toi thieu", ">="), ("tren", ">"), ("khoang", "~"), ("hon", ">"), ("tu", ">="))
_RANGE_LOW = regex.compile(r"(?:\btu\s+)?(?<![\d/.,])(?P<low>" + _NUM + r")\s*(?:-|–|den)\s*$")
_NOT_BEFORE = regex.compile(r"(?:\bngay|\bnam|\bso|\bquy|\bthang|\bqd|\bkhoa|\bdieu|\bmuc|\bstt|tieu chi so|chi tieu|"
                            r"\bso:)\s*$")


@dataclass
class Figure:
    start: int
    end: int                      # end of the number (and denominator, percent)
    value: float
    denominator: float | None
    percent: bool
    unit: str | None              # "xã", "thôn", "tiêu chí", "tiêu chí/xã", "căn", "%", "đồng" …
    unit_end: int                 # end of the unit noun (= end without one)
    comparator: str | None


def parse_number(s: str) -> float:
    """"1.214" → 1214, "45,16" → 45.16, "05" → 5."""
    return float(s.replace(".", "").replace(",", "."))


def _unit_after(folded: str, pos: int) -> tuple[str | None, int]:
    rest = folded[pos:pos + 40]
    m = regex.match(r"\s*(?:so\s+)?", rest)
    skip = m.end() if m else 0
    for noun, unit in unit_nouns():
        if rest.startswith(noun, skip) and not regex.match(r"\w", rest[skip + len(noun):skip + len(noun) + 1]):
            end = pos + skip + len(noun)
            paren = regex.match(r"\s*\((?:lang|thon)\)", folded[end:end + 10])
            return unit, end + (paren.end() if paren else 0)
    money = MONEY.match(rest)
    if money:
        # "thu nhập bình quân đầu người đạt 58,5 triệu đồng": an income, though "/người" is not written
        per_person = bool(money.group("per") or regex.search(r"thu nhap|dau nguoi", folded[max(0, pos - 80):pos]))
        return ("triệu đồng/người" if per_person else "tỷ đồng"), pos + money.end()
    return None, pos


# "1.200 tỷ đồng": a sum, in billions of đồng; "66,2 triệu đồng/người/năm": an income, in millions per person
MONEY = regex.compile(r"\s*(?P<scale>trieu|ty|nghin|ngan)?\s*(?:dong|vnd)\b(?P<per>\s*/\s*(?:nguoi|khau)(?:\s*/\s*nam)?)?")
MONEY_CHANGE = regex.compile(r"\b(?:tang|giam|chenh lech|cao hon|thap hon)(?: them)?(?: \w+){0,2}\s*$")
SCALE = {"tỷ đồng": {"ty": 1.0, "trieu": 1e-3, "nghin": 1e-6, "ngan": 1e-6, None: 1e-9},
         "triệu đồng/người": {"ty": 1e3, "trieu": 1.0, "nghin": 1e-3, "ngan": 1e-3, None: 1e-6}}


def figures_in(folded: str) -> list[Figure]:
    """Every figure of a folded clause, in text order."""
    out = []
    for m in _FIGURE.finditer(folded):
        num = m.group("num")
        before = folded[max(0, m.start() - 14):m.start()]
        after = folded[m.end():m.end() + 6]
        if _NOT_BEFORE.search(before) or regex.match(r"\s*/\s*(?:\d{4}|[a-z]{2})", folded[m.end():m.end() + 8]):
            continue
        if regex.match(r"\s*[-–]\s*\d{4}", after) or regex.search(r"\d{4}\s*[-–]\s*$", before):
            continue                                   # "giai đoạn 2021 - 2025"
        value = parse_number(num)
        den = parse_number(m.group("den")) if m.group("den") else None
        pct = bool(m.group("pct"))
        if not pct and den is None and 1900 <= value <= 2100 and "." not in num:
            continue                                   # a year
        unit, unit_end = _unit_after(folded, m.end())
        if unit in SCALE:
            if pct or den is not None or MONEY_CHANGE.search(folded[max(0, m.start() - 24):m.start()]):
                continue                       # "tăng 4,2 triệu đồng so với năm 2023": a change, not a level
            value *= SCALE[unit][MONEY.match(folded, m.end()).group("scale")]
        if pct:
            unit = "%"
        comparator = None
        start = m.start()
        low = _RANGE_LOW.search(folded[max(0, start - 24):start])
        if low and not den and not regex.fullmatch(r"(?:19|20)\d\d", low.group("low")):
            # "từ 05 đến 06 đơn vị", "khoảng 40 - 45 thôn": a range promises at least its lower end
            value, comparator = parse_number(low.group("low")), ">="
            start = max(0, start - 24) + low.start()
        for word, op in _COMPARATORS:
            if comparator is None and regex.search(r"\b" + word + r"\s*$", before):
                comparator = op
                break
        if regex.match(r"\s*tro len", folded[m.end():m.end() + 12]) or regex.match(
                r"(?:\s*\w+){0,3}\s*tro len", folded[unit_end:unit_end + 20]):
            comparator = ">="
        out.append(Figure(start, m.end(), value, den, pct, unit, max(unit_end, m.end()), comparator))
    return out
