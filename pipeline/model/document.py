"""A document after reading and normalisation: its text, pages, footnotes and data tables.

Offsets of every fact refer to `Document.text`; `page_of` maps an offset back to the page of the
original, for formats that have pages.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass
class Footnote:
    """A footnote body in the stored text and the places where its marker is cited."""
    marker: str                                   # "1", "12"
    span: tuple[int, int]                         # the body, marker included
    text: str
    citations: list[tuple[int, int]] = field(default_factory=list)  # marker spans in the body text


@dataclass
class TableCell:
    """One cell of a data table: its text as read and where that text stands in `Document.text`."""
    text: str
    row: int                                      # 0-based, the header row is 0
    column: int                                   # 0-based grid column
    span: tuple[int, int] | None = None           # None when the reader could not place it


@dataclass
class Table:
    """A data table (more than two columns) as the reader saw it: header row and body rows."""
    page: int | None
    header: list[TableCell] = field(default_factory=list)
    rows: list[list[TableCell]] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int] | None:
        spans = [c.span for row in [self.header, *self.rows] for c in row if c.span]
        return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


@dataclass
class Document:
    """One file after reading and normalisation. Offsets of every fact refer to `text`."""
    text: str
    format: str                                   # txt | docx | pdf
    # The same text with tone marks placed as printed ("uỷ", "hoà"): same offsets as `text`,
    # which unifies them (ủy, hòa). Facts quote from it, so a quote is the source as written.
    printed: str = ""
    sha256: str = ""
    path: str | None = None
    # (offset, page) runs in text order: text from `offset` on came from `page`. A sentence broken
    # by a page break is rejoined and the footnotes of a page follow the paragraph that crosses
    # the break, so one page can own several runs.
    page_runs: list[tuple[int, int]] = field(default_factory=lambda: [(0, 1)])
    page_count: int = 1
    paged: bool = False                           # False for formats without pages (txt, docx)
    footnotes: list[Footnote] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    ocr_confidence: dict[int, float] = field(default_factory=dict)   # page → Tesseract's mean word confidence
    # Why each OCRed page was OCRed: "no text layer", or the damaged-layer signals that fired.
    ocr_reasons: dict[int, str] = field(default_factory=dict)
    # What the OCR read where the text now says "…" (an uncertain number): {"field": "number" | "day"
    # | "other", "value", "confidence", "page"}, in text order; a person confirms them.
    ocr_candidates: list[dict] = field(default_factory=list)
    # Regions of an OCRed page read a second time on their own (the signature block), per page:
    # {"region", "box" (pixels at 300 dpi), "psm", "seconds", "new_lines", "used"}.
    ocr_rereads: dict[int, list[dict]] = field(default_factory=dict)
    skipped_pages: list[int] = field(default_factory=list)           # scanned pages left unread (no OCR installed)
    tables: list["Table"] = field(default_factory=list)              # data tables (> 2 columns), in text order

    def page_of(self, offset: int) -> int | None:
        if not self.paged:
            return None
        i = bisect.bisect_right([start for start, _ in self.page_runs], offset) - 1
        return self.page_runs[max(i, 0)][1]

    def page_text(self, page: int) -> str:
        """The stored text that came from one page, in text order."""
        parts = []
        for i, (start, p) in enumerate(self.page_runs):
            if p == page:
                end = self.page_runs[i + 1][0] if i + 1 < len(self.page_runs) else len(self.text)
                parts.append(self.text[start:end])
        return "".join(parts)
