"""Extractors: one module per kind of fact, each a pure function from a normalised Document to
facts with span, page and quote. No I/O, no database. `extract` composes them in one place."""
from __future__ import annotations

from pipeline.model import Document, Extraction


def extract(doc: Document) -> Extraction:
    """Run every extractor over `doc`, in dependency order, and return the extraction record."""
    from extractors.assignments import extract_assignments
    from extractors.attachments import find_attachments, mark_attachments
    from extractors.common import budgets_kept
    from extractors.consistency import check_consistency
    from extractors.dates import find_dates
    from extractors.header import parse_header
    from extractors.metadata import extract_document_info, extract_people
    from extractors.money import extract_budgets
    from extractors.places import extract_places
    from extractors.quantities import extract_quantities
    from extractors.references import extract_references
    from extractors.tables import extract_tables

    info = extract_document_info(doc)
    result = Extraction(document=info)
    header_end = parse_header(doc).end
    result.attachments = find_attachments(doc, header_end) if header_end else []
    result.references = extract_references(doc)
    result.dates = find_dates(doc, doc_date=info.date)
    result.places = extract_places(doc, info)
    result.targets, result.achievements = extract_quantities(doc, info, result.places)
    result.budgets = extract_budgets(doc, info)
    result.assignments = extract_assignments(doc, info)
    table_budgets = _add_table_facts(result, extract_tables(doc, info))
    result.people = extract_people(doc, info)
    # consistency.money_checks reads `total_of` as "parts listed in brackets after the total":
    # a table's parts are checked by extractors.tables.sum_checks instead.
    links = [(b, b.total_of) for b in table_budgets]
    for b in table_budgets:
        b.total_of = None
    try:
        result.consistency = check_consistency(doc, result)
    finally:
        for b, total_of in links:
            b.total_of = total_of
    if table_budgets:
        from extractors.tables import sum_checks
        result.consistency += sum_checks(doc, result.budgets, table_budgets)
    mark_attachments(result, result.attachments)      # facts from an attachment say which one
    # in the document's order: a task table's rows (read apart) before the sentences that follow it
    result.assignments.sort(key=lambda a: a.span[0] if a.span else 0)
    body_rates = {b.amount_vnd for b in result.budgets if b.per_unit and b.attachment is None}
    # an annex's "3 triệu đồng/hộ" is the support level the letter itself gives: one fact, the body's
    result.budgets = budgets_kept(result.budgets, [i for i, b in enumerate(result.budgets) if not (
        b.attachment is not None and b.per_unit and b.amount_vnd in body_rates)])
    if not info.type:   # a news item's "Xem thêm: …" line links another article: its facts are not this one's
        from extractors.news import link_lines
        links = link_lines(doc.text)
        for kind in ("places", "targets", "achievements", "assignments"):
            setattr(result, kind, [f for f in getattr(result, kind) if not _inside(f.span, links)])
        result.budgets = _budgets_outside(result.budgets, links)
    return result


def _budgets_outside(budgets: list, spans: list[tuple[int, int]]) -> list:
    """The budgets outside `spans`, their `total_of` indexes renumbered (None where the total went)."""
    from extractors.common import budgets_kept

    return budgets_kept(budgets, [i for i, b in enumerate(budgets) if not _inside(b.span, spans)])


LEAD_IN = 400     # characters before a table where the sentence announcing it stands


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] < e for s, e in spans)


def _add_table_facts(result: Extraction, facts) -> list:
    """Table facts replace what the sentence extractors made of the same table's "cell | cell"
    lines; `total_of` indexes are renumbered for the budgets that remain."""
    # "phân bổ 18.000 triệu đồng …, chi tiết như sau:" above a table that totals 18.000: one fact, the table's
    lead_ins = [(max(0, s - LEAD_IN), s) for s, _ in facts.budget_spans]
    amounts = {b.amount_vnd for b in facts.budgets}
    announced = [b.span for b in result.budgets if b.amount_vnd in amounts and _inside(b.span, lead_ins)]
    # "Điều 1. Phân bổ 8.500 triệu đồng … (chi tiết tại Phụ lục)" and the annex's "Tổng cộng | 8.500": one fact
    announced += [b.span for b in result.budgets if b.amount_vnd in facts.total_amounts]
    budgets = _budgets_outside(result.budgets, facts.budget_spans + announced)
    offset = len(budgets)
    for b in facts.budgets:
        if b.total_of is not None:
            b.total_of += offset
    result.budgets = budgets + facts.budgets
    result.assignments = [a for a in result.assignments if not _inside(a.span, facts.assignment_spans)] \
        + facts.assignments
    from extractors.sections import document_area
    area = document_area(result.document, result.places)
    for q in facts.quantities:      # the place its row names ("Xã Hà Mòn | 19 tiêu chí"), else the document's
        named = [p.name for p in result.places if p.span and q.span[0] <= p.span[0] < q.span[1]]
        q.place = q.place or (named[0] if named else area)
    for kind in ("targets", "achievements"):   # a result table's cells replace what sentences made of them
        said = [q for q in getattr(result, kind) if not _inside(q.span, facts.quantity_spans)]
        # a total row that repeats a sentence's figure (same value, date and place) is that figure once
        key = lambda q: (q.value, q.denominator, q.deadline, q.as_of, q.place)  # noqa: E731
        keys = {key(q) for q in said}
        # … and a "Cộng" row that repeats the figures the text gave above it, though the table names no date
        stated = {(q.value, q.denominator) for q in said}
        setattr(result, kind, said + [q for q in facts.quantities if q.kind == kind[:-1] and key(q) not in keys
                                      and not (_total_row(q.text) and (q.value, q.denominator) in stated)])
    return facts.budgets


def _total_row(quote: str) -> bool:
    """The quote is a table's total row ("Cộng | | 1.287/1.301 | 742"): its first cell is a total label."""
    import regex

    from extractors.common import load_rules
    from pipeline.model.normalize import fold

    first = next((c.strip() for c in regex.split(r"\||\t", quote) if c.strip()), "")
    return fold(first) in {fold(w) for w in load_rules("table_headers.json")["total_labels"]}
