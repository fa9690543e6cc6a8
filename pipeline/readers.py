"""Readers: a file on disk → one normalised `Document`.

Each reader returns the raw text of the file's pages (and footnotes when the format keeps them
apart); `pipeline.normalize.normalize_pages` turns that into the stored text. A file that cannot
be read raises `ReadError` with a message a secretary can act on.
"""
from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from pipeline.legacy_encodings import decode_legacy_bytes, fix_legacy_text
from pipeline.model import Document
from pipeline.normalize import normalize_pages


class ReadError(Exception):
    """A file that cannot be turned into a Document; `stage` says which step failed."""

    def __init__(self, message: str, stage: str = "read"):
        super().__init__(message)
        self.stage = stage


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: Latin letters leave a NUL in every other byte (Vietnamese ones
    do not, so a share of them is enough)."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if half >= 2 and odd >= 0.3 * half and even == 0:
        return "utf-16-le"
    if half >= 2 and even >= 0.3 * half and odd == 0:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16, Windows-1258 or TCVN3/VNI bytes; else a clear error."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ReadError(f"not valid UTF-16 text: {e}") from None
    elif (encoding := _bomless_utf16(data[:4096])) is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise ReadError("binary content, not a text file (NUL bytes found)")
    try:
        # Text typed in a TCVN3/VNI font and pasted into a UTF-8 file reads "Uû ban nh©n d©n".
        text = fix_legacy_text(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        text = decode_legacy_bytes(data)      # Windows-1258, or TCVN3/VNI bytes
        if text is None:
            raise ReadError(f"not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI text (invalid byte at "
                            f"offset {e.start}); save the file as UTF-8") from None
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
