"""Money: amounts in đồng with qualifier, label and kind."""
from __future__ import annotations

from pipeline.model import Budget, Document, DocumentInfo


def extract_budgets(doc: Document, info: DocumentInfo) -> list[Budget]:
    return []
