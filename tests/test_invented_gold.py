"""The gold of the invented sets (tests/fixtures/news: news articles; tests/fixtures/legal: formal
texts as legal-document sites publish them) is well-formed: each file names its text, every quote is
the text at its span (places and references: the first occurrence; every other list: a quote found
once), Vietnamese as the text writes it (NFC, Đ not Ð), and every item holds the fields the scorer
matches on. A news item says nothing about itself; a formal text says who, when and where. The
scorer itself, beside the repository and not in a bare clone, is run by scripts/check_gold.py."""
import json
import unicodedata
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SETS = {"news": 45, "legal": 40}                      # texts in each set
GOLD = [p for name in SETS for p in sorted((FIXTURES / name / "gold").glob("*.json"))]
MATCHED_ON = {"references": ["number"], "places": ["level", "name"], "targets": ["value"],
              "achievements": ["value"], "budgets": ["amount_vnd"], "assignments": ["assignee", "role"]}
DOC_FIELDS = ["number", "type", "issuer", "place", "date", "signer", "signer_title"]


@pytest.mark.parametrize("name", sorted(SETS))
def test_each_text_with_its_gold(name):
    gold = sorted((FIXTURES / name / "gold").glob("*.json"))
    assert len(gold) == SETS[name]
    assert sorted(p.stem for p in gold) == sorted(p.stem for p in (FIXTURES / name / "docs").glob("*.txt"))


@pytest.mark.parametrize("path", GOLD, ids=lambda p: f"{p.parent.parent.name}-{p.stem[:3]}")
def test_gold_is_well_formed(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (path.parent.parent / "docs" / gold["file"]).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text and "Ð" not in text
    assert set(gold["document"]) == set(DOC_FIELDS)
    if path.parent.parent.name == "news":
        assert all(v is None for v in gold["document"].values())
    else:
        assert 2000 <= len(text) <= 8000
        assert all(gold["document"][field] for field in DOC_FIELDS)
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
            dumped = json.dumps(item, ensure_ascii=False)
            assert unicodedata.normalize("NFC", dumped) == dumped
