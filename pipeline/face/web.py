"""The web interface: Datasette over the ntm database (issue: search and browse in a browser).

Datasette does the work; what is ours is configuration, in the Datasette configuration directory
pipeline/face/webapp/: metadata.yaml (Vietnamese titles, column descriptions, facets, canned queries),
settings.json, templates/ (home, search, document page), plugins/ntm_web.py (SQL functions
fold/number_key/deadline_end, the /-/search page, the document page's data, links in query
results) and static/. Plugins from PyPI: datasette-cluster-map (map of communes and villages),
datasette-auth-passwords (login, only when NTM_PASSWORD_HASH is set).
"""
from __future__ import annotations

import os
from pathlib import Path

import yaml

CONFIG_DIR = Path(__file__).resolve().parent / "webapp"
DATABASE_NAME = "ntm"
PASSWORD_HASH_ENV = "NTM_PASSWORD_HASH"


def metadata(password_protected: bool) -> dict:
    """metadata.yaml, plus auth.yaml's login requirement when a password is configured."""
    data = yaml.safe_load((CONFIG_DIR / "metadata.yaml").read_text(encoding="utf-8"))
    if password_protected:
        auth = yaml.safe_load((CONFIG_DIR / "auth.yaml").read_text(encoding="utf-8"))
        data["allow"] = auth["allow"]
        data.setdefault("plugins", {}).update(auth["plugins"])
    return data


def make_datasette(db_file: Path):
    """A Datasette on the database, named "ntm", opened read-only (SQLite mode=ro)."""
    from datasette.app import Datasette
    from datasette.database import Database

    # Not immutable: the database is in WAL mode and may be re-ingested while being served;
    # Datasette's mutable databases are still only ever opened with ?mode=ro.
    ds = Datasette(config_dir=CONFIG_DIR, metadata=metadata(bool(os.environ.get(PASSWORD_HASH_ENV))))
    ds.add_database(Database(ds, path=str(db_file), is_mutable=True), name=DATABASE_NAME)
    ds.remove_database("_memory")   # added by Datasette when it is given no files
    return ds


def serve(db_file: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve until Ctrl-C, after bringing an older database's schema up to date."""
    import uvicorn

    from pipeline import store

    db_file = Path(db_file)
    if not db_file.exists():
        raise SystemExit(f"không có cơ sở dữ liệu ở {db_file}: hãy nạp văn bản trước (ntm ingest)")
    store.open_db(db_file).close()
    ds = make_datasette(db_file)
    print(f"ntm: đang mở {db_file} tại http://{host}:{port}/ (Ctrl-C để dừng)", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
