"""Datasette plugin for ntm: a page per district and per province as a whole (/-/dia-ban/KEY), the
list of them (/-/dia-ban), the digest of what is overdue or falls due (/-/den-han), each also as an
Excel workbook (.xlsx) and a CSV with a UTF-8 byte-order mark (.csv); and the byte-order mark on
Datasette's own CSV downloads of tables and canned queries, so that Excel shows the diacritics.

Pages read the stored findings (pipeline/store/districts.py) through pipeline/face/districts.py,
as `ntm due` and the report do. Dates in the query string are read as people write them
(`?today=15/05/2025`), like the CLI's --today.
"""
from __future__ import annotations

import datetime as dt
import urllib.parse
from typing import Any

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Response

from pipeline.face import districts as face
from pipeline.face.exports import BOM
from pipeline.model import gazetteer as gaz
from pipeline.model.dates import DateError, parse_date
from pipeline.store import districts as store
from pipeline.store.areas import resolve_area

DATABASE = "ntm"
WITHIN_DEFAULT, WITHIN_MAX = 30, 3660
# Rows of each list (overdue, falling due) on one page of the digest: a province's thousands of
# commitments stay readable; the downloads always hold every row.
ROWS_DEFAULT, ROWS_MIN, ROWS_MAX = 200, 10, 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _allowed(datasette, request) -> None:
    """Every route asks Datasette's permission hook, as its own views do."""
    await datasette.ensure_permissions(request.actor, [("view-database", DATABASE), "view-instance"])


def _options(request) -> tuple[dt.date, int, str | None]:
    """today (a date as people write it, default the wall clock), within (days), and the error."""
    error = None
    today = dt.date.today()
    if (request.args.get("today") or "").strip():
        try:
            today = parse_date(request.args["today"]).end
        except DateError as e:
            error = f"Ngày «{request.args['today']}»: {e}"
    try:
        within = min(max(int(request.args.get("within") or WITHIN_DEFAULT), 0), WITHIN_MAX)
    except ValueError:
        within, error = WITHIN_DEFAULT, f"Số ngày «{request.args.get('within')}» không phải một số."
    return today, within, error


def _download(body: str | bytes, name: str, content_type: str) -> Response:
    quoted = urllib.parse.quote(name)
    return Response(body.encode("utf-8") if isinstance(body, str) else body, status=200, content_type=content_type,
                    headers={"content-disposition": f"attachment; filename*=UTF-8''{quoted}"})


def _paging(request, *lists: list) -> tuple[int, int, int]:
    """(page, rows per page, pages) from ?trang= and ?so_dong=, the page kept within the lists."""
    try:
        size = min(max(int(request.args.get("so_dong") or ROWS_DEFAULT), ROWS_MIN), ROWS_MAX)
    except ValueError:
        size = ROWS_DEFAULT
    pages = max(1, max((len(rows) + size - 1) // size for rows in lists))
    try:
        page = min(max(int(request.args.get("trang") or 1), 1), pages)
    except ValueError:
        page = 1
    return page, size, pages


def _query(request, **extra) -> str:
    args = {k: request.args.get(k) for k in ("today", "within", "district", "so_dong") if request.args.get(k)}
    for key, value in extra.items():          # a value replaces the request's, None drops it
        if value:
            args[key] = value
        else:
            args.pop(key, None)
    return ("?" + urllib.parse.urlencode(args)) if args else ""


async def _read(datasette, fn):
    db = datasette.get_database(DATABASE)
    return await db.execute_fn(lambda conn: fn(sqlite_utils.Database(conn)))


async def _render(datasette, request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    return Response.html(await datasette.render_template(template, context, request=request), status=status)


async def areas_page(datasette, request):
    await _allowed(datasette, request)
    today, within, error = _options(request)
    rows, checked = await _read(datasette, lambda db: (store.summary(db, today, within), store.checked_on(db)))
    return await _render(datasette, request, "ntm_areas.html", {
        "areas": rows, "today": today, "within": within, "error": error, "checked_on": checked,
        "query": _query(request), "status_labels": face.STATUS_LABELS, "status_colors": face.STATUS_COLORS,
        "statuses": face.ATTENTION_ORDER})


async def area_page(datasette, request):
    await _allowed(datasette, request)
    area = store.parse_key(request.url_vars["key"])
    if area is None:
        return await _render(datasette, request, "error.html", {
            "title": "Không có địa bàn này", "status": 404,
            "error": f"Không có huyện hay tỉnh «{request.url_vars['key']}»; xem danh sách các địa bàn."}, 404)
    today, within, error = _options(request)
    view = await _read(datasette, lambda db: store.area_view(db, area, today, within))
    fmt = request.url_vars.get("fmt")
    name = f"{area.label} {today.isoformat()}"
    if fmt == ".xlsx":
        return _download(face.area_xlsx(view), f"{name}.xlsx", XLSX)
    if fmt == ".csv":
        return _download(face.area_csv(view), f"{name}.csv", "text/csv; charset=utf-8")
    return await _render(datasette, request, "ntm_area.html", {
        "view": view, "area": area, "groups": face.status_groups(view["commitments"]),
        "tasks": [face.labelled(r) for r in view["tasks"]], "places": face.places(view),
        "districts": view["districts"], "today": today, "within": within, "error": error,
        "query": _query(request), "status_labels": face.STATUS_LABELS, "status_colors": face.STATUS_COLORS,
        "statuses": face.ATTENTION_ORDER, "day": face.day,
        "province": store.area_ref("province", area.province_code) if area.level == "district" else None,
        "due_url": datasette.urls.path("/-/den-han") + _query(request, district=area.name
                                                                if area.level != "unknown" else None)})


async def due_page(datasette, request):
    await _allowed(datasette, request)
    today, within, error = _options(request)
    wanted = (request.args.get("district") or "").strip()

    def read(db):
        area = resolve_area(db, wanted) if wanted else None
        rows = store.due(db, today, within, area, None if area else wanted)
        return area, rows, store.checked_on(db), store.areas_named(db, wanted) if area else []
    area, rows, checked, named_areas = await _read(datasette, read)
    rows = [face.labelled(r) for r in rows]
    fmt = request.url_vars.get("fmt")
    name = f"den-han {today.isoformat()}{' ' + area.units[0].name if area else ''}"
    if fmt == ".xlsx":
        return _download(face.due_xlsx(rows), f"{name}.xlsx", XLSX)
    if fmt == ".csv":
        return _download(face.due_csv(rows), f"{name}.csv", "text/csv; charset=utf-8")
    overdue = [r for r in rows if r["due_state"] == "overdue"]
    soon = [r for r in rows if r["due_state"] == "due"]
    page, size, pages = _paging(request, overdue, soon)
    shown = slice((page - 1) * size, page * size)
    return await _render(datasette, request, "ntm_due.html", {
        "overdue": overdue[shown], "soon": soon[shown], "overdue_count": len(overdue), "soon_count": len(soon),
        "page": page, "pages": pages, "first_row": (page - 1) * size + 1,
        "page_url": lambda n: datasette.urls.path("/-/den-han") + _query(request, trang=str(n) if n > 1 else None),
        "today": today, "within": within,
        "district": wanted, "area": area, "error": error, "checked_on": checked, "day": face.day,
        "area_pages": [{"url": datasette.urls.path(f"/-/dia-ban/{a.key}") + _query(request, district=None),
                        "label": a.label} for a in named_areas],
        "query": _query(request), "today_text": request.args.get("today") or ""})


@hookimpl
def register_routes():
    return [(r"^/-/dia-ban$", areas_page),
            (r"^/-/dia-ban/(?P<key>[a-z]{1,8}-[a-z0-9]{1,8})(?P<fmt>\.xlsx|\.csv)?$", area_page),
            (r"^/-/den-han(?P<fmt>\.xlsx|\.csv)?$", due_page)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/dia-ban"), "label": "Theo địa bàn"},
            {"href": datasette.urls.path("/-/den-han"), "label": "Việc sắp đến hạn, quá hạn"}]


@hookimpl
def extra_template_vars(view_name, request, datasette):
    """The areas with findings, for the home page's links and the map's clickable districts."""
    if request is None or not (view_name == "index" or request.path.endswith("/ban_do")):
        return {}

    async def inner():
        if DATABASE not in datasette.databases:
            return {}
        areas = await _read(datasette, store.areas_present)
        return {"ntm_areas": [{"key": a.key, "label": a.label, "level": a.level, "code": a.code}
                              for a in areas if a.code]}
    return inner


@hookimpl
def prepare_connection(conn):
    # district_key(level, code): the key of a place's district page, for the map's pins
    conn.create_function("district_key", 2, _district_key, deterministic=True)


def _district_key(level: str | None, code: str | None) -> str | None:
    u = gaz.unit(level, code) if level in ("commune", "district") and code else None
    district = (u.district if u.level == "commune" else u.code) if u else None
    return f"huyen-{district}" if district else None


# ---------------------------------------------------------------- Datasette's own CSV, with a BOM

def _is_csv_download(scope) -> bool:
    path = scope.get("path") or ""
    query = (scope.get("query_string") or b"").decode("latin-1")
    return path.endswith(".csv") and not path.startswith("/-/") and "_trace=" not in query


@hookimpl
def asgi_wrapper(datasette):
    """Datasette writes CSV without a byte-order mark, and Excel then reads UTF-8 as ANSI: put one
    before the first byte of every successful .csv answer of Datasette's own views."""
    def wrap(app):
        async def with_bom(scope, receive, send):
            if scope["type"] != "http" or not _is_csv_download(scope):
                return await app(scope, receive, send)
            state = {"ok": False, "sent": False}

            async def send_with_bom(message):
                if message["type"] == "http.response.start":
                    state["ok"] = message["status"] == 200
                    # the length changes by the mark's three bytes
                    message = {**message, "headers": [(k, v) for k, v in message.get("headers", [])
                                                       if k.lower() != b"content-length"]}
                elif message["type"] == "http.response.body" and state["ok"] and not state["sent"]:
                    state["sent"] = True
                    message = {**message, "body": BOM.encode("utf-8") + message.get("body", b"")}
                await send(message)
            return await app(scope, receive, send_with_bom)
        return with_bom
    return wrap
