"""Storage: the SQLite schema (sqlite-utils) and the writes of one ingest.

One document is written in one transaction: its row, its pages and every fact table are
replaced together, so a crash leaves either the old or the new version, never a mix. Search
columns hold the text twice, as printed and folded (accents off, đ → d), so SQLite's FTS5
`unicode61 remove_diacritics` finds "so nong nghiep" and "Sở Nông nghiệp" alike.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import sqlite_utils

from pipeline import model
from pipeline.normalize import fold

DEFAULT_DB = Path("outputs/ntm.db")
SCHEMA_VERSION = 5

# Fact lists of the extraction record, each stored in a table of the same name.
FACT_TABLES = ("references", "places", "targets", "achievements", "budgets", "assignments",
               "consistency", "dates", "people")
FTS_TOKENIZE = "unicode61 remove_diacritics 2"
FACT_MODELS = {
    "references": model.Reference, "places": model.Place, "targets": model.Quantity,
    "achievements": model.Quantity, "budgets": model.Budget, "assignments": model.Assignment,
    "consistency": model.ConsistencyCheck, "dates": model.DateMention, "people": model.Person,
}


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """--db wins, then $NTM_DB, then outputs/ntm.db."""
    return Path(explicit or os.environ.get("NTM_DB") or DEFAULT_DB)


def search_text(*parts: str | None) -> str:
    """What FTS indexes: the text as printed and folded, so both spellings of a query match."""
    text = "\n".join(p for p in parts if p)
    return f"{text}\n{fold(text)}"


def number_key(number: str | None) -> str | None:
    """A document number as a join key: no spaces, upper case ("05 /CT-UBND" → "05/CT-UBND")."""
    if not number:
        return None
    return "".join(number.split()).upper().replace("Ð", "Đ")


# ---------------------------------------------------------------- schema

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
    for table in FACT_TABLES:
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


def _create_v2(db: sqlite_utils.Database) -> None:
    """Every column of every fact model from the start (queries and facets can name them on any
    database); search over tasks and places; views for the web interface."""
    for table, cls in FACT_MODELS.items():
        existing = set(db[table].columns_dict)
        for f in fields(cls):
            if f.name not in ("span", "text") and f.name not in existing:
                db[table].add_column(f.name, _column_type(f.type))
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
        _mark_renditions(db, doc_id)


def _create_v5(db: sqlite_utils.Database) -> None:
    """Indexes the map and village queries need at 10,000 documents (measured in `make bench`)."""
    db["places"].create_index(["level"], if_not_exists=True)
    for table in ("targets", "achievements"):
        db[table].create_index(["doc_id", "span_start", "span_end"], if_not_exists=True)


MIGRATIONS = {1: _create_v1, 2: _create_v2, 3: _create_v3, 4: _create_v4, 5: _create_v5}


def open_db(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """Open (creating or migrating in place) the ntm database."""
    path = db_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA busy_timeout=30000")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[target](db)
            db.execute(f"PRAGMA user_version={target}")
    return db


# ---------------------------------------------------------------- writes

@dataclass
class Outcome:
    """What the CPU stages made of one file, ready for the single writer."""
    path: str
    size: int
    mtime_ns: int
    status: str                        # ingested | unchanged | failed
    sha256: str | None = None
    stage: str | None = None           # where it failed
    message: str | None = None
    record: dict[str, Any] | None = None
    text: str | None = None
    page_runs: list[tuple[int, int]] = field(default_factory=list)   # (offset, page); empty: no pages
    footnotes: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def known_files(db: sqlite_utils.Database) -> dict[str, tuple[int, int, str]]:
    """path → (size, mtime_ns, sha256) of every ingested document."""
    return {r["path"]: (r["size"], r["mtime_ns"], r["sha256"])
            for r in db.query("select path, size, mtime_ns, sha256 from documents")}


def _fact_row(doc_id: int, fact: dict[str, Any]) -> dict[str, Any]:
    row = {"doc_id": doc_id, "page": fact.get("page"), "quote": fact.get("text")}
    span = fact.get("span") or [None, None]
    row["span_start"], row["span_end"] = span[0], span[1]
    for key, value in fact.items():
        if key in ("span", "text", "page"):
            continue
        row[key] = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
    return row


def page_texts(outcome: Outcome) -> list[tuple[int | None, str]]:
    """(page, text) of each page, from the text and its page runs; one unpaged row without pages."""
    text = outcome.text or ""
    if not outcome.page_runs:
        return [(None, text)]
    doc = model.Document(text=text, format="", page_runs=outcome.page_runs, paged=True,
                         page_count=(outcome.record or {}).get("pages") or max(p for _, p in outcome.page_runs))
    return [(page, doc.page_text(page)) for page in range(1, doc.page_count + 1)]


def save_document(db: sqlite_utils.Database, outcome: Outcome) -> int:
    """Write one ingested document and all its facts, replacing an earlier version, atomically."""
    record = outcome.record or {}
    info = record.get("document") or {}
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    row = {
        "path": outcome.path, "file_name": Path(outcome.path).name, "sha256": outcome.sha256,
        "format": record.get("format"), "size": outcome.size, "mtime_ns": outcome.mtime_ns,
        "pages": record.get("pages"), "number_key": number_key(info.get("number")),
        "text": outcome.text, "footnotes": json.dumps(outcome.footnotes, ensure_ascii=False),
        "search_text": search_text(info.get("number"), info.get("type"), info.get("title"),
                                   info.get("issuer")),
        "ingested_at": now,
        **{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v)
           for k, v in info.items() if k in db["documents"].columns_dict},
    }
    with db.atomic():
        existing = db.execute("select id from documents where path = ?", [outcome.path]).fetchone()
        if existing:
            doc_id = existing[0]
            for table in FACT_TABLES + ("pages",):
                db.execute(f"delete from [{table}] where doc_id = ?", [doc_id])
            db["documents"].update(doc_id, row)
        else:
            doc_id = db["documents"].insert(row).last_pk
        db["pages"].insert_all(
            {"doc_id": doc_id, "page": page, "text": t, "ocr": 0, "search_text": search_text(t)}
            for page, t in page_texts(outcome))
        for table in FACT_TABLES:
            rows = [_fact_row(doc_id, f) for f in record.get(table) or []]
            if table == "references":
                for r in rows:
                    r["number_key"] = number_key(r.get("number"))
            if table == "assignments":
                for r in rows:
                    r["search_text"] = search_text(r.get("assignee"), r.get("agency"), r.get("task"))
            if table == "places":
                _register_places(rows)
            if rows:
                db[table].insert_all(rows, alter=True)
        _mark_renditions(db, doc_id)
        _link_references(db, doc_id, row["number_key"])
        db.execute("delete from ingest_errors where path = ?", [outcome.path])
    return doc_id


def _register_places(rows: list[dict[str, Any]]) -> None:
    """Search text, and for villages the code of their commune and their registry key."""
    from extractors.places import place_key, village_key

    communes: dict[str, str] = {}
    for r in rows:
        if r.get("level") == "commune" and r.get("code"):
            for name in [r.get("name") or ""] + json.loads(r.get("variants") or "[]"):
                communes[place_key(name)] = r["code"]
    for r in rows:
        r["search_text"] = search_text(r.get("name"), r.get("variants"), r.get("parent"), r.get("quote"))
        if r.get("level") == "village":
            r["parent_code"] = communes.get(place_key(r.get("parent") or ""))
            r["registry_key"] = village_key(r["parent_code"] or place_key(r.get("parent") or ""), r.get("name") or "")
        else:
            r["registry_key"] = r.get("code")


def _mark_renditions(db: sqlite_utils.Database, doc_id: int) -> None:
    """Group the files that hold one document (same number and date; for a draft without a
    number, same type, issuer, date and title) and point all but the first path at it."""
    d = db.execute("select number_key, date, type, issuer, title from documents where id = ?", [doc_id]).fetchone()
    if d is None:
        return
    number_key, date, type_, issuer, title = d
    if number_key:
        where, args = "number_key = ? and coalesce(date, '') = coalesce(?, '')", [number_key, date]
    elif type_ and issuer and title:
        where = ("number_key is null and type = ? and issuer = ? and title = ? "
                 "and coalesce(date, '') = coalesce(?, '')")
        args = [type_, issuer, title, date]
    else:
        db.execute("update documents set rendition_of = null where id = ?", [doc_id])
        return
    group = [r[0] for r in db.execute(f"select id from documents where {where} order by path", args)]
    db.execute(f"update documents set rendition_of = case when id = ? then null else ? end "
               f"where id in ({','.join('?' * len(group))})", [group[0], group[0], *group])


def _link_references(db: sqlite_utils.Database, doc_id: int, own_key: str | None) -> None:
    """Point references at ingested documents (the first file of a document held in several):
    this one's citations out, and the citations of it."""
    db.execute("""update [references] set cited_doc_id = (
                    select coalesce(d.rendition_of, d.id) from documents d
                    where d.number_key = [references].number_key order by d.date desc limit 1)
                  where doc_id = ?""", [doc_id])
    if own_key:
        db.execute("""update [references] set cited_doc_id = (
                        select coalesce(rendition_of, id) from documents where id = ?)
                      where number_key = ? and doc_id != ?""", [doc_id, own_key, doc_id])


def record_error(db: sqlite_utils.Database, outcome: Outcome) -> None:
    """One row per failing file and stage; the same failure again changes nothing."""
    with db.atomic():
        same = db.execute("select id from ingest_errors where path = ? and coalesce(sha256, '') = ? "
                          "and stage = ? and message = ?",
                          [outcome.path, outcome.sha256 or "", outcome.stage, outcome.message]).fetchone()
        if same:
            return
        db.execute("delete from ingest_errors where path = ?", [outcome.path])
        db["ingest_errors"].insert({
            "path": outcome.path, "sha256": outcome.sha256, "stage": outcome.stage,
            "message": outcome.message,
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})


def touch_file(db: sqlite_utils.Database, outcome: Outcome) -> None:
    """Same content, new mtime: remember the stat so the next run needs no hashing."""
    with db.atomic():
        db.execute("update documents set size = ?, mtime_ns = ? where path = ?",
                   [outcome.size, outcome.mtime_ns, outcome.path])


def load(db: sqlite_utils.Database, outcome: Outcome) -> None:
    """Write whatever an outcome calls for: the document, a new stat, or the error."""
    if outcome.status == "ingested":
        save_document(db, outcome)
    elif outcome.status == "unchanged":
        touch_file(db, outcome)
    else:
        record_error(db, outcome)
