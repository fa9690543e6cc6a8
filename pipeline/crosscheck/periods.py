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
