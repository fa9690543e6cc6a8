"""Checking and matching a hand-written inspection key (tests/fixtures/inspection*/expected.json) to what
`ntm check --json` found: one way for both keys."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.face.cli import app
from pipeline.model.gazetteer import place_key
from pipeline.model.normalize import fold
from pipeline.store.corpus import Corpus


def check(db: Path, today: str) -> dict:
    """`ntm check --json` on a database, as of `today`."""
    result = CliRunner().invoke(app, ["check", "--db", str(db), "--json", "--today", today])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def place_words(place: str) -> str:
    first = place.split(",")[0]
    return place_key(fold(first).replace("thanh pho ", "").replace("huyen ", "").replace("xa ", "").replace("tinh ", ""))


def texts_of(db: Path) -> dict[str, str]:
    """File name → stored text of every document in the database."""
    import sqlite_utils

    return {r["file_name"]: r["text"] for r in sqlite_utils.Database(db).query("select file_name, text from documents")}


def quote_span(text: str, quote: str) -> tuple[int, int] | None:
    i = text.find(quote)
    if i < 0:
        i = fold(text).find(fold(quote))
    return (i, i + len(quote)) if i >= 0 else None


def match(keyed: list[dict], data: dict, texts: dict[str, str]) -> dict[str, dict]:
    """Key id → the found commitment on the same plan, overlapping the key's quote, at the same place,
    with the same indicator (a key's "tieu_chi" stands for any criteria goal); of several (one table row
    holding a goal per year), the one with the key's deadline first."""
    found = {}
    for k in keyed:
        span = quote_span(texts.get(k["plan"], ""), k["quote"])
        want = place_words(k["place"])
        for f in sorted(data["commitments"], key=lambda f: f["commitment"]["deadline"] != k["deadline"]):
            c, src = f["commitment"], f["commitment"]["source"]
            if span is None or src["file_name"] != k["plan"] or src["span"][0] >= span[1] or src["span"][1] <= span[0]:
                continue
            got = place_key(c["place"] or "")
            if (got == want or got.endswith(want) or want.endswith(got)) and k["indicator"] in (c["indicator"], "tieu_chi"):
                found[k["id"]] = f
                break
    return found


TASK_DONE = {True: "met", "late": "met_late", False: "missed", None: "no_evidence"}   # a key's `done` as a task status


def overlaps(texts: dict[str, str], file_name: str, quote: str, source: dict) -> bool:
    span = quote_span(texts.get(file_name, ""), quote)
    return bool(span) and source["file_name"] == file_name and source["span"][0] < span[1] and source["span"][1] > span[0]


def score(key: dict, data: dict, texts: dict[str, str]) -> dict:
    """Found, wrong statuses, traps taken, extra commitments (in any file), wrong "met", task statuses."""
    found = match(key["commitments"], data, texts)
    wrong = {k["id"]: (k["status"], found[k["id"]]["status"]) for k in key["commitments"]
             if k["id"] in found and found[k["id"]]["status"] != k["status"]}
    traps = [t["quote"][:60] for t in key["not_commitments"] for f in data["commitments"]
             if overlaps(texts, t["plan"], t["quote"], f["commitment"]["source"])]
    extra = [f"{f['commitment']['source']['file_name'][:3]}: {f['commitment']['label']}" for f in data["commitments"]
             if f not in found.values()]
    false_met = [i for i, (want, got) in wrong.items() if got in ("met", "met_late")]
    tasks = {}
    for k in key["tasks"]:
        got = [t for t in data["tasks"] if overlaps(texts, k["plan"], k["quote"], t["source"])
               and fold(k["assignee"]) == fold(t["assignee"])]
        tasks[k["assignee"][:30] + " " + str(k["deadline"])] = (TASK_DONE[k["done"]], got[0]["status"] if got else None)
    return {"found": found, "wrong": wrong, "traps": traps, "extra": extra, "false_met": false_met, "tasks": tasks}


def scorecard(name: str, key: dict, s: dict) -> str:
    """The printed line of a key's score and what went wrong."""
    n = len(key["commitments"])
    tasks_right = sum(want == got for want, got in s["tasks"].values())
    return (f"\n{name} score @{key['today']}: found {len(s['found'])}/{n}, statuses right "
            f"{len(s['found']) - len(s['wrong'])}/{n}, traps {len(s['traps'])}/{len(key['not_commitments'])}, "
            f"extra {len(s['extra'])}, wrong met {len(s['false_met'])}, tasks right {tasks_right}/{len(s['tasks'])}"
            f"\n  missing {[k['id'] for k in key['commitments'] if k['id'] not in s['found']]}"
            f"\n  wrong {s['wrong']}\n  traps {s['traps']}\n  extra {s['extra']}\n  tasks (want, got) {s['tasks']}")


def traced(plan: dict, reports: list[tuple[str, str]], issuer: dict, today: str = "2026-12-01",
           report_head: str = "BÁO CÁO\n\nI. KẾT QUẢ THỰC HIỆN\n\n"):
    """The findings, as of `today`, of one plan (its fields and text) against reports (date, text)
    of the same issuer, each opening with `report_head`."""
    from pipeline.crosscheck.claims import claims
    from pipeline.crosscheck.commitments import commitments
    from pipeline.crosscheck.tracing import trace

    corpus = corpus_of({**issuer, **plan}, *({**issuer, "date": d, "text": report_head + t} for d, t in reports))
    return trace(commitments(corpus), claims(corpus), today)


def corpus_of(*docs: dict, assignments: tuple[dict, ...] = ()) -> Corpus:
    """Documents (text, type, issuer, date, title; province code in `province`) as the check reads them."""
    documents, places = {}, []
    for i, d in enumerate(docs, start=1):
        documents[i] = {"id": i, "path": f"/x/{i}.txt", "file_name": f"{i}.txt", "number": d.get("number", f"{i}/BC-UBND"),
                        "type": d.get("type", "Báo cáo"), "issuer": d["issuer"], "place": None, "date": d["date"],
                        "title": d.get("title", "Kết quả xây dựng nông thôn mới"), "text": d["text"], "footnotes": "[]",
                        "sha256": f"{i:064x}"}
        places.append({"id": i, "doc_id": i, "level": "province", "name": None, "code": d["province"],
                       "parent": None, "span_start": 0, "span_end": 0, "page": None})
    facts = {"places": places, "references": [], "assignments": list(assignments), "targets": [], "achievements": [],
             "consistency": []}
    return Corpus(documents, facts, {}, {i: [f"{i}.txt"] for i in documents})
