"""Rules as data: every rule file says what it is for, holds the keys its extractor reads, and every
pattern in it compiles (a broken rule fails here, not in the middle of an ingest)."""
import json
from pathlib import Path

import pytest
import regex

from extractors.common import DATA, load_rules, rule_problems
from extractors.figures import figure_regex

RULE_FILES = sorted(p.name for p in DATA.glob("*.json"))


@pytest.mark.parametrize("name", RULE_FILES)
def test_rule_file_loads_and_is_checked(name):
    assert load_rules(name)["_doc"].strip()


def test_a_broken_rule_file_is_refused():
    good = json.loads((DATA / "place_variants.json").read_text(encoding="utf-8"))
    assert rule_problems("place_variants.json", good) == []
    broken = {k: v for k, v in good.items() if k != "body_heads"} | {"max_name_syllables": "5"}
    assert set(rule_problems("place_variants.json", broken)) == {
        "missing 'body_heads'", "'max_name_syllables' should be a int, is a str"}
    assert rule_problems("units.json", {"units": []}) == ["no _doc saying what the rules are for"]


@pytest.mark.parametrize("name", ["unit", "generic_unit", "rank_before", "rate", "label_word", "target", "achievement",
                                  "weak_achievement", "weak_target", "label_exception", "group_before", "status_before",
                                  "status_after", "total_words", "heading_skip", "heading_target", "heading_achievement",
                                  "achieved_after", "cue_after", "problem", "conditional_before", "reference_after",
                                  "cmp_before", "cmp_after"])
def test_quantity_patterns_compile(name):
    assert figure_regex(name) is not None


@pytest.mark.parametrize("key", ["target", "weak_target", "achievement", "weak_achievement", "status_before", "status_after",
                                 "achieved_after", "achievement_after", "target_after", "conditional_before", "problem_words"])
def test_every_quantity_cue_compiles_alone(key):
    for pattern in load_rules("quantity_cues.json")[key]:
        regex.compile(pattern)


def test_place_name_grammar_compiles():
    names = json.loads((Path(__file__).parent.parent / "pipeline" / "model" / "data" / "place_names.json").read_text("utf-8"))
    for pattern, _ in names["syllable_rules"]:
        regex.compile(pattern)
    for pattern in load_rules("place_variants.json")["era_2025_markers"] + load_rules("place_variants.json")["stamp_marks"]:
        regex.compile(pattern)


def test_news_layout_patterns_compile():
    from extractors import news
    assert news._rules() and news._line_rules()
