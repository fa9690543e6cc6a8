"""The model every part shares: the Document, its facts (with the one list of fact kinds),
normalisation of Vietnamese text, and the gazetteer with its place and village keys.

The model imports nothing else of ntm: readers build Documents, extractors turn them into facts,
the store keeps both, and the cross-check reasons over them.
"""
from pipeline.model.document import Document, Footnote, Table, TableCell
from pipeline.model.facts import (
    FACT_KINDS,
    FACT_MODELS,
    MAIN_FACT_KINDS,
    Assignment,
    Attachment,
    Budget,
    ConsistencyCheck,
    DateMention,
    DocumentInfo,
    Extraction,
    Fact,
    Person,
    Place,
    Quantity,
    Reference,
    fact_fields,
)

__all__ = [
    "Document", "Footnote", "Table", "TableCell", "FACT_KINDS", "FACT_MODELS", "MAIN_FACT_KINDS", "Assignment", "Attachment",
    "Budget", "ConsistencyCheck", "DateMention", "DocumentInfo", "Extraction", "Fact", "Person", "Place",
    "Quantity", "Reference", "fact_fields",
]
