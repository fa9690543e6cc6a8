"""Assignments: who must do what, with role and deadline."""
from __future__ import annotations

from pipeline.model import Assignment, Document, DocumentInfo


def extract_assignments(doc: Document, info: DocumentInfo) -> list[Assignment]:
    return []
