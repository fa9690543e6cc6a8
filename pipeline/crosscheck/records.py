"""The cross-check's findings as records: the rows the store keeps (`findings`, `finding_evidence`,
store/findings.py) and the JSON `ntm check --json` prints, built from those same rows so the report,
the register, the web and the CLI say one thing."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any, Iterable

from pipeline.crosscheck.claims import claims
from pipeline.crosscheck.commitments import commitments
from pipeline.crosscheck.places import PlaceRef
from pipeline.crosscheck.tasks import Task, tasks
from pipeline.crosscheck.timelines import Timeline, timelines
from pipeline.crosscheck.tracing import Finding, trace
from pipeline.crosscheck.vocabulary import STATUS_LABELS, indicator_label
from pipeline.model import gazetteer as gaz
from pipeline.store.corpus import Corpus, read_corpus


def district_of(place: PlaceRef | None) -> str:
    """The district a commitment belongs to in summaries; province-wide ones are 'Toàn tỉnh'."""
    if place is None:
        return "(không rõ)"
    if place.level == "province":
        return f"Toàn tỉnh {place.name}"
    return place.district_name or place.name


def _place_codes(place: PlaceRef | None) -> dict[str, Any]:
    if place is None:
        return {"place": None, "place_level": None, "place_code": None, "district_code": None, "province_code": None}
    code = {"commune": place.commune, "district": place.district, "province": place.province,
            "village": place.commune}.get(place.level)
    return {"place": place.name, "place_level": place.level, "place_code": code,
            "district_code": place.district, "province_code": place.province}


def finding_rows(findings: list[Finding], task_list: Iterable[Task], today: dt.date, lines: Iterable[Timeline] = ()
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of `findings` (commitments and tasks), `finding_evidence` and `status_timeline`."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    rows, evidence, timeline = [], [], []
    def add_evidence(i: int, found: list) -> None:
        cited = set()
        for e in found:
            if (e.source.doc_id, e.source.span) in cited:
                continue                   # a count and its share in one clause: one passage, cited once
            cited.add((e.source.doc_id, e.source.span))
            evidence.append({
                "finding_id": i, "role": e.role, "doc_id": e.source.doc_id, "number": e.source.number,
                "date": e.source.date, "file_name": e.source.file_name, "page": e.source.page,
                "page_unit": e.source.page_unit, "span_start": e.source.span[0], "span_end": e.source.span[1],
                "quote": e.source.quote, "as_of": e.as_of, "value": e.value, "place": e.place, "stance": e.stance,
                "decision": e.decision})

    for i, f in enumerate(findings, start=1):
        c = f.commitment
        end = c.deadline and _deadline_end(c.deadline)
        rows.append({
            "id": i, "commitment_key": c.key, "kind": "commitment", "label": c.label, "indicator": c.indicator,
            "indicator_label": indicator_label(c.indicator), **_place_codes(c.place), "district": district_of(c.place),
            "deadline": c.deadline, "deadline_end": end, "value": c.value, "denominator": c.denominator,
            "unit": c.unit, "comparator": c.comparator, "increment": int(c.increment),
            "criteria": json.dumps(c.criteria), "assignee": c.assignee, "task": None,
            "status": f.status, "status_label": f.status_label, "reason": f.reason, "fraction": f.fraction,
            "achieved": f.achieved, "required": f.required,
            "doc_id": c.source.doc_id, "doc_sha256": c.source.sha256, "number": c.source.number,
            "doc_type": c.source.type, "date": c.source.date, "file_name": c.source.file_name,
            "page": c.source.page, "page_unit": c.source.page_unit,
            "span_start": c.source.span[0], "span_end": c.source.span[1], "quote": c.source.quote,
            "made": c.made, "today": today.isoformat(), "checked_at": now})
        add_evidence(i, f.evidence)
    n = len(rows)
    for j, t in enumerate(task_list, start=n + 1):
        rows.append({
            "id": j, "commitment_key": t.key, "kind": "task", "label": t.task[:120], "indicator": None,
            "indicator_label": None, **_place_codes(None), "district_code": t.district_code,
            "province_code": t.province_code, "district": t.district, "deadline": t.deadline,
            "deadline_end": t.deadline and _deadline_end(t.deadline), "value": None, "denominator": None,
            "unit": None, "comparator": None, "increment": 0, "criteria": "[]", "assignee": t.assignee,
            "task": t.task, "status": t.status, "status_label": STATUS_LABELS.get(t.status) if t.status else "Không có hạn",
            "reason": t.reason, "fraction": None, "achieved": None, "required": None,
            "doc_id": t.source.doc_id, "doc_sha256": t.source.sha256, "number": t.source.number,
            "doc_type": t.source.type, "date": t.source.date, "file_name": t.source.file_name,
            "page": t.source.page, "page_unit": t.source.page_unit, "span_start": t.source.span[0],
            "span_end": t.source.span[1], "quote": t.source.quote, "made": t.source.date,
            "today": today.isoformat(), "checked_at": now, "role": t.role, "fact_id": t.fact_id})
        add_evidence(j, t.evidence)
    for t in lines:
        for e in t.entries:
            timeline.append({
                "level": t.level, "name": t.name, "commune": t.commune, "district": t.district,
                "variants": json.dumps(t.variants, ensure_ascii=False), "spelled": e.name,
                "when": e.when, "status": e.status, "indicator": e.indicator, "decision": e.decision,
                "doc_id": e.source.doc_id, "number": e.source.number, "date": e.source.date,
                "page": e.source.page, "span_start": e.source.span[0], "span_end": e.source.span[1],
                "quote": e.source.quote, "page_unit": e.source.page_unit, "file_name": e.source.file_name,
                "commune_code": t.commune_code, "district_code": t.district_code, "province_code": t.province_code})
    return rows, evidence, timeline


def _deadline_end(deadline: str) -> str | None:
    from pipeline.crosscheck.periods import end_of
    end = end_of(deadline)
    return end.isoformat() if end else None


def compute(db, today: dt.date | str | None = None, corpus: Corpus | None = None
            ) -> tuple[Corpus, list[Finding], list[Task], list[Timeline]]:
    """Read the corpus and trace every commitment and task as of `today`."""
    if today is None:
        today = dt.date.today()
    elif isinstance(today, str):
        today = dt.date.fromisoformat(today)
    corpus = corpus or read_corpus(db)
    found = trace(commitments(corpus), claims(corpus), today)
    return corpus, found, tasks(corpus, today), timelines(corpus)


def _source_json(r: dict[str, Any], files: dict[int, list[str]]) -> dict[str, Any]:
    return {"doc_id": r["doc_id"], "number": r["number"], "type": r.get("doc_type"), "date": r["date"],
            "issuer": r.get("issuer"), "page": r["page"], "page_unit": r["page_unit"],
            "span": [r["span_start"], r["span_end"]], "quote": r["quote"], "file_name": r["file_name"],
            "file_names": files.get(r["doc_id"], [r["file_name"]]), "anchor": None}


def _evidence_json(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"doc_id": e["doc_id"], "number": e["number"], "date": e["date"], "file_name": e["file_name"],
             "page": e["page"], "page_unit": e["page_unit"], "span": [e["span_start"], e["span_end"]],
             "quote": e["quote"], "role": e["role"], "as_of": e["as_of"], "value": e["value"],
             "place": e["place"], "stance": e["stance"], "decision": e["decision"]} for e in rows]


def _review_json(r: dict[str, Any]) -> dict[str, Any] | None:
    if not r.get("review_status"):
        return None
    return {"status": r["review_status"], "status_label": STATUS_LABELS.get(r["review_status"]),
            "note": r["review_note"], "by": r["review_by"], "at": r["review_at"]}


def check_json(db, today: dt.date | str | None = None) -> dict[str, Any]:
    """What `ntm check --json` prints: the cross-check computed as of `today`, stored, and printed
    from the stored rows (with reviewers' verdicts beside the machine's)."""
    from pipeline.store.findings import read_findings, save_findings

    corpus, found, task_list, lines = compute(db, today)
    day = _today(today)
    save_findings(db, *finding_rows(found, task_list, day, lines))
    rows, evidence = read_findings(db)
    issuers = {d: corpus.documents[d].get("issuer") for d in corpus.documents}
    out_c, out_t = [], []
    for r in rows:
        r["issuer"] = issuers.get(r["doc_id"])
        src = _source_json(r, corpus.file_names)
        if r["kind"] == "task":
            out_t.append({"key": r["commitment_key"], "id": r["id"], "assignee": r["assignee"], "role": r.get("role"),
                          "task": r["task"], "deadline": r["deadline"], "deadline_end": r["deadline_end"],
                          "page": r["page"], "page_unit": r["page_unit"], "status": r["status"],
                          "status_label": r["status_label"], "reason": r["reason"], "source": src,
                          "review": _review_json(r), "evidence": _evidence_json(evidence.get(r["id"], []))})
            continue
        out_c.append({
            "commitment": {"key": r["commitment_key"], "id": r["id"], "kind": r["kind"], "label": r["label"],
                           "indicator": r["indicator"], "indicator_label": r["indicator_label"],
                           "place": r["place"], "place_level": r["place_level"], "place_code": r["place_code"],
                           "district": r["district"], "value": r["value"], "denominator": r["denominator"],
                           "unit": r["unit"], "comparator": r["comparator"], "increment": bool(r["increment"]),
                           "criteria": json.loads(r["criteria"] or "[]"), "deadline": r["deadline"],
                           "deadline_end": r["deadline_end"], "assignee": r["assignee"], "made": r["made"],
                           "page": r["page"], "source": src},
            "status": r["status"], "status_label": r["status_label"], "reason": r["reason"],
            "fraction": r["fraction"], "achieved": r["achieved"], "required": r["required"],
            "review": _review_json(r),
            "evidence": _evidence_json(evidence.get(r["id"], []))})
    cons = []
    for r in located_consistency(db, corpus):
        cons.append({k: r.get(k) for k in ("doc_id", "number", "file_name", "page", "page_unit", "kind", "stated",
                                            "computed", "consistent", "note", "quote")}
                    | {"span": [r.get("span_start"), r.get("span_end")]})
    return {"today": day.isoformat(), "consistency": cons, "commitments": out_c, "tasks": out_t}


def located_consistency(db, corpus: Corpus | None = None) -> list[dict[str, Any]]:
    """The arithmetic checks of the documents, each with the page of the original ("trang", from the
    paged rendition when there is one) or its paragraph ("đoạn") for plain text."""
    from pipeline.crosscheck.mentions import page_of
    from pipeline.store.queries import consistency_rows

    rows = consistency_rows(db)
    if rows and corpus is None:
        corpus = read_corpus(db)
    for r in rows:
        if r["doc_id"] in corpus.documents:
            r["page"], r["page_unit"] = page_of(corpus, r["doc_id"], r.get("span_start") or 0, r.get("span_end") or 0)
        else:
            r["page_unit"] = "trang" if r.get("page") else None
    return rows


def _today(today) -> dt.date:
    if today is None:
        return dt.date.today()
    return dt.date.fromisoformat(today) if isinstance(today, str) else today


def place_of_unit(code: str | None) -> str | None:
    u = gaz.unit("district", code) if code else None
    return u.name if u else None
