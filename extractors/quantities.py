"""Quantities: targets (forward-looking) and achievements (claimed results)."""
from __future__ import annotations

from pipeline.model import Document, DocumentInfo, Place, Quantity


def extract_quantities(doc: Document, info: DocumentInfo,
                       places: list[Place]) -> tuple[list[Quantity], list[Quantity]]:
    return [], []
