"""Read-side queries behind the CLI and the web: one document, documents, errors, tasks, places
(search is in search.py, place filters in areas.py)."""
from __future__ import annotations

import json
import os
from typing import Any

import sqlite_utils

from pipeline.model import FACT_KINDS, MAIN_FACT_KINDS
from pipeline.model.dates import date_end
from pipeline.model.normalize import fold
from pipeline.store.areas import Area, own_documents, resolve_area
from pipeline.store.search import SearchError, search, snippet, terms_of
from pipeline.store.text import number_key

__all__ = ["Area", "SearchError", "document_facts", "document_view", "documents", "errors", "find_document",
           "places", "resolve_area", "search", "snippet", "tasks", "terms_of"]


def query_terms(text: str) -> list[str]:
    return terms_of(text)

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
    view["candidates"] = json.loads(doc.get("candidates") or "{}")     # OCR reads of handwritten fields
    view["references_out"] = list(db.query(
        "select number, type, date, issuer, page, cited_doc_id from [references] where doc_id = ? order by id",
        [doc["id"]]))
    view["cited_by"] = list(db.query(
        """select d.id as doc_id, d.number, d.type, d.date, d.issuer, r.page, r.quote
           from [references] r join documents d on d.id = r.doc_id where r.cited_doc_id = ?""", [doc["id"]]))
    view["facts"] = {t: db.execute(f"select count(*) from [{t}] where doc_id = ?", [doc["id"]]).fetchone()[0]
                     for t in MAIN_FACT_KINDS if t != "references"}
    view["errors"] = [{k: e[k] for k in ("stage", "message", "time")} for e in errors(db, path=doc["path"])]
    return view


def documents(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    counts = ", ".join(f"(select count(*) from [{t}] where doc_id = d.id) as [{t}]" for t in MAIN_FACT_KINDS)
    return list(db.query(f"""select d.id, d.number, d.type, d.date, d.issuer, d.file_name, d.format, d.rendition_of,
                                    {counts} from documents d order by d.date, d.id"""))


def document_facts(db: sqlite_utils.Database, doc_id: int) -> list[dict[str, Any]]:
    """Every fact of one document with its kind, id and span, and its row under "row"."""
    out = []
    for kind in FACT_KINDS:
        for r in db.query(f"select * from [{kind}] where doc_id = ? order by span_start", [doc_id]):
            out.append({"kind": kind, "id": r["id"], "start": r["span_start"], "end": r["span_end"], "row": r})
    return out


def errors(db: sqlite_utils.Database, history: bool = False, path: str | None = None) -> list[dict[str, Any]]:
    """Files that failed: by default only where that is still so (the latest attempt at the path
    failed and the file is still there); with `history`, every failure recorded, with its `state`:
    current, fixed (ingested since) or gone (the file no longer exists)."""
    rows = list(db.query(
        f"""select e.path, e.sha256, e.stage, e.message, e.time,
                   e.id = (select max(id) from ingest_errors x where x.path = e.path) as latest,
                   exists (select 1 from documents d where d.path = e.path and d.ingested_at >= e.time) as fixed
            from ingest_errors e {"where e.path = ?" if path else ""} order by e.path, e.id""",
        [path] if path else []))
    out = []
    for r in rows:
        state = "fixed" if r.pop("fixed") or not r.pop("latest") else "current"
        if state == "current" and not os.path.exists(r["path"]):
            state = "gone"
        r.pop("latest", None)
        if history or state == "current":
            out.append({**r, "state": state})
    return out


def register_functions(db: sqlite_utils.Database) -> None:
    db.conn.create_function("fold", 1, lambda s: fold(s) if s is not None else None, deterministic=True)
    db.conn.create_function("date_end", 1, date_end, deterministic=True)


def tasks(db: sqlite_utils.Database, assignee: str | None = None, place: str | Area | None = None,
          due_before: str | None = None, doc: str | None = None, limit: int = 200,
          due_after: str | None = None) -> list[dict[str, Any]]:
    """Assignments with their source document: who was given what, by when, where it says so.

    `due_before` / `due_after`: ISO days; a deadline counts by the last day it allows ("2024"
    is due on 2024-12-31). `place`: a name resolved to a gazetteer area (see areas.py): the tasks
    naming any unit in it, and every task of its own documents; a name the gazetteer does not
    know is matched as text. Each task carries the status the last cross-check stored for it
    (`findings`: the one the report and the register show; None before any `ntm check`)."""
    register_functions(db)
    where, args = [], []
    if assignee:
        where.append("instr(a.search_text, ?) > 0")
        args.append(" ".join(query_terms(assignee)))
    if place:
        area = place if isinstance(place, Area) else resolve_area(db, place)
        if area is not None:
            where.append("""(a.doc_id in (select value from json_each(?))
                             or a.rowid in (select rowid from assignments_fts where assignments_fts match ?))""")
            args += [json.dumps(sorted(own_documents(db, area))), area.fts_query()]
        else:
            where.append("(instr(a.search_text, ?) > 0 or instr(lower(a.quote), lower(?)) > 0)")
            args += [" ".join(query_terms(place)), place]
    if due_before:
        where.append("date_end(a.deadline) <= ?")
        args.append(due_before)
    if due_after:
        where.append("date_end(a.deadline) >= ?")
        args.append(due_after)
    if doc:
        d = find_document(db, doc)
        where.append("a.doc_id = ?")
        args.append(d["id"] if d else -1)
    # the status is the one the last cross-check stored (findings), the same the report and register show
    sql = f"""select a.assignee, a.agency, a.role, a.task, a.deadline, date_end(a.deadline) as due,
                     a.assignee_group, d.id as doc_id, d.number, d.type, d.date, d.file_name, a.page, a.quote,
                     f.status, f.status_label, f.reason, f.review_status, f.review_note, f.commitment_key as task_key
              from assignments a join documents d on d.id = a.doc_id and d.rendition_of is null
              left join findings_reviewed f on f.kind = 'task' and f.fact_id = a.id
              {"where " + " and ".join(where) if where else ""}
              order by coalesce(date_end(a.deadline), '9999'), d.date, a.id limit ?"""
    return list(db.query(sql, args + [limit]))


def places(db: sqlite_utils.Database, name: str | Area | None = None, level: str | None = None,
           limit: int = 200) -> list[dict[str, Any]]:
    """Places with every document that names them and the facts about them there. A name the
    gazetteer knows gives that unit and every unit under it the documents mention; another name
    (a village, say) is matched against the spellings the documents use."""
    area = name if isinstance(name, Area) else (resolve_area(db, name) if name else None)
    rows = list(db.query("""select p.*, d.number as doc_number, d.type as doc_type, d.date as doc_date,
                                   d.file_name
                            from places p join documents d on d.id = p.doc_id and d.rendition_of is null
                            order by p.level, p.name"""))
    wanted = " ".join(query_terms(name)) if isinstance(name, str) and area is None else None
    grouped: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        names = [r["name"] or ""] + json.loads(r.get("variants") or "[]")
        if level and r["level"] != level:
            continue
        if area is not None and r.get("code") not in area.codes and r.get("parent_code") not in area.codes:
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
    order = {"province": 0, "district": 1, "commune": 2, "village": 3}
    return sorted(out, key=lambda e: (order.get(e["level"], 9), fold(e["name"] or "")))


def consistency_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """The within-document arithmetic checks, with their document (one rendition per document)."""
    return list(db.query("""select c.*, d.number, d.type, d.date, d.file_name from consistency c
                            join documents d on d.id = c.doc_id and d.rendition_of is null
                            order by c.doc_id, c.span_start"""))
