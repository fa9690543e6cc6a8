"""The web interface: Datasette over the ntm database (issue: search and browse in a browser).

Datasette does the work; what is ours is configuration, in the Datasette configuration directory
pipeline/face/webapp/: metadata.yaml (Vietnamese titles, column descriptions, facets, canned queries),
settings.json, templates/ (home, search, document page), plugins/ntm_web.py (SQL functions
fold/number_key/deadline_end, the /-/search page, the document page's data, links in query
results), plugins/ntm_guard.py (the login over every route, time and size limits) and static/.
Plugins from PyPI: datasette-cluster-map (map of communes and villages), datasette-auth-passwords
(login, only when NTM_PASSWORD_HASH is set).
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import yaml

CONFIG_DIR = Path(__file__).resolve().parent / "webapp"
DATABASE_NAME = "ntm"
PASSWORD_HASH_ENV = "NTM_PASSWORD_HASH"
# What `datasette hash-password` prints: pbkdf2_sha256$iterations$salt$hash, nothing around it.
PASSWORD_HASH = re.compile(r"pbkdf2_sha256\$\d+\$[^$\s]+\$[^$\s]+")
# The longest text the project's SQL functions take: names, numbers and dates, a page at most.
SQL_FUNCTION_MAX_CHARS = 200_000


class WebConfigError(ValueError):
    """The web cannot be served as configured; the message says what to change (in Vietnamese)."""


def password_hash() -> str | None:
    """NTM_PASSWORD_HASH, or None when it is not set. Set but empty or not a hash is refused:
    whoever set it meant the web to need a login, and must not get an open one instead."""
    if PASSWORD_HASH_ENV not in os.environ:
        return None
    value = os.environ[PASSWORD_HASH_ENV]
    if not value.strip():
        raise WebConfigError(f"{PASSWORD_HASH_ENV} được đặt nhưng để trống, nên không thể yêu cầu đăng nhập. "
                             f"Tạo mã băm bằng `.venv/bin/datasette hash-password` rồi đặt lại {PASSWORD_HASH_ENV}, "
                             f"hoặc bỏ biến này (unset {PASSWORD_HASH_ENV}) nếu không cần đăng nhập.")
    if not PASSWORD_HASH.fullmatch(value):
        raise WebConfigError(f"{PASSWORD_HASH_ENV} không phải mã băm mật khẩu (dạng pbkdf2_sha256$…$…$…, không "
                             f"có khoảng trắng). Tạo mã băm bằng `.venv/bin/datasette hash-password`.")
    return value


def bounded(function):
    """A one-argument SQL function that refuses text longer than SQL_FUNCTION_MAX_CHARS: SQLite
    cannot interrupt a Python function, so each call must stay short (see plugins/ntm_guard.py)."""
    @functools.wraps(function)
    def call(value):
        if isinstance(value, (str, bytes)) and len(value) > SQL_FUNCTION_MAX_CHARS:
            raise ValueError(f"{function.__name__}: đầu vào dài {len(value)} ký tự, "
                             f"giới hạn {SQL_FUNCTION_MAX_CHARS}")
        return function(value)
    return call


def metadata(password_protected: bool) -> dict:
    """metadata.yaml, plus auth.yaml's login requirement when a password is configured."""
    data = yaml.safe_load((CONFIG_DIR / "metadata.yaml").read_text(encoding="utf-8"))
    if password_protected:
        auth = yaml.safe_load((CONFIG_DIR / "auth.yaml").read_text(encoding="utf-8"))
        data["allow"] = auth["allow"]
        data.setdefault("plugins", {}).update(auth["plugins"])
    return data


def make_datasette(db_file: Path):
    """A Datasette on the database, named "ntm", opened read-only (SQLite mode=ro); behind the login
    when NTM_PASSWORD_HASH is set (WebConfigError when it is set but not a hash)."""
    from datasette.app import Datasette
    from datasette.database import Database

    # Not immutable: the database is in WAL mode and may be re-ingested while being served;
    # Datasette's mutable databases are still only ever opened with ?mode=ro.
    ds = Datasette(config_dir=CONFIG_DIR, metadata=metadata(password_hash() is not None))
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
    try:
        ds = make_datasette(db_file)
    except WebConfigError as e:
        raise SystemExit(f"ntm serve: {e}") from None
    print(f"ntm: đang mở {db_file} tại http://{host}:{port}/{DATABASE_NAME} (Ctrl-C để dừng)", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
