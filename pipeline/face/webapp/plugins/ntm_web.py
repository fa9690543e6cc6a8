"""Datasette plugin for ntm: SQL functions, the search page, the document page, cell links.

Loaded by Datasette from the configuration directory pipeline/face/webapp/ (plugins/ is scanned).
Everything else (titles, descriptions, facets, canned queries) is in metadata.yaml.
"""
from __future__ import annotations

import calendar
import json
from typing import Any

import regex
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from pipeline.face.highlight import COLORS, LABELS, anchor_id, document_html, fact_title
from pipeline.face.web import bounded
from pipeline.model.normalize import fold
from pipeline.store import number_key
from pipeline.store.queries import fts_queries, query_terms, snippet

DATABASE = "ntm"
SEARCH_LIMIT = 20
FACT_TABLES = tuple(LABELS)          # every fact table with spans into the document text
FACT_TITLES = {
    "assignments": "Nhiệm vụ được giao", "targets": "Chỉ tiêu", "achievements": "Kết quả đạt được",
    "budgets": "Kinh phí", "consistency": "Kiểm tra số liệu", "references": "Văn bản được viện dẫn",
    "places": "Địa danh", "people": "Người ký, người được nêu", "dates": "Ngày tháng",
}


# ---------------------------------------------------------------- SQL functions

def deadline_end(value: str | None) -> str | None:
    """The last day an ISO deadline of any precision allows: "2025" → "2025-12-31",
    "2024-06" → "2024-06-30", "2024-Q2" → "2024-06-30", "2024-H1" → "2024-06-30",
    "2021/2025" → "2025-12-31"; None when it is not a date."""
    if not value:
        return None
    value = value.split("/")[-1].strip()
    m = regex.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-H([12]))?", value)
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        return value
    if m.group(2):
        month = int(m.group(2))
    elif m.group(4):
        month = int(m.group(4)) * 3
    elif m.group(5):
        month = int(m.group(5)) * 6
    else:
        month = 12
    if not 1 <= month <= 12:
        return None
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


@hookimpl
def prepare_connection(conn):
    # fold(): accent-insensitive matching in canned queries ("so nong nghiep" = "Sở Nông nghiệp").
    # bounded(): each call must stay short, for the time limits of ntm_guard.py to act between calls.
    conn.create_function("fold", 1, bounded(lambda s: fold(s) if s is not None else None), deterministic=True)
    conn.create_function("number_key", 1, bounded(number_key), deterministic=True)
    conn.create_function("deadline_end", 1, bounded(deadline_end), deterministic=True)


# ---------------------------------------------------------------- links in query results

def document_url(datasette, doc_id: Any, anchor: str | None = None) -> str:
    url = datasette.urls.row(DATABASE, "documents", str(doc_id))
    return f"{url}#{anchor}" if anchor else url


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """In canned queries (table is None), link documents and passages.

    Convention of metadata.yaml's queries: a `doc_id` column names the source document, a
    `fact_anchor` column the fact; the columns "Văn bản …" and "Trích dẫn" then become links."""
    if table is not None or database != DATABASE or value is None:
        return None
    keys = row.keys()
    if column in ("doc_id", "cited_doc_id"):
        return Markup(f'<a href="{escape(document_url(datasette, value))}">#{escape(value)}</a>')
    if "doc_id" not in keys or row["doc_id"] is None:
        return None
    anchor = row["fact_anchor"] if "fact_anchor" in keys else None
    if column.startswith("Văn bản") and column != "Văn bản được viện dẫn":
        return Markup(f'<a href="{escape(document_url(datasette, row["doc_id"]))}">{escape(value)}</a>')
    if column == "Văn bản được viện dẫn" and "cited_doc_id" in keys and row["cited_doc_id"]:
        return Markup(f'<a href="{escape(document_url(datasette, row["cited_doc_id"]))}">{escape(value)}</a>')
    if column == "Trích dẫn" and anchor:
        return Markup(f'<a href="{escape(document_url(datasette, row["doc_id"], anchor))}">{escape(value)}</a>')
    return None


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/search"), "label": "Tìm kiếm"}]


# ---------------------------------------------------------------- the search page

async def _search(db, q: str) -> dict[str, list[dict[str, Any]]]:
    """Documents (text and metadata), tasks and places matching every term of q, folded."""
    terms = query_terms(q)
    results: dict[str, list[dict[str, Any]]] = {"documents": [], "assignments": [], "places": []}
    if not terms:
        return results
    tables = set(await db.table_names())
    seen: set[int] = set()
    for fts in fts_queries(q):
        rows = await db.execute(
            """select p.doc_id, p.page, p.text, d.number, d.type, d.date, d.issuer, d.title, d.file_name
               from pages_fts join pages p on p.rowid = pages_fts.rowid join documents d on d.id = p.doc_id
               where pages_fts match :q order by bm25(pages_fts) limit :n""", {"q": fts, "n": SEARCH_LIMIT * 5})
        meta = await db.execute(
            """select d.id as doc_id, null as page, coalesce(d.title, '') as text, d.number, d.type, d.date,
                      d.issuer, d.title, d.file_name
               from documents_fts join documents d on d.rowid = documents_fts.rowid
               where documents_fts match :q order by bm25(documents_fts) limit :n""",
            {"q": fts, "n": SEARCH_LIMIT})
        for r in list(rows) + list(meta):
            if r["doc_id"] in seen or len(seen) >= SEARCH_LIMIT:
                continue
            seen.add(r["doc_id"])
            results["documents"].append({**dict(r), "url": document_url(db.ds, r["doc_id"]),
                                         "snippet": snippet(r["text"] or "", terms)})
        for table in ("assignments", "places"):
            if f"{table}_fts" not in tables:
                continue
            label = "coalesce(f.agency, f.assignee)" if table == "assignments" else "f.name"
            detail = "coalesce(f.task, f.quote)" if table == "assignments" else "f.level || coalesce(', ' || f.parent, '')"
            rows = await db.execute(
                f"""select f.id, f.doc_id, f.page, f.quote, {label} as label, {detail} as detail,
                           coalesce(d.number, d.file_name) as document
                    from {table}_fts join [{table}] f on f.rowid = {table}_fts.rowid
                    join documents d on d.id = f.doc_id
                    where {table}_fts match :q order by bm25({table}_fts) limit :n""",
                {"q": fts, "n": SEARCH_LIMIT})
            known = {h["id"] for h in results[table]}
            results[table] += [{**dict(r), "url": document_url(db.ds, r["doc_id"], anchor_id(table, r["id"]))}
                               for r in rows if r["id"] not in known]
    return results


async def search_page(datasette, request):
    q = (request.args.get("q") or "").strip()
    db = datasette.get_database(DATABASE)
    results = await _search(db, q) if q else None
    return Response.html(await datasette.render_template(
        "ntm_search.html", {"q": q, "results": results}, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page)]


# ---------------------------------------------------------------- the document page

async def document_page_vars(datasette, doc_id: int) -> dict[str, Any]:
    """Everything row-ntm-documents.html shows: highlighted text, facts, references, checks."""
    db = datasette.get_database(DATABASE)
    docs = (await db.execute("select * from documents where id = ?", [doc_id])).rows
    if not docs:
        raise NotFound("Không có văn bản này")
    doc = dict(docs[0])
    tables = set(await db.table_names())
    facts_by_kind: dict[str, list[dict[str, Any]]] = {}
    highlights = []
    for kind in FACT_TABLES:
        if kind not in tables:
            continue
        rows = [dict(r) for r in await db.execute(
            f"select * from [{kind}] where doc_id = ? order by span_start, id", [doc_id])]
        for r in rows:
            r["anchor"] = anchor_id(kind, r["id"])
            r["cited_url"] = document_url(datasette, r["cited_doc_id"]) if r.get("cited_doc_id") else None
            highlights.append({"kind": kind, "id": r["id"], "start": r["span_start"], "end": r["span_end"],
                               "href": r["cited_url"], "title": fact_title(kind, r)})
        facts_by_kind[kind] = rows
    cited_by = [dict(r) for r in await db.execute(
        """select r.id, r.doc_id, r.page, r.quote, coalesce(d.number, d.file_name) as document, d.type, d.date
           from [references] r join documents d on d.id = r.doc_id
           where r.cited_doc_id = ? and r.doc_id != ? order by d.date""", [doc_id, doc_id])]
    for r in cited_by:
        r["url"] = document_url(datasette, r["doc_id"], anchor_id("references", r["id"]))
    return {
        "doc": doc,
        "recipients": json.loads(doc.get("recipients") or "[]") if (doc.get("recipients") or "").startswith("[") else [],
        "document_html": Markup(document_html(doc.get("text") or "", highlights)),
        "facts_by_kind": facts_by_kind,
        "fact_titles": FACT_TITLES,
        "fact_labels": LABELS,
        "fact_colors": COLORS,
        "cited_by": cited_by,
        "consistency": facts_by_kind.get("consistency", []),
    }


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if view_name != "row" or database != DATABASE or table != "documents" or request is None:
        return None

    async def inner():
        pks = request.url_vars.get("pks", "")
        if not pks.isdigit():
            return {}
        return await document_page_vars(datasette, int(pks))
    return inner
