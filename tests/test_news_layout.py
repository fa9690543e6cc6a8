"""A news item's layout read through every extractor (extractors.extract): cases in
tests/data/news_layout.jsonl give the achievements' values, the budgets' amounts (in order) and the
provinces found and not found; a line linking another article ("Xem thêm: …", ">> …") gives nothing."""
import json
from pathlib import Path

import pytest

from extractors import extract
from pipeline.model.normalize import normalize_pages

CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "news_layout.jsonl").read_text("utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_news_layout(case):
    result = extract(normalize_pages([case["text"]], fmt="txt"))
    assert [q.value for q in result.achievements] == case["achievements"], [(q.value, q.text) for q in result.achievements]
    assert [b.amount_vnd for b in result.budgets] == case["budgets"]
    provinces = {p.name for p in result.places if p.level == "province"}
    assert set(case["places"]) <= provinces and not set(case["absent_places"]) & provinces, provinces
