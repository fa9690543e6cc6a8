"""Writes of one ingest: a document with all its facts, a new stat for an unchanged file, or the
error of a file that failed. Each call is one write transaction (`write_transaction`).

Several writers may share one database (two `ntm ingest` runs, `ntm watch` beside a manual
ingest): every write transaction takes SQLite's write lock when it begins (BEGIN IMMEDIATE), so
a writer waits under the busy timeout instead of failing when it upgrades a read to a write.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from pipeline.model import FACT_KINDS, Document
from pipeline.model.gazetteer import place_key, village_key
from pipeline.store.text import number_key, search_text

# Tries of BEGIN IMMEDIATE, each waiting out the connection's busy timeout (30 s, set by open_db).
WRITE_ATTEMPTS = 5


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database, attempts: int = WRITE_ATTEMPTS):
    """One write transaction that holds the write lock from its first statement (BEGIN
    IMMEDIATE), retried a bounded number of times while another writer holds the lock.

    A deferred transaction starts as a read and is upgraded at its first write; if another
    writer committed in between, SQLite fails it at once ("database is locked") without waiting.
    """
    for attempt in range(1, attempts + 1):
        try:
            db.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or attempt == attempts:
                raise
            time.sleep(random.uniform(0.05, 0.25) * attempt)   # apart, so waiting writers do not collide again
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise


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
    doc = Document(text=text, format="", page_runs=outcome.page_runs, paged=True,
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
        **{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
           for k, v in info.items() if k in db["documents"].columns_dict},
    }
    with write_transaction(db):
        existing = db.execute("select id from documents where path = ?", [outcome.path]).fetchone()
        if existing:
            doc_id = existing[0]
            for table in FACT_KINDS + ("pages",):
                db.execute(f"delete from [{table}] where doc_id = ?", [doc_id])
            db["documents"].update(doc_id, row)
        else:
            doc_id = db["documents"].insert(row).last_pk
        ocr_pages = {int(p) for p in (record.get("ocr_pages") or {})}
        db["pages"].insert_all(
            {"doc_id": doc_id, "page": page, "text": t, "ocr": int(page in ocr_pages), "search_text": search_text(t)}
            for page, t in page_texts(outcome))
        for table in FACT_KINDS:
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
        mark_renditions(db, doc_id)
        _link_references(db, doc_id, row["number_key"])
    return doc_id


def _register_places(rows: list[dict[str, Any]]) -> None:
    """Search text, and for villages the code of their commune and their registry key."""
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


def mark_renditions(db: sqlite_utils.Database, doc_id: int) -> None:
    """Group the files that hold one document and point all but the first path at it
    (`rendition_of`): byte-identical copies (same sha256, also marked `copy_of`: one document with
    several file names), and renditions (same number and date; for a draft without a number, same
    type, issuer, date and title). The groups this file left are regrouped too."""
    former = [r[0] for r in db.execute("select id from documents where rendition_of = ? and id != ?",
                                       [doc_id, doc_id])]
    _group(db, doc_id)
    for other in former:
        _group(db, other)


def _group(db: sqlite_utils.Database, doc_id: int) -> None:
    d = db.execute("select number_key, date, type, issuer, title, sha256 from documents where id = ?",
                   [doc_id]).fetchone()
    if d is None:
        return
    number_key, date, type_, issuer, title, sha = d
    if number_key:
        where, args = "number_key = ? and coalesce(date, '') = coalesce(?, '')", [number_key, date]
    elif type_ and issuer and title:
        where = ("number_key is null and type = ? and issuer = ? and title = ? "
                 "and coalesce(date, '') = coalesce(?, '')")
        args = [type_, issuer, title, date]
    else:
        where, args = "0", []
    group = list(db.execute(f"select id, sha256 from documents where ({where}) or sha256 = ? order by path",
                            [*args, sha]))
    first = group[0][0]
    original: dict[str, int] = {}
    for gid, gsha in group:
        original.setdefault(gsha, gid)
        db.execute("update documents set rendition_of = ?, copy_of = ? where id = ?",
                   [None if gid == first else first, None if original[gsha] == gid else original[gsha], gid])


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
    """One row per failure of a file; the same failure again, with no success in between, changes
    nothing. Earlier rows stay: the history (`ntm errors --all`); queries.errors tells the current state."""
    with write_transaction(db):
        latest = db.execute("select coalesce(sha256, ''), stage, message, time from ingest_errors where path = ? "
                            "order by id desc limit 1", [outcome.path]).fetchone()
        if latest and latest[:3] == (outcome.sha256 or "", outcome.stage, outcome.message):
            fixed_since = db.execute("select 1 from documents where path = ? and ingested_at >= ?",
                                     [outcome.path, latest[3]]).fetchone()
            if not fixed_since:
                return
        db["ingest_errors"].insert({
            "path": outcome.path, "sha256": outcome.sha256, "stage": outcome.stage,
            "message": outcome.message,
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")})


def touch_file(db: sqlite_utils.Database, outcome: Outcome) -> None:
    """Same content, new mtime: remember the stat so the next run needs no hashing."""
    with write_transaction(db):
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
