"""Dates and periods: full and numeric dates, months, quarters, halves, years, periods, with the
role the sentence gives them (deadline: "trước ngày 15/7", "vào cuối năm 2024", "đến năm 2025";
as-of: "đến 31/10/2023", "đến nay"). A year missing from "15/7" is taken from the document date
and marked inferred. Lunar-year names ("Quý Mão") are not quarters.

Output values are ISO 8601 at the text's precision: "2024-03-29", "2024-03", "2024", a quarter
"2024-Q2", a half "2024-H1", a period "2021/2025".
"""
from __future__ import annotations

import datetime as dt

import regex

from extractors.common import load_rules, make_fact
from pipeline.model import DateMention, Document

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
YEAR = r"((?:19|20)\d\d)"
SEP = r"\s*[/.\-]\s*"

FULL_WORDS = regex.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+" + YEAR, regex.I)
BLANK_WORDS = regex.compile(r"ngày\s+(?:\.{0,}\s*)tháng\s+(?:\.{0,}\s*)năm\s+" + YEAR, regex.I)
NUMERIC = regex.compile(r"(?<![\d/.\-])(\d{1,2})" + SEP + r"(\d{1,2})" + SEP + YEAR + r"(?![\d/])")
MONTH = regex.compile(r"tháng\s+(\d{1,2})(?:\s*năm\s+|\s*[/.]\s*)" + YEAR, regex.I)
QUARTER = regex.compile(r"(?<!\p{L})quý\s+(I{1,3}|IV|[1-4])(?:\s*năm\s+|\s*[/.]\s*)" + YEAR, regex.I)
HALF = regex.compile(r"(6|sáu)\s+tháng\s+(đầu|cuối)\s+năm\s+" + YEAR, regex.I)
PERIOD = regex.compile(r"(?:giai\s+đoạn|thời\s+kỳ|từ\s+năm|năm)\s+" + YEAR + r"\s*[-–—]\s*" + YEAR, regex.I)
BARE_PERIOD = regex.compile(r"(?<![\d/.])" + YEAR + r"\s*[-–—]\s*" + YEAR + r"(?![\d/])")
YEAR_WORD = regex.compile(r"(?:năm|cuối năm|đầu năm|hết năm)\s+" + YEAR, regex.I)
# "trong tháng 6", "trước tháng 10": a month without its year (not "tháng 6/2025", "tháng 6 năm 2025")
MONTH_ALONE = regex.compile(r"(?<!\p{L})tháng\s+(\d{1,2})(?!\d|\s*(?:năm\s+|[/.]\s*)\d)", regex.I)
DAY_MONTH = regex.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s*năm)", regex.I)

DEADLINE_CUE = regex.compile(r"(?:trước|chậm nhất|không muộn hơn|hạn chót|hoàn thành|vào|đến hết|đến|trong)\s+(?:ngày\s+|tháng\s+|quý\s+|năm\s+|cuối\s+|hết\s+)?$", regex.I)
AS_OF_CUE = regex.compile(r"(?:tính\s+)?(?:đến|tới|tại thời điểm|tính đến|đến hết)\s+(?:ngày\s+)?$", regex.I)
LABELS = regex.compile(r"(?:nhiệm\s+kỳ|khóa|khoá|kỳ\s+họp)\s*$", regex.I)


def valid(y: int, m: int, d: int | None = None) -> bool:
    try:
        dt.date(y, m, d or 1)
        return True
    except ValueError:
        return False


def iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(text: str) -> str | None:
    """The first full date in `text` as ISO: "ngày 18 tháng 02 năm 2022", "18/02/2022", "27.12.2019"."""
    for rx in (FULL_WORDS, NUMERIC):
        for m in rx.finditer(text):
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if valid(y, mo, d):
                return iso(y, mo, d)
    m = BLANK_WORDS.search(text)
    if m:
        return m.group(1)
    return None


def doc_year(doc_date: str | None) -> int | None:
    return int(doc_date[:4]) if doc_date and doc_date[:4].isdigit() else None


DEADLINE_BEFORE = regex.compile(r"(?:trước|chậm nhất|hạn|hoàn thành|phấn đấu|cuối|hết)\s+(?:ngày\s+|tháng\s+|quý\s+|năm\s+)?$")
AS_OF_BEFORE = regex.compile(r"(?:^|[\s(])(?:đến|tới|tính đến)\s+(?:ngày\s+)?$")
WITHIN_BEFORE = regex.compile(r"(?:vào|trong)\s+(?:ngày\s+|tháng\s+|quý\s+|năm\s+)?$")


def _role(prefix: str) -> str | None:
    low = prefix.lower()
    if DEADLINE_BEFORE.search(low):
        return "deadline"
    if AS_OF_BEFORE.search(low):
        return "as_of"
    if WITHIN_BEFORE.search(low):
        return "deadline"
    return None


def find_dates(doc: Document, start: int = 0, end: int | None = None,
               doc_date: str | None = None) -> list[DateMention]:
    """Every date expression in doc.text[start:end], longest first where they overlap."""
    end = len(doc.text) if end is None else end
    text = doc.text
    found: list[tuple[int, int, str, str, bool]] = []   # start, end, value, precision, inferred

    def add(s, e, value, precision, inferred=False):
        found.append((s, e, value, precision, inferred))

    for m in FULL_WORDS.finditer(text, start, end):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if valid(y, mo, d):
            add(m.start(), m.end(), iso(y, mo, d), "day")
    for m in BLANK_WORDS.finditer(text, start, end):
        add(m.start(), m.end(), m.group(1), "year")
    for m in NUMERIC.finditer(text, start, end):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if valid(y, mo, d):
            add(m.start(), m.end(), iso(y, mo, d), "day")
    for m in MONTH.finditer(text, start, end):
        mo, y = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12:
            add(m.start(), m.end(), iso(y, mo), "month")
    for m in QUARTER.finditer(text, start, end):
        q = ROMAN.get(m.group(1).upper()) or int(m.group(1))
        add(m.start(), m.end(), f"{m.group(2)}-Q{q}", "quarter")
    for m in HALF.finditer(text, start, end):
        add(m.start(), m.end(), f"{m.group(3)}-H{1 if m.group(2).lower() == 'đầu' else 2}", "half")
    for rx in (PERIOD, BARE_PERIOD):
        for m in rx.finditer(text, start, end):
            y1, y2 = int(m.group(1)), int(m.group(2))
            if y1 < y2 <= y1 + 30 and not LABELS.search(text[max(0, m.start() - 12):m.start()]):
                add(m.start(), m.end(), f"{y1}/{y2}", "period")
    for m in YEAR_WORD.finditer(text, start, end):
        value = m.group(1)
        if m.group(0).lower().startswith("cuối năm"):
            add(m.start(), m.end(), f"{value}-12", "month")
        else:
            add(m.start(), m.end(), value, "year")
    year = doc_year(doc_date)
    for m in DAY_MONTH.finditer(text, start, end):
        d = int(m.group(1) or m.group(3))
        mo = int(m.group(2) or m.group(4))
        if year and valid(year, mo, d):
            add(m.start(), m.end(), iso(year, mo, d), "day", True)
    for m in MONTH_ALONE.finditer(text, start, end):
        if year and 1 <= int(m.group(1)) <= 12:
            add(m.start(), m.end(), iso(year, int(m.group(1))), "month", True)

    # Keep the longest of overlapping matches.
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str, str, bool]] = []
    for f in found:
        if kept and f[0] < kept[-1][1]:
            continue
        kept.append(f)
    out = []
    for s, e, value, precision, inferred in kept:
        prefix = text[max(0, s - 30):s]
        out.append(make_fact(DateMention, doc, s, e, value=value, precision=precision,
                             role=_role(prefix), year_inferred=inferred))
    return out


def present_year(doc: Document) -> int | None:
    """An undated text's own year (a news article's): the latest year of a day, month or quarter it
    mentions that is not a deadline ("Ngày 12/3, … sơ kết quý I/2025", "Kế hoạch số … ngày 12/6/2023").
    Without it, "đến hết năm 2024, toàn tỉnh có …" in a 2025 article would read as a target."""
    rules = load_rules("news.json")
    goal = regex.compile(rules["goal_before_date"] + r"[^.;:!?\n]{0,60}$", regex.I)
    # "Xã đặt mục tiêu đến cuối năm 2026 …": the date a goal runs to is no date of the article
    years = [int(m.value[:4]) for m in find_dates(doc)
             if m.precision in ("day", "month", "quarter") and m.role != "deadline" and not m.year_inferred
             and m.value[:4].isdigit() and not goal.search(doc.text, max(0, m.span[0] - 80), m.span[0])]
    # "sơ kết 3 năm thực hiện Nghị quyết số 12-NQ/HU ngày 20/7/2021": written 3 years after the resolution
    for m in regex.finditer(rules["implementation_years"], doc.text, regex.I):
        n = int(m.group("n")) if m.group("n").isdigit() else rules["number_words"].get(m.group("n").lower())
        end = min(len(doc.text), m.end() + 160, (regex.compile(r"[.;\n]").search(doc.text, m.end()) or m).end())
        dated = [d for d in find_dates(doc, m.end(), end) if d.precision == "day"]
        if n and dated:
            years.append(int(dated[0].value[:4]) + n)
    return max(years) if years else None


def dating(doc: Document, doc_date: str | None) -> str | None:
    """The date that completes a day or month written without its year ("trước ngày 31/3"): the
    document's, else, in an undated text, its own year (present_year)."""
    if doc_date:
        return doc_date
    year = present_year(doc)
    return str(year) if year else None


def deadline_value(mention: DateMention) -> str:
    """A deadline at the text's precision, as an ISO date that compares with others: a period's
    deadline is its last year, a quarter's or a half's its last month ("quý IV/2022" → "2022-12")."""
    if mention.precision == "period":
        return mention.value.split("/")[1]
    if mention.precision in ("quarter", "half"):
        year, part = mention.value.split("-")
        last_month = int(part[1:]) * (3 if part[0] == "Q" else 6)
        return f"{year}-{last_month:02d}"
    return mention.value


def deadline_in(doc: Document, start: int, end: int, doc_date: str | None = None) -> str | None:
    """The deadline stated in doc.text[start:end] ("vào cuối năm 2024" → "2024-12"), if any."""
    mentions = find_dates(doc, start, end, doc_date)
    for m in mentions:
        if m.role == "deadline":
            return deadline_value(m)
    return None
