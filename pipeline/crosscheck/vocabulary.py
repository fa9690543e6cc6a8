"""The cross-check's vocabulary (data/indicators.json): which NTM indicator a passage is about
(xã NTM, nâng cao, kiểu mẫu, thôn, huyện, tiêu chí …), which status a clause states (recognised,
achieved, not met, target …), and the statuses a commitment can have."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import regex

from pipeline.model.normalize import fold

DATA_FILE = Path(__file__).with_name("data") / "indicators.json"

STATUSES = ("met", "partly_met", "missed", "pending", "no_evidence", "contradicted")
STATUS_LABELS = {"met": "met", "partly_met": "partly met", "missed": "missed", "pending": "pending",
                 "no_evidence": "no evidence", "contradicted": "contradicted"}
LEVELS = ("village", "commune", "district", "province")
POSITIVE = ("recognized", "achieved")          # a status mention that says the place made it
NEGATIVE = ("not_met",)


@functools.cache
def vocabulary() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@functools.cache
def _indicators() -> list[dict[str, Any]]:
    out = []
    for ind in vocabulary()["indicators"]:
        out.append({**ind, "rx": [regex.compile(c) for c in ind["cues"]]})
    return out


@functools.cache
def _status_cues() -> list[tuple[str, list[regex.Pattern]]]:
    cues = vocabulary()["status_cues"]
    return [(cls, [regex.compile(p) for p in cues[cls]]) for cls in cues["priority"]]


def indicator_label(indicator_id: str | None) -> str:
    for ind in vocabulary()["indicators"]:
        if ind["id"] == indicator_id:
            return ind["label"]
    return indicator_id or ""


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
        if denominator and ind.get("denominators") and int(denominator) not in ind["denominators"]:
            continue
        if any(rx.search(folded) for rx in ind["rx"]):
            return ind["id"]
    return None


def classify_status(text: str) -> str | None:
    """The status class of a clause (domain.md §5), by the priority of the vocabulary."""
    folded = fold(text)
    for cls, patterns in _status_cues():
        if any(p.search(folded) for p in patterns):
            return cls
    return None


def indicator_level(indicator_id: str | None) -> str | None:
    for ind in vocabulary()["indicators"]:
        if ind["id"] == indicator_id:
            return ind["level"]
    return None


def indicator_summable(indicator_id: str | None) -> bool:
    return any(ind["id"] == indicator_id and ind.get("summable") for ind in vocabulary()["indicators"])


def indicator_kind(indicator_id: str | None) -> str | None:
    for ind in vocabulary()["indicators"]:
        if ind["id"] == indicator_id:
            return ind["kind"]
    return None
