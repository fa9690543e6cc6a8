"""Document metadata: number and symbol, type, issuer, place and date, title, signer, recipients."""
from __future__ import annotations

from pipeline.model import Document, DocumentInfo, Person


def extract_document_info(doc: Document) -> DocumentInfo:
    return DocumentInfo()


def extract_people(doc: Document, info: DocumentInfo) -> list[Person]:
    return []
