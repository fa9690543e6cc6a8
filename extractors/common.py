"""Helpers every extractor shares: building facts with provenance, numbers, lines and headings, rule
files. (Sentences are the model's: pipeline/model/text.py; figures are extractors/figures.py.)"""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Iterator, TypeVar

import regex

from pipeline.model import Document, Fact

DATA = Path(__file__).parent / "data"
F = TypeVar("F", bound=Fact)


RULE_KEYS: dict[str, dict[str, type]] = {   # the keys a rule file must hold, and their JSON types
    "agencies.json": {
        "abbreviations": dict, "agencies": dict, "department_names": list,
    },
    "assignment_cues.json": {
        "standalone_heads": list, "named_heads": list, "name_followers": list, "verbs": list, "noun_phrases": list,
        "assign_cues": list, "clause_start_cues": list, "strong_verbs": list, "lead_ins": list, "unnamed": list,
        "collective_phrases": list, "distribute_heads": list, "skip_sections": list, "report_task_sections": list,
        "intro_endings": list, "end_markers": list, "support_starts": list, "place_group_heads": dict,
        "reported_markers": list, "place_body_heads": list, "closing_task_words": list,
        "closing_task_objects": list, "attachment_titles": list, "executor_verbs": list, "office_titles": list,
        "directive_starts": list, "proposal_verbs": list, "actor_qualifiers": list, "heading_predicates": list,
        "heading_cues": list, "skip_headings": list, "skip_heading_openers": list, "member_roles": list, "task_fields": list,
        "narrative_starts": list, "proposal_openers": list, "reported_proposals": list, "function_markers": list, "target_predicates": list, "aspiration_verbs": list,
        "place_levels": list, "joint_office_heads": list, "issuer_levels": dict, "superior_bodies": dict, "fact_verbs": list, "open_task_deadlines": list, "central_bodies": list, "statement_verbs": list,
        "directing_verbs": list, "body_proposals": list, "notice_closings": list, "attributive_before": list, "finished_period_openers": list,
    },
    "document_types.json": {
        "state_codes": dict, "party_codes": dict, "names": list, "reference_only_names": dict, "letter_type": str,
        "site_list_headings": list,
    },
    "money.json": {
        "scales": list, "currency": list, "not_after_scale": list, "qualifiers": list, "kinds": list,
        "per_unit_before": str, "per_unit_after": str,
        "range_between": list, "change_before": str, "change_after": str,
    },
    "news.json": {
        "datelines": list, "dateline_paragraphs": int, "location_before": list, "province_list_min": int,
        "rounding_words": list, "headline_percent_points": float, "headline_relative": float, "link_lines": list, "tail_lines": list, "preamble_lines": list,
        "implementation_years": str, "number_words": dict, "headline_name_not_after": list, "person_heads": list, "place_heads": list, "goal_before_date": str,
        "subject_names": list,
    },
    "place_variants.json": {
        "party_committee_suffix": list, "village_not_after": list, "name_stopwords": list,
        "max_name_syllables": int, "list_intro_words": list, "body_heads": list, "era_2025_markers": list,
        "stamp_marks": list, "body_name_breaks": list, "ethnic_names": list, "table_level_headers": dict, "level_qualifiers": list,
    },
    "quantity_cues.json": {
        "target": list, "weak_target": list, "achievement": list, "weak_achievement": list, "group_before": list,
        "status_before": list, "status_after": list, "not_before_number": list, "label_exceptions": list,
        "comparators_before": list, "comparators_after": list, "headings": dict, "directive_types": list,
        "report_types": list, "total_words": str, "achieved_after": list, "achievement_after": list,
        "target_after": list, "conditional_before": list, "problem_words": list, "norm_units": list,
        "award_before": list, "award_units": list, "baseline_before": list, "baseline_after": list,
        "sentence_only": list, "structure_markers": list, "structure_predicates": list, "structure_units": list, "status_subjects": list, "remaining_after": list, "support_rate_before": list, "support_rate_objects": list, "named_units_levels": list,
        "count_labels": list, "restated_after": list, "funding_share_before": str, "reviewed_set_before": str, "result_after_plan": str, "target_label": str, "past_markers": str,
        "contrast_words": list, "breakdown_before": list, "baseline_year": str, "baseline_openers": list, "plan_base": str, "excess_before": str, "news_target": list, "distance_before": str,
        "description_before": list, "description_after": list, "member_units": list, "place_size": dict,
        "period_label_before": str, "scope_lead_in": str, "quoted_name": str, "lagging_after": str, "lagging_task_before": str, "recalled_target_after": str,
        "proper_name": str, "no_fact_openers": list, "norm_cues": list,
    },
    "table_headers.json": {
        "roles": list, "units": list, "money_kinds": list, "total_labels": list, "group_numbers": str,
        "min_role_columns": dict, "result_columns": dict, "base_columns": list, "ratio_columns": list,
        "year_columns": list, "result_columns_whole": dict, "dated_before_document": list,
        "counted_after_money_words": list,
    },
    "units.json": {
        "units": list, "rate_denominators": list, "head_words": dict, "road_code": str, "criteria_set_sizes": dict,
        "not_units": list, "unit_compounds": list, "fraction_units_before": list, "ordinal_units": list, "fraction_words": list, "spelled_numbers": dict,
    },
}


@functools.cache
def load_rules(name: str):
    """A rule file from extractors/data (JSON), loaded once and checked: it says what it is for
    (`_doc`) and holds every key its extractor reads, of the right type (RULE_KEYS)."""
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    problems = rule_problems(name, data)
    if problems:
        raise ValueError(f"extractors/data/{name}: " + "; ".join(problems))
    return data


def rule_problems(name: str, data) -> list[str]:
    """What is wrong with a rule file's content: no `_doc`, a missing key, a value of another type."""
    if not isinstance(data, dict) or not isinstance(data.get("_doc"), str) or not data["_doc"].strip():
        return ["no _doc saying what the rules are for"]
    out = []
    for key, kind in RULE_KEYS.get(name, {}).items():
        if key not in data:
            out.append(f"missing {key!r}")
        elif not isinstance(data[key], kind) or (kind is int and isinstance(data[key], bool)):
            out.append(f"{key!r} should be a {kind.__name__}, is a {type(data[key]).__name__}")
    return out


def make_fact(cls: type[F], doc: Document, start: int, end: int, **fields) -> F:
    """A fact of type `cls` at doc.text[start:end], quoting it as printed, with its page."""
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    page = doc.page_of(start)
    return cls(span=(start, end), text=(doc.printed or doc.text)[start:end], page=page, ocr=page in doc.ocr_pages, **fields)


# Vietnamese numbers: "." groups thousands, "," marks decimals ("2.803" = 2803, "62,4" = 62.4).
NUMBER = regex.compile(r"(?<![\p{L}\p{N}.,/])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\p{N}]|\.\d)")


ANY_LETTER = regex.compile(r"\p{L}")
WRITTEN_NUMBER = regex.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")


def parse_number(s: str) -> float | None:
    """"2.803" → 2803, "62,4" → 62.4, "05" → 5, "42,525" → 42.525, "hai trăm" → 200; None if not a number."""
    if ANY_LETTER.search(s):
        from extractors.spelled import spelled_value
        value = spelled_value(s)
        return float(value) if value is not None else None
    s = s.strip().replace(" ", "")
    m = WRITTEN_NUMBER.fullmatch(s)
    if not m:
        # English-style decimal point ("62.4") only when it cannot be a thousands group.
        m2 = regex.fullmatch(r"(\d+)\.(\d{1,2}|\d{4,})", s)
        if m2:
            return float(f"{m2.group(1)}.{m2.group(2)}")
        return None
    whole = int(m.group(1).replace(".", ""))
    return float(f"{whole}.{m.group(2)}") if m.group(2) else float(whole)


def as_int_if_whole(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def lines(doc: Document) -> Iterator[tuple[int, int]]:
    """(start, end) of every line (paragraph) of the stored text."""
    pos = 0
    for line in doc.text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


ROMAN_HEADING = regex.compile(r"^([IVXLC]{1,6})\.\s+(.+)$")
NUMBERED_HEADING = regex.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(.+)$")
TABLE_ROW = regex.compile(r"\t|\s\|\s")   # cells parted by tabs or " | ": a table row, never a heading


def section_headings(doc: Document) -> list[tuple[int, str, str]]:
    """(offset, number, heading text) of numbered and Roman-numbered headings, in order."""
    out = []
    for s, e in lines(doc):
        line = doc.text[s:e]
        m = ROMAN_HEADING.match(line) or NUMBERED_HEADING.match(line)
        if m and len(line) < 160 and not TABLE_ROW.search(line):   # "1<TAB>Rà soát …<TAB>Phòng …": a row
            out.append((s, m.group(1), m.group(2)))
    return out


def footnote_ranges(doc: Document) -> list[tuple[int, int]]:
    return [f.span for f in doc.footnotes]


def in_footnote(doc: Document, offset: int) -> bool:
    return any(s <= offset < e for s, e in footnote_ranges(doc))


EXAMPLE = regex.compile(r"(?<![\p{L}])(?i:ví\s+dụ|vd|chẳng\s+hạn(?:\s+như)?)\s*:")


def site_trailer(text: str) -> int | None:
    """Where a legal-document site's own lists of related documents begin, after the text ("Văn bản
    liên quan", "Văn bản được căn cứ" … on a line of their own, in the text's second half)."""
    headings = {fold_words(h) for h in load_rules("document_types.json")["site_list_headings"]}
    pos = len(text) // 2
    for m in regex.finditer(r"^[^\n]{3,60}$", text, regex.M, pos=pos):
        first = m.group().split(" | ")[0].strip(" :")
        if fold_words(first) in headings:
            return m.start()
    return None


NOT_LETTER_OR_DIGIT = regex.compile(r"[^\p{L}\p{N}]+")


def fold_words(text: str) -> str:
    return " ".join(NOT_LETTER_OR_DIGIT.sub(" ", text.lower()).split())


def example_spans(text: str) -> list[tuple[int, int]]:
    """What a guidance document gives as an example ("Ví dụ: Số 25-BC/TU …", "(VD: xã A, huyện B)"):
    to the closing bracket when the example opens inside one, else to the end of the line. Its
    numbers and places are not the document's."""
    out = []
    for m in EXAMPLE.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end == -1 else line_end
        opened = text.rfind("(", text.rfind("\n", 0, m.start()) + 1, m.start())
        end = line_end
        if opened != -1 and ")" not in text[opened:m.start()]:
            close = text.find(")", m.end(), line_end)
            end = close if close != -1 else line_end
        out.append((m.start(), end))
    return out


def budgets_kept(budgets: list, kept: list[int]) -> list:
    """The budgets at the `kept` indexes, each `total_of` renumbered (None where its total went)."""
    new_index = {old: new for new, old in enumerate(kept)}
    out = [budgets[i] for i in kept]
    for b in out:
        if b.total_of is not None:
            b.total_of = new_index.get(b.total_of)
    return out
