"""Read-side queries behind the CLI and the web: search, one document, errors, tasks, places."""
from __future__ import annotations

import json
from typing import Any

import regex
import sqlite_utils

from pipeline.model import FACT_KINDS, MAIN_FACT_KINDS
from pipeline.model.normalize import fold
from pipeline.store.text import number_key

SNIPPET_CHARS = 90


def fold_aligned(text: str) -> str:
    """fold() with offsets kept, so a match in the result is a match at the same place in `text`.

    Folding precomposed Vietnamese keeps the length; only text that folds otherwise (decomposed
    input, say) takes the slow path of one character at a time.
    """
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join((fold(c) or c)[:1] for c in text)


def query_terms(query: str) -> list[str]:
    return regex.findall(r"[\p{L}\p{N}]+", fold(query))


def fts_queries(query: str) -> list[str]:
    """The whole query as a phrase first, then every term anywhere; quoting keeps FTS5
    operators in user input inert."""
    terms = query_terms(query)
    phrase = '"' + " ".join(terms) + '"'
    return [phrase] if len(terms) == 1 else [phrase, " ".join(f'"{t}"' for t in terms)]


def snippet(text: str, terms: list[str], mark=("«", "»"), folded: str | None = None) -> str:
    """A window of the original text around the phrase or the first matching term, marked."""
    if folded is None or len(folded) != len(text):
        folded = fold_aligned(text)
    phrase = regex.compile(r"(?<![\p{L}\p{N}])" + r"\W+".join(map(regex.escape, terms)) + r"(?![\p{L}\p{N}])")
    pattern = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(map(regex.escape, terms)) + r")(?![\p{L}\p{N}])")
    first = phrase.search(folded) or pattern.search(folded)
    centre = first.start() if first else 0
    if first and first.re is phrase:
        pattern = phrase
    start = max(0, centre - SNIPPET_CHARS // 2)
    end = min(len(text), centre + SNIPPET_CHARS)
    out, pos = [], start
    for m in pattern.finditer(folded, start, end):
        out.append(text[pos:m.start()])
        out.append(mark[0] + text[m.start():m.end()] + mark[1])
        pos = m.end()
    out.append(text[pos:end])
    body = "".join(out).replace("\n", " ")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def search(db: sqlite_utils.Database, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Documents whose text matches every term, best page first, one hit per document."""
    terms = query_terms(query)
    if not terms:
        return []
    # Rank on ids only; read page texts just for the hits shown.
    best: dict[int, tuple[int, float]] = {}            # doc_id → (page rowid, rank)
    for fts in fts_queries(query):
        for rowid, doc_id, rank in db.execute(
                """select p.rowid, p.doc_id, bm25(pages_fts) as rank
                   from pages_fts join pages p on p.rowid = pages_fts.rowid
                   join documents d on d.id = p.doc_id and d.rendition_of is null
                   where pages_fts match ? order by rank limit ?""", [fts, limit * 5]):
            best.setdefault(doc_id, (rowid, rank))
        if len(best) >= limit:
            break
    hits = []
    for doc_id, (rowid, rank) in list(best.items())[:limit]:
        page, text, indexed = db.execute("select page, text, search_text from pages where rowid = ?",
                                         [rowid]).fetchone()
        d = db.execute("select number, type, date, issuer, title, file_name from documents where id = ?",
                       [doc_id]).fetchone()
        d = dict(zip(("number", "type", "date", "issuer", "title", "file_name"), d))
        hits.append({"doc_id": doc_id, "number": d["number"], "type": d["type"], "date": d["date"],
                     "issuer": d["issuer"], "title": d["title"], "file": d["file_name"],
                     "page": page, "score": round(-rank, 3),
                     # search_text is the text, a newline, then its folded copy
                     "snippet": snippet(text, terms, folded=indexed[len(text) + 1:])})
    return hits


def find_document(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    """A document by id, number ("1052/UBND-NNTN"), file name or path."""
    if key.isdigit():
        rows = list(db.query("select * from documents where id = ?", [int(key)]))
        if rows:
            return rows[0]
    for sql, arg in (("number_key = ?", number_key(key)), ("file_name = ?", key), ("path = ?", key),
                     ("path like ?", f"%{key}%")):
        rows = list(db.query(f"select * from documents where {sql} order by date desc limit 1", [arg]))
        if rows:
            return rows[0]
    return None


def document_view(db: sqlite_utils.Database, doc: dict[str, Any]) -> dict[str, Any]:
    """A document's metadata, references out and in, fact counts and errors."""
    keep = ("id", "file_name", "path", "format", "pages", "number", "number_symbol", "type", "issuer",
            "place", "date", "title", "signer", "signer_title", "signing_mark", "system", "sha256",
            "ingested_at")
    view = {k: doc.get(k) for k in keep}
    view["recipients"] = json.loads(doc.get("recipients") or "[]")
    view["references_out"] = list(db.query(
        "select number, type, date, issuer, page, cited_doc_id from [references] where doc_id = ? order by id",
        [doc["id"]]))
    view["cited_by"] = list(db.query(
        """select d.id as doc_id, d.number, d.type, d.date, d.issuer, r.page, r.quote
           from [references] r join documents d on d.id = r.doc_id where r.cited_doc_id = ?""", [doc["id"]]))
    view["facts"] = {t: db.execute(f"select count(*) from [{t}] where doc_id = ?", [doc["id"]]).fetchone()[0]
                     for t in MAIN_FACT_KINDS if t != "references"}
    view["errors"] = list(db.query("select stage, message, time from ingest_errors where path = ?", [doc["path"]]))
    return view


def documents(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    counts = ", ".join(f"(select count(*) from [{t}] where doc_id = d.id) as [{t}]" for t in MAIN_FACT_KINDS)
    return list(db.query(f"""select d.id, d.number, d.type, d.date, d.issuer, d.file_name, d.format,
                                    {counts} from documents d order by d.date, d.id"""))


def document_facts(db: sqlite_utils.Database, doc_id: int) -> list[dict[str, Any]]:
    """Every fact of one document with its kind, id and span, and its row under "row"."""
    out = []
    for kind in FACT_KINDS:
        for r in db.query(f"select * from [{kind}] where doc_id = ? order by span_start", [doc_id]):
            out.append({"kind": kind, "id": r["id"], "start": r["span_start"], "end": r["span_end"], "row": r})
    return out


def errors(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("select path, sha256, stage, message, time from ingest_errors order by path"))


def tasks(db: sqlite_utils.Database, assignee: str | None = None, place: str | None = None,
          due_before: str | None = None, doc: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Assignments with their source document: who was given what, by when, where it says so, and the
    status the last cross-check stored for it (None before any `ntm check` / `ntm report`)."""
    where, args = [], []
    if assignee:
        where.append("instr(a.search_text, ?) > 0")
        args.append(" ".join(query_terms(assignee)))
    if place:
        where.append("(instr(a.search_text, ?) > 0 or instr(lower(a.quote), lower(?)) > 0)")
        args += [" ".join(query_terms(place)), place]
    if due_before:
        where.append("a.deadline is not null and a.deadline <= ?")
        args.append(due_before)
    if doc:
        d = find_document(db, doc)
        where.append("a.doc_id = ?")
        args.append(d["id"] if d else -1)
    # the status is the one the last cross-check stored (findings), the same the report and register show
    sql = f"""select a.assignee, a.agency, a.role, a.task, a.deadline, a.assignee_group,
                     d.id as doc_id, d.number, d.type, d.date, d.file_name, a.page, a.quote,
                     f.status, f.status_label, f.reason, f.review_status, f.review_note, f.commitment_key as task_key
              from assignments a join documents d on d.id = a.doc_id and d.rendition_of is null
              left join findings_reviewed f on f.kind = 'task' and f.fact_id = a.id
              {"where " + " and ".join(where) if where else ""}
              order by coalesce(a.deadline, '9999'), d.date, a.id limit ?"""
    return list(db.query(sql, args + [limit]))


def places(db: sqlite_utils.Database, name: str | None = None, level: str | None = None,
           limit: int = 200) -> list[dict[str, Any]]:
    """Places with every document that names them and the facts about them there."""
    rows = list(db.query("""select p.*, d.number as doc_number, d.type as doc_type, d.date as doc_date,
                                   d.file_name
                            from places p join documents d on d.id = p.doc_id and d.rendition_of is null
                            order by p.level, p.name"""))
    wanted = " ".join(query_terms(name)) if name else None
    grouped: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        names = [r["name"] or ""] + json.loads(r.get("variants") or "[]")
        if level and r["level"] != level:
            continue
        if wanted and not any(wanted in " ".join(query_terms(n)) for n in names):
            continue
        key = (r["level"], r.get("code") or fold(r["name"] or ""), fold(r.get("parent") or ""))
        entry = grouped.setdefault(key, {"level": r["level"], "name": r["name"], "parent": r.get("parent"),
                                         "code": r.get("code"), "variants": set(), "documents": []})
        entry["variants"].update(n for n in names if n and n != entry["name"])
        facts = []
        for table in ("targets", "achievements", "assignments"):
            for f in db.query(f"select * from [{table}] where doc_id = ?", [r["doc_id"]]):
                blob = fold(" ".join(str(f.get(k) or "") for k in ("quote", "place", "assignee")))
                if any(" ".join(query_terms(n)) in " ".join(query_terms(blob)) for n in names if n):
                    facts.append({"kind": table, "page": f["page"], "quote": f["quote"]})
        entry["documents"].append({"doc_id": r["doc_id"], "number": r["doc_number"], "type": r["doc_type"],
                                   "date": r["doc_date"], "file": r["file_name"], "page": r["page"],
                                   "quote": r["quote"], "facts": facts})
        if len(grouped) >= limit:
            break
    out = []
    for entry in grouped.values():
        entry["variants"] = sorted(entry["variants"])
        out.append(entry)
    return out


def consistency_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The within-document arithmetic checks, with their document (one rendition per document)."""
    return list(db.query("""select c.*, d.number, d.type, d.date, d.file_name from consistency c
                            join documents d on d.id = c.doc_id and d.rendition_of is null
                            order by c.doc_id, c.span_start"""))
