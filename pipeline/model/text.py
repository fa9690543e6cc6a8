"""Text units every part cuts the stored text into: sentences, the cells of a table row written as
text, and regex alternations of words.

One sentence splitter for the extractors and the cross-check, so a fact's sentence is the same
sentence wherever it is looked at.
"""
from __future__ import annotations

from typing import Iterable, Iterator

import regex

# "1.3. Xây dựng …", "2. Giao …": a section number ends with a dot that ends no sentence.
SECTION_NUMBER = regex.compile(r"(?:^|\s)\d{1,2}(?:\.\d{1,2})*\.$")
# What may start a sentence after ". ": a capital, a digit, a quote, a bracket, a dash, a footnote.
SENTENCE_START = regex.compile(r"[\p{Lu}\d\"“(\-–⁽]")


def sentences(text: str, start: int = 0, end: int | None = None, *,
              semicolons: bool = True) -> Iterator[tuple[int, int]]:
    """(start, end) of the sentences of text[start:end], within lines (a line break always ends
    one). A sentence ends after ". ", "! ", "? ", "… " followed by what may start a sentence, and
    after "; " when `semicolons` (list items of a plan are separated by ";"), never inside
    brackets, never after a section number, and after the "./." that closes a document body."""
    end = len(text) if end is None else end
    pos = start
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        depth, cur = 0, ls
        i = ls
        while i < le:
            c = text[i]
            if c == "(":
                depth += 1
            elif c == ")":
                depth = max(0, depth - 1)
            elif c == "." and text.startswith("./.", i) and depth == 0:
                if text[cur:i + 3].strip():
                    yield cur, i + 3
                cur = i + 3
                while cur < le and text[cur] == " ":
                    cur += 1
                i = cur
                continue
            elif depth == 0 and c in ".!?…;" and i + 1 < le and text[i + 1] == " ":
                nxt = text[i + 2:i + 3]
                if (c == ";" and semicolons) or (c != ";" and SENTENCE_START.match(nxt)):
                    if c == "." and SECTION_NUMBER.search(text[cur:i + 1]) and i + 1 - cur < 8:
                        i += 1
                        continue
                    yield cur, i + 1
                    cur = i + 2
            i += 1
        if cur < le:
            yield cur, le


def sentence_at(text: str, pos: int, *, semicolons: bool = False) -> tuple[int, int]:
    """The sentence that holds offset `pos` (the line itself when no sentence does)."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    le = len(text) if le == -1 else le
    for s, e in sentences(text, ls, le, semicolons=semicolons):
        if s <= pos < e or pos == e == le:
            return s, e
        if pos < s:
            return s, e
    return ls, le


def alternation(words: Iterable[str], flexible_spaces: bool = True) -> str:
    """A regex alternation of literal words, longest first (so "thị trấn" wins over "thị");
    with `flexible_spaces` a space in a word matches any run of whitespace, line breaks included."""
    out = []
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        escaped = regex.escape(w)
        out.append(escaped.replace(r"\ ", r"\s+") if flexible_spaces else escaped)
    return "|".join(out)


# Cells of a row a text file or a legal site writes: parted by "|" or by tabs ("1 | Xã Hà Mòn | 19").
CELL_SEPARATOR = regex.compile(r"[ \t]*\|[ \t]*|\t+")


def row_cells(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, value) of every cell of text[start:end] between separators, empty ones too
    (an empty cell's span is its position); the extractors' text tables and the cross-check's rows."""
    end = len(text) if end is None else end
    cells, pos = [], start
    for m in [*CELL_SEPARATOR.finditer(text, start, end), None]:
        raw = text[pos:m.start() if m else end]
        value = raw.strip()
        s = pos + len(raw) - len(raw.lstrip())
        cells.append((s, s + len(value), value))
        if m:
            pos = m.end()
    return cells
