"""The outline of a document's text: each line as an item with its marker ("I.", "Điều 2", "1.", "1.1.",
"(1)", "a)", "-", "+", or none) and its depth, in the usual order of Vietnamese administrative texts,
and where the title block stands. Read by the assignment extractor to know which items hang under
which."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

RULE_LINE = regex.compile(r"\s*(?:[-–—_=*]\s*){3,}(?:\||$)")
MARKERS = [   # (kind, pattern) of an item's marker, tried in order
    ("roman", regex.compile(r"[IVXLC]{1,6}[.)]\s+")),
    ("article", regex.compile(r"Điều\s+\d{1,3}[.:]?\s+")),
    ("num", regex.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}[.)]\s*|\d{1,2}(?:\.\d{1,2}){1,3}\s+(?=\p{Lu})")),
    ("paren", regex.compile(r"\(\d{1,2}\)\s*")),
    ("alpha", regex.compile(r"[a-zđ]\)\s*|[a-zđ]\.\s+(?=\p{Lu})")),
    ("dash", regex.compile(r"[-–—•]\s*")),
    ("plus", regex.compile(r"[+]\s*")),
]


@dataclass
class Item:
    """One line of the text as an item of the document's outline."""
    start: int
    body: int                   # after the marker
    end: int
    kind: str                   # roman | article | num1, num2 … | paren | alpha | dash | plus | text
    depth: float
    parent: "Item | None" = None
    heading: str | None = None  # the bodies this item only names: its sub-items are their tasks
    default: str | None = None  # "yêu cầu X … như sau:": the actor of sub-items that name nobody
    task: bool = False          # a task (emitted or part of one): its sub-items belong to it
    actor: str | None = None    # the actor of the task it states
    fields: dict[str, list[str]] = field(default_factory=dict)
    field_span: tuple[int, int] | None = None
    emitted: list[int] = field(default_factory=list)   # indexes of its assignments
    children: int = 0

    def ancestors(self):
        node = self.parent
        while node:
            yield node
            node = node.parent


RANK = {"roman": 0, "article": 1, "num1": 2, "num2": 3, "num3": 4, "num4": 5, "num)": 6, "paren": 7,
        "alpha": 8, "dash": 9, "plus": 10}


def outline(text: str) -> list[Item]:
    """Every non-empty line with its marker kind and its depth, in the usual order of Vietnamese
    outlines (I. > Điều > 1. > 1.1. > 1) > (1) > a) > - > +). A marked item sits under the nearest
    marked item above it of lower depth; a plain paragraph under the marked item above it."""
    nodes: list[Item] = []
    marked: list[Item] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if not raw.strip() or RULE_LINE.match(raw):
            continue   # "-------", "------- | Độc lập - Tự do - Hạnh phúc": the header's rule, no bullet
        kind, body = "text", start
        for name, rx in MARKERS:
            m = rx.match(text, start, end)
            if m:
                kind, body = name, m.end()
                if name == "num":
                    levels = min(4, len(regex.findall(r"\d+", m.group())))
                    kind = "num)" if m.group().rstrip().endswith(")") else f"num{levels}"
                break
        if kind == "text":
            node = Item(start, body, end, kind, (marked[-1].depth + 0.5) if marked else 0.5)
            node.parent = marked[-1] if marked else None
        else:
            node = Item(start, body, end, kind, RANK[kind])
            if kind == "roman":
                marked = []
            node.parent = next((m for m in reversed(marked) if m.depth < node.depth), None)
            marked.append(node)
        if node.parent:
            node.parent.children += 1
        nodes.append(node)
    return nodes


# where a title printed over several lines has ended: a dated account, an item, the preamble
BODY_START = regex.compile(r"(?:Ngày\s+\d|Vào\s+ngày|Sáng\s+ngày|Chiều\s+ngày|[IVX]+\.|\d+\.|[-–+]|Căn\s+cứ|Thực\s+hiện|Kính\s+gửi)")


def title_span(text: str, title: str | None) -> tuple[int, int] | None:
    """Where the document's title stands ("Kết luận của đồng chí … kiểm tra …"): no task is given there."""
    if not title or len(title) < 20:
        return None
    words = title.split()
    m = regex.search(r"\s+".join(regex.escape(w) for w in words[:6]), text[:3000])
    if not m:
        return None
    end = m.start()
    for w in words:
        nxt = text.find(w, end, end + len(w) + 40)
        if nxt == -1:
            break
        end = nxt + len(w)
    while text[end - 1:end] in (",", "-", "–") or (end < len(text) and text[end] == "\n" and _title_goes_on(text, end + 1)):
        nl = text.find("\n", end + 1)
        end = len(text) if nl == -1 else nl   # a title printed over several lines
    return m.start(), end


def _title_goes_on(text: str, start: int) -> bool:
    """The line at `start` continues the title: no sentence in it ends, it opens with no date or item."""
    nl = text.find("\n", start)
    line = text[start:len(text) if nl == -1 else nl].strip()
    return 0 < len(line) < 300 and not regex.search(r"[.:;]$|[.;:]\s", line) and not BODY_START.match(line)
