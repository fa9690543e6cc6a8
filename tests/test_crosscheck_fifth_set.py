"""The fifth inspection key (tests/fixtures/inspection5/, Thanh Hóa, committed before ntm ran on it): an
out-of-sample measure with shapes the other keys lack — a Party congress resolution's targets, a plan's
commune list with the year each is to reach the standard, results given in report TABLES (plan versus
result, per commune with a 'Ghi chú', per former district), results given only as a share of the plan,
a 'duy trì' target, a task due 'trong Quý II' reported on its last day, a text PDF report. Ingested
through the real flow into a real SQLite file; the score is printed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ingested
from inspection_key import check, match, score, scorecard, texts_of

ROOT = Path(__file__).resolve().parent.parent
FIFTH = ROOT / "tests" / "fixtures" / "inspection5"
KEY = json.loads((FIFTH / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fifth_db(tmp_path_factory) -> Path:
    return ingested([*FIFTH.glob("*.txt"), *FIFTH.glob("*.pdf")], tmp_path_factory.mktemp("inspection5"))


@pytest.fixture(scope="module")
def texts(fifth_db) -> dict[str, str]:
    return texts_of(fifth_db)


@pytest.fixture(scope="module")
def scored(fifth_db, texts) -> dict:
    return score(KEY, check(fifth_db, KEY["today"]), texts)


def test_fifth_key_at_2026_12_01(scored, capsys):
    with capsys.disabled():
        print(scorecard("inspection5", KEY, scored))
    assert not scored["false_met"], "a wrong met is worse than no verdict"
    assert not scored["traps"] and not scored["extra"]


@pytest.mark.parametrize("keyed", KEY["commitments"], ids=lambda k: k["id"])
def test_each_commitment(scored, keyed):
    found = scored["found"].get(keyed["id"])
    assert found, f"not found: {keyed['quote'][:80]}"
    assert found["status"] == keyed["status"], (keyed["why"], found["reason"])


@pytest.mark.parametrize("other", KEY["other_dates"], ids=lambda o: f"{o['id']}@{o['today']}")
def test_fifth_key_at_other_dates(fifth_db, texts, other):
    found = match(KEY["commitments"], check(fifth_db, other["today"]), texts).get(other["id"])
    assert found and found["status"] == other["status"], (other["why"], found and found["reason"])


def test_tasks(scored):
    assert all(want == got for want, got in scored["tasks"].values()), scored["tasks"]
