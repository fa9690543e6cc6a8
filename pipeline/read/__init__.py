"""Readers: a file on disk → one normalised `Document`.

Each reader returns the raw text of the file's pages (and footnotes when the format keeps them
apart); `pipeline.model.normalize.normalize_pages` turns that into the stored text. A file that
cannot be read raises `ReadError` with a message a secretary can act on, whatever the library
underneath raised; a file without any text is refused too. The format is decided by
the content, not the name: a .doc that is really RTF is read as RTF, a PDF named .docx is refused.

- text.py: TXT (UTF-8, UTF-16, Windows-1258, TCVN3, VNI);
- docx.py: DOCX (paragraphs and tables in reading order, footnotes, legacy fonts);
- pdf.py and ocr.py: PDF text layers, and Tesseract for pages without one;
- ocr_regions.py: second reads of a scanned page's parts (the signature block under a seal);
- html.py: web pages saved as HTML or as one MHT file;
- image.py: scans and photos saved as .jpg, .png or (multi-page) .tif, read as a scanned PDF;
- office.py: .doc, .rtf and .odt through LibreOffice;
- legacy.py: TCVN3/VNI/Windows-1258 tables; tables.py: data tables placed in the text;
- bounds.py: the per-file time and memory bounds a file is read within.
"""
from __future__ import annotations

from pathlib import Path

import regex

from pipeline.model import Document
from pipeline.read.errors import ReadError, os_reason, sha256_bytes
from pipeline.read.office import read_legacy_office
from pipeline.read.text import decode_text, read_text

OFFICE_FORMATS = (".doc", ".docx", ".rtf", ".odt")   # Word-processor files: the content decides
WEB_FORMATS = (".html", ".mht")
TEXT_FORMATS = (".txt", ".text", ".md")
IMAGE_FORMATS = (".jpg", ".png", ".tif")
SAME_FORMAT = {".htm": ".html", ".mhtml": ".mht", ".jpeg": ".jpg", ".tiff": ".tif"}
HTML_START = regex.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                           regex.I | regex.S)
# A MIME message's headers (folded lines included) before "MIME-Version": a single-file web page.
MHT_START = regex.compile(rb"^(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?mime-version:\s*1\.0", regex.I)


def read_docx(path: Path, data: bytes) -> Document:
    from pipeline.read.docx import read_docx as _read
    return _read(path, data)


def read_html(path: Path, data: bytes, mime: bool = False) -> Document:
    from pipeline.read.html import read_html as _read
    return _read(path, data, mime)


def read_pdf(path: Path, data: bytes) -> Document:
    from pipeline.read.pdf import read_pdf as _read
    return _read(path, data)


def read_image(path: Path, data: bytes, fmt: str) -> Document:
    from pipeline.read.image import read_image as _read
    return _read(path, data, fmt)


READERS = {
    ".txt": read_text, ".text": read_text, ".md": read_text,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".html": read_html, ".htm": read_html,
    ".mht": lambda path, data: read_html(path, data, mime=True), ".mhtml": lambda path, data: read_html(path, data, mime=True),
    ".doc": lambda path, data: read_legacy_office(path, data, ".doc"),
    ".rtf": lambda path, data: read_legacy_office(path, data, ".rtf"),
    ".odt": lambda path, data: read_legacy_office(path, data, ".odt"),
    ".jpg": lambda path, data: read_image(path, data, ".jpg"), ".jpeg": lambda path, data: read_image(path, data, ".jpg"),
    ".png": lambda path, data: read_image(path, data, ".png"),
    ".tif": lambda path, data: read_image(path, data, ".tif"), ".tiff": lambda path, data: read_image(path, data, ".tif"),
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
    if HTML_START.match(data[:2048]):
        return ".html"
    if MHT_START.match(data[:4096]) and b"multipart/related" in data[:4096].lower():
        return ".mht"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return ".tif"
    return None


def read_file(path: str | Path, data: bytes | None = None) -> Document:
    """Read any supported file into a Document; raise ReadError when it cannot be read."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ReadError(f"không mở được tệp: {os_reason(e)}", stage="open") from None
    if not data:
        raise ReadError("tệp rỗng (0 byte)")
    suffix = path.suffix.lower()
    suffix = SAME_FORMAT.get(suffix, suffix)
    sniffed = sniff_format(data)
    if suffix in OFFICE_FORMATS and sniffed in OFFICE_FORMATS + WEB_FORMATS and sniffed != suffix:
        suffix = sniffed      # Word opens a .doc that is really RTF, DOCX or a web page: so does ntm
    if suffix in TEXT_FORMATS + WEB_FORMATS and sniffed in WEB_FORMATS:
        suffix = sniffed      # a web page saved under a .txt name is read as the page it is
    if suffix in IMAGE_FORMATS + (".pdf",) and sniffed in IMAGE_FORMATS:
        suffix = sniffed      # a scan is a scan whatever its name says (a JPEG named .png or .pdf)
    if sniffed and suffix in READERS and sniffed != suffix and suffix not in TEXT_FORMATS:
        raise ReadError(f"tệp mang đuôi {suffix} nhưng nội dung là {sniffed[1:].upper()}")
    reader = READERS.get(suffix)
    if reader is None:
        raise ReadError(f"ntm không đọc loại tệp {suffix or '(không có đuôi)'}; "
                        f"ntm đọc các tệp: {', '.join(SUPPORTED_SUFFIXES)}")
    if reader is read_text and sniffed is not None:
        raise ReadError(f"tệp mang đuôi {suffix} nhưng nội dung là {sniffed[1:].upper()}")
    try:
        doc = reader(path, data)
    except (ReadError, MemoryError, RecursionError):
        raise                          # already clear, or the bounds' and the caller's to report
    except Exception as e:             # a library's own error (zipfile, lxml, PDFium…): still one clean error
        raise ReadError(f"không đọc được tệp ({type(e).__name__}: {e})") from e
    if not doc.text.strip():
        pages = f" trên cả {doc.page_count} trang" if doc.paged and doc.page_count else ""
        raise ReadError(f"không có chữ nào{pages}: tệp trống, hoặc các trang là ảnh không có lớp chữ")
    if not doc.sha256:
        doc.sha256 = sha256_bytes(data)
    return doc


__all__ = ["ReadError", "SUPPORTED_SUFFIXES", "decode_text", "read_file", "sha256_bytes", "sniff_format"]
