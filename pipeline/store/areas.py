"""A place filter as people type it ("Kon Rẫy", "kon ray", "huyện Kon Rẫy", "Kon Tum") resolved
to gazetteer units, with every unit under them: a province's districts and communes, a district's
communes, and the villages the database places in those communes.

`resolve_area` prefers units the database mentions, and the broadest level when a name is both
("Kon Tum": the province, which includes the city). What falls under an area:
- a document that names any of its units in its issuer or place of issue (its "own" documents:
  "Ủy ban nhân dân huyện Kon Rẫy" for Kon Rẫy and for Kon Tum);
- a fact whose text names any of its units (matched as whole words, folded).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex
import sqlite_utils

from pipeline.model.gazetteer import LEVELS, Unit, gazetteer, resolve_place
from pipeline.model.normalize import fold

BROADEST_FIRST = tuple(reversed(LEVELS[1:]))      # province, district, commune
LEVEL_WORDS = {"province": "tỉnh", "district": "huyện", "commune": "xã", "village": "thôn"}


@dataclass
class Area:
    units: list[Unit]                                   # what the name resolved to
    codes: set[str] = field(default_factory=set)        # those units and every unit under them
    names: set[str] = field(default_factory=set)        # folded names of all of them, villages too

    @property
    def label(self) -> str:
        """"huyện Kon Rẫy (tỉnh Kon Tum)" for messages."""
        g = gazetteer()
        out = []
        for u in self.units:
            province = g.units.get(("province", u.province))
            where = f" ({LEVEL_WORDS['province']} {province.name})" if province and u.level != "province" else ""
            out.append(f"{u.type.lower()} {u.name}{where}")
        return "; ".join(out)

    def pattern(self) -> regex.Pattern:
        """Any of the names, as whole words, in folded text."""
        alternatives = sorted(self.names, key=len, reverse=True)
        return regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(map(regex.escape, alternatives)) + r")(?![\p{L}\p{N}])")

    def fts_query(self) -> str:
        """An FTS5 query matching any of the names as a phrase."""
        return " OR ".join('"' + n + '"' for n in sorted(self.names))


@functools.cache
def _children() -> dict[tuple[str, str], list[Unit]]:
    """(level, code) → the units directly under it."""
    out: dict[tuple[str, str], list[Unit]] = {}
    for u in gazetteer().units.values():
        if u.level == "district":
            out.setdefault(("province", u.province), []).append(u)
        elif u.level == "commune" and u.district:
            out.setdefault(("district", u.district), []).append(u)
    return out


def _below(unit: Unit) -> list[Unit]:
    found, todo = [], [unit]
    while todo:
        u = todo.pop()
        found.append(u)
        todo.extend(_children().get((u.level, u.code), []))
    return found


def _name_key(name: str, level_word: str | None = None) -> str | None:
    """The folded name used for matching; a bare number ("Phường 1" → "1") keeps its level word."""
    key = " ".join(regex.findall(r"[\p{L}\p{N}]+", fold(name or "")))
    if not key:
        return None
    if not regex.search(r"\p{L}{2}", key):
        return f"{fold(level_word)} {key}" if level_word else None
    return key


def resolve_area(db: sqlite_utils.Database, name: str) -> Area | None:
    """The gazetteer units a place name means (with or without diacritics) and all under them."""
    mentioned = {r[0] for r in db.execute("select distinct code from places where code is not null")}
    chosen: list[Unit] = []
    for level in BROADEST_FIRST:
        units = resolve_place(name, level)
        present = [u for u in units if u.code in mentioned]
        if present:
            chosen = present
            break
    if not chosen:
        for level in BROADEST_FIRST:
            chosen = resolve_place(name, level)
            if chosen:
                break
    if not chosen:
        return None
    area = Area(units=chosen)
    for unit in chosen:
        for u in _below(unit):
            area.codes.add(u.code)
            key = _name_key(u.name, u.type)
            if key:
                area.names.add(key)
    # The spellings the documents use for those units, and the villages in those communes.
    marks = ",".join("?" * len(area.codes))
    for (spelling, level) in db.execute(
            f"""select distinct name, level from places where code in ({marks})
                union select distinct name, level from places where level = 'village' and parent_code in ({marks})""",
            [*area.codes, *area.codes]):
        key = _name_key(spelling, LEVEL_WORDS.get(level))
        if key:
            area.names.add(key)
    return area


def own_documents(db: sqlite_utils.Database, area: Area) -> set[int]:
    """Documents issued by a unit of the area: its name in the issuer or the place of issue."""
    pattern = area.pattern()
    return {doc_id for doc_id, issuer, place in db.execute("select id, issuer, place from documents")
            if pattern.search(fold(issuer or "")) or pattern.search(fold(place or ""))}


def documents_about(db: sqlite_utils.Database, area: Area) -> set[int]:
    """Documents of the area or naming any of its units (as a recognised place)."""
    ids = own_documents(db, area)
    marks = ",".join("?" * len(area.codes))
    ids.update(r[0] for r in db.execute(
        f"""select distinct doc_id from places where code in ({marks})
            or (level = 'village' and parent_code in ({marks}))""", [*area.codes, *area.codes]))
    return ids
