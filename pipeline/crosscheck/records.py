"""The cross-check's findings as records: the JSON `ntm check --json` prints, and the rows the store
keeps (store/findings.py writes them)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any, Iterable

from pipeline.crosscheck.commitments import Commitment, claims, commitments
from pipeline.crosscheck.places import PlaceRef
from pipeline.crosscheck.timelines import Timeline
from pipeline.crosscheck.tracing import Finding, trace
from pipeline.crosscheck.vocabulary import STATUS_LABELS, indicator_label
from pipeline.store.corpus import read_corpus
from pipeline.store.queries import consistency_rows


def district_of(place: PlaceRef | None) -> str:
    """The district a commitment belongs to in summaries; province-wide ones are 'Toàn tỉnh'."""
    if place is None:
        return "(không rõ)"
    if place.level == "province":
        return "Toàn tỉnh"
    return place.district_name or place.name


def commitment_dict(c: Commitment) -> dict[str, Any]:
    return {
        "key": c.key, "kind": c.kind, "label": c.label, "indicator": c.indicator,
        "indicator_label": indicator_label(c.indicator) if c.indicator else None,
        "place": c.place.name if c.place else None, "place_level": c.place.level if c.place else None,
        "district": district_of(c.place), "value": c.value, "unit": c.unit, "denominator": c.denominator,
        "comparator": c.comparator, "increment": c.increment, "deadline": c.deadline,
        "items": [i.name for i in c.items], "assignee": c.assignee, "supporters": c.supporters,
        "task": c.task,
        "source": asdict(c.source),
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {"commitment": commitment_dict(f.commitment), "status": f.status,
            "status_label": STATUS_LABELS[f.status], "fraction": f.fraction, "achieved": f.achieved,
            "required": f.required, "note": f.note, "items": f.items,
            "evidence": [{**asdict(e.source), "role": e.role, "as_of": e.as_of, "value": e.value,
                          "place": e.place, "stance": e.stance, "decision": e.decision}
                         for e in f.evidence]}


def finding_rows(findings: list[Finding], lines: Iterable[Timeline] = ()
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of `commitment_status`, `evidence` and `status_timeline` for one cross-check run."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    status_rows, evidence_rows, timeline_rows = [], [], []
    for i, f in enumerate(findings, start=1):
        c = f.commitment
        status_rows.append({
            "id": i, "commitment_key": c.key, "kind": c.kind, "label": c.label,
            "indicator": c.indicator, "indicator_label": indicator_label(c.indicator) if c.indicator else None,
            "place": c.place.name if c.place else None, "place_level": c.place.level if c.place else None,
            "district": district_of(c.place), "deadline": c.deadline,
            "deadline_year": int(c.deadline[:4]) if c.deadline and c.deadline[:4].isdigit() else None,
            "value": c.value, "unit": c.unit, "items": json.dumps([x.name for x in c.items], ensure_ascii=False),
            "assignee": c.assignee, "task": c.task,
            "doc_id": c.source.doc_id, "number": c.source.number, "date": c.source.date,
            "page": c.source.page, "span_start": c.source.span[0], "span_end": c.source.span[1],
            "quote": c.source.quote, "status": f.status, "fraction": f.fraction, "achieved": f.achieved,
            "required": f.required, "note": f.note,
            "item_states": json.dumps(f.items, ensure_ascii=False), "checked_at": now})
        for e in f.evidence:
            evidence_rows.append({
                "commitment_status_id": i, "role": e.role, "doc_id": e.source.doc_id,
                "number": e.source.number, "date": e.source.date, "page": e.source.page,
                "span_start": e.source.span[0], "span_end": e.source.span[1], "quote": e.source.quote,
                "as_of": e.as_of, "value": e.value, "place": e.place, "stance": e.stance,
                "decision": e.decision})
    for t in lines:
        for e in t.entries:
            timeline_rows.append({
                "level": t.level, "name": t.name, "commune": t.commune, "district": t.district,
                "variants": json.dumps(t.variants, ensure_ascii=False), "spelled": e.name,
                "when": e.when, "status": e.status, "indicator": e.indicator, "decision": e.decision,
                "doc_id": e.source.doc_id, "number": e.source.number, "date": e.source.date,
                "page": e.source.page, "span_start": e.source.span[0], "span_end": e.source.span[1],
                "quote": e.source.quote})
    return status_rows, evidence_rows, timeline_rows


def check_json(db, today: dt.date | str | None = None) -> dict[str, Any]:
    """What `ntm check --json` prints."""
    corpus = read_corpus(db)
    findings = trace(commitments(corpus), claims(corpus), today)
    cons = []
    for r in consistency_rows(db):
        cons.append({k: r.get(k) for k in ("doc_id", "number", "file_name", "page", "kind", "stated",
                                            "computed", "consistent", "note", "quote")}
                    | {"span": [r.get("span_start"), r.get("span_end")]})
    return {"consistency": cons, "commitments": [finding_dict(f) for f in findings]}
