"""Datasette plugin for ntm: SQL functions, the search page, the document page and its original
file, Vietnamese labels for columns and values, cell links.

Loaded by Datasette from the configuration directory pipeline/face/webapp/ (plugins/ is scanned).
Everything else (titles, descriptions, facets, canned queries) is in metadata.yaml; the labels
of columns and stored values are in pipeline/face/data/labels.json, shared with the CLI.
"""
from __future__ import annotations

import functools
import json
import urllib.parse
from typing import Any

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from pipeline.face import labels
from pipeline.face.highlight import COLORS, LABELS, anchor_id, document_html, fact_title
from pipeline.face.originals import OriginalUnavailable, original_file
from pipeline.face.web import bounded
from pipeline.model.dates import date_end
from pipeline.model.normalize import fold
from pipeline.store import number_key
from pipeline.store.districts import areas_named
from pipeline.store.search import SearchError, parse_query, search

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
    """The last day a stored deadline of any precision allows ("2024-Q2" → "2024-06-30");
    the one date parser of pipeline.model.dates."""
    return date_end(value)


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
    if database != DATABASE or value is None:
        return None
    if table is not None:
        kind = labels.value_kind(table, column)
        return labels.value(kind, value) if kind else None
    kind = labels.query_value_kind(column)
    if kind:
        return labels.value(kind, value)
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

SEARCH_FILTERS = ("type", "issuer", "year", "district")


@functools.cache
def _table_titles() -> dict[str, str]:
    from pipeline.face import web
    tables = web.metadata(False)["databases"][DATABASE]["tables"]
    return {name: meta.get("title", name) for name, meta in tables.items()}


async def _search(db, q: str, filters: dict[str, str], sort: str) -> dict[str, Any]:
    """Documents (one hit per document, store.search), tasks and places matching every term of q."""
    def run(conn):
        return search(sqlite_utils.Database(conn), q, SEARCH_LIMIT, sort=sort,
                      **{k: v for k, v in filters.items() if v})
    documents = await db.execute_fn(run)
    for h in documents:
        h["url"] = document_url(db.ds, h["doc_id"])
    results: dict[str, Any] = {"documents": documents, "assignments": [], "places": []}
    query = parse_query(q)
    fts = query.fts(together=not documents or documents[0]["match"] == "phrase")
    tables = set(await db.table_names())
    for table in ("assignments", "places"):
        if f"{table}_fts" not in tables:
            continue
        label = "coalesce(f.agency, f.assignee)" if table == "assignments" else "f.name"
        detail = "coalesce(f.task, f.quote)" if table == "assignments" else "f.level"
        rows = await db.execute(
            f"""select f.id, f.doc_id, f.page, f.quote, {label} as label, {detail} as detail,
                       coalesce(d.number, d.file_name) as document, f.{'parent' if table == 'places' else 'deadline'} as extra
                from {table}_fts join [{table}] f on f.rowid = {table}_fts.rowid
                join documents d on d.id = f.doc_id and d.rendition_of is null
                where {table}_fts match :q order by bm25({table}_fts) limit :n""",
            {"q": fts, "n": SEARCH_LIMIT})
        for r in rows:
            hit = {**dict(r), "url": document_url(db.ds, r["doc_id"], anchor_id(table, r["id"]))}
            if table == "places":
                hit["detail"] = labels.value("level", r["detail"]) + (f", {r['extra']}" if r["extra"] else "")
            results[table].append(hit)
    return results


async def search_page(datasette, request):
    q = (request.args.get("q") or "").strip()
    filters = {k: (request.args.get(k) or "").strip() for k in SEARCH_FILTERS}
    sort = request.args.get("sort") or "relevance"
    db = datasette.get_database(DATABASE)
    results, error = None, None
    if q:
        try:
            results = await _search(db, q, filters, sort)
        except SearchError as e:
            error = str(e)
    # a place name (the query, or the district filter) also leads to its district's page
    areas = await db.execute_fn(lambda conn: [
        {"url": datasette.urls.path(f"/-/dia-ban/{a.key}"), "label": a.label}
        for text in dict.fromkeys(t for t in (q, filters["district"]) if t)
        for a in areas_named(sqlite_utils.Database(conn), text)])
    types = [r[0] for r in await db.execute(
        "select distinct type from documents where type is not null and rendition_of is null order by type")]
    years = [r[0] for r in await db.execute(
        "select distinct substr(date, 1, 4) from documents where date is not null order by 1 desc")]
    return Response.html(await datasette.render_template(
        "ntm_search.html", {"q": q, "results": results, "error": error, "filters": filters, "sort": sort, "areas": areas,
                            "types": types, "years": years}, request=request))


async def original_page(datasette, request):
    """The ingested file of a document, read-only; found by id, never by a path from the request."""
    db = datasette.get_database(DATABASE)
    rows = (await db.execute("select path, file_name, size, mtime_ns, sha256 from documents where id = ?",
                             [int(request.url_vars["doc_id"])])).rows
    try:
        original = original_file(dict(rows[0]) if rows else None)
    except OriginalUnavailable as e:
        return Response.html(await datasette.render_template(
            "error.html", {"title": "Không mở được tệp gốc", "error": str(e), "status": 404}, request=request),
            status=404)
    body = original.path.read_bytes()
    quoted = urllib.parse.quote(original.file_name)
    return Response(body, status=200, content_type=original.content_type,
                    headers={"content-disposition": f"inline; filename*=UTF-8''{quoted}",
                             "x-content-type-options": "nosniff"})


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page), (r"^/-/tep-goc/(?P<doc_id>[0-9]{1,12})$", original_page)]


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    """Labels for every page; the document page's data on the documents row page."""
    shared = {"ntm_column": labels.column, "ntm_hidden": labels.hidden_columns(),
              "ntm_query_hidden": labels.query_hidden_columns(), "ntm_param": labels.query_param,
              "ntm_op": labels.filter_op,
              "ntm_table_title": lambda name: _table_titles().get(name, labels.column(name)),
              "ntm_value": lambda t, c, v: labels.value(labels.value_kind(t, c), v) if labels.value_kind(t, c) else v}
    if view_name != "row" or database != DATABASE or table != "documents" or request is None:
        return shared

    async def inner():
        pks = request.url_vars.get("pks", "")
        if not pks.isdigit():
            return shared
        return {**shared, **await document_page_vars(datasette, int(pks))}
    return inner


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
        "original_url": datasette.urls.path(f"/-/tep-goc/{doc_id}"),
        "recipients": json.loads(doc.get("recipients") or "[]") if (doc.get("recipients") or "").startswith("[") else [],
        "document_html": Markup(document_html(doc.get("text") or "", highlights)),
        "facts_by_kind": facts_by_kind,
        "fact_titles": FACT_TITLES,
        "fact_labels": LABELS,
        "fact_colors": COLORS,
        "cited_by": cited_by,
        "consistency": facts_by_kind.get("consistency", []),
    }
