"""Datasette plugin: the login covers every route, and no request or statement runs unbounded.

Loaded from pipeline/face/webapp/plugins/ beside ntm_web.py; it adds no page of its own.

- Login: when a password is configured (metadata `allow`, see pipeline/face/web.py), one ASGI
  wrapper asks Datasette's permission hook (`view-instance`, with the actor Datasette's own
  `actor_from_request` hooks find) before any route runs — Datasette's views, the plugins'
  routes (/-/search), and any route added later. Only the login page and static files (CSS,
  JavaScript, no data) are open; anyone else gets 403 and a link to /-/login.
- Time: a request that has not started its answer after NTM_WEB_REQUEST_SECONDS (default 10)
  is answered 503 and abandoned; a statement still running past Datasette's `sql_time_limit_ms`
  (plus a grace) is interrupted with sqlite3_interrupt by a watchdog thread. Datasette's own
  limit is a progress handler, which SQLite does not call inside FTS5's bm25() or a Python SQL
  function: that is how one search with thousands of terms held a thread for 38 s.
- Size: no SQL value may exceed MAX_VALUE_BYTES (SQLITE_LIMIT_LENGTH), and the project's Python
  SQL functions refuse inputs longer than pipeline.face.web.SQL_FUNCTION_MAX_CHARS, so one call
  of fold() stays short enough for the limits above to act between calls.
"""
from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import threading
import time

import datasette.handle_exception as datasette_errors
from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.plugins import pm
from datasette.utils import await_me_maybe
from datasette.utils.asgi import Request, Response

# Datasette 0.65.5 prints each error with rich's print_exception, which rich 15 refuses outside an
# except block: every 404 of a path no route matches (/../../etc/passwd) became a 500. The error
# pages stay; only the console printing goes.
datasette_errors.rich = None

# Open without a login: the login itself and files with no data in them.
PUBLIC = re.compile(r"/-/login|/-/logout|/favicon\.ico|/-/static/.*|/-/static-plugins/.*|/static/.*")
REQUEST_SECONDS_ENV = "NTM_WEB_REQUEST_SECONDS"
REQUEST_SECONDS = 10.0
STATEMENT_GRACE_SECONDS = 0.5            # after Datasette's own limit has had its chance
MAX_VALUE_BYTES = 64 * 2**20             # above any document's text; far below a machine's memory
TOO_SLOW = ("Yêu cầu này chạy quá {seconds:g} giây nên đã bị dừng. Hãy thu hẹp tìm kiếm (ít từ hơn, "
            "cụ thể hơn) rồi thử lại.")


def _request_seconds() -> float:
    try:
        return float(os.environ.get(REQUEST_SECONDS_ENV) or REQUEST_SECONDS)
    except ValueError:
        return REQUEST_SECONDS


def _is_protected(datasette) -> bool:
    return bool(datasette.metadata("allow"))


async def _actor(datasette, request: Request):
    """The actor as Datasette's router finds it: the first actor_from_request hook that names one."""
    for actor in pm.hook.actor_from_request(datasette=datasette, request=request):
        actor = await await_me_maybe(actor)
        if actor:
            return actor
    return None


def _path(scope) -> str:
    raw = scope.get("raw_path")                 # Datasette routes on the raw path too
    return (raw.decode("latin-1") if raw else scope["path"]).partition("?")[0]


def _page(title: str, body_html: str, status: int) -> Response:
    return Response.html(f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
                         f'<link rel="stylesheet" href="/-/static/app.css"></head><body><section class="content">'
                         f'<h1>{title}</h1>{body_html}</section></body></html>', status=status)


async def _refuse(send, datasette) -> None:
    login = datasette.urls.path("/-/login")
    await _page("Cần đăng nhập", f'<p>Trang này chỉ dành cho người đã đăng nhập: <a href="{login}">đăng nhập</a>.</p>',
                403).asgi_send(send)


async def _too_slow(send, seconds: float) -> None:
    await _page("Quá thời gian", f"<p>{TOO_SLOW.format(seconds=seconds)}</p>", 503).asgi_send(send)


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            if _is_protected(datasette) and not PUBLIC.fullmatch(_path(scope)):
                actor = await _actor(datasette, Request(scope, receive))
                if not await datasette.permission_allowed(actor, "view-instance", default=True):
                    return await _refuse(send, datasette)
            started = False

            async def send_tracked(message):
                nonlocal started
                started = started or message["type"] == "http.response.start"
                await send(message)

            seconds = _request_seconds()
            try:
                await asyncio.wait_for(app(scope, receive, send_tracked), seconds)
            except asyncio.TimeoutError:
                if not started:              # once an answer has begun it can only be cut short
                    await _too_slow(send, seconds)
        return guarded
    return wrap


@hookimpl
def handle_exception(datasette, request, exception):
    """A statement interrupted by a time limit is the user's to narrow down, not a server error."""
    if isinstance(exception, QueryInterrupted):
        return _page("Quá thời gian", f"<p>{TOO_SLOW.format(seconds=_statement_seconds(datasette))}</p>", 503)
    return None


# ---------------------------------------------------------------- the statement watchdog

def _statement_seconds(datasette) -> float:
    return datasette.setting("sql_time_limit_ms") / 1000


class StatementWatchdog:
    """Interrupts a connection whose current statement began more than `seconds` ago.

    A statement's start is seen through the connection's trace callback (called by SQLite as each
    statement starts); interrupting a connection that has since gone idle is a no-op in SQLite."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.connections: dict[int, sqlite3.Connection] = {}    # Datasette keeps a few, for good
        self.started: dict[int, float] = {}
        self.lock = threading.Lock()
        threading.Thread(target=self._watch, name="ntm-statement-watchdog", daemon=True).start()

    def watch(self, conn: sqlite3.Connection) -> None:
        key = id(conn)
        self.connections[key] = conn

        def began(_sql):
            with self.lock:
                self.started[key] = time.monotonic()
        conn.set_trace_callback(began)

    def _watch(self) -> None:
        while True:
            time.sleep(min(0.25, self.seconds / 4))
            now = time.monotonic()
            with self.lock:
                late = [key for key, t in self.started.items() if now - t > self.seconds]
                for key in late:
                    del self.started[key]
            for key in late:
                try:
                    self.connections[key].interrupt()
                except sqlite3.ProgrammingError:      # closed meanwhile
                    pass


_watchdogs: dict[int, StatementWatchdog] = {}


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    key = id(datasette)
    if key not in _watchdogs:
        _watchdogs[key] = StatementWatchdog(_statement_seconds(datasette) + STATEMENT_GRACE_SECONDS)
    _watchdogs[key].watch(conn)
