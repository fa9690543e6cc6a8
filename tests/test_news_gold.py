"""The gold of the invented news articles (tests/fixtures/news) is well-formed: each file names its
article, every quote is the article's text at its span (places and references: the first occurrence;
every other list: a quote found once), Vietnamese as the text writes it (NFC, Đ not Ð), and every
item holds the fields the scorer matches on. The scorer itself (../shared) is run by check_gold.py."""
import json
import unicodedata
from pathlib import Path

import pytest

NEWS = Path(__file__).parent / "fixtures" / "news"
GOLD = sorted((NEWS / "gold").glob("*.json"))
MATCHED_ON = {"references": ["number"], "places": ["level", "name"], "targets": ["value"],
              "achievements": ["value"], "budgets": ["amount_vnd"], "assignments": ["assignee", "role"]}
DOC_FIELDS = ["number", "type", "issuer", "place", "date", "signer", "signer_title"]


def test_fifteen_articles_each_with_its_gold():
    assert len(GOLD) == 15
    assert sorted(p.stem for p in GOLD) == sorted(p.stem for p in (NEWS / "docs").glob("*.txt"))


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem[:3])
def test_gold_is_well_formed(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (NEWS / "docs" / gold["file"]).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text and "Ð" not in text
    assert set(gold["document"]) == set(DOC_FIELDS)
    assert all(v is None for v in gold["document"].values())   # a news item says nothing about itself
    for key, fields in MATCHED_ON.items():
        for item in gold[key]:
            quote, (start, end) = item["quote"], item["span"]
            assert text[start:end] == quote, (key, quote)
            if key in ("references", "places"):
                assert text.find(quote) == start, (key, quote)
            else:
                assert text.count(quote) == 1, (key, quote)
            for field in fields:
                assert item.get(field) not in (None, ""), (key, field, quote)
            assert unicodedata.normalize("NFC", json.dumps(item, ensure_ascii=False)) == json.dumps(item, ensure_ascii=False)
