"""Tracing: the status of each commitment from the claims of later documents, with the evidence."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pipeline.crosscheck.commitments import Claim, Commitment, fmt_number
from pipeline.crosscheck.mentions import Source
from pipeline.crosscheck.periods import Period, covers, parse_period, same_period
from pipeline.crosscheck.places import PlaceRef, child_count, same_place
from pipeline.crosscheck.vocabulary import indicator_summable, unit_key


@dataclass
class Evidence:
    role: str                    # outcome | baseline | conflict | part (of a sum)
    source: Source
    as_of: str | None = None
    value: float | None = None
    place: str | None = None
    stance: str | None = None
    decision: str | None = None


@dataclass
class Finding:
    commitment: Commitment
    status: str
    evidence: list[Evidence] = field(default_factory=list)
    achieved: float | None = None
    required: float | None = None
    note: str = ""
    items: list[dict[str, Any]] = field(default_factory=list)   # per named place: name, state

    @property
    def fraction(self) -> str | None:
        if self.achieved is None or not self.required:
            return None
        return f"{fmt_number(self.achieved)}/{fmt_number(self.required)}"


def _evidence(o: Claim, role: str = "outcome") -> Evidence:
    return Evidence(role, o.source, o.as_of, o.value, o.place.name if o.place else None, o.stance, o.decision)


def _units_compatible(a: str | None, b: str | None) -> bool:
    a, b = unit_key(a), unit_key(b)
    pct = lambda u: u.startswith("%")  # noqa: E731
    return a == b or (pct(a) and pct(b))


def _later_than(o: Claim, c: Commitment) -> bool:
    """Evidence that can speak for a commitment: from another document, not dated before it."""
    if o.source.doc_id == c.source.doc_id:
        return False
    op, cp = parse_period(o.as_of), parse_period(c.source.date)
    return op is None or cp is None or op.end >= cp.start


def _children_key(place: PlaceRef) -> tuple[str, str] | None:
    return {"province": ("district", "province"), "district": ("commune", "district"),
            "commune": ("village", "commune")}.get(place.level)


def _decide(c: Commitment, achieved: float | None, required: float | None, newest: Period | None,
            today: dt.date) -> str:
    deadline = parse_period(c.deadline)
    if achieved is not None and required is not None:
        if c.comparator in ("<=", "<"):
            ok = achieved <= required if c.comparator == "<=" else achieved < required
        else:
            ok = achieved >= required
        if ok:
            return "met"
    if deadline is None or newest is None or not covers(newest, deadline) or deadline.end > today:
        return "pending"
    return "partly_met" if achieved else "missed"


def _latest(group: list[Claim]) -> tuple[list[Claim], bool]:
    """The outcomes of the newest moment, and whether documents disagree about it."""
    dated = [(parse_period(o.as_of), o) for o in group]
    dated = [(p, o) for p, o in dated if p]
    if not dated:
        return [], False
    newest = max(p.end for p, _ in dated)
    top = next(p for p, _ in dated if p.end == newest)
    same = [o for p, o in dated if same_period(p, top)]
    values = {(o.value) for o in same}
    docs = {o.source.doc_id for o in same}
    contradicted = len(values) > 1 and len(docs) > 1
    if not contradicted:
        same = [o for p, o in dated if p.end == newest]
    return same, contradicted


def _trace_figure(c: Commitment, pool: list[Claim], today: dt.date) -> Finding:
    figures = [o for o in pool if o.kind == "figure" and o.indicator == c.indicator
               and _units_compatible(o.unit, c.unit) and o.place]
    here = [o for o in figures if c.place and o.place.key == c.place.key]
    later = [o for o in here if _later_than(o, c)]
    required = c.value
    note = []
    evidence: list[Evidence] = []
    if c.increment:
        base = [o for o in here if not _later_than(o, c)]
        base_latest, _ = _latest(base)
        if base_latest:
            required = (base_latest[0].value or 0) + (c.value or 0)
            evidence.append(_evidence(base_latest[0], "baseline"))
            note.append(f"'thêm {fmt_number(c.value)}' on a baseline of {fmt_number(base_latest[0].value)}")
        else:
            # a level reached says nothing about how much was added since the plan
            note.append(f"'thêm {fmt_number(c.value)}' without a baseline to add it to")
            return Finding(c, "no_evidence", [], None, None, "; ".join(note))
    if later:
        same, contradicted = _latest(later)
        evidence += [_evidence(o, "conflict" if contradicted else "outcome") for o in same]
        newest = parse_period(same[0].as_of)
        if contradicted:
            vals = ", ".join(f"{fmt_number(o.value)} ({o.source.number or o.source.file_name})" for o in same)
            return Finding(c, "contradicted", evidence, None, required,
                           "; ".join(note + [f"sources disagree: {vals}"]))
        achieved = same[0].value
        return Finding(c, _decide(c, achieved, required, newest, today), evidence, achieved, required,
                       "; ".join(note))
    # no figure for the place itself: the sum of its children, said so
    if c.place and _children_key(c.place) and indicator_summable(c.indicator) and not unit_key(c.unit).startswith("%"):
        child_level, attr = _children_key(c.place)
        parent_code = getattr(c.place, attr)
        by_child: dict[str, list[Claim]] = defaultdict(list)
        for o in figures:
            if o.place.level == child_level and getattr(o.place, attr) == parent_code and _later_than(o, c):
                by_child[o.place.key].append(o)
        if by_child:
            low = high = 0.0
            oldest, parts, conflicted = None, [], []
            for _key, group in sorted(by_child.items()):
                same, contradicted = _latest(group)
                values = [o.value or 0 for o in same]
                low, high = low + min(values), high + max(values)
                name = same[0].place.name
                parts.append(f"{name} {'/'.join(fmt_number(v) for v in sorted(set(values)))}")
                if contradicted:
                    conflicted.append(name)
                evidence += [_evidence(o, "conflict" if contradicted else "part") for o in same]
                p = parse_period(same[0].as_of)
                oldest = p if oldest is None or p.end < oldest.end else oldest
            total_children = child_count(c.place, child_level)
            complete = total_children is not None and len(by_child) >= total_children
            level_name = {"district": "districts", "commune": "communes", "village": "villages"}[child_level]
            of = f" of {total_children}" if total_children else ""
            note.append(f"no {c.place.level}-wide figure: sum of {len(by_child)}{of} {level_name} "
                        f"({' + '.join(parts)} = {fmt_number(low) if low == high else f'{fmt_number(low)}–{fmt_number(high)}'})")
            if conflicted:
                note.append("sources disagree on " + ", ".join(conflicted))
            # a partial sum is a lower bound: it can show a target met, never one missed
            if required is not None and low >= required and c.comparator not in ("<=", "<"):
                return Finding(c, "met", evidence, low, required, "; ".join(note))
            if conflicted and (required is None or high >= required):
                return Finding(c, "contradicted", evidence, None, required, "; ".join(note))
            if not complete:
                note.append(f"only {len(by_child)}{of} {level_name} report: a shortfall is not proven")
                return Finding(c, "pending", evidence, low, required, "; ".join(note))
            return Finding(c, _decide(c, low, required, oldest, today), evidence, low, required,
                           "; ".join(note))
    return Finding(c, "no_evidence", evidence, None, required, "; ".join(note))


def _item_state(c: Commitment, item: PlaceRef, pool: list[Claim]) -> tuple[str, list[Claim]]:
    """met | not_met | contradicted | unknown, with the outcomes that say so."""
    found = [o for o in pool if o.kind == "status" and o.indicator == c.indicator and o.place
             and same_place(o.place, item) and _later_than(o, c)]
    pos = [o for o in found if o.stance == "positive"]
    neg = [o for o in found if o.stance == "negative"]
    if pos and neg:
        # "chưa đạt" after a recognition, in another document, contradicts it; before it, it is history
        first_pos = min(parse_period(o.as_of).end for o in pos if parse_period(o.as_of)) if any(
            parse_period(o.as_of) for o in pos) else None
        late_neg = [o for o in neg if first_pos and parse_period(o.as_of) and parse_period(o.as_of).end >= first_pos
                    and all(o.source.doc_id != p.source.doc_id for p in pos)]
        if late_neg:
            return "contradicted", pos + late_neg
        return "met", pos
    if pos:
        return "met", pos
    if neg:
        return "not_met", neg
    return "unknown", []


def _trace_places(c: Commitment, pool: list[Claim], today: dt.date) -> Finding:
    targets = c.items or ([c.place] if c.place else [])
    evidence, items, dates = [], [], []
    met = 0
    states = []
    for item in targets:
        state, used = _item_state(c, item, pool)
        states.append(state)
        met += state == "met"
        role = "conflict" if state == "contradicted" else "outcome"
        evidence += [_evidence(o, role) for o in used]
        dates += [parse_period(o.as_of) for o in used if parse_period(o.as_of)]
        items.append({"name": item.name, "commune": item.commune, "state": state,
                      "evidence": [o.source.number or o.source.file_name for o in used]})
    evidence = list({(e.role, e.source.doc_id, e.source.span): e for e in evidence}.values())
    required = len(targets)
    if c.kind == "place_list" and c.value and not c.increment and c.value != required:
        required = c.value
    if "contradicted" in states:
        return Finding(c, "contradicted", evidence, met, required,
                       "sources disagree on " + ", ".join(i["name"] for i in items if i["state"] == "contradicted"),
                       items)
    if not evidence:
        return Finding(c, "no_evidence", [], None, required, "", items)
    newest = max(dates, key=lambda p: p.end) if dates else None
    if met >= required:
        return Finding(c, "met", evidence, met, required, "", items)
    deadline = parse_period(c.deadline)
    all_known = all(s != "unknown" for s in states)
    if deadline and deadline.end <= today and (all_known or (newest and covers(newest, deadline))):
        status = "partly_met" if met else "missed"
    else:
        status = "pending"
    return Finding(c, status, evidence, met, required, "", items)


def trace(commitments: list[Commitment], claims: list[Claim], today: dt.date | str | None = None
          ) -> list[Finding]:
    """The status of every commitment, with its evidence. `today` decides whether a deadline has
    passed; evidence older than the deadline leaves a commitment pending."""
    if today is None:
        today = dt.date.today()
    elif isinstance(today, str):
        today = dt.date.fromisoformat(today)
    findings = []
    for c in commitments:
        if c.indicator is None or c.place is None:
            findings.append(Finding(c, "no_evidence", [], note="no NTM indicator or place to match on"))
        elif c.kind in ("place_list", "place_status") or (c.kind == "assignment" and c.value is None):
            findings.append(_trace_places(c, claims, today))
        else:
            findings.append(_trace_figure(c, claims, today))
    return findings
