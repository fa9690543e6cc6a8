"""The cross-check's vocabulary (data/indicators.json, validated when loaded): which NTM indicator a
passage is about (xã NTM ≠ nâng cao ≠ kiểu mẫu; thôn, huyện, tiêu chí, bình quân, giải ngân, nhà
tạm) and what each implies, which stance a clause takes (target, reached, not reached, deferred,
procedural), which scope words make a figure about part of a place, and the seven statuses."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import regex

from pipeline.model.normalize import fold

DATA_FILE = Path(__file__).with_name("data") / "indicators.json"

STATUSES = ("met", "met_late", "partly_met", "missed", "pending", "no_evidence", "contradicted")
STATUS_LABELS = {"met": "Đạt", "met_late": "Đạt muộn", "partly_met": "Đạt một phần", "missed": "Không đạt",
                 "pending": "Chưa đến hạn", "no_evidence": "Chưa có báo cáo", "contradicted": "Mâu thuẫn"}
LEVELS = ("village", "commune", "district", "province")
POSITIVE = ("recognized", "achieved")          # a status mention that says the place made it
NEGATIVE = ("not_met",)
KINDS = ("status", "count", "rate", "average", "criteria")


class VocabularyError(ValueError):
    """data/indicators.json is malformed: a missing key, an unknown kind or a pattern that does not compile."""


def _compile(patterns: Any, where: str) -> list[regex.Pattern]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise VocabularyError(f"{where}: expected a list of patterns")
    try:
        return [regex.compile(p) for p in patterns]
    except regex.error as e:
        raise VocabularyError(f"{where}: {e}") from None


@functools.cache
def vocabulary() -> dict[str, Any]:
    """The data file, checked: every indicator complete, every pattern compiling, implications known."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    if "_doc" not in data:
        raise VocabularyError("indicators.json has no _doc")
    ids = [ind.get("id") for ind in data.get("indicators", [])]
    for ind in data["indicators"]:
        missing = {"id", "label", "kind", "level", "units", "cues", "summable", "implies"} - set(ind)
        if missing:
            raise VocabularyError(f"indicator {ind.get('id')}: missing {sorted(missing)}")
        if ind["kind"] not in KINDS or (ind["level"] is not None and ind["level"] not in LEVELS):
            raise VocabularyError(f"indicator {ind['id']}: bad kind or level")
        if not isinstance(ind.get("annual", False), bool):
            raise VocabularyError(f"indicator {ind['id']}: annual must be true or false")
        if set(ind["implies"]) - set(ids):
            raise VocabularyError(f"indicator {ind['id']}: implies an unknown indicator")
        _compile(ind["cues"], f"indicator {ind['id']}")
    for group in ("stance", "scope", "sections", "task_reports", "table_columns"):
        for name, patterns in data[group].items():
            if name != "_doc":
                _compile(patterns, f"{group}.{name}")
    for cls in data["status_cues"]["priority"]:
        _compile(data["status_cues"][cls], f"status_cues.{cls}")
    return data


@functools.cache
def _indicators() -> list[dict[str, Any]]:
    return [{**ind, "rx": _compile(ind["cues"], ind["id"])} for ind in vocabulary()["indicators"]]


@functools.cache
def _cues(group: str, name: str) -> regex.Pattern:
    return regex.compile("|".join(f"(?:{p})" for p in vocabulary()[group][name]))


def cue_matches(folded: str, group: str, name: str) -> list[regex.Match]:
    """Every match of the cues `group.name` in the folded text, each pattern's own groups kept."""
    return [m for rx in _cue_list(group, name) for m in rx.finditer(folded)]


@functools.cache
def _cue_list(group: str, name: str) -> list[regex.Pattern]:
    return _compile(vocabulary()[group][name], f"{group}.{name}")


def has_cue(folded: str, group: str, name: str) -> bool:
    """Does the folded text hold one of the cues `group.name` (stance.negative, scope.other …)?"""
    return bool(_cues(group, name).search(folded))


def split_at_cues(folded: str, group: str, name: str) -> list[str]:
    """The folded text cut where the cues `group.name` are, the cues dropped."""
    return _cues(group, name).split(folded)


def cue_at(folded: str, group: str, name: str) -> regex.Match | None:
    return _cues(group, name).search(folded)


def indicator(indicator_id: str | None) -> dict[str, Any] | None:
    return next((ind for ind in vocabulary()["indicators"] if ind["id"] == indicator_id), None)


def indicator_label(indicator_id: str | None) -> str:
    ind = indicator(indicator_id)
    return ind["label"] if ind else (indicator_id or "")


def is_annual(indicator_id: str | None) -> bool:
    """Is the indicator a measure of a whole year (an income), not a level at a moment?"""
    return any(ind["id"] == indicator_id and ind.get("annual", False) for ind in vocabulary()["indicators"])


def indicator_kind(indicator_id: str | None) -> str | None:
    ind = indicator(indicator_id)
    return ind["kind"] if ind else None


def indicator_level(indicator_id: str | None) -> str | None:
    ind = indicator(indicator_id)
    return ind["level"] if ind else None


def indicator_summable(indicator_id: str | None) -> bool:
    ind = indicator(indicator_id)
    return bool(ind and ind["summable"])


def implies(have: str | None, want: str | None) -> bool:
    """Does a place holding `have` also hold `want`? (kiểu mẫu ⇒ nâng cao ⇒ NTM; never the reverse)"""
    if have is None or want is None:
        return False
    ind = indicator(have)
    return have == want or bool(ind and want in ind["implies"])


def unit_key(unit: str | None) -> str:
    return (unit or "").strip().lower()


def classify_indicator(text: str, unit: str | None = None, level: str | None = None,
                       denominator: float | None = None, kinds: tuple[str, ...] | None = None) -> str | None:
    """The first indicator whose unit, level, kind and cue fit `text` (any spelling)."""
    folded = fold(text)
    u = unit_key(unit)
    for ind in _indicators():
        if u and u not in ind["units"]:
            continue
        if level and ind["level"] != level:
            continue
        if kinds and ind["kind"] not in kinds:
            continue
        if any(rx.search(folded) for rx in ind["rx"]):
            return ind["id"]
    return None


@functools.cache
def _status_cues() -> list[tuple[str, list[regex.Pattern]]]:
    cues = vocabulary()["status_cues"]
    return [(cls, _compile(cues[cls], cls)) for cls in cues["priority"]]


def classify_status(text: str) -> str | None:
    """The status class of a clause (domain.md §5), by the priority of the vocabulary."""
    folded = fold(text)
    for cls, patterns in _status_cues():
        if any(p.search(folded) for p in patterns):
            return cls
    return None


def section_role(heading: str) -> str | None:
    """result | goal | task for a section heading, None when it says neither."""
    folded = fold(heading)
    found = [(m.start(), role) for role in ("task", "goal", "result")
             if (m := cue_at(folded, "sections", role))]
    return min(found)[1] if found else None      # "KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU" is results


@functools.cache
def unit_nouns() -> list[tuple[str, str]]:
    nouns = {k: v for k, v in vocabulary()["unit_nouns"].items() if k != "_doc"}
    return sorted(nouns.items(), key=lambda kv: -len(kv[0]))
