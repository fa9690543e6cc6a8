"""The web's login and limits (issue 14, findings 1, 3 and 6): every route the app registers is
behind the login when a password is set; an empty hash is refused; a path no route serves is a
404; no statement, SQL function call or request runs past its limit. Datasette's own ASGI app,
called in-process with the scope a server would give it (raw paths included)."""
from __future__ import annotations

import asyncio
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.face import web
from pipeline.face.cli import app as cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
HASH = "pbkdf2_sha256$480000$invented$not-a-real-hash"    # invented: no password opens it
# Values for the named groups of route patterns; other parts of a pattern are generated.
SAMPLE_GROUPS = {"database": "ntm", "table": "documents", "pks": "1", "format": "json", "path": "app.css",
                 "rest": ""}


@pytest.fixture(scope="module")
def db_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, folder / f.name)
    db = tmp_path_factory.mktemp("db") / "web.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


async def call(ds, path: str, cookies: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One GET through the whole app (every ASGI wrapper), with `path` sent as is, as a server does."""
    raw, _, query = path.partition("?")
    headers = [(b"host", b"localhost")]
    if cookies:
        headers.append((b"cookie", "; ".join(f"{k}={v}" for k, v in cookies.items()).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": urllib.parse.unquote(raw), "raw_path": raw.encode("latin-1"), "query_string": query.encode(),
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8001)}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await ds.app()(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body.decode("utf-8", "replace")


def sample_path(pattern: re.Pattern) -> str:
    """A path the route pattern matches: literals kept, named groups from SAMPLE_GROUPS, optional
    parts left out, a character class by one character it allows."""
    from re import _constants as c
    from re import _parser

    names = {number: name for name, number in pattern.groupindex.items()}

    def make(parsed) -> str:
        out = []
        for op, av in parsed:
            if op is c.LITERAL:
                out.append(chr(av))
            elif op is c.SUBPATTERN:
                name = names.get(av[0])
                out.append(SAMPLE_GROUPS[name] if name in SAMPLE_GROUPS else make(av[3]))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                out.append(make(av[2]) * av[0])
            elif op is c.BRANCH:
                out.append(make(av[1][0]))
            elif op is c.IN:
                first = av[0]
                if first[0] is c.LITERAL:
                    out.append(chr(first[1]))
                elif first[0] is c.RANGE:
                    out.append(chr(first[1][0]))
                elif first[0] is c.CATEGORY:
                    out.append("0" if first[1] is c.CATEGORY_DIGIT else "a")
                else:                          # a negated class: a letter it does not exclude here
                    out.append("a")
            elif op in (c.ANY, c.NOT_LITERAL):
                out.append("a")
        return "".join(out)
    return make(_parser.parse(pattern.pattern))


def test_every_route_needs_the_login_when_a_password_is_set(db_file, monkeypatch):
    monkeypatch.setenv(web.PASSWORD_HASH_ENV, HASH)
    ds = web.make_datasette(db_file)
    routes = ds._routes()                      # every route: Datasette's, the plugins', ours
    assert any(p.pattern == r"^/-/search$" for p, _ in routes)
    public = re.compile(r"/-/login|/-/logout|/favicon\.ico|/-/static/.*|/-/static-plugins/.*|/static/.*")

    async def walk():
        out = {}
        for pattern, _ in routes:
            path = sample_path(pattern)
            assert pattern.match(path), (pattern.pattern, path)
            out[path] = await call(ds, path + ("?q=kon+tum" if "search" in path else ""))
        return out
    answers = asyncio.run(walk())
    assert len(answers) >= 25
    for path, (status, _headers, body) in answers.items():
        if public.fullmatch(path):
            continue                           # the login page, and files without data
        assert status in (302, 401, 403), (path, status, body[:200])
        assert "Kon Tum" not in body and "UBND" not in body, path
    status, _, body = asyncio.run(call(ds, "/-/login"))
    assert status == 200 and "Đăng nhập" in body and "Kon Tum" not in body

    signed = ds.sign({"a": {"id": "ntm"}}, "actor")          # what the login sets after the right password
    status, _, body = asyncio.run(call(ds, "/-/search?q=kon+tum", {"ds_actor": signed}))
    assert status == 200 and "Kon Tum" in body
    assert asyncio.run(call(ds, "/ntm/documents.json", {"ds_actor": signed}))[0] == 200


def test_without_a_password_search_is_open(db_file, monkeypatch):
    monkeypatch.delenv(web.PASSWORD_HASH_ENV, raising=False)
    status, _, body = asyncio.run(call(web.make_datasette(db_file), "/-/search?q=kon+tum"))
    assert status == 200 and "Kon Tum" in body


@pytest.mark.parametrize("value", ["", "   ", HASH + "\n", "mat-khau"])
def test_an_empty_or_malformed_hash_is_refused(db_file, monkeypatch, value):
    monkeypatch.setenv(web.PASSWORD_HASH_ENV, value)
    with pytest.raises(web.WebConfigError, match="NTM_PASSWORD_HASH"):
        web.make_datasette(db_file)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db_file), "--port", "1"])
    assert result.exit_code == 2
    assert "NTM_PASSWORD_HASH" in result.stderr and "datasette hash-password" in result.stderr


@pytest.mark.parametrize("path", ["/../../etc/passwd", "/x/y/z/w", "/ntm/../../../etc/passwd"])
def test_a_path_no_route_serves_is_404(db_file, monkeypatch, path):
    monkeypatch.delenv(web.PASSWORD_HASH_ENV, raising=False)
    status, _, body = asyncio.run(call(web.make_datasette(db_file), path))
    assert status == 404 and "root:" not in body


def _sql(query: str, **params: str) -> str:
    return "/ntm.json?" + urllib.parse.urlencode({"sql": query, "_shape": "array", **params})


# The refused fold() call is reported by sqlite3 through sys.unraisablehook as well: expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_sql_functions_and_values_are_bounded(db_file, monkeypatch):
    monkeypatch.delenv(web.PASSWORD_HASH_ENV, raising=False)
    ds = web.make_datasette(db_file)
    ok = asyncio.run(call(ds, _sql("select fold('Sở Nông nghiệp') as f")))
    assert ok[0] == 200 and '"so nong nghiep"' in ok[2]
    for query in ("select length(fold(printf('%.*c', 5000000, 'a'))) as n",       # one long fold() call
                  "select length(zeroblob(200000000)) as n"):                         # a 200 MB value
        status, _, body = asyncio.run(call(ds, _sql(query)))
        assert status == 400, (query, status, body[:300])


HEAVY_RANKING = ("select p.doc_id from pages_fts join pages p on p.rowid = pages_fts.rowid "
                 "where pages_fts match :q order by bm25(pages_fts) limit 5")
THOUSANDS_OF_PHRASES = " ".join(['"kon" "tum"'] * 6000)   # ~20 s unbounded on a quiet machine: far past the limit


def test_statements_stop_at_the_limit_even_in_fts_ranking(db_file, monkeypatch):
    """bm25() over thousands of phrases runs inside FTS5, where SQLite's progress handler (Datasette's
    time limit) is not called: three such queries held every SQL thread of the server."""
    monkeypatch.delenv(web.PASSWORD_HASH_ENV, raising=False)
    monkeypatch.setenv("NTM_WEB_REQUEST_SECONDS", "120")     # the statement limit, not the request's, must act
    ds = web.make_datasette(db_file)
    heavy = _sql(HEAVY_RANKING, q=THOUSANDS_OF_PHRASES)

    async def scenario():
        answers = await asyncio.gather(*(call(ds, heavy) for _ in range(3)))
        return answers, await call(ds, "/-/search?q=kon+tum")
    answers, after = asyncio.run(scenario())
    for status, _, body in answers:
        assert status in (400, 503) and ("too long" in body or "Quá thời gian" in body), (status, body[:300])
    assert after[0] == 200 and "Kon Tum" in after[2]


def test_a_request_ends_at_the_request_limit(db_file, monkeypatch):
    monkeypatch.delenv(web.PASSWORD_HASH_ENV, raising=False)
    monkeypatch.setenv("NTM_WEB_REQUEST_SECONDS", "1")
    ds = web.make_datasette(db_file)
    status, _, body = asyncio.run(call(ds, _sql(HEAVY_RANKING, q=THOUSANDS_OF_PHRASES)))
    assert status == 503 and "Quá thời gian" in body, (status, body[:300])
    # A search with thousands of terms: refused up front by the search page's caps, or stopped here.
    status, _, body = asyncio.run(call(ds, "/-/search?q=" + "+".join(["kon", "tum"] * 2000)))
    assert (status == 200 and "tối đa" in body and 'class="ntm-hit"' not in body) or status == 503, (status, body[:300])
