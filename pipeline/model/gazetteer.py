"""The gazetteer of administrative units and the keys that identify places across spellings.

- `place_key`: one key per place whatever the spelling ("xã Ðăk Tô Lung" = "Đăk Tơ Lung",
  "Đăk Ngọc" = "Đăk Ngọk", "Ia H’Drai" = "Ia H'Drai");
- `village_parts` / `village_key`: the one parser of village names ("Thôn 5 (Kon Băp Ju (Kon
  BRăp Ju))" → number 5, aliases), and the registry key of a village across documents;
- `gazetteer`, `resolve_place`, `unit`: the legacy (pre-July-2025) units of all 63 provinces with
  codes, coordinates and their 2025 successor, and the commune-level units of the 34 provinces
  since 1 July 2025 (era "2025": "xã Đam Rông 4", "Phường 1 Bảo Lộc", "đặc khu Phú Quý", directly
  under their province), from `data/gazetteer_legacy.json` (derived offline from
  `vietnamadminunits` by scripts/build_gazetteer.py). Resolution is exact on the key and scoped by
  district or province: "Đăk Tô" never matches "Đăk Tờ Re".
- `successor_province`, `merged_provinces`: a 2025 province is named by the legacy province whose
  name it kept (Lâm Đồng = Lâm Đồng + Đắk Nông + Bình Thuận), so one code names both eras.
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import regex

from pipeline.model.normalize import fold
from pipeline.model.text import alternation

DATA = Path(__file__).with_name("data")
LEVELS = ("village", "commune", "district", "province")      # narrowest first


@functools.cache
def name_rules() -> dict:
    """data/place_names.json: level prefixes, village words, variant rules."""
    return json.loads((DATA / "place_names.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- keys

@functools.cache
def _syllable_rules():
    return [(regex.compile(p), r) for p, r in name_rules()["syllable_rules"]]


@functools.cache
def _prefix_keys() -> list[str]:
    return sorted((fold(p).rstrip(".") for p in name_rules()["level_prefixes"]), key=len, reverse=True)


DASHES = regex.compile(r"[-–]")
NOT_KEY = regex.compile(r"[^a-z0-9 ]+")     # compiled once: the gazetteer keys ~15,000 names at load


def place_key(name: str) -> str:
    """Accent-, case-, punctuation- and variant-free key: "xã Ðăk Tô Lung" → "daktolung",
    "Ia H’Drai" → "iahdrai", "Đăk Ngọc" = "Đăk Ngọk" → "dakngok"."""
    s = NOT_KEY.sub("", DASHES.sub(" ", fold(name)))
    s = " ".join(s.split())
    for p in _prefix_keys():
        if s.startswith(p + " "):
            s = s[len(p) + 1:]
            break
    for rx, rep in _syllable_rules():
        s = rx.sub(rep, s)
    return s.replace(" ", "")


def strict_key(name: str) -> str:
    """Accent-free key without variant rules: tells "Đăk Ngọc" from the gazetteer's "Đăk Ngọk"."""
    return regex.sub(r"[^a-z0-9]+", "", fold(name))


# ---------------------------------------------------------------- village names

@functools.cache
def _village_name_rx() -> regex.Pattern:
    return regex.compile(r"^\s*(?i:(?:" + alternation(name_rules()["village_words"], flexible_spaces=False)
                         + r"))\s+(?:(?i:số)\s+)?([^()]*?)\s*(\(.*\))?\s*$")


@functools.cache
def _alias_prefix_rx() -> regex.Pattern:
    return regex.compile(r"^(?i:(?:" + alternation(name_rules()["village_alias_prefixes"], flexible_spaces=False) + r")\s+)")


def split_village_name(name: str) -> tuple[str, list[str]]:
    """"Thôn 5 (Kon Băp Ju (Kon BRăp Ju))" → ("5", ["Kon Băp Ju", "Kon BRăp Ju"]);
    "thôn 8 (làng Kon Nhên)" → ("8", ["Kon Nhên"]); "Thôn Đak Jri" → ("Đak Jri", [])."""
    m = _village_name_rx().match(name)
    if not m:
        return name, []
    aliases = [_alias_prefix_rx().sub("", a.strip()) for a in regex.findall(r"[^()]+", m.group(2) or "")]
    return m.group(1), [a for a in aliases if a]


def village_number(designator: str) -> str | None:
    m = regex.fullmatch(r"(?:số\s*)?(\d+[a-z]?)", fold(designator).strip())
    return m.group(1) if m else None


def village_parts(name: str) -> tuple[str | None, list[str]]:
    """A village name as (number or None, alias keys): "Thôn 5 (Kon Băp Ju (Kon BRăp Ju))" →
    ("5", ["konbapju", "konbrapju"]); "Thôn Đak Jri" → (None, ["dakjri"])."""
    designator, aliases = split_village_name(name)
    number = village_number(designator)
    names = aliases if number else [designator, *aliases]
    return number, [k for k in (place_key(a) for a in names) if k]


def same_village(a: str, b: str) -> bool:
    """Two spellings of one village of the same commune: the same number, or alias names that
    agree ("Kon Bư" / "Kon Buru": one is a prefix of the other, or they are close)."""
    na, aa = village_parts(a)
    nb, ab = village_parts(b)
    if na and nb:
        return na == nb
    for x in aa:
        for y in ab:
            if x == y or (min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x))):
                return True
            if difflib.SequenceMatcher(None, x, y).ratio() >= 0.8:
                return True
    return False


def village_key(commune_code: str | None, name: str) -> str:
    """Registry key of a village across documents: the commune code plus the village number when it
    has one ("Thôn 2 (Kon Gol 1)" → "23491:2"), else its folded name ("Thôn Đak Jri" → "23497:dakjri")."""
    designator, _ = split_village_name(name)
    return f"{commune_code or '?'}:{village_number(designator) or place_key(designator)}"


# ---------------------------------------------------------------- gazetteer

@dataclass(frozen=True)
class Unit:
    level: str                 # province | district | commune
    code: str
    name: str                  # gazetteer short name: "Đăk Pne", "Kon Rẫy", "Kon Tum"
    type: str                  # Tỉnh, Thành phố, Huyện, Thị xã, Quận, Xã, Phường, Thị trấn
    district: str | None       # district code (communes)
    province: str              # province code
    lat: float | None = None
    lon: float | None = None
    successor: str | None = None
    era: str = "legacy"        # legacy (until 30/6/2025) | 2025 (communes since 1/7/2025, no district)


# 2025 units are numbered anew by the GSO: their codes carry the era so they never meet a legacy code
CODE_2025 = "2025:"


@dataclass
class Gazetteer:
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)          # (level, code)
    index: dict[tuple[str, str], list[Unit]] = field(default_factory=dict)    # (level, key)
    alias_index: dict[tuple[str, str], list[Unit]] = field(default_factory=dict)
    index_2025: dict[tuple[str, str], list[Unit]] = field(default_factory=dict)
    successor: dict[str, str] = field(default_factory=dict)           # legacy province → its 2025 province


TYPE_SUFFIX = regex.compile(r"\s*\((?:Huyện|Thị xã|Thành phố|Quận|Xã|Thị trấn|Phường)\)\s*$")


@functools.cache
def gazetteer() -> Gazetteer:
    data = json.loads((DATA / "gazetteer_legacy.json").read_text(encoding="utf-8"))
    g = Gazetteer()

    def add(unit: Unit, aliases=()):
        # the package tells same-named units of one province apart as "Kỳ Anh (Huyện)", "Kỳ Anh (Thị xã)":
        # the type is kept in `type`, the name is the plain name
        bare = TYPE_SUFFIX.sub("", unit.name)
        if bare != unit.name:
            unit = dataclasses.replace(unit, name=bare)
        g.units[(unit.level, unit.code)] = unit
        g.index.setdefault((unit.level, place_key(unit.name)), []).append(unit)
        for a in aliases:   # package alias keys are already accent-free ("huyenthongnong", "thongnong")
            g.alias_index.setdefault((unit.level, place_key(a)), []).append(unit)

    for code, p in data["provinces"].items():
        add(Unit("province", code, p["name"], p["type"], None, code, p["lat"], p["lon"], p["successor"]))
    for code, d in data["districts"].items():
        prov = data["provinces"][d["province"]]
        add(Unit("district", code, d["name"], d["type"], None, d["province"], d["lat"], d["lon"], prov["successor"]),
            d["aliases"])
    for w in data["wards"]:
        prov = data["districts"][w["district"]]["province"]
        add(Unit("commune", w["code"], w["name"], w["type"], w["district"], prov, w["lat"], w["lon"], w["successor"]),
            w["aliases"])
    # the 34 provinces of 2025 each kept the name of one legacy province ("Tỉnh Lâm Đồng" ← 60, 67, 68)
    by_name = {place_key(p["name"]): code for code, p in data["provinces"].items()}
    for code, p in data["provinces"].items():
        g.successor[code] = by_name.get(place_key(p["successor"] or ""), code)
    for w in data.get("wards_2025", []):
        u = Unit("commune", CODE_2025 + w["code"], w["name"], w["type"], None, by_name[place_key(w["province"])],
                 w["lat"], w["lon"], None, era="2025")
        g.units[(u.level, u.code)] = u
        g.index_2025.setdefault((u.level, place_key(u.name)), []).append(u)
    return g


def successor_province(code: str) -> str:
    """The 2025 province a legacy province became, as the code of the legacy province whose name it
    kept: Đắk Nông (67) → Lâm Đồng (68), Kon Tum (62) → Quảng Ngãi (51)."""
    return gazetteer().successor.get(code, code)


def merged_provinces(code: str) -> set[str]:
    """The legacy provinces merged into the same 2025 province as `code` (itself included)."""
    target = successor_province(code)
    return {c for c, s in gazetteer().successor.items() if s == target}


def resolve_place(name: str, level: str, district_code: str | None = None,
                  province_code: str | Iterable[str] | None = None, era: str = "legacy") -> list[Unit]:
    """Gazetteer units of `level` named `name`, inside the district or province(s) given (nationwide
    otherwise). Exact key match only, so "Đăk Tô" never matches "Đăk Tờ Re"; former names
    (package aliases) are tried only when no current name matches. `era` "2025" looks among the
    communes since 1 July 2025 (no districts: a district scope finds none), in the 2025 province
    that the province(s) given became."""
    g = gazetteer()
    key = place_key(name)
    provinces = {province_code} if isinstance(province_code, str) else set(province_code or ())
    if era == "2025":
        if district_code:
            return []
        targets = {successor_province(p) for p in provinces}
        return _as_written(name, [u for u in g.index_2025.get((level, key), []) if not targets or u.province in targets])

    def scoped(units):
        return [u for u in units
                if (not district_code or u.district == district_code or u.code == district_code)
                and (not provinces or u.province in provinces)]

    return _as_written(name, scoped(g.index.get((level, key), [])) or scoped(g.alias_index.get((level, key), [])))


def _as_written(name: str, units: list[Unit]) -> list[Unit]:
    """Of units whose keys agree ("Ba Tơ" and "Ba Tô" are two communes of Quảng Ngãi), the one
    spelt exactly as written, when there is one."""
    if len(units) < 2:
        return units
    written = " ".join(name.split()).lower()
    exact = [u for u in units if u.name.lower() == written]
    return exact if len(exact) == 1 else units


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one substitution, insertion, deletion or swap of neighbours ("plieku"/"pleiku")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def resolve_near(name: str, level: str, province_code: str | Iterable[str] | None = None) -> list[Unit]:
    """Districts and provinces whose key is one typing slip from `name`'s ("thành phố Plieku" is
    Pleiku), for a name that resolves to nothing; keys under six letters are too short to tell."""
    key = place_key(name)
    if len(key) < 6 or level not in ("district", "province"):
        return []
    provinces = {province_code} if isinstance(province_code, str) else set(province_code or ())
    return [u for k in _keys_by_length(level).get(len(key) - 1, []) + _keys_by_length(level).get(len(key), [])
            + _keys_by_length(level).get(len(key) + 1, []) if _one_edit(k, key)
            for u in gazetteer().index[(level, k)] if not provinces or u.province in provinces]


@functools.cache
def _keys_by_length(level: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for lv, k in gazetteer().index:
        if lv == level:
            out.setdefault(len(k), []).append(k)
    return out


def unit(level: str, code: str) -> Unit | None:
    return gazetteer().units.get((level, code))
