"""Places as the cross-check compares them: resolved gazetteer units (village → commune →
district → province) and every occurrence of a place in a document's text."""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from pipeline.model import gazetteer as gaz
from pipeline.model.gazetteer import same_village
from pipeline.store.corpus import Corpus


@dataclass(frozen=True)
class PlaceRef:
    """A resolved place: its level, display name and the codes that roll it up."""
    level: str                          # village | commune | district | province
    name: str
    key: str                            # identity across documents
    commune: str | None = None          # commune code (villages: their commune)
    district: str | None = None         # district code
    province: str | None = None         # province code
    district_name: str | None = None

    def ancestors(self) -> list[tuple[str, str]]:
        """(level, key) of every enclosing unit, nearest first."""
        out = []
        if self.level == "village" and self.commune:
            out.append(("commune", f"c:{self.commune}"))
        if self.level in ("village", "commune") and self.district:
            out.append(("district", f"d:{self.district}"))
        if self.level != "province" and self.province:
            out.append(("province", f"p:{self.province}"))
        return out


def unit_ref(u: gaz.Unit) -> PlaceRef:
    if u.level == "province":
        return PlaceRef("province", u.name, f"p:{u.code}", province=u.code)
    if u.level == "district":
        return PlaceRef("district", u.name, f"d:{u.code}", district=u.code, province=u.province,
                        district_name=u.name)
    d = gaz.unit("district", u.district) if u.district else None
    return PlaceRef("commune", u.name, f"c:{u.code}", commune=u.code, district=u.district,
                    province=u.province, district_name=d.name if d else None)


def resolve_name(name: str | None, level: str | None = None, district: str | None = None,
                 province: str | Iterable[str] | None = None) -> PlaceRef | None:
    """A place name ("Kon Rẫy", "xã Đăk Tô Lung", even "ủy Kon Tum") as the one gazetteer unit it
    names inside the district or province given (the document's own: see `doc_scope`); a name
    that stays ambiguous there resolves to nothing rather than to a guess."""
    if not name:
        return None
    levels = [level] if level else ["province", "district", "commune"]
    words = name.split()
    for i in range(len(words)):              # drop leading junk: "ủy Kon Tum" → "Kon Tum"
        candidate = " ".join(words[i:])
        for lv in levels:
            if lv == "village":
                continue
            units = gaz.resolve_place(candidate, lv, district if lv == "commune" else None, province)
            if len(units) == 1:
                return unit_ref(units[0])
    return None


def doc_scope(corpus: Corpus, doc_id: int) -> tuple[str | None, str | None]:
    """(district code, province code) a document is about: the district it names most, and the
    province its resolved places lie in most (a Quảng Nam report is resolved in Quảng Nam)."""
    cache = corpus.memo.setdefault("_scopes", {})
    if doc_id in cache:
        return cache[doc_id]
    districts: dict[str, int] = defaultdict(int)
    provinces: dict[str, int] = defaultdict(int)
    for p in corpus.of("places", doc_id):
        level, code = p.get("level"), p.get("code")
        if not code or level not in ("province", "district", "commune"):
            continue
        if level == "district":
            districts[code] += 1
        u = gaz.unit(level, code)
        if u is not None:
            provinces[u.province] += 1
    scope = (max(districts, key=districts.get) if districts else None,
             max(provinces, key=provinces.get) if provinces else None)
    cache[doc_id] = scope
    return scope


def doc_district(corpus: Corpus, doc_id: int) -> str | None:
    """The district a document is about: the district place it names most."""
    return doc_scope(corpus, doc_id)[0]


def commune_ref(corpus: Corpus, doc_id: int, name: str | None, code: str | None) -> PlaceRef | None:
    if code:
        u = gaz.unit("commune", code)
        if u:
            return unit_ref(u)
    district, province = doc_scope(corpus, doc_id)
    return resolve_name(name, "commune", district, province) if name else None


@dataclass
class PlaceMention:
    """One occurrence of a place in a document's text (the places table keeps only the first)."""
    start: int
    end: int
    ref: PlaceRef
    surface: str
    anchor: str | None               # the places row's anchor when this is its own occurrence


PREFIX_WORDS = {"commune": "xã|thị trấn|phường", "district": "huyện|thành phố|thị xã"}


def place_refs(corpus: Corpus, doc_id: int) -> list[tuple[dict[str, Any], PlaceRef]]:
    """Every place row of a document with its resolved reference; villages keyed by commune."""
    cache = corpus.memo.setdefault("_refs", {})
    if doc_id in cache:
        return cache[doc_id]
    rows = sorted(corpus.of("places", doc_id), key=lambda r: r["span_start"] or 0)
    out = []
    for i, r in enumerate(rows):
        level, name = r.get("level"), r.get("name") or ""
        if level == "village":
            commune = commune_ref(corpus, doc_id, r.get("parent"), None)
            if commune is None:      # no parent: the commune named right after it (", xã Tân Lập")
                nxt = next((q for q in rows[i + 1:] if q.get("level") == "commune"
                            and 0 <= (q["span_start"] or 0) - (r["span_end"] or 0) <= 3), None)
                commune = commune_ref(corpus, doc_id, nxt.get("name"), nxt.get("code")) if nxt else None
            ref = PlaceRef("village", name, f"v:{commune.commune if commune else '?'}:{name}",
                           commune=commune.commune if commune else None,
                           district=commune.district if commune else None,
                           province=commune.province if commune else None,
                           district_name=commune.district_name if commune else None)
        elif level in ("commune", "district", "province") and r.get("code"):
            u = gaz.unit(level, r["code"])
            if u is None:
                continue
            ref = unit_ref(u)
        else:
            continue
        out.append((r, ref))
    cache[doc_id] = out
    return out


def place_mentions(corpus: Corpus, doc_id: int) -> list[PlaceMention]:
    """Every occurrence of every village, commune and district the document names, in text order.
    Communes and districts count only with their level word ("xã Đăk Hà" ≠ "huyện Đăk Hà")."""
    text = corpus.documents[doc_id].get("text") or ""
    found: list[PlaceMention] = []
    for row, ref in place_refs(corpus, doc_id):
        forms = {row.get("name") or "", *json.loads(row.get("variants") or "[]")}
        if ref.level == "village":
            forms.add(row.get("quote") or "")
            patterns = [regex.escape(f) for f in forms if f]
            rx = regex.compile(r"(?<![\p{L}\d])(?i:" + "|".join(sorted(patterns, key=len, reverse=True))
                               + r")(?![\p{L}\d])")
        elif ref.level in PREFIX_WORDS:
            words = PREFIX_WORDS[ref.level]
            forms.add(regex.sub(r"^(?i:" + words + r")\s+", "", row.get("quote") or ""))
            patterns = [regex.escape(f) for f in forms if f]
            rx = regex.compile(r"(?<![\p{L}\d])(?i:" + words + r")\s+(?:" +
                               "|".join(sorted(patterns, key=len, reverse=True)) + r")(?![\p{L}\d])")
        else:
            continue
        for m in rx.finditer(text):
            own = m.start() == row.get("span_start")
            found.append(PlaceMention(m.start(), m.end(), ref, m.group(0),
                                  f"places-{row['id']}" if own else None))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[PlaceMention] = []
    for m in found:                          # the longest reading of overlapping mentions wins
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def is_parent_of_village(mentions: list[PlaceMention], i: int) -> bool:
    """"Thôn 4 (Kon Bư), xã Tân Lập": the commune names the village's parent, not a claim of its own."""
    m = mentions[i]
    return m.ref.level == "commune" and i > 0 and mentions[i - 1].ref.level == "village" \
        and 0 <= m.start - mentions[i - 1].end <= 3


def child_count(place: PlaceRef, child_level: str) -> int | None:
    """How many districts a province has (communes a district has), from the gazetteer."""
    if child_level == "village":
        return None
    g = gaz.gazetteer()
    attr = "province" if place.level == "province" else "district"
    code = getattr(place, attr)
    return sum(1 for (lv, _), u in g.units.items() if lv == child_level and getattr(u, attr) == code) or None


def same_place(a: PlaceRef, b: PlaceRef) -> bool:
    if a.level != b.level:
        return False
    if a.level == "village":
        return a.commune is not None and a.commune == b.commune and same_village(a.name, b.name)
    return a.key == b.key
