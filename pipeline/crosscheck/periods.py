"""Dates as periods: an ISO date, month or year (or a period "2021/2025") as its first and last
day, and the rules that say whether evidence of one date speaks for a deadline."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import regex


@dataclass(frozen=True)
class Period:
    """A date as precise as the text: its first and last day and its precision."""
    start: dt.date
    end: dt.date
    precision: str                     # day | month | year

    @property
    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.isoformat()[:7]
        return str(self.start.year)


def parse_period(value: str | None) -> Period | None:
    """ISO "2024-12-31", "2024-12", "2024" or a period "2021/2025" (its end year)."""
    if not value:
        return None
    value = str(value).strip()
    if "/" in value:
        value = value.split("/")[-1]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = dt.date.fromisoformat(value)
            return Period(d, d, "day")
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = map(int, value.split("-"))
            end = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
            return Period(dt.date(y, m, 1), end, "month")
        if re.fullmatch(r"\d{4}", value):
            y = int(value)
            return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    except ValueError:
        return None
    return None


def covers(evidence: Period, deadline: Period) -> bool:
    """Does evidence of this date speak for the state at the deadline? A year-end report (dated in
    December, or by the year alone) covers a deadline "năm 2024"; otherwise it must not be earlier."""
    if deadline.precision == "year":
        cover_from = dt.date(deadline.end.year, 12, 1)
    elif deadline.precision == "month":
        cover_from = deadline.start
    else:
        cover_from = deadline.end
    return evidence.end >= cover_from


def same_period(a: Period, b: Period) -> bool:
    """Two as-of dates that describe the same moment, at the coarser precision of the two."""
    if "year" in (a.precision, b.precision):
        return a.start.year == b.start.year
    return (a.start.year, a.start.month) == (b.start.year, b.start.month)


DAY_DATE = regex.compile(r"(?<!\d)(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*((?:19|20)\d\d)(?!\d)")
WORD_DATE = regex.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)", regex.I)
YEAR = regex.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")


def dates_in(text: str) -> list[tuple[int, str]]:
    """(offset, ISO) of every day date and bare year in a clause, in text order."""
    out, taken = [], []
    for rx in (WORD_DATE, DAY_DATE):
        for m in rx.finditer(text):
            try:
                d = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
            out.append((m.start(), d.isoformat()))
            taken.append(m.span())
    for m in YEAR.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            out.append((m.start(), m.group(1)))
    return sorted(out)


# ---------------------------------------------------------------- deadlines and as-of dates in a clause
# Patterns over the FOLDED clause (accent-free, lower case; fold keeps offsets of precomposed text).
_DAY = r"(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*((?:19|20)\d\d)"
_WORD_DAY = r"(\d{1,2}) thang (\d{1,2}) nam ((?:19|20)\d\d)"
DEADLINE_DAY = regex.compile(r"(?:truoc|den het|den|cham nhat(?: la)?|trong|hoan thanh)\s+(?:ngay\s+)?" + _DAY)
QUARTER = regex.compile(r"quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*((?:19|20)\d\d)")
HALF = regex.compile(r"(6|9) thang (dau|cuoi)? ?nam ((?:19|20)\d\d)")
MONTH = regex.compile(r"thang (\d{1,2})\s*(?:/|nam)\s*((?:19|20)\d\d)")
YEAR_CUE = regex.compile(r"(?:den|trong|vao|cuoi|den het|truoc|het|nam|giai doan (?:19|20)\d\d\s*-)\s*(?:nam\s+)?((?:19|20)\d\d)(?![\d/])")
FUND_YEAR = regex.compile(r"(?:ke hoach von|von(?: ngan sach[a-z ]{0,30})?|nguon von)\s+nam\s+((?:19|20)\d\d)")
AS_OF = regex.compile(r"(?:tinh den|den het|den|tai thoi diem|thoi diem|truoc)\s+(?:ngay\s+)?" + _DAY)
ANY_DAY = regex.compile(_DAY + "|" + _WORD_DAY)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _day(d: str, m: str, y: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def deadline_in(folded: str) -> tuple[str, Period] | None:
    """The deadline a goal clause names, as written ("2025", "2025-05-31"; a quarter or half as its
    last day) and as a period. "kế hoạch vốn năm 2024" is the funds' year, not a deadline."""
    m = DEADLINE_DAY.search(folded)
    if m and (d := _day(*m.groups())):
        return d.isoformat(), Period(d, d, "day")
    m = QUARTER.search(folded)
    if m:
        q = ROMAN.get(m.group(1)) or int(m.group(1))
        y = int(m.group(2))
        end = dt.date(y + (q == 4), (q * 3) % 12 + 1, 1) - dt.timedelta(days=1)
        return end.isoformat(), Period(dt.date(y, q * 3 - 2, 1), end, "day")
    m = HALF.search(folded)
    if m:
        y = int(m.group(3))
        end = dt.date(y, 12, 31) if m.group(2) == "cuoi" else dt.date(y, 6 if m.group(1) == "6" else 9, 30)
        return end.isoformat(), Period(end, end, "day")
    funds = {mm.start(1) for mm in FUND_YEAR.finditer(folded)}
    # a full date ("ngày 29 tháng 02 năm 2024", "22/01/2024") that is no deadline names no month or year either
    folded = ANY_DAY.sub(lambda mm: " " * len(mm.group(0)), folded)
    m = MONTH.search(folded)
    if m and 1 <= int(m.group(1)) <= 12:
        p = parse_period(f"{m.group(2)}-{int(m.group(1)):02d}")
        return p.iso, p
    for m in YEAR_CUE.finditer(folded):
        if m.start(1) not in funds:
            return m.group(1), parse_period(m.group(1))
    return None


def later_deadline(folded: str, made: dt.date) -> tuple[str, Period] | None:
    """The first deadline of a clause that does not end before `made`, read from each "năm YYYY" on: in
    "năm 2023 có 80 xã, năm 2025 có 100 xã" written in 2024, 2025."""
    for m in regex.finditer(r"\bnam (?:19|20)\d\d\b", folded):
        found = deadline_in(folded[m.start():])
        if found and found[1] and found[1].end >= made:
            return found
    return None


def as_of_in(folded: str) -> dt.date | None:
    """The moment a figure is stated at: "tính đến ngày 31/12/2024", "đến hết ngày 31/01/2025"."""
    m = AS_OF.search(folded)
    return _day(*m.groups()) if m else None


def first_day_in(folded: str) -> dt.date | None:
    """The first full date of a clause (a decision's date: "Quyết định số 1342/QĐ-UBND ngày 20/11/2024")."""
    for m in ANY_DAY.finditer(folded):
        g = m.groups()
        d = _day(*g[:3]) if g[0] else _day(*g[3:])
        if d:
            return d
    return None


def fund_year_in(folded: str) -> int | None:
    m = FUND_YEAR.search(folded)
    return int(m.group(1)) if m else None


def end_of(value: str | None) -> dt.date | None:
    p = parse_period(value)
    return p.end if p else None
