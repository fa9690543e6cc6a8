"""The gold of the invented formal texts (tests/fixtures/legal) is well-formed: each file names its
text, every quote is the text at its span (places and references: the first occurrence; every other
list: a quote found once), Vietnamese as the text writes it (NFC, Đ not Ð), every document field is
filled, and every item holds the fields the scorer matches on. The scorer itself (../shared) is run
by check_gold.py."""
import json
import unicodedata
from pathlib import Path

import pytest

LEGAL = Path(__file__).parent / "fixtures" / "legal"
GOLD = sorted((LEGAL / "gold").glob("*.json"))
MATCHED_ON = {"references": ["number"], "places": ["level", "name"], "targets": ["value"],
              "achievements": ["value"], "budgets": ["amount_vnd"], "assignments": ["assignee", "role"]}
DOC_FIELDS = ["number", "type", "issuer", "place", "date", "signer", "signer_title"]


def test_eight_texts_each_with_its_gold():
    assert len(GOLD) == 8
    assert sorted(p.stem for p in GOLD) == sorted(p.stem for p in (LEGAL / "docs").glob("*.txt"))


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem[:3])
def test_gold_is_well_formed(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (LEGAL / "docs" / gold["file"]).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text and "Ð" not in text
    assert 2000 <= len(text) <= 8000
    assert set(gold["document"]) == set(DOC_FIELDS)
    assert all(gold["document"][field] for field in DOC_FIELDS)   # a formal text says who, when, where
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
