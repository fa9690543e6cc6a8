"""The gold of the invented office files (tests/fixtures/files) is well-formed: every rendition in
docs/ has its gold file naming it, the renditions of one document share one gold, every quote is
the document's own words (its source text in source/, markup and footnote marks dropped), in NFC
and with Đ not Ð, and every item holds the fields the scorer matches on. The renditions themselves
are built by scripts/make_office_files.py; scoring them is `make eval`."""
import json
import re
import unicodedata
from pathlib import Path

import pytest

from scripts.make_office_files import plain_text, rendition_name

FILES = Path(__file__).parent / "fixtures" / "files"
SOURCES = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((FILES / "source").glob("*.json"))}
MATCHED_ON = {"references": ["number"], "places": ["level", "name"], "targets": ["value"],
              "achievements": ["value"], "budgets": ["amount_vnd"], "assignments": ["assignee", "role"]}
DOC_FIELDS = ["number", "type", "issuer", "place", "date", "signer", "signer_title"]


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_every_rendition_has_its_gold():
    expected = {rendition_name(stem, kind) for stem, spec in SOURCES.items() for kind in spec["renditions"]}
    assert len(SOURCES) == 11
    assert {p.name for p in (FILES / "docs").iterdir()} == expected
    named = {json.loads(p.read_text(encoding="utf-8"))["file"] for p in (FILES / "gold").glob("*.json")}
    assert named == expected


@pytest.mark.parametrize("stem", sorted(SOURCES))
def test_gold_is_well_formed(stem):
    spec = SOURCES[stem]
    text = squeeze(plain_text(spec))
    assert unicodedata.normalize("NFC", text) == text and "Ð" not in text
    assert 400 <= len(re.findall(r"\w+", text)) <= 1000
    golds = [json.loads((FILES / "gold" / f"{stem}_{kind}.json").read_text(encoding="utf-8")) for kind in spec["renditions"]]
    for gold in golds[1:]:                          # one document, one truth, whatever the rendition
        assert {**gold, "file": None} == {**golds[0], "file": None}
    gold = golds[0]
    assert set(gold["document"]) == set(DOC_FIELDS)
    assert all(gold["document"][field] for field in DOC_FIELDS if field != "number" or not spec["draft"])
    dumped = json.dumps(gold, ensure_ascii=False)
    assert unicodedata.normalize("NFC", dumped) == dumped and "Ð" not in dumped
    for key, fields in MATCHED_ON.items():
        for item in gold[key]:
            assert squeeze(item["quote"]) in text, (key, item["quote"])
            for field in fields:
                assert item.get(field) not in (None, ""), (key, field, item["quote"])
    for item in gold["consistency"]:
        assert squeeze(item["quote"]) in text and isinstance(item["consistent"], bool)
