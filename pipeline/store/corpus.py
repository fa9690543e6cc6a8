"""The rows the cross-check reasons over, read once from the database: every document that is not
another rendition of one already read, its fact tables and its page texts."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Corpus:
    """The rows cross-checking needs, read once from the database."""
    documents: dict[int, dict[str, Any]]
    facts: dict[str, list[dict[str, Any]]]            # table → rows
    pages: dict[int, list[tuple[int, str]]] = field(default_factory=dict)   # paged documents only
    file_names: dict[int, list[str]] = field(default_factory=dict)   # every file holding a document
    _by_doc: dict[str, dict[int, list[dict[str, Any]]]] = field(default_factory=dict, repr=False)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)   # what readers of it derive once

    def of(self, table: str, doc_id: int) -> list[dict[str, Any]]:
        by_doc = self._by_doc.get(table)
        if by_doc is None:   # index once: a scan per document is quadratic at 10,000 documents
            by_doc = self._by_doc[table] = defaultdict(list)
            for r in self.facts.get(table, []):
                by_doc[r["doc_id"]].append(r)
        return by_doc.get(doc_id, [])


def read_corpus(db) -> Corpus:
    """Documents and the fact tables cross-checking reads, from an open sqlite_utils Database."""
    # One file per document: other renditions of it (rendition_of) would count its facts twice.
    docs = {r["id"]: r for r in db.query(
        "select id, path, file_name, number, type, issuer, place, date, title, text, footnotes, sha256 "
        "from documents where rendition_of is null")}
    facts = {}
    for table in ("targets", "achievements", "places", "assignments", "references", "consistency"):
        facts[table] = [r for r in db.query(f"select * from [{table}] order by doc_id, span_start")
                        if r["doc_id"] in docs] if table in db.table_names() else []
    # A document held in several files (renditions, byte-identical copies): pages come from the
    # paged one, so a passage of the DOCX or TXT is cited with the page of the PDF.
    owner = {r["id"]: r["rendition_of"] or r["id"]
             for r in db.query("select id, rendition_of from documents")}
    file_names: dict[int, list[str]] = defaultdict(list)
    for r in db.query("select id, file_name from documents order by path"):
        file_names[owner[r["id"]]].append(r["file_name"])
    pages: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for r in db.query("select doc_id, page, text from pages where page is not null order by doc_id, page"):
        doc = owner.get(r["doc_id"], r["doc_id"])
        if doc in docs and (r["doc_id"] == doc or not any(p for p, _ in pages.get(doc, []) if p == r["page"])):
            pages[doc].append((r["page"], r["text"] or ""))
    return Corpus(docs, facts, {k: sorted(v) for k, v in pages.items()}, dict(file_names))
