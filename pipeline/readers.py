"""Readers: a file on disk → one normalised `Document`.

Each reader returns the raw text of the file's pages (and footnotes when the format keeps them
apart); `pipeline.normalize.normalize_pages` turns that into the stored text. A file that cannot
be read raises `ReadError` with a message a secretary can act on.
"""
from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from pipeline.model import Document
from pipeline.normalize import normalize_pages


class ReadError(Exception):
    """A file that cannot be turned into a Document; `stage` says which step failed."""

    def __init__(self, message: str, stage: str = "read"):
        super().__init__(message)
        self.stage = stage


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is a clear error."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ReadError(f"not valid UTF-16 text: {e}") from None
    elif len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        try:
            return data.decode("utf-16-le")          # UTF-16 without BOM, as Notepad writes it
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise ReadError("binary content, not a text file (NUL bytes found)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReadError(f"not UTF-8 or UTF-16 text (invalid byte at offset {e.start}); "
                        "save the file as UTF-8") from None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 8:
        raise ReadError("binary content, not a text file (control characters found)")
    return text


def read_text(path: Path, data: bytes) -> Document:
    text = decode_text(data)
    if not text.strip():
        raise ReadError("empty file: no text to read")
    return normalize_pages([text], fmt="txt", sha256=sha256_bytes(data), path=str(path))


def read_docx(path: Path, data: bytes) -> Document:
    from pipeline.docx_reader import read_docx as _read
    return _read(path, data)


def read_pdf(path: Path, data: bytes) -> Document:
    from pipeline.pdf_reader import read_pdf as _read
    return _read(path, data)


READERS = {
    ".txt": read_text, ".text": read_text, ".md": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def sniff_format(data: bytes) -> str | None:
    """The format the content says it is, whatever the file name claims."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    if data.startswith(b"{\\rtf"):
        return ".rtf"
    return None


def read_file(path: str | Path, data: bytes | None = None) -> Document:
    """Read any supported file into a Document; raise ReadError when it cannot be read."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ReadError(f"cannot open file: {e.strerror or e}", stage="open") from None
    if not data:
        raise ReadError("empty file (0 bytes)")
    suffix = path.suffix.lower()
    sniffed = sniff_format(data)
    if sniffed in (".doc", ".rtf"):
        raise ReadError(f"{sniffed[1:].upper()} (legacy Word) files are not supported yet; "
                        "save the file as DOCX or PDF")
    if sniffed and suffix in READERS and sniffed != suffix and suffix not in (".txt", ".md", ".text"):
        raise ReadError(f"file is named {suffix} but its content is {sniffed[1:].upper()}")
    reader = READERS.get(suffix)
    if reader is None:
        raise ReadError(f"unsupported file type {suffix or '(no extension)'}; "
                        f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
    if reader is read_text and sniffed in (".pdf", ".docx"):
        raise ReadError(f"file is named {suffix} but its content is {sniffed[1:].upper()}")
    doc = reader(path, data)
    if not doc.sha256:
        doc.sha256 = sha256_bytes(data)
    return doc
