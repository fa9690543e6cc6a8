"""The stored findings read per area — a district, or a province as a whole — for the district
pages (web and report), and the digest of what falls due (`ntm due`, the web's /-/den-han).

An area is what the cross-check filed a finding under (store/findings.py): a commitment about a
commune, village or district belongs to that district (`district_code`), a province-wide one and a
provincial plan's own tasks to the province (`province_code` without a district), anything else to
"(không rõ)". Each area has a key for URLs: "huyen-611", "tinh-62", "khong-ro".

The digest: a finding is *overdue* when its deadline's last day (`deadline_end`) is before today
and neither the machine nor a reviewer says it was met; it is *due* when that day falls within
today and today + N days, whatever its status. Statuses are the stored ones (as of the check's
`today`): the digest never re-judges, it says when the check was run.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

import sqlite_utils

from pipeline.model import gazetteer as gaz
from pipeline.model.normalize import fold
from pipeline.store.areas import Area

UNKNOWN_KEY = "khong-ro"
DONE = ("met", "met_late")                    # a finding met (by the machine or a reviewer) is never overdue
LEVEL_PREFIX = {"district": "huyen", "province": "tinh"}


@dataclass(frozen=True)
class AreaRef:
    """A district, a province as a whole, or the findings filed under no place."""
    level: str                       # district | province | unknown
    code: str | None
    name: str                        # "Ngọc Hồi", "Kon Tum"
    type: str                        # "Huyện", "Thành phố", "Tỉnh"; "" when unknown
    province_code: str | None

    @property
    def key(self) -> str:
        return f"{LEVEL_PREFIX[self.level]}-{self.code}" if self.code else UNKNOWN_KEY

    @property
    def label(self) -> str:
        """"Huyện Ngọc Hồi", "Thành phố Kon Tum", "Toàn tỉnh Kon Tum", "Chưa rõ địa bàn"."""
        if self.level == "province":
            return f"Toàn {self.type.lower()} {self.name}"
        return f"{self.type} {self.name}" if self.code else "Chưa rõ địa bàn"

    @property
    def province_name(self) -> str | None:
        p = gaz.unit("province", self.province_code) if self.province_code else None
        return p.name if p else None

    def sort_key(self) -> tuple:
        return (self.code is None, fold(self.province_name or ""), self.level != "province", fold(self.name))


UNKNOWN = AreaRef("unknown", None, "(không rõ)", "", None)


@functools.lru_cache(maxsize=4096)
def area_ref(level: str, code: str | None) -> AreaRef:
    u = gaz.unit(level, code) if code else None
    if u is None:
        return UNKNOWN
    return AreaRef(level, u.code, u.name, u.type, u.province)


def parse_key(key: str) -> AreaRef | None:
    """The area of a URL key ("huyen-611"); None for a key that names no unit."""
    if key == UNKNOWN_KEY:
        return UNKNOWN
    prefix, _, code = key.partition("-")
    level = {v: k for k, v in LEVEL_PREFIX.items()}.get(prefix)
    if not level or not code:
        return None
    ref = area_ref(level, code)
    return ref if ref.code else None


def area_of(row: dict[str, Any]) -> AreaRef:
    """The area a stored finding was filed under."""
    if row.get("district_code"):
        return area_ref("district", row["district_code"])
    if row.get("province_code"):
        return area_ref("province", row["province_code"])
    return UNKNOWN


# ---------------------------------------------------------------- reads

def checked_on(db: sqlite_utils.Database) -> str | None:
    """The `today` of the stored cross-check (ISO); None before any `ntm check`."""
    if "findings" not in db.table_names():
        return None
    row = db.execute("select max(today) from findings").fetchone()
    return row[0] if row else None


def _where_area(area: AreaRef) -> tuple[str, list[Any]]:
    """The SQL condition for the findings filed under an area (the same rule as `area_of`)."""
    if area.level == "district":
        return "district_code = ?", [area.code]
    if area.level == "province":
        return "coalesce(district_code, '') = '' and province_code = ?", [area.code]
    return "coalesce(district_code, '') = '' and coalesce(province_code, '') = ''", []


def _findings(db: sqlite_utils.Database, where: str = "", args: Iterable[Any] = (), columns: str = "*"
              ) -> list[dict[str, Any]]:
    return list(db.query(f"select {columns} from findings_reviewed {'where ' + where if where else ''} "
                         "order by coalesce(deadline_end, '9999'), kind, commitment_key", list(args)))


def _district_names(db: sqlite_utils.Database) -> tuple[dict[str, AreaRef], set[str]]:
    """District names as the findings spell them → area, and the provinces the findings are about."""
    names, provinces = {}, set()
    for r in db.query("select distinct district, district_code, province_code from findings"):
        if r["district_code"] and r["district"]:
            names[fold(r["district"])] = area_ref("district", r["district_code"])
        if r["province_code"]:
            provinces.add(r["province_code"])
    return names, provinces


def _evidence(db: sqlite_utils.Database, ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in db.query("select * from finding_evidence where finding_id in (select value from json_each(?)) "
                      "order by finding_id, id", [json.dumps(list(ids))]):
        out[e["finding_id"]].append(e)
    return out


def _timeline_area(districts: dict[str, AreaRef], provinces: set[str], row: dict[str, Any]) -> AreaRef:
    """The area of a timeline row: its district code; for a row stored before the codes were
    (migration timeline_page_units_and_place_codes), its district's name as the findings spell it,
    else as the gazetteer knows it inside the provinces the findings are about."""
    if row.get("district_code"):
        return area_ref("district", row["district_code"])
    name = row.get("district")
    if not name:
        return UNKNOWN
    if fold(name) in districts:
        return districts[fold(name)]
    units = [u for u in gaz.resolve_place(name, "district") if u.province in provinces]
    return area_ref("district", units[0].code) if len(units) == 1 else UNKNOWN


def _timelines(db: sqlite_utils.Database, district_code: str | None = None) -> dict[AreaRef, list[dict[str, Any]]]:
    """Status timelines per area: one entry per village or commune, its mentions oldest first;
    with `district_code`, only that district's (and rows without a code, placed by name)."""
    if "status_timeline" not in db.table_names():
        return {}
    districts, provinces = _district_names(db)
    places: dict[tuple, dict[str, Any]] = {}
    where = "where t.district_code = ? or t.district_code is null" if district_code else ""
    for t in db.query(f"""select t.*, coalesce(d.number, d.file_name) as document from status_timeline t
                          left join documents d on d.id = t.doc_id {where} order by t.id""",
                      [district_code] if district_code else []):
        key = (t["level"], t["name"], t["commune"], t["district"])
        place = places.setdefault(key, {"level": t["level"], "name": t["name"], "commune": t["commune"],
                                        "district": t["district"], "district_code": t.get("district_code"),
                                        "variants": json.loads(t["variants"] or "[]"), "entries": []})
        place["entries"].append(t)
    out: dict[AreaRef, list[dict[str, Any]]] = defaultdict(list)
    for place in places.values():
        place["entries"].sort(key=lambda e: (e["when"] or "", e["date"] or ""))
        place["latest"] = place["entries"][-1]
        out[_timeline_area(districts, provinces, place)].append(place)
    for group in out.values():
        group.sort(key=lambda p: (p["level"] != "commune", fold(p["commune"] or ""), fold(p["name"] or "")))
    return out


def due_state(row: dict[str, Any], today: dt.date, within: int) -> str | None:
    """"overdue", "due" (within `within` days from today) or None (see the module docstring)."""
    end = row.get("deadline_end")
    if not end:
        return None
    if end < today.isoformat():
        settled = row.get("status") in DONE or row.get("review_status") in DONE
        return None if settled else "overdue"
    return "due" if end <= (today + dt.timedelta(days=within)).isoformat() else None


def _days_left(row: dict[str, Any], today: dt.date) -> int | None:
    end = row.get("deadline_end")
    return (dt.date.fromisoformat(end) - today).days if end else None


def _with_area(row: dict[str, Any], today: dt.date, within: int) -> dict[str, Any]:
    area = area_of(row)
    return {**row, "area_key": area.key, "area_label": area.label, "due_state": due_state(row, today, within),
            "days_left": _days_left(row, today)}


def _counts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    commitments = [r for r in rows if r["kind"] == "commitment"]
    return {"n_commitments": len(commitments), "n_tasks": sum(r["kind"] == "task" for r in rows),
            "by_status": dict(Counter(r["status"] for r in commitments)),
            "n_overdue": sum(r["due_state"] == "overdue" for r in rows),
            "n_due": sum(r["due_state"] == "due" for r in rows)}


def summary(db: sqlite_utils.Database, today: dt.date, within: int = 30) -> list[dict[str, Any]]:
    """Every area with findings, provinces first and each followed by its districts: its label,
    key, counts of commitments by status, tasks, overdue and due within `within` days."""
    rows = [{**r, "due_state": due_state(r, today, within)} for r in _findings(
        db, columns="district_code, province_code, kind, status, review_status, deadline_end, commitment_key")]
    by_area: dict[AreaRef, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_area[area_of(r)].append(r)
    for area in list(by_area):             # a province is listed above its districts, findings or not
        if area.province_code and area_ref("province", area.province_code) not in by_area:
            by_area[area_ref("province", area.province_code)] = []
    return [{"area": a, "key": a.key, "label": a.label, "level": a.level, **_counts(by_area[a])}
            for a in sorted(by_area, key=AreaRef.sort_key)]


def area_view(db: sqlite_utils.Database, area: AreaRef, today: dt.date, within: int = 30) -> dict[str, Any]:
    """One area's page: its commitments (with evidence and the reviewer's verdict), its tasks by
    deadline (with the report that settled one, if any), its communes and villages with their status timelines; for a province, its districts."""
    where, args = _where_area(area)
    rows = [_with_area(r, today, within) for r in _findings(db, where, args)]
    evidence = _evidence(db, [r["id"] for r in rows])
    rows = [{**r, "evidence": evidence.get(r["id"], [])} for r in rows]
    view = {"area": area, "key": area.key, "label": area.label, "today": today.isoformat(), "within": within,
            "checked_on": checked_on(db), "commitments": [r for r in rows if r["kind"] == "commitment"],
            "tasks": [r for r in rows if r["kind"] == "task"],      # a task a report settled has that report
            # a timeline is a commune's or a village's: filed under its district, or under no place
            "places": [] if area.level == "province" else _timelines(db, area.code).get(area, []),
            **_counts(rows), "districts": []}
    if area.level == "province":
        view["districts"] = [s for s in summary(db, today, within)
                             if s["level"] == "district" and s["area"].province_code == area.code]
    return view


def all_timelines(db: sqlite_utils.Database) -> dict[AreaRef, list[dict[str, Any]]]:
    """Status timelines per area (the report's district sections)."""
    return _timelines(db)


def areas_present(db: sqlite_utils.Database) -> list[AreaRef]:
    """The areas with findings, in summary order (the home page's and the map's links)."""
    if "findings" not in db.table_names():
        return []
    areas = set()
    for r in db.query("select distinct district_code, province_code from findings"):
        area = area_of(r)
        areas.add(area)
        if area.province_code:
            areas.add(area_ref("province", area.province_code))
    return sorted(areas, key=AreaRef.sort_key)


def in_area(row: dict[str, Any], area: Area) -> bool:
    """Whether a finding concerns a unit of the area (a place filter, store/areas.py)."""
    if row.get("place_code") in area.codes or row.get("district_code") in area.codes:
        return True
    return not row.get("district_code") and row.get("province_code") in area.codes


def due(db: sqlite_utils.Database, today: dt.date, within: int = 30, area: Area | None = None,
        text: str | None = None) -> list[dict[str, Any]]:
    """The digest: findings overdue or due within `within` days, overdue first (longest overdue
    first), then by deadline. `area`: only those about its units; `text`: only areas whose name
    contains it (folded), for a name the gazetteer does not know."""
    out = []
    last = (today + dt.timedelta(days=within)).isoformat()
    for r in _findings(db, "deadline_end is not null and deadline_end <= ?", [last]):
        row = _with_area(r, today, within)
        if row["due_state"] is None:
            continue
        if area is not None and not in_area(row, area):
            continue
        if text and fold(text) not in fold(f"{row['area_label']} {row.get('district') or ''}"):
            continue
        out.append(row)
    # ties by content (the key), not by row id: the same corpus lists the same way however it was ingested
    return sorted(out, key=lambda r: (r["due_state"] != "overdue", r["deadline_end"], r["kind"], r["commitment_key"]))


def areas_named(db: sqlite_utils.Database, name: str, limit: int = 4) -> list[AreaRef]:
    """The district pages a place name leads to: the province or district it names, or the
    district of the commune it names (store/areas.py resolves it, with or without diacritics)."""
    from pipeline.store.areas import resolve_area

    if not name or len(name) > 60 or '"' in name:
        return []
    area = resolve_area(db, name)
    if area is None:
        return []
    out: list[AreaRef] = []
    for u in area.units:
        ref = area_ref(u.level, u.code) if u.level in ("province", "district") else area_ref("district", u.district)
        if ref.code and ref not in out:
            out.append(ref)
    return out[:limit]
