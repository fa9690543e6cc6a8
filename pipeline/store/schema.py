"""The schema of the ntm database: every table and view, created and changed only by the named
migrations below, applied in order and recorded in `PRAGMA user_version`, each in one transaction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import fields

import sqlite_utils

from pipeline.model import FACT_KINDS, FACT_MODELS
from pipeline.store.text import search_text
from pipeline.store.write import mark_renditions, write_transaction

FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def _create_v1(db: sqlite_utils.Database) -> None:
    db["documents"].create({
        "id": int, "path": str, "file_name": str, "sha256": str, "format": str, "size": int,
        "mtime_ns": int, "pages": int, "number": str, "number_key": str, "number_symbol": str,
        "type": str, "issuer": str, "place": str, "date": str, "title": str, "signer": str,
        "signer_title": str, "signing_mark": str, "recipients": str, "system": str,
        "text": str, "footnotes": str, "search_text": str, "ingested_at": str,
    }, pk="id", not_null={"path", "sha256"})
    db["documents"].create_index(["path"], unique=True)
    db["documents"].create_index(["sha256"])
    db["documents"].create_index(["number_key"])
    db["pages"].create({"id": int, "doc_id": int, "page": int, "text": str, "ocr": int,
                        "search_text": str}, pk="id", foreign_keys=[("doc_id", "documents", "id")])
    db["pages"].create_index(["doc_id", "page"], unique=True)
    db["ingest_errors"].create({"id": int, "path": str, "sha256": str, "stage": str,
                                "message": str, "time": str}, pk="id")
    db["ingest_errors"].create_index(["path"])
    for table in FACT_KINDS:
        db[table].create({"id": int, "doc_id": int, "page": int, "span_start": int,
                          "span_end": int, "quote": str}, pk="id",
                         foreign_keys=[("doc_id", "documents", "id")])
        db[table].create_index(["doc_id"])
    db["references"].add_column("number", str)
    db["references"].add_column("number_key", str)
    db["references"].add_column("cited_doc_id", int, fk="documents", fk_col="id")
    db["references"].create_index(["number_key"])
    db["references"].create_index(["cited_doc_id"])
    db["assignments"].add_column("search_text", str)
    db["pages"].enable_fts(["search_text"], fts_version="FTS5", tokenize=FTS_TOKENIZE, create_triggers=True)
    db["documents"].enable_fts(["search_text"], fts_version="FTS5", tokenize=FTS_TOKENIZE, create_triggers=True)


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
    for name, sql_type in (("int", int), ("float", float), ("bool", int)):
        if text.startswith(name):
            return sql_type
    return str


def _add_model_columns(db: sqlite_utils.Database) -> None:
    """A column for every field of every fact model that its table lacks (a field added to the
    model later gets its column from the migration that names it)."""
    for table, cls in FACT_MODELS.items():
        existing = set(db[table].columns_dict)
        for f in fields(cls):
            if f.name not in ("span", "text") and f.name not in existing:
                db[table].add_column(f.name, _column_type(f.type))


def _create_v2(db: sqlite_utils.Database) -> None:
    """Every column of every fact model from the start (queries and facets can name them on any
    database); search over tasks and places; views for the web interface."""
    _add_model_columns(db)
    db["places"].add_column("search_text", str)
    for r in list(db.query("select id, name, variants, parent, quote from places")):
        db["places"].update(r["id"], {"search_text": search_text(r["name"], r["variants"], r["parent"], r["quote"])})
    for table in ("assignments", "places"):
        db[table].enable_fts(["search_text"], fts_version="FTS5", tokenize=FTS_TOKENIZE, create_triggers=True)
    for name, sql in VIEWS.items():
        db.execute(f"drop view if exists [{name}]")
        db.execute(f"create view [{name}] as {sql}")


# Entity registries across documents, derived from the fact tables (so never out of step).
REGISTRY_VIEWS = {
    "place_units": """
select code, level, max(name) as name, max(parent) as parent, max(latitude) as latitude,
       max(longitude) as longitude, max(successor) as successor, count(distinct doc_id) as documents
from places where code is not null group by code, level""",
    "villages": """
select registry_key as key, min(name) as name, max(parent) as commune, max(parent_code) as commune_code,
       (select json_group_array(spelling) from (
           select p2.name as spelling from places p2 where p2.registry_key = p.registry_key
           union select j.value from places p2, json_each(coalesce(p2.variants, '[]')) j
           where p2.registry_key = p.registry_key)) as spellings,
       count(distinct doc_id) as documents
from places p where level = 'village' group by registry_key""",
    "agencies": """
select agency as name, json_group_array(distinct assignee) as written_as, count(*) as tasks,
       count(distinct doc_id) as documents
from assignments where agency is not null group by agency""",
}


def _create_v3(db: sqlite_utils.Database) -> None:
    """The registries of places, villages (merged across documents by commune and number or
    name) and agencies, as views over the facts."""
    db["places"].add_column("parent_code", str)
    db["places"].add_column("registry_key", str)
    db["places"].create_index(["registry_key"])
    db["places"].create_index(["code"])
    db["assignments"].create_index(["agency"])
    for name, sql in REGISTRY_VIEWS.items():
        db.execute(f"drop view if exists [{name}]")
        db.execute(f"create view [{name}] as {sql}")


def _create_v4(db: sqlite_utils.Database) -> None:
    """`rendition_of`: the same document in another file (a PDF and a DOCX of one letter), so
    tasks, search hits and commitments are counted once."""
    db["documents"].add_column("rendition_of", int)
    db["documents"].create_index(["rendition_of"])
    for (doc_id,) in db.execute("select id from documents").fetchall():
        mark_renditions(db, doc_id)


def _create_v5(db: sqlite_utils.Database) -> None:
    """Indexes the map and village queries need at 10,000 documents (measured in `make bench`)."""
    db["places"].create_index(["level"], if_not_exists=True)
    for table in ("targets", "achievements"):
        db[table].create_index(["doc_id", "span_start", "span_end"], if_not_exists=True)


# Cross-check findings: derived data, replaced whole by every cross-check run (store/findings.py).
FINDING_TABLES = {
    "commitment_status": {
        "id": int, "commitment_key": str, "kind": str, "label": str, "indicator": str, "indicator_label": str,
        "place": str, "place_level": str, "district": str, "deadline": str, "deadline_year": int,
        "value": float, "unit": str, "items": str, "assignee": str, "task": str, "doc_id": int, "number": str,
        "date": str, "page": int, "span_start": int, "span_end": int, "quote": str, "status": str,
        "fraction": str, "achieved": float, "required": float, "note": str, "item_states": str,
        "checked_at": str},
    "evidence": {
        "id": int, "commitment_status_id": int, "role": str, "doc_id": int, "number": str, "date": str,
        "page": int, "span_start": int, "span_end": int, "quote": str, "as_of": str, "value": float,
        "place": str, "stance": str, "decision": str},
    "status_timeline": {
        "id": int, "level": str, "name": str, "commune": str, "district": str, "variants": str,
        "spelled": str, "when": str, "status": str, "indicator": str, "decision": str, "doc_id": int,
        "number": str, "date": str, "page": int, "span_start": int, "span_end": int, "quote": str},
}


def _create_v6(db: sqlite_utils.Database) -> None:
    """The cross-check's tables, which earlier versions created outside the migrations: dropped
    (they are derived, the next cross-check refills them) and created with every column."""
    for table in ("evidence", "status_timeline", "commitment_status"):
        db.execute(f"drop table if exists [{table}]")
    db["commitment_status"].create(FINDING_TABLES["commitment_status"], pk="id",
                                   foreign_keys=[("doc_id", "documents", "id")])
    db["evidence"].create(FINDING_TABLES["evidence"], pk="id",
                          foreign_keys=[("commitment_status_id", "commitment_status", "id"),
                                        ("doc_id", "documents", "id")])
    db["evidence"].create_index(["commitment_status_id"])
    db["status_timeline"].create(FINDING_TABLES["status_timeline"], pk="id",
                                 foreign_keys=[("doc_id", "documents", "id")])


FINDINGS_COLUMNS = {
    "id": int, "commitment_key": str, "kind": str, "label": str, "indicator": str, "indicator_label": str,
    "place": str, "place_level": str, "place_code": str, "district_code": str, "province_code": str,
    "district": str, "deadline": str, "deadline_end": str, "value": float, "denominator": float, "unit": str,
    "comparator": str, "increment": int, "criteria": str, "assignee": str, "role": str, "task": str,
    "status": str, "status_label": str, "reason": str, "fraction": str, "achieved": float, "required": float,
    "doc_id": int, "doc_sha256": str, "number": str, "doc_type": str, "date": str, "file_name": str,
    "page": int, "page_unit": str, "span_start": int, "span_end": int, "quote": str, "made": str,
    "today": str, "checked_at": str, "fact_id": int}
FINDING_EVIDENCE_COLUMNS = {
    "id": int, "finding_id": int, "role": str, "doc_id": int, "number": str, "date": str, "file_name": str,
    "page": int, "page_unit": str, "span_start": int, "span_end": int, "quote": str, "as_of": str,
    "value": float, "place": str, "stance": str, "decision": str}
REVIEW_COLUMNS = {
    "id": int, "commitment_key": str, "doc_sha256": str, "quote": str, "place": str, "indicator": str,
    "deadline": str, "status": str, "note": str, "by": str, "at": str}


def _create_v7(db: sqlite_utils.Database) -> None:
    """One status everywhere: `findings` (commitments and tasks, with status, reason, page and the
    plan's passage), `finding_evidence`, and `reviews` (a person's verdict, keyed by the commitment
    key, which is derived from document content and quote, so it survives re-ingest and re-check).
    `findings_reviewed` joins the latest verdict beside the machine's status. Replaces the earlier
    `commitment_status` and `evidence` tables (derived data: the next cross-check refills them)."""
    for table in ("evidence", "commitment_status"):
        db.execute(f"drop table if exists [{table}]")
    # idempotent: a database made while this migration was numbered 7 on its branch already has them
    db["findings"].create(FINDINGS_COLUMNS, pk="id", if_not_exists=True)
    db["findings"].create_index(["commitment_key"], if_not_exists=True)
    db["findings"].create_index(["kind", "status"], if_not_exists=True)
    db["findings"].create_index(["deadline_end"], if_not_exists=True)
    db["finding_evidence"].create(FINDING_EVIDENCE_COLUMNS, pk="id", if_not_exists=True,
                                  foreign_keys=[("finding_id", "findings", "id")])
    db["finding_evidence"].create_index(["finding_id"], if_not_exists=True)
    db["reviews"].create(REVIEW_COLUMNS, pk="id", if_not_exists=True)
    db["reviews"].create_index(["commitment_key"], if_not_exists=True)
    if "copy_of" not in db["documents"].columns_dict:
        db["documents"].add_column("copy_of", int)
    db.execute("drop view if exists findings_reviewed")
    db.execute("""create view findings_reviewed as
        select f.*, r.status as review_status, r.note as review_note, r.[by] as review_by, r.at as review_at
        from findings f left join reviews r on r.id = (
            select max(id) from reviews where commitment_key = f.commitment_key)""")


TIMELINE_PLACE_COLUMNS = {"page_unit": str, "file_name": str, "commune_code": str, "district_code": str,
                          "province_code": str}


def _timeline_places(db: sqlite_utils.Database) -> None:
    """`status_timeline` with the page's unit (trang | đoạn: a plain-text file has paragraphs, not
    pages), the file, and the codes of the place's commune, district and province, so that district
    pages find a place's timeline by code rather than by its district's name. Idempotent."""
    existing = set(db["status_timeline"].columns_dict)
    for column, sql_type in TIMELINE_PLACE_COLUMNS.items():
        if column not in existing:
            db["status_timeline"].add_column(column, sql_type)
    db["status_timeline"].create_index(["district_code"], if_not_exists=True)


def _document_candidates(db: sqlite_utils.Database) -> None:
    """`documents.candidates`: what each OCR engine read where a scanned header's number or day was
    written by hand (JSON), so a person can confirm a value a second read gave. Idempotent."""
    if "candidates" not in db["documents"].columns_dict:
        db["documents"].add_column("candidates", str)


# Named migrations, in order: `PRAGMA user_version` counts those applied, and the `migrations`
# table records each one's name and time (as sqlite-migrate does).
MIGRATIONS = [
    ("documents_pages_facts_search", _create_v1),
    ("fact_columns_and_web_views", _create_v2),
    ("registries_of_places_villages_agencies", _create_v3),
    ("renditions", _create_v4),
    ("indexes_for_map_and_villages", _create_v5),
    ("crosscheck_tables", _create_v6),
    ("fact_attachment_column", _add_model_columns),     # Fact.attachment: facts of an attached document
    ("findings_reviews_and_copies", _create_v7),
    ("timeline_page_units_and_place_codes", _timeline_places),
    ("document_ocr_candidates", _document_candidates),
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite_utils.Database) -> None:
    """Apply every migration not applied yet, each in its own transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, (name, step) in enumerate(MIGRATIONS[version:], start=version + 1):
        with write_transaction(db):
            if db.execute("PRAGMA user_version").fetchone()[0] >= number:
                continue        # another process (a second ingest) applied it while this one waited
            step(db)
            if "migrations" not in db.table_names():
                db["migrations"].create({"number": int, "name": str, "applied_at": str}, pk="number")
            db["migrations"].insert({"number": number, "name": name,
                                     "applied_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")},
                                    replace=True)
            db.execute(f"PRAGMA user_version={number}")
