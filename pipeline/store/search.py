"""Full-text search over the documents, for the CLI and the web alike.

What a query means:
- words are matched folded (with or without diacritics, đ = d), every one must match;
- a quoted part ("sở nông nghiệp") must match as a phrase; without quotes the words are first
  looked for together, as a phrase (Vietnamese words are several syllables: "nông nghiệp"), and
  only when nothing has them together are documents with every word anywhere shown, marked so
  (`match` = "words");
- ranking is bm25 over the page text plus the title, number, type and issuer weighted
  TITLE_WEIGHT times; a query that is a document number puts that document first;
- one hit per document: renditions (PDF, DOCX, TXT of one letter) and byte-identical copies
  are merged, the other files listed under `copies`;
- filters: type, issuer, year, district (a gazetteer area, see areas.py); sort by relevance or
  by date, newest first.
Input is bounded (MAX_QUERY_CHARS, MAX_TERMS); beyond that a SearchError says so in Vietnamese.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import regex
import sqlite_utils

from pipeline.model.normalize import fold
from pipeline.store.areas import documents_about, resolve_area
from pipeline.store.text import number_key

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
TITLE_WEIGHT = 3.0
NUMBER_BONUS = -1000.0          # bm25 is negative, lower is better: the document of that number first
CANDIDATES_PER_HIT = 20
SNIPPET_CHARS = 90
QUOTES = r"[\"“”„«»]"


class SearchError(ValueError):
    """A query or filter that cannot be searched; the message (Vietnamese) says why."""


@dataclass
class Query:
    text: str
    phrases: list[list[str]] = field(default_factory=list)   # quoted parts, folded terms
    words: list[str] = field(default_factory=list)           # unquoted terms, folded

    @property
    def terms(self) -> list[str]:
        return [t for p in self.phrases for t in p] + self.words

    def fts(self, together: bool) -> str:
        """The FTS5 query: every phrase and word; `together` joins unquoted words into a phrase."""
        parts = [" ".join(p) for p in self.phrases]
        if together and self.words:
            parts.append(" ".join(self.words))
        else:
            parts += self.words
        # Terms are letters and digits only, so quoting them keeps FTS5 operators in user input inert.
        return " ".join('"' + p + '"' for p in parts)

    def highlight(self, together: bool) -> list[list[str]]:
        """What to mark in snippets: the phrases, and the unquoted words together or each alone."""
        if together and self.words:
            return self.phrases + [self.words]
        return self.phrases + [[w] for w in self.words]


def terms_of(text: str) -> list[str]:
    return regex.findall(r"[\p{L}\p{N}]+", fold(text))


def parse_query(text: str) -> Query:
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise SearchError(f"câu tìm dài {len(text)} ký tự, tối đa {MAX_QUERY_CHARS}: hãy rút gọn")
    q = Query(text=text)
    pieces = regex.split(QUOTES, text)
    for i, piece in enumerate(pieces):
        terms = terms_of(piece)
        if i % 2 == 1 and terms:              # inside quotes (an unclosed quote runs to the end)
            q.phrases.append(terms)
        else:
            q.words += terms
    if len(q.terms) > MAX_TERMS:
        raise SearchError(f"câu tìm có {len(q.terms)} từ, tối đa {MAX_TERMS}: hãy bớt từ")
    return q


def register_functions(db: sqlite_utils.Database) -> None:
    db.conn.create_function("fold", 1, lambda s: fold(s) if s is not None else None, deterministic=True)


def _filters(db: sqlite_utils.Database, filters: dict[str, Any]) -> tuple[list[str], list[Any]]:
    where, args = [], []
    if filters.get("type"):
        where.append("fold(coalesce(d.type, '')) like ? || '%'")
        args.append(" ".join(terms_of(filters["type"])))
    if filters.get("issuer"):
        where.append("instr(fold(coalesce(d.issuer, '')), ?) > 0")
        args.append(" ".join(terms_of(filters["issuer"])))
    if filters.get("year"):
        year = str(filters["year"]).strip()
        if not regex.fullmatch(r"\d{4}", year):
            raise SearchError(f"năm «{year}» không hợp lệ: viết bốn chữ số, ví dụ 2024")
        where.append("substr(d.date, 1, 4) = ?")
        args.append(year)
    if filters.get("district"):
        area = resolve_area(db, filters["district"])
        if area is None:
            raise SearchError(f"không tìm thấy «{filters['district']}» trong danh mục đơn vị hành chính")
        where.append("d.id in (select value from json_each(?))")
        args.append(json.dumps(sorted(documents_about(db, area))))
    return where, args


def _canonical_sql() -> str:
    # One document however many files hold it: a rendition points at the first file; a
    # byte-identical copy without a number is found by its sha256.
    return """(select min(coalesce(x.rendition_of, x.id)) from documents x
               where x.sha256 = d.sha256 or x.id = coalesce(d.rendition_of, d.id))"""


def _ranked(db, fts: str, where: list[str], args: list[Any], limit: int) -> dict[int, dict[str, Any]]:
    """canonical doc id → its best page (rowid, rank) and metadata rank."""
    cond = ("and " + " and ".join(where)) if where else ""
    found: dict[int, dict[str, Any]] = {}
    for canon, rowid, rank in db.execute(
            f"""select {_canonical_sql()} as canon, p.rowid, min(pages_fts.rank)
                from pages_fts join pages p on p.rowid = pages_fts.rowid join documents d on d.id = p.doc_id
                where pages_fts match ? {cond}
                group by canon order by min(pages_fts.rank) limit ?""", [fts, *args, limit]):
        found[canon] = {"page_row": rowid, "page_rank": rank, "meta_rank": 0.0}
    for canon, rank in db.execute(
            f"""select {_canonical_sql()} as canon, min(documents_fts.rank)
                from documents_fts join documents d on d.rowid = documents_fts.rowid
                where documents_fts match ? {cond} group by canon""", [fts, *args]):
        found.setdefault(canon, {"page_row": None, "page_rank": 0.0})["meta_rank"] = rank
    return found


def search(db: sqlite_utils.Database, query: str, limit: int = 20, *, type: str | None = None,  # noqa: A002
           issuer: str | None = None, year: str | int | None = None, district: str | None = None,
           sort: str = "relevance") -> list[dict[str, Any]]:
    """One hit per document matching the query (see the module doc), best first or newest first."""
    q = parse_query(query)
    if not q.terms:
        return []
    if sort not in ("relevance", "date"):
        raise SearchError(f"không sắp xếp được theo «{sort}»: chọn relevance (mức khớp) hoặc date (ngày, mới nhất trước)")
    register_functions(db)
    where, args = _filters(db, {"type": type, "issuer": issuer, "year": year, "district": district})
    match = "phrase"
    found = _ranked(db, q.fts(together=True), where, args, limit * CANDIDATES_PER_HIT)
    if not found and len(q.words) > 1:
        match = "words"
        found = _ranked(db, q.fts(together=False), where, args, limit * CANDIDATES_PER_HIT)
    key = number_key(query.strip().strip("\"“”"))
    for (doc_id,) in db.execute("select coalesce(rendition_of, id) from documents where number_key = ?", [key]):
        if doc_id in found:
            found[doc_id]["meta_rank"] += NUMBER_BONUS
    docs = {r["id"]: r for r in db.query(
        "select id, number, type, date, issuer, title, file_name, sha256 from documents where id in (select value from json_each(?))",
        [json.dumps(list(found))])}
    for f in found.values():
        f["score"] = f["page_rank"] + TITLE_WEIGHT * f["meta_rank"]
    if sort == "date":
        order = sorted(found, key=lambda i: (docs[i]["date"] or "", -found[i]["score"]), reverse=True)
    else:
        order = sorted(found, key=lambda i: (found[i]["score"], docs[i]["date"] or ""))
    return [_hit(db, docs[i], found[i], q, match) for i in order[:limit]]


def _hit(db, d: dict[str, Any], f: dict[str, Any], q: Query, match: str) -> dict[str, Any]:
    page_doc, page, text, folded = d["id"], None, d.get("title") or "", None
    if f["page_row"] is not None:
        page_doc, page, text, indexed = db.execute("select doc_id, page, text, search_text from pages where rowid = ?",
                                                   [f["page_row"]]).fetchone()
        folded = indexed[len(text) + 1:]       # search_text is the text, a newline, its folded copy
    copies = [r[0] for r in db.execute(
        """select file_name from documents where id != ? and (rendition_of = ? or sha256 = ?) order by path""",
        [d["id"], d["id"], d["sha256"]])]
    return {"doc_id": d["id"], "number": d["number"], "type": d["type"], "date": d["date"], "issuer": d["issuer"],
            "title": d["title"], "file": d["file_name"], "copies": copies, "page": page,
            # the quoted page may be in another file of the document (the PDF of a DOCX letter)
            "page_doc_id": page_doc, "page_file": d["file_name"] if page_doc == d["id"] else
            db.execute("select file_name from documents where id = ?", [page_doc]).fetchone()[0],
            "score": round(-f["score"], 3), "match": match, "snippet": snippet(text, q.highlight(match == "phrase"), folded=folded)}


def fold_aligned(text: str) -> str:
    """fold() with offsets kept, so a match in the result is a match at the same place in `text`.

    Folding precomposed Vietnamese keeps the length; only text that folds otherwise (decomposed
    input, say) takes the slow path of one character at a time.
    """
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join((fold(c) or c)[:1] for c in text)


def _phrase_rx(terms: list[str]) -> regex.Pattern:
    return regex.compile(r"(?<![\p{L}\p{N}])" + r"\W+".join(map(regex.escape, terms)) + r"(?![\p{L}\p{N}])")


def snippet(text: str, groups: list[list[str]], mark=("«", "»"), folded: str | None = None) -> str:
    """A window of the original text around the first of `groups` (phrases, best first) found,
    with every occurrence of any group marked."""
    if folded is None or len(folded) != len(text):
        folded = fold_aligned(text)
    first = None
    for terms in groups:
        first = _phrase_rx(terms).search(folded)
        if first:
            break
    centre = first.start() if first else 0
    start = max(0, centre - SNIPPET_CHARS // 2)
    end = min(len(text), centre + SNIPPET_CHARS)
    any_group = regex.compile("|".join(_phrase_rx(t).pattern for t in sorted(groups, key=len, reverse=True)))
    out, pos = [], start
    for m in any_group.finditer(folded, start, end):
        out.append(text[pos:m.start()])
        out.append(mark[0] + text[m.start():m.end()] + mark[1])
        pos = m.end()
    out.append(text[pos:end])
    body = "".join(out).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
