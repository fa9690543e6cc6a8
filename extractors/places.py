"""Places: provinces, districts, communes resolved against the gazetteer, and villages."""
from __future__ import annotations

from pipeline.model import Document, DocumentInfo, Place


def extract_places(doc: Document, info: DocumentInfo) -> list[Place]:
    return []
