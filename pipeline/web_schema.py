"""What the web interface needs from the schema beyond store.py's v1, applied by `ntm serve`.

Idempotent: run before every start, it only adds what is missing. Candidates to move into a
store.py migration (the lead's call):

1. every fact table has every column of its model dataclass, even before any fact of that kind
   was extracted (store.py adds columns only when a fact brings them), so canned queries and
   facets can name `assignments.agency` or `places.latitude` on any database;
2. `places.search_text` (name, variants and parent, printed and folded) and FTS5 over it and
   over `assignments.search_text`, so one search box finds tasks and places too; store.py
   should fill `places.search_text` on insert like it does for assignments; until then this
   fills the rows that lack it;
3. views: `documents_overview` (documents without their long text columns, with `year`, for
   year facets) and `place_mentions` (each place mention with a status read from the facts
   near it, for status facets, the village query and the map). Plain SQL, no custom functions,
   so they work in any SQLite client.
"""
from __future__ import annotations

import os
from dataclasses import fields

import sqlite_utils

from pipeline import model
from pipeline.store import FTS_TOKENIZE, search_text

FACT_MODELS = {
    "references": model.Reference, "places": model.Place, "targets": model.Quantity,
    "achievements": model.Quantity, "budgets": model.Budget, "assignments": model.Assignment,
    "consistency": model.ConsistencyCheck, "dates": model.DateMention, "people": model.Person,
}
SQL_TYPES = {"int": int, "float": float, "bool": int, "str": str}
SEARCHABLE_FACTS = ("assignments", "places")

# Characters around a place mention within which an achievement or target is taken to be about it.
NEAR = 300
VIEWS = {
    "documents_overview": """
select id, number, type, issuer, date, substr(date, 1, 4) as year, title, system, format, pages,
       signer, signer_title, file_name
from documents""",
    "place_mentions": f"""
select p.id, p.level, p.name, p.parent, p.code, p.latitude, p.longitude, p.doc_id, p.page, p.quote,
       coalesce(d.number, d.file_name) as document, d.type as document_type, d.date as document_date,
       case when near.achieved then 1 when near.targeted then 2 else 3 end as status_rank,
       case when near.achieved then 'Có kết quả đạt được' when near.targeted then 'Có chỉ tiêu'
            else 'Được nhắc đến' end as status
from places p
join documents d on d.id = p.doc_id
join (select q.id,
             exists (select 1 from achievements a where a.doc_id = q.doc_id
                     and a.span_start < q.span_end + {NEAR} and a.span_end > q.span_start - {NEAR}) as achieved,
             exists (select 1 from targets t where t.doc_id = q.doc_id
                     and t.span_start < q.span_end + {NEAR} and t.span_end > q.span_start - {NEAR}) as targeted
      from places q) near on near.id = p.id""",
}


def _column_type(annotation) -> type:
    """The SQLite type of a dataclass field: its first simple type; lists are stored as JSON."""
    text = str(annotation)
    for name, sql_type in SQL_TYPES.items():
        if text.startswith(name):
            return sql_type
    return str


def ensure_fact_columns(db: sqlite_utils.Database) -> None:
    for table, cls in FACT_MODELS.items():
        existing = set(db[table].columns_dict)
        for f in fields(cls):
            if f.name in ("span", "text") or f.name in existing:
                continue
            db[table].add_column(f.name, _column_type(f.type))


def fill_place_search_text(db: sqlite_utils.Database) -> None:
    if "search_text" not in db["places"].columns_dict:
        db["places"].add_column("search_text", str)
    rows = list(db.query("select id, name, variants, parent, quote from places where search_text is null"))
    for r in rows:
        db["places"].update(r["id"], {"search_text": search_text(r["name"], r["variants"], r["parent"],
                                                                 r["quote"])})


def ensure_fts(db: sqlite_utils.Database) -> None:
    for table in SEARCHABLE_FACTS:
        if not db[table].detect_fts():
            db[table].enable_fts(["search_text"], fts_version="FTS5", tokenize=FTS_TOKENIZE,
                                 create_triggers=True)


def ensure_views(db: sqlite_utils.Database) -> None:
    """Create missing views and replace changed ones, so a new definition reaches older databases."""
    for name, sql in VIEWS.items():
        create = f"create view [{name}] as {sql}"
        current = db.execute("select sql from sqlite_master where type = 'view' and name = ?", [name]).fetchone()
        if current and current[0] == create:
            continue
        db.execute(f"drop view if exists [{name}]")
        db.execute(create)


def apply(db_file: str | os.PathLike) -> None:
    """Bring the database up to what the web interface reads; a no-op when it already is."""
    db = sqlite_utils.Database(db_file)
    db.execute("PRAGMA busy_timeout=30000")
    # No single transaction: enable_fts runs a script, which commits; each step is idempotent.
    ensure_fact_columns(db)
    fill_place_search_text(db)
    ensure_fts(db)
    ensure_views(db)
    db.close()
