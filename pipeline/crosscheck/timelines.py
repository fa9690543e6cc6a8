"""Timelines: per village and per commune, every status mention across documents, oldest first."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.crosscheck.mentions import Source, StatusMention, status_mentions
from pipeline.crosscheck.places import PlaceRef, same_place
from pipeline.model import gazetteer as gaz
from pipeline.store.corpus import Corpus


@dataclass
class TimelineEntry:
    when: str | None
    status: str
    indicator: str | None
    decision: str | None
    source: Source
    name: str                        # as written in that document


@dataclass
class Timeline:
    level: str                        # village | commune
    name: str
    commune: str | None
    district: str | None
    variants: list[str]
    entries: list[TimelineEntry]
    commune_code: str | None = None
    district_code: str | None = None
    province_code: str | None = None


def timelines(corpus: Corpus) -> list[Timeline]:
    """Per village and per commune: every status mention across documents, oldest first. Villages
    spelled differently (Kon Bư / Kon Buru) are one village when their commune and number agree."""
    groups: list[tuple[PlaceRef, list[StatusMention]]] = []
    for m in status_mentions(corpus):
        if m.place.level not in ("village", "commune"):
            continue
        for ref, members in groups:
            if same_place(ref, m.place):
                members.append(m)
                break
        else:
            groups.append((m.place, [m]))
    out = []
    for ref, members in groups:
        entries = sorted((TimelineEntry(m.when, m.status, m.indicator, m.decision, m.source, m.place.name)
                          for m in members), key=lambda e: (e.when or "", e.source.date or ""))
        names = list(dict.fromkeys(m.place.name for m in members))
        district = ref.district_name
        commune_name = None
        if ref.level == "village" and ref.commune:
            u = gaz.unit("commune", ref.commune)
            commune_name = u.name if u else ref.commune
        out.append(Timeline(ref.level, names[0], commune_name, district, names[1:], entries, ref.commune,
                            ref.district, ref.province))
    return sorted(out, key=lambda t: (t.district or "", t.level != "commune", t.commune or "", t.name))
