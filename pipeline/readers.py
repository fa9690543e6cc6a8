"""Readers: a file on disk → one normalised `Document`.

Each reader returns the raw text of the file's pages (and footnotes when the format keeps them
apart); `pipeline.normalize.normalize_pages` turns that into the stored text. A file that cannot
be read raises `ReadError` with a message a secretary can act on.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
import io
from pathlib import Path

from pipeline.legacy_encodings import decode_legacy_bytes, fix_legacy_text
from pipeline.model import Document, Table, TableCell
from pipeline.normalize import normalize_inline, normalize_pages

LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
CONVERT_SECONDS = 120            # one LibreOffice conversion; the process group is killed after it
OFFICE_FORMATS = (".doc", ".docx", ".rtf", ".odt")   # Word-processor files: the content decides
LEGACY_FORMATS = {".doc": "DOC (Word 97-2003)", ".rtf": "RTF", ".odt": "ODT (OpenDocument)"}


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


def _check_legacy(fmt: str, data: bytes) -> None:
    """Cheap checks before starting LibreOffice, so damaged files fail fast and clearly."""
    name = LEGACY_FORMATS[fmt]
    if fmt == ".doc":
        if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or len(data) < 1536:
            raise ReadError(f"damaged {name} file: not an OLE2 compound document", stage="convert")
        if "WordDocument".encode("utf-16-le") not in data:
            raise ReadError(f"damaged or not a Word {name} file: no WordDocument stream "
                            "(an Excel or PowerPoint file?)", stage="convert")
    elif fmt == ".rtf":
        head = data[:65536]
        if not head.startswith(b"{\\rtf"):
            raise ReadError(f"damaged {name} file: no {{\\rtf header", stage="convert")
        if sum(b >= 0x80 or (b < 0x20 and b not in b"\r\n\t") for b in head) > 0.01 * len(head):
            raise ReadError(f"damaged {name} file: binary bytes in what must be 7-bit text", stage="convert")
    elif fmt == ".odt":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise ReadError(f"damaged or truncated {name} file: not a readable ZIP archive", stage="convert") from None
        if "content.xml" not in names:
            raise ReadError(f"damaged {name} file: no content.xml", stage="convert")


def convert_to_docx(fmt: str, data: bytes) -> bytes:
    """A .doc/.rtf/.odt file converted to DOCX by LibreOffice headless, in a private profile (so
    parallel conversions do not share one) and a new process group (killed on timeout)."""
    from pipeline import limits

    name = LEGACY_FORMATS[fmt]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(f"{name} files are read through LibreOffice, which is not installed "
                        f"(Debian: apt-get install {LIBREOFFICE_PACKAGE}); or save the file as DOCX or PDF",
                        stage="convert")
    _check_legacy(fmt, data)
    limits.extend(CONVERT_SECONDS)
    with tempfile.TemporaryDirectory(prefix="ntm-soffice-") as tmp:
        source = Path(tmp) / f"document{fmt}"
        source.write_bytes(data)
        out = Path(tmp) / "out"
        command = [soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                   "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
                   "--convert-to", "docx", "--outdir", str(out), str(source)]
        env = {**os.environ, "HOME": tmp, "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ReadError(f"LibreOffice took longer than {CONVERT_SECONDS} s to convert the {name} file",
                            stage="convert") from None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)     # soffice.bin left behind, if any
            except (ProcessLookupError, PermissionError):
                pass
        result = out / "document.docx"
        if not result.exists() or result.stat().st_size == 0:
            message = [ln for ln in err.decode("utf-8", "replace").splitlines()
                       if ln.strip() and "javaldx" not in ln][-1:] or ["no output"]
            raise ReadError(f"damaged {name} file: LibreOffice could not convert it ({message[0].strip()})",
                            stage="convert")
        return result.read_bytes()


def read_legacy_office(path: Path, data: bytes, fmt: str) -> Document:
    docx = convert_to_docx(fmt, data)
    from pipeline.docx_reader import read_docx as _read
    doc = _read(path, docx)
    doc.format = fmt[1:]
    doc.sha256 = sha256_bytes(data)
    return doc


READERS = {
    ".txt": read_text, ".text": read_text, ".md": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".doc": lambda path, data: read_legacy_office(path, data, ".doc"),
    ".rtf": lambda path, data: read_legacy_office(path, data, ".rtf"),
    ".odt": lambda path, data: read_legacy_office(path, data, ".odt"),
}
SUPPORTED_SUFFIXES = tuple(READERS)


def sniff_format(data: bytes) -> str | None:
    """The format the content says it is, whatever the file name claims."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        if data[30:38] == b"mimetype" and b"opendocument.text" in data[38:100]:
            return ".odt"
        return ".docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    if data.startswith(b"{\\rtf"):
        return ".rtf"
    return None


def attach_tables(doc: Document, tables: list[tuple[int | None, list[list[tuple[int, str, bool]]]]]) -> None:
    """Record the readers' data tables on `doc`, each cell placed in `doc.text`.

    `tables`: (page or None, rows), rows of (grid column, cell text as read, merged from the row
    above), in text order. A cell's text is found, normalised like the text, at or after the end of
    the cell before it; a merged cell points at the cell it continues. A cell that cannot be found
    keeps its text and gets no span.
    """
    cursor = 0
    for page, rows in tables:
        if page is not None and doc.paged:
            cursor = max(cursor, next((start for start, p in doc.page_runs if p == page), cursor))
        first = True
        above: dict[int, TableCell] = {}
        cells_rows: list[list[TableCell]] = []
        for r, row in enumerate(rows):
            cells = []
            for col, raw, merged in row:
                if merged and col in above:
                    origin = above[col]
                    cells.append(TableCell(origin.text, r, col, origin.span))
                    continue
                text = normalize_inline(raw.replace("\n", " "))
                span = None
                if text:
                    at = doc.text.find(text, cursor)
                    if at != -1 and at - cursor <= (20000 if first else 2000):
                        span = (at, at + len(text))
                        cursor = at + len(text)
                        first = False
                cell = TableCell(text, r, col, span)
                above[col] = cell
                cells.append(cell)
            cells_rows.append(cells)
        if not cells_rows:
            continue
        table = Table(page=page, header=cells_rows[0], rows=cells_rows[1:])
        if table.span and doc.paged:
            table.page = doc.page_of(table.span[0])
        doc.tables.append(table)


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
    if suffix in OFFICE_FORMATS and sniffed in OFFICE_FORMATS and sniffed != suffix:
        suffix = sniffed      # Word opens a .doc that is really RTF or DOCX: so does ntm
    if sniffed and suffix in READERS and sniffed != suffix and suffix not in (".txt", ".md", ".text"):
        raise ReadError(f"file is named {suffix} but its content is {sniffed[1:].upper()}")
    reader = READERS.get(suffix)
    if reader is None:
        raise ReadError(f"unsupported file type {suffix or '(no extension)'}; "
                        f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
    if reader is read_text and sniffed is not None:
        raise ReadError(f"file is named {suffix} but its content is {sniffed[1:].upper()}")
    doc = reader(path, data)
    if not doc.sha256:
        doc.sha256 = sha256_bytes(data)
    return doc
