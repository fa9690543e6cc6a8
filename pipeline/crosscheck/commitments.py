"""Commitments (what a plan promises, with a deadline) and claims (what a report says was
reached, or not), read from the facts of every document."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import regex

from pipeline.crosscheck.mentions import Source, make_source, status_mentions
from pipeline.crosscheck.places import PlaceRef, doc_scope, place_mentions, place_refs, resolve_name, same_place
from pipeline.crosscheck.vocabulary import (
    NEGATIVE,
    POSITIVE,
    classify_indicator,
    indicator_kind,
    indicator_label,
    indicator_level,
)
from pipeline.model import gazetteer as gaz
from pipeline.model.gazetteer import LEVELS
from pipeline.model.text import sentence_at
from pipeline.store.corpus import Corpus


@dataclass
class Commitment:
    key: str                                  # stable across runs: kind:doc file:span
    kind: str                                 # target | place_list | place_status | assignment
    indicator: str | None
    place: PlaceRef | None
    deadline: str | None
    source: Source
    value: float | None = None
    unit: str | None = None
    denominator: float | None = None
    comparator: str | None = None
    increment: bool = False                   # "thêm": on top of the level when it was written
    items: list[PlaceRef] = field(default_factory=list)   # named places of a list
    assignee: str | None = None
    task: str | None = None
    supporters: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        what = indicator_label(self.indicator) or (self.task or "")[:80]
        where = self.place.name if self.place else (self.assignee or "?")
        if self.kind == "place_list":
            return f"{len(self.items)} named {what} in {where} by {self.deadline}"
        if self.kind in ("place_status", "assignment") and self.value is None:
            return f"{where}: {what} by {self.deadline}"
        num = f"{'+' if self.increment else ''}{fmt_number(self.value)}" + (f"/{fmt_number(self.denominator)}" if self.denominator else "")
        unit = "" if indicator_kind(self.indicator) == "status" and self.unit != "%" else (self.unit or "")
        return " ".join(f"{where}: {num} {unit} {what} by {self.deadline}".split())


@dataclass
class Claim:
    """What a document says was reached: a figure with its as-of date, or a place named as
    recognised / reached (positive) or not reached (negative)."""
    kind: str                                 # figure | status
    indicator: str | None
    place: PlaceRef | None
    as_of: str | None
    source: Source
    value: float | None = None
    unit: str | None = None
    denominator: float | None = None
    stance: str = "count"                     # count | positive | negative
    status: str | None = None                 # status class of a status mention
    decision: str | None = None


def fmt_number(x: float | None) -> str:
    """2.0 → "2", 16.2 → "16.2", None → "?"."""
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def fact_place(corpus: Corpus, row: dict[str, Any]) -> PlaceRef | None:
    """The place of a target or achievement row, resolved with the document's own places first."""
    name = row.get("place")
    if not name:
        return None
    key = gaz.place_key(name)
    best = None
    for prow, ref in place_refs(corpus, row["doc_id"]):
        names = [prow.get("name") or ""] + json.loads(prow.get("variants") or "[]")
        if ref.level != "village" and any(gaz.place_key(n) == key for n in names):
            # "Đăk Hà" is a district and a commune: the wider unit named in the document wins
            if best is None or LEVELS.index(ref.level) > LEVELS.index(best.level):
                best = ref
    district, province = doc_scope(corpus, row["doc_id"])
    return best or resolve_name(name, district=district, province=province)


def _list_extent(text: str, start: int) -> tuple[int, int]:
    s_start, s_end = sentence_at(text, start)
    return start, s_end


def commitments(corpus: Corpus) -> list[Commitment]:
    """Targets with a deadline, named lists, places aiming at a title, and tasks with a deadline."""
    out: list[Commitment] = []
    list_extents: dict[int, list[tuple[int, int, str | None]]] = defaultdict(list)
    for row in corpus.facts.get("targets", []):
        if not row.get("deadline"):
            continue
        doc_id = row["doc_id"]
        text = corpus.documents[doc_id].get("text") or ""
        quote = row.get("quote") or ""
        indicator = classify_indicator(f"{row.get('subject') or ''} {quote}", row.get("unit"),
                                       denominator=row.get("denominator"))
        level = indicator_level(indicator)
        start, end = _list_extent(text, row["span_start"] or 0)
        items: list[PlaceRef] = []
        if indicator_kind(indicator) == "status" and level in ("village", "commune"):
            # "… gồm: Thôn 4 (Kon Bư), xã Tân Lập; …": the places of the indicator's level that
            # follow the target in its sentence are the named list
            for pm in place_mentions(corpus, doc_id):
                if pm.ref.level == level and max(start, (row["span_end"] or 0) - 1) <= pm.start < end \
                        and not any(same_place(pm.ref, x) for x in items):
                    items.append(pm.ref)
        list_extents[doc_id].append((row["span_start"] or 0, end, indicator))
        src = make_source(corpus, doc_id, row["span_start"] or 0, row["span_end"] or 0, row.get("page"), quote)
        src.anchor = f"targets-{row['id']}"
        out.append(Commitment(
            key=f"target:{corpus.documents[doc_id].get('file_name')}:{row['span_start']}",
            kind="place_list" if items else "target", indicator=indicator, place=fact_place(corpus, row),
            deadline=str(row["deadline"]), source=src, value=row.get("value"), unit=row.get("unit"),
            denominator=row.get("denominator"), comparator=row.get("comparator"),
            increment=bool(regex.search(r"\bthêm\b", quote, regex.I)), items=items))
    # one task is one commitment, whoever supports it: the lead (or responsible) agency owns it
    tasks: dict[tuple[int, int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in corpus.facts.get("assignments", []):
        if row.get("deadline"):
            tasks[(row["doc_id"], row["span_start"] or 0, row["span_end"] or 0)].append(row)
    taken_spans = defaultdict(list)
    for (doc_id, start, end), rows in tasks.items():
        rows.sort(key=lambda r: {"lead": 0, "responsible": 1}.get(r.get("role"), 2))
        row = rows[0]
        task = row.get("task") or row.get("quote") or ""
        indicator = classify_indicator(task, kinds=("status",))
        place = None
        if indicator:
            level = indicator_level(indicator)
            place = next((pm.ref for pm in place_mentions(corpus, doc_id)
                          if pm.ref.level == level and start <= pm.start < end), None)
        src = make_source(corpus, doc_id, start, end, row.get("page"), row.get("quote"))
        src.anchor = f"assignments-{row['id']}"
        out.append(Commitment(
            key=f"assignment:{corpus.documents[doc_id].get('file_name')}:{start}",
            kind="assignment", indicator=indicator if place else None, place=place,
            deadline=str(row["deadline"]), source=src,
            assignee=row.get("agency") or row.get("assignee"), task=task,
            supporters=[r.get("agency") or r.get("assignee") for r in rows[1:]]))
        taken_spans[doc_id].append((start, end))
    for m in status_mentions(corpus):
        if m.status != "target" or not m.when or m.place.level not in ("village", "commune", "district"):
            continue
        doc_id = m.source.doc_id
        if any(s <= m.position < e and (ind is None or indicator_level(ind) == m.place.level)
               for s, e, ind in list_extents[doc_id]):
            continue                         # one item of a named list: the list is the commitment
        if any(s <= m.position < e for s, e in taken_spans[doc_id]):
            continue                         # the task already says it, with its assignee
        out.append(Commitment(
            key=f"status:{corpus.documents[doc_id].get('file_name')}:{m.position}:{m.indicator}",
            kind="place_status", indicator=m.indicator, place=m.place, deadline=m.when, source=m.source))
    return out


def claims(corpus: Corpus) -> list[Claim]:
    """Figures claimed as reached (achievements) and places named as recognised, reached or not."""
    out: list[Claim] = []
    for row in corpus.facts.get("achievements", []):
        quote = row.get("quote") or ""
        indicator = classify_indicator(f"{row.get('subject') or ''} {quote}", row.get("unit"),
                                       denominator=row.get("denominator"))
        if not indicator:
            continue
        if regex.search(r"\bthêm\b", quote, regex.I):
            continue                         # an increment is no level: it cannot meet a total
        src = make_source(corpus, row["doc_id"], row["span_start"] or 0, row["span_end"] or 0,
                      row.get("page"), quote)
        src.anchor = f"achievements-{row['id']}"
        out.append(Claim("figure", indicator, fact_place(corpus, row),
                           str(row.get("as_of") or corpus.documents[row["doc_id"]].get("date") or ""), src,
                           value=row.get("value"), unit=row.get("unit"), denominator=row.get("denominator")))
    for m in status_mentions(corpus):
        if m.status in POSITIVE or m.status in NEGATIVE:
            out.append(Claim("status", m.indicator, m.place, m.when, m.source,
                               stance="positive" if m.status in POSITIVE else "negative",
                               status=m.status, decision=m.decision))
    return out
