"""A document's text as HTML with its facts highlighted (spaCy displaCy, manual "ent" style).

Pure: text and facts in, HTML out; used by the web document page and `ntm show --html`.

A fact is a dict with `kind` (a fact table name: "targets", "references" …), `id`, `start`,
`end` (offsets into `text`) and optionally `href` (where its label links to, e.g. the cited
document) and `title` (a tooltip). Every fact gets an anchor `#<kind>-<id>` on its passage.
displaCy cannot draw overlapping entities, so where facts overlap the higher-priority one is
drawn and the others only put their anchor at its start.
"""
from __future__ import annotations

from html import escape
from typing import Any, Iterable

from spacy import displacy

# Fact table → entity label, in drawing priority (first wins where spans overlap).
LABELS = {
    "assignments": "ASSIGNMENT",
    "targets": "TARGET",
    "achievements": "ACHIEVEMENT",
    "budgets": "BUDGET",
    "consistency": "CHECK",
    "references": "REFERENCE",
    "places": "PLACE",
    "people": "PERSON",
    "dates": "DATE",
}
COLORS = {
    "ASSIGNMENT": "#fbbf77", "TARGET": "#9fd8f5", "ACHIEVEMENT": "#a8e6a1", "BUDGET": "#f5d76e",
    "CHECK": "#f4a6a6", "REFERENCE": "#d7c4f2", "PLACE": "#c8e0b4", "PERSON": "#e2d3b9",
    "DATE": "#e4e4e4",
}
# Like displaCy's own template, plus the fact's anchor(s) and an optional link on the label.
ENT_TEMPLATE = (
    '<mark class="entity fact-{kind}" id="{anchor}" title="{tooltip}" style="background: {bg}; '
    'padding: 0.2em 0.4em; margin: 0 0.15em; line-height: 1.9; border-radius: 0.35em;">'
    '{extra_anchors}{text}<span class="entity-label" style="font-size: 0.7em; font-weight: bold; '
    'margin-left: 0.4rem; vertical-align: middle">{label_html}</span></mark>'
)


def anchor_id(kind: str, fact_id: Any) -> str:
    return f"{kind}-{fact_id}"


def _drawable(facts: Iterable[dict[str, Any]], text_length: int) -> list[dict[str, Any]]:
    """Facts with a usable span, sorted by priority then length (longest first)."""
    priority = {kind: i for i, kind in enumerate(LABELS)}
    usable = [f for f in facts
              if f.get("kind") in LABELS and isinstance(f.get("start"), int) and isinstance(f.get("end"), int)
              and 0 <= f["start"] < f["end"] <= text_length]
    return sorted(usable, key=lambda f: (priority[f["kind"]], f["start"] - f["end"], f["start"]))


def entity_spans(text: str, facts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """displaCy entity dicts: non-overlapping, in text order, each carrying its facts' anchors."""
    drawn: list[dict[str, Any]] = []
    hidden: list[dict[str, Any]] = []
    for fact in _drawable(facts, len(text)):
        if any(fact["start"] < d["end"] and d["start"] < fact["end"] for d in drawn):
            hidden.append(fact)
        else:
            drawn.append(fact)
    drawn.sort(key=lambda f: f["start"])
    spans = []
    for fact in drawn:
        label = LABELS[fact["kind"]]
        label_html = escape(label)
        if fact.get("href"):
            label_html = f'<a href="{escape(fact["href"], quote=True)}">{label_html} →</a>'
        overlapped = [h for h in hidden if h["start"] < fact["end"] and fact["start"] < h["end"]]
        extra = "".join(f'<a class="fact-anchor" id="{escape(anchor_id(h["kind"], h["id"]))}"></a>'
                        for h in overlapped)
        for h in overlapped:
            hidden.remove(h)
        spans.append({"start": fact["start"], "end": fact["end"], "label": label, "params": {
            "kind": escape(fact["kind"]), "anchor": escape(anchor_id(fact["kind"], fact["id"])),
            "tooltip": escape(fact.get("title") or label, quote=True), "extra_anchors": extra,
            "label_html": label_html}})
    return spans


def document_html(text: str, facts: Iterable[dict[str, Any]]) -> str:
    """The text as displaCy HTML (a <div class="entities">), facts highlighted and anchored."""
    facts = list(facts)
    spans = entity_spans(text, facts)
    return displacy.render({"text": text, "ents": spans, "title": None}, style="ent", manual=True,
                           page=False, jupyter=False,
                           options={"colors": COLORS, "template": ENT_TEMPLATE})
