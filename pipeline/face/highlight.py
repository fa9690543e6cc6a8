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

from pipeline.model import FACT_KINDS

# Fact kind → entity label, in drawing priority (first wins where spans overlap).
LABELS = {
    "assignments": "NHIỆM VỤ",
    "targets": "CHỈ TIÊU",
    "achievements": "KẾT QUẢ",
    "budgets": "KINH PHÍ",
    "consistency": "KIỂM TRA",
    "references": "VIỆN DẪN",
    "places": "ĐỊA DANH",
    "people": "NGƯỜI",
    "dates": "NGÀY",
}
if set(LABELS) != set(FACT_KINDS):
    raise RuntimeError("highlight.LABELS must name every fact kind of pipeline.model")
COLORS = {
    "NHIỆM VỤ": "#fbbf77", "CHỈ TIÊU": "#9fd8f5", "KẾT QUẢ": "#a8e6a1", "KINH PHÍ": "#f5d76e",
    "KIỂM TRA": "#f4a6a6", "VIỆN DẪN": "#d7c4f2", "ĐỊA DANH": "#c8e0b4", "NGƯỜI": "#e2d3b9",
    "NGÀY": "#e4e4e4",
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


def fact_title(kind: str, fact: dict[str, Any]) -> str:
    """A tooltip: the fields that say what the fact is."""
    keys = {"assignments": ("agency", "assignee", "role", "deadline"),
            "targets": ("subject", "value", "unit", "deadline", "place"),
            "achievements": ("subject", "value", "unit", "as_of", "place"),
            "budgets": ("amount_vnd", "kind", "label"), "references": ("number", "type", "date"),
            "places": ("level", "name", "parent"), "dates": ("value", "role"),
            "consistency": ("kind", "stated", "computed", "consistent"), "people": ("name", "position")}
    from pipeline.face import labels

    def shown(k):
        kinds = {"role": "role", "level": "level", "kind": "check_kind" if kind == "consistency" else "budget_kind"}
        return labels.value(kinds[k], fact[k]) if k in kinds else fact[k]
    return "; ".join(f"{labels.column(k)}: {shown(k)}" for k in keys.get(kind, ()) if fact.get(k) not in (None, ""))


def document_page(doc: dict[str, Any], facts: Iterable[dict[str, Any]]) -> str:
    """A standalone HTML page: the document's header fields and its highlighted text. Facts as
    `store.queries.document_facts` gives them (their row under "row") get their tooltip here."""
    facts = [{**f, "title": f.get("title") or fact_title(f["kind"], f.get("row") or {})} for f in facts]
    heading = " · ".join(escape(str(doc.get(k))) for k in ("number", "type", "date", "issuer") if doc.get(k))
    title = escape(doc.get("title") or doc.get("file_name") or "")
    return ("<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{title}</title><style>body{{font-family:serif;max-width:60em;margin:1em auto;"
            "padding:0 1em;line-height:1.6} .entities{white-space:pre-wrap}</style></head><body>"
            f"<h1>{title}</h1><p>{heading}</p>{document_html(doc.get('text') or '', facts)}</body></html>")
