"""Helpers every extractor shares: building facts with provenance, numbers, lines and headings, rule
files. (Sentences are the model's: pipeline/model/text.py; figures are extractors/figures.py.)"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Iterator, TypeVar

import regex

from pipeline.model import Document, Fact

DATA = Path(__file__).parent / "data"
F = TypeVar("F", bound=Fact)


@functools.cache
def load_rules(name: str):
    """A rule file from extractors/data (JSON), loaded once."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def make_fact(cls: type[F], doc: Document, start: int, end: int, **fields) -> F:
    """A fact of type `cls` at doc.text[start:end], quoting it as printed, with its page."""
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    page = doc.page_of(start)
    return cls(span=(start, end), text=(doc.printed or doc.text)[start:end], page=page, ocr=page in doc.ocr_pages, **fields)


# Vietnamese numbers: "." groups thousands, "," marks decimals ("2.803" = 2803, "62,4" = 62.4).
NUMBER = regex.compile(r"(?<![\p{L}\p{N}.,/])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\p{N}]|\.\d)")


def parse_number(s: str) -> float | None:
    """"2.803" → 2803, "62,4" → 62.4, "05" → 5, "42,525" → 42.525; None if not a number."""
    s = s.strip().replace(" ", "")
    m = regex.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?", s)
    if not m:
        # English-style decimal point ("62.4") only when it cannot be a thousands group.
        m2 = regex.fullmatch(r"(\d+)\.(\d{1,2}|\d{4,})", s)
        if m2:
            return float(f"{m2.group(1)}.{m2.group(2)}")
        return None
    whole = int(m.group(1).replace(".", ""))
    return float(f"{whole}.{m.group(2)}") if m.group(2) else float(whole)


def as_int_if_whole(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def lines(doc: Document) -> Iterator[tuple[int, int]]:
    """(start, end) of every line (paragraph) of the stored text."""
    pos = 0
    for line in doc.text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


ROMAN_HEADING = regex.compile(r"^([IVXLC]{1,6})\.\s+(.+)$")
NUMBERED_HEADING = regex.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(.+)$")


def section_headings(doc: Document) -> list[tuple[int, str, str]]:
    """(offset, number, heading text) of numbered and Roman-numbered headings, in order."""
    out = []
    for s, e in lines(doc):
        line = doc.text[s:e]
        m = ROMAN_HEADING.match(line) or NUMBERED_HEADING.match(line)
        if m and len(line) < 160:
            out.append((s, m.group(1), m.group(2)))
    return out


def footnote_ranges(doc: Document) -> list[tuple[int, int]]:
    return [f.span for f in doc.footnotes]


def in_footnote(doc: Document, offset: int) -> bool:
    return any(s <= offset < e for s, e in footnote_ranges(doc))


EXAMPLE = regex.compile(r"(?<![\p{L}])(?i:ví\s+dụ|vd|chẳng\s+hạn(?:\s+như)?)\s*:")


def example_spans(text: str) -> list[tuple[int, int]]:
    """What a guidance document gives as an example ("Ví dụ: Số 25-BC/TU …", "(VD: xã A, huyện B)"):
    to the closing bracket when the example opens inside one, else to the end of the line. Its
    numbers and places are not the document's."""
    out = []
    for m in EXAMPLE.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end == -1 else line_end
        opened = text.rfind("(", text.rfind("\n", 0, m.start()) + 1, m.start())
        end = line_end
        if opened != -1 and ")" not in text[opened:m.start()]:
            close = text.find(")", m.end(), line_end)
            end = close if close != -1 else line_end
        out.append((m.start(), end))
    return out
