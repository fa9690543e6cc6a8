"""The ntm database (SQLite through sqlite-utils): its schema, the writes of an ingest and of a
cross-check, and every read the faces and the cross-check make.

- schema.py: tables and views, through named migrations only;
- write.py: one document (or one error) per transaction, from the flow's single writer;
- queries.py: search, documents, tasks, places for the CLI and the web;
- corpus.py: the rows the cross-check reasons over; findings.py: its stored findings.

One document is written in one transaction: its row, its pages and every fact table are
replaced together, so a crash leaves either the old or the new version, never a mix. Search
columns hold the text twice, as printed and folded (accents off, đ → d), so SQLite's FTS5
`unicode61 remove_diacritics` finds "so nong nghiep" and "Sở Nông nghiệp" alike.
"""
from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

from pipeline.store.schema import SCHEMA_VERSION, migrate
from pipeline.store.text import number_key, search_text
from pipeline.store.write import Outcome, known_files, load, page_texts, record_error, save_document, write_transaction

DEFAULT_DB = Path("outputs/ntm.db")


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """--db wins, then $NTM_DB, then outputs/ntm.db."""
    return Path(explicit or os.environ.get("NTM_DB") or DEFAULT_DB)


def open_db(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """Open (creating or migrating in place) the ntm database."""
    path = db_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout=30000")     # first: switching to WAL waits for a concurrent opener too
    db.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process still leaves
    # every committed document; only an OS crash or power cut may lose the last few commits.
    db.execute("PRAGMA synchronous=NORMAL")
    migrate(db)
    return db


__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "Outcome", "db_path", "known_files", "load", "number_key", "open_db", "page_texts",
           "record_error", "save_document", "search_text", "write_transaction"]
