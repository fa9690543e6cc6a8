"""The third inspection key (tests/fixtures/inspection3/, Nghệ An, committed before ntm ran on it): an
out-of-sample measure with shapes neither earlier key has — "có thêm N xã" against "có thêm M xã …, nâng
tổng số lên a/b", "85% số xã" against counts, "thôn, bản", a district left "đang thẩm định", a report older
than the plan, tasks reported done or not. Ingested through the real flow into a real SQLite file and
scored like the second key; the score is printed (commitments and tasks)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ingested
from inspection_key import check, match, quote_span, texts_of

from pipeline.model.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
THIRD = ROOT / "tests" / "fixtures" / "inspection3"
KEY = json.loads((THIRD / "expected.json").read_text(encoding="utf-8"))
TASK_DONE = {True: "met", False: "missed", None: "no_evidence"}   # the key's `done` as a task status


@pytest.fixture(scope="module")
def third_db(tmp_path_factory) -> Path:
    return ingested(THIRD.glob("*.txt"), tmp_path_factory.mktemp("inspection3"))


@pytest.fixture(scope="module")
def texts(third_db) -> dict[str, str]:
    return texts_of(third_db)


def overlaps(texts: dict[str, str], file_name: str, quote: str, source: dict) -> bool:
    span = quote_span(texts.get(file_name, ""), quote)
    return bool(span) and source["file_name"] == file_name and source["span"][0] < span[1] and source["span"][1] > span[0]


def score(data: dict, texts: dict[str, str]) -> dict:
    """Found, wrong statuses, traps taken, extra commitments (in any file), wrong "met", task statuses."""
    found = match(KEY["commitments"], data, texts)
    wrong = {k["id"]: (k["status"], found[k["id"]]["status"]) for k in KEY["commitments"]
             if k["id"] in found and found[k["id"]]["status"] != k["status"]}
    traps = [t["quote"][:60] for t in KEY["not_commitments"] for f in data["commitments"]
             if overlaps(texts, t["plan"], t["quote"], f["commitment"]["source"])]
    extra = [f"{f['commitment']['source']['file_name'][:3]}: {f['commitment']['label']}" for f in data["commitments"]
             if f not in found.values()]
    false_met = [i for i, (want, got) in wrong.items() if got in ("met", "met_late")]
    tasks = {}
    for k in KEY["tasks"]:
        got = [t for t in data["tasks"] if overlaps(texts, k["plan"], k["quote"], t["source"])
               and fold(k["assignee"]) == fold(t["assignee"])]
        tasks[k["assignee"][:30] + " " + k["deadline"]] = (TASK_DONE[k["done"]], got[0]["status"] if got else None)
    return {"found": found, "wrong": wrong, "traps": traps, "extra": extra, "false_met": false_met, "tasks": tasks}


def test_third_key_at_2026_12_01(third_db, texts, capsys):
    s = score(check(third_db, KEY["today"]), texts)
    n = len(KEY["commitments"])
    tasks_right = sum(want == got for want, got in s["tasks"].values())
    with capsys.disabled():
        print(f"\ninspection3 score @{KEY['today']}: found {len(s['found'])}/{n}, statuses right "
              f"{len(s['found']) - len(s['wrong'])}/{n}, traps {len(s['traps'])}/{len(KEY['not_commitments'])}, "
              f"extra {len(s['extra'])}, wrong met {len(s['false_met'])}, tasks right {tasks_right}/{len(s['tasks'])}"
              f"\n  missing {[k['id'] for k in KEY['commitments'] if k['id'] not in s['found']]}"
              f"\n  wrong {s['wrong']}\n  traps {s['traps']}\n  extra {s['extra']}\n  tasks (want, got) {s['tasks']}")
    assert len(s["found"]) == n
    assert not s["wrong"] and not s["traps"] and not s["extra"] and not s["false_met"]
    assert tasks_right == len(s["tasks"])


@pytest.mark.parametrize("other", KEY["other_dates"], ids=lambda o: f"{o['id']}@{o['today']}")
def test_third_key_at_other_dates(third_db, texts, other):
    found = match(KEY["commitments"], check(third_db, other["today"]), texts).get(other["id"])
    assert found and found["status"] == other["status"], (other["why"], found and found["reason"])


def test_a_report_older_than_the_plan_is_never_evidence(third_db, texts):
    """rn1 (20/02/2024, "tự đánh giá đạt 19/19") precedes pn3 (05/03/2024): never evidence for Chi Khê."""
    found = match(KEY["commitments"], check(third_db, KEY["today"]), texts)["e14"]
    assert not [e for e in found.get("evidence", []) if e.get("file_name", "").startswith("rn1")]
