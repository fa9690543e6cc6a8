"""Extractors: one module per kind of fact, each a pure function from a normalised Document to
facts with span, page and quote. No I/O, no database. `extract` composes them in one place."""
from __future__ import annotations

from pipeline.model import Document, Extraction


def extract(doc: Document) -> Extraction:
    """Run every extractor over `doc`, in dependency order, and return the extraction record."""
    from extractors.assignments import extract_assignments
    from extractors.consistency import check_consistency
    from extractors.dates import find_dates
    from extractors.metadata import extract_document_info, extract_people
    from extractors.money import extract_budgets
    from extractors.places import extract_places
    from extractors.quantities import extract_quantities
    from extractors.references import extract_references

    info = extract_document_info(doc)
    result = Extraction(document=info)
    result.references = extract_references(doc)
    result.dates = find_dates(doc, doc_date=info.date)
    result.places = extract_places(doc, info)
    result.targets, result.achievements = extract_quantities(doc, info, result.places)
    result.budgets = extract_budgets(doc, info)
    result.assignments = extract_assignments(doc, info)
    result.people = extract_people(doc, info)
    result.consistency = check_consistency(doc, result)
    return result
