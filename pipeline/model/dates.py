"""Dates as people write them, and as the store keeps deadlines: one parser for both.

`parse_date("31/12/2024")`, `parse_date("12/2024")`, `parse_date("quý IV/2024")`,
`parse_date("2024")` and the ISO forms the store keeps ("2024-12-31", "2024-12", "2024-Q4",
"2024-H1", "2021/2025") each give a `DateSpan`: the first and last day the text allows and its
precision, so `--due-before 31/12/2024` means the end of that day and `--due-before 2024` the end
of the year. What is not a date raises `DateError` with a Vietnamese message saying why.

The forms are data (data/date_forms.json), validated when loaded. dateparser is not used: it
has no quarters or halves and guesses at input such as "2024-13-45" instead of refusing it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path

import regex

from pipeline.model.normalize import fold

DATA = Path(__file__).with_name("data") / "date_forms.json"
PRECISION_GROUPS = {"day": {"y", "m", "d"}, "month": {"y", "m"}, "quarter": {"y", "q"}, "half": {"y", "h"},
                    "year": {"y"}, "period": {"y0", "y"}}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
HALVES = {"dau": 1, "cuoi": 2, "1": 1, "2": 2}
YEARS = range(1900, 2101)
MAX_INPUT = 60


class DateError(ValueError):
    """Not a date; the message (Vietnamese) says why and how to write one."""


@dataclass(frozen=True)
class DateSpan:
    start: dt.date
    end: dt.date
    precision: str                  # day | month | quarter | half | year | period

    @property
    def iso(self) -> str:
        """The store's spelling: "2024-12-31", "2024-12", "2024-Q4", "2024-H1", "2024", "2021/2025"."""
        y = self.end.year
        return {"day": self.start.isoformat(), "month": self.start.isoformat()[:7],
                "quarter": f"{y}-Q{(self.end.month + 2) // 3}", "half": f"{y}-H{1 if self.end.month <= 6 else 2}",
                "year": str(y), "period": f"{self.start.year}/{y}"}[self.precision]


@dataclass(frozen=True)
class _Form:
    name: str
    precision: str
    pattern: regex.Pattern


@functools.cache
def _forms() -> tuple[_Form, ...]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    forms = []
    for raw in data["forms"]:
        pattern = regex.compile(raw["pattern"])
        groups = set(pattern.groupindex)
        wanted = PRECISION_GROUPS.get(raw["precision"])
        if wanted is None or groups != wanted:
            raise ValueError(f"{DATA.name}: form {raw['name']!r} has groups {sorted(groups)}, "
                             f"precision {raw['precision']!r} needs {sorted(wanted or ())}")
        forms.append(_Form(raw["name"], raw["precision"], pattern))
    forms = tuple(forms)
    for raw in data["forms"]:
        got = _parse(raw["example"], forms).iso
        if got != raw["iso"]:
            raise ValueError(f"{DATA.name}: example {raw['example']!r} of {raw['name']!r} parses to {got}, not {raw['iso']}")
    return forms


def examples() -> str:
    """How to write a date, for messages: "31/12/2024, 12/2024, 2024, quý IV/2024 …"."""
    return json.loads(DATA.read_text(encoding="utf-8"))["examples_for_users"]


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def _year(value: str, text: str) -> int:
    year = int(value)
    if year not in YEARS:
        raise DateError(f"«{text}»: năm {year} nằm ngoài khoảng {YEARS.start}–{YEARS.stop - 1}")
    return year


def _month(value: str, text: str) -> int:
    month = int(value)
    if not 1 <= month <= 12:
        raise DateError(f"«{text}» không phải là ngày: không có tháng {month} (tháng từ 1 đến 12)")
    return month


def _span(form: _Form, g: dict[str, str], text: str) -> DateSpan:
    y = _year(g["y"], text)
    if form.precision == "day":
        m = _month(g["m"], text)
        last = calendar.monthrange(y, m)[1]
        d = int(g["d"])
        if not 1 <= d <= last:
            raise DateError(f"«{text}» không phải là ngày: tháng {m}/{y} có {last} ngày, không có ngày {d}")
        return DateSpan(dt.date(y, m, d), dt.date(y, m, d), "day")
    if form.precision == "month":
        m = _month(g["m"], text)
        return DateSpan(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), "month")
    if form.precision in ("quarter", "half"):
        if form.precision == "quarter":
            q = g["q"]
            first, months = 3 * ((ROMAN[q] if q in ROMAN else int(q)) - 1) + 1, 3
        else:
            first, months = 6 * (HALVES[g["h"]] - 1) + 1, 6
        last = first + months - 1
        return DateSpan(dt.date(y, first, 1), dt.date(y, last, calendar.monthrange(y, last)[1]), form.precision)
    if form.precision == "period":
        y0 = _year(g["y0"], text)
        if y0 > y:
            raise DateError(f"«{text}»: giai đoạn phải có năm đầu trước năm cuối")
        return DateSpan(dt.date(y0, 1, 1), dt.date(y, 12, 31), "period")
    return DateSpan(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _parse(text: str, forms: tuple[_Form, ...]) -> DateSpan:
    key = _key(text)
    for form in forms:
        m = form.pattern.fullmatch(key)
        if m:
            return _span(form, m.groupdict(), text)
    raise DateError(f"«{text}» không phải là ngày; hãy viết ví dụ {examples()}")


def parse_date(text: str) -> DateSpan:
    """The span of days a date as written allows; DateError (Vietnamese message) otherwise."""
    text = (text or "").strip()
    if not text:
        raise DateError(f"chưa nhập ngày; hãy viết ví dụ {examples()}")
    if len(text) > MAX_INPUT:
        raise DateError(f"«{text[:MAX_INPUT]}…» quá dài để là một ngày")
    return _parse(text, _forms())


def date_end(value: str | None) -> str | None:
    """The last day a stored date allows, ISO ("2024-Q2" → "2024-06-30", "2025" → "2025-12-31");
    None when it is empty or not a date. Used in SQL to compare deadlines of any precision."""
    if not value:
        return None
    try:
        return parse_date(value).end.isoformat()
    except DateError:
        return None
