"""Tables written as "cell | cell" lines (legal-document sites, plain-text copies): rebuilt from the
text and read like a reader's tables. Cases as data in tests/data/text_tables.jsonl: each gives the
budgets (amount, quote), achievements and targets (value, denominator, quote) the table must give."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import extract
from pipeline.model.normalize import normalize_pages

CASES = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "text_tables.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_text_table(case):
    doc = normalize_pages([case["text"]], fmt="txt", paged=False)
    result = extract(doc)
    assert sorted((b.amount_vnd, b.text) for b in result.budgets) == sorted(map(tuple, case["budgets"]))
    for kind in ("achievements", "targets"):
        got = sorted((q.value, q.denominator, q.text) for q in getattr(result, kind))
        assert got == sorted(map(tuple, case[kind])), kind
    for fact in [*result.budgets, *result.achievements, *result.targets]:
        assert doc.text[fact.span[0]:fact.span[1]] == fact.text
