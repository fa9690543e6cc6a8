"""Status mentions: a place named with a status in a sentence ("Xã Đăk Ruồng được công nhận đạt
chuẩn xã NTM nâng cao …", "Thôn 13 chưa đạt chuẩn …"), and the source passage every commitment,
claim and piece of evidence points to (document, page, span, quote)."""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipeline.crosscheck.periods import dates_in
from pipeline.crosscheck.places import PlaceRef, is_parent_of_village, place_mentions
from pipeline.crosscheck.vocabulary import NEGATIVE, POSITIVE, classify_indicator, classify_status
from pipeline.model.normalize import fold
from pipeline.model.text import sentence_at
from pipeline.store.corpus import Corpus


@dataclass
class Source:
    """Where a commitment or a claim is written: document, page, span and quote."""
    doc_id: int
    number: str | None
    type: str | None
    date: str | None
    issuer: str | None
    page: int | None
    span: tuple[int, int]
    quote: str
    file_name: str | None = None
    anchor: str | None = None        # the fact's anchor on the document page ("targets-3")
    page_unit: str = "trang"         # trang (a page of the original) | đoạn (a paragraph of plain text)
    sha256: str | None = None
    file_names: list[str] = field(default_factory=list)   # every file holding this document

    @property
    def where(self) -> str:
        """"trang 3", or "đoạn 12" for a document without pages."""
        return f"{self.page_unit} {self.page}" if self.page else ""


def make_source(corpus: Corpus, doc_id: int, start: int, end: int, page: int | None = None,
                quote: str | None = None) -> Source:
    """The passage text[start:end] of a document with its page: the page of the paged rendition
    when the document has one, else the paragraph number (said so)."""
    d = corpus.documents[doc_id]
    text = d.get("text") or ""
    located, unit = page_of(corpus, doc_id, start, end)
    return Source(doc_id, d.get("number"), d.get("type"), d.get("date"), d.get("issuer"), located or page,
                  (start, end), quote if quote is not None else text[start:end], d.get("file_name"),
                  page_unit=unit, sha256=d.get("sha256"), file_names=corpus.file_names.get(doc_id, []))


def _squash(s: str) -> str:
    return regex.sub(r"[^\p{L}\p{N}]+", "", fold(s))


def page_of(corpus: Corpus, doc_id: int, start: int, end: int) -> tuple[int | None, str]:
    """(page, "trang") from the stored page texts (of this file or of a paged rendition of the same
    document), else (paragraph number, "đoạn")."""
    text = corpus.documents[doc_id].get("text") or ""
    pages = corpus.pages.get(doc_id)
    if pages:
        squashed = corpus.memo.setdefault("_squashed", {}).get(doc_id)
        if squashed is None:
            squashed = corpus.memo["_squashed"][doc_id] = [(p, _squash(t)) for p, t in pages]
        probe = _squash(text[start:end])
        for size in (60, 30, 15):
            bit = probe[:size]
            if len(bit) >= 8:
                hit = next((p for p, t in squashed if bit in t), None)
                if hit:
                    return hit, "trang"
        share = start / max(1, len(text))       # not found verbatim: the same share of the pages
        return pages[min(len(pages) - 1, int(share * len(pages)))][0], "trang"
    para = sum(1 for line in text[:start].split("\n")[:-1] if line.strip()) + 1
    return para, "đoạn"


def _clause(text: str, s_start: int, s_end: int, pos: int) -> tuple[int, int]:
    """The ';'-separated part of a sentence that holds `pos` (list items are separated by ';')."""
    start = text.rfind(";", s_start, pos)
    end = text.find(";", pos, s_end)
    return (start + 1 if start >= 0 else s_start), (end if end >= 0 else s_end)


@dataclass
class StatusMention:
    """One place named with a status in one document: the raw material of timelines."""
    place: PlaceRef
    name: str                        # as written
    status: str                      # target | expected | recognized | achieved | not_met | maintain …
    indicator: str | None
    when: str | None                 # as-of date (claims) or deadline (targets), ISO
    decision: str | None             # a decision number cited in the sentence
    source: Source
    sentence: tuple[int, int]
    position: int = 0                # where the place is named


def status_mentions(corpus: Corpus) -> list[StatusMention]:
    """Every village, commune and district named with a status, across all documents."""
    cache = corpus.memo.setdefault("_mentions", None)
    if cache is not None:
        return cache
    out: list[StatusMention] = []
    for doc_id, doc in corpus.documents.items():
        text = doc.get("text") or ""
        mentions = place_mentions(corpus, doc_id)
        references = corpus.of("references", doc_id)
        for i, pm in enumerate(mentions):
            if is_parent_of_village(mentions, i):
                continue
            pos = pm.start
            s_start, s_end = sentence_at(text, pos)
            c_start, c_end = _clause(text, s_start, s_end, pos)
            clause, head = text[c_start:c_end], text[s_start:pos]
            status = classify_status(clause) or classify_status(head)
            if not status:
                continue
            indicator = (classify_indicator(clause, level=pm.ref.level, kinds=("status",))
                         or classify_indicator(text[s_start:s_end], level=pm.ref.level, kinds=("status",)))
            if not indicator:
                continue
            # the date nearest after the place in its clause, else before it, else the sentence's
            after = [d for _, d in dates_in(text[pos:c_end])]
            before = [d for _, d in dates_in(text[c_start:pos])]
            sentence_dates = [d for _, d in dates_in(text[s_start:s_end])]
            when = (after or before[::-1] or sentence_dates or [None])[0]
            if status in POSITIVE + NEGATIVE and not when:
                when = doc.get("date")
            decision = next((f["number"] for f in references
                             if s_start <= (f["span_start"] or 0) < s_end and "QĐ" in (f.get("number") or "")), None)
            if decision is None:
                m = regex.search(r"Quyết định (?:số\s*)?(\d+/[\w/-]+)", text[s_start:s_end])
                decision = m.group(1) if m else None
            src = make_source(corpus, doc_id, s_start, s_end)
            src.anchor = pm.anchor
            out.append(StatusMention(pm.ref, pm.surface, status, indicator, when, decision, src,
                                     (s_start, s_end), pos))
    corpus.memo["_mentions"] = out
    return out
