"""DOCX reader: body paragraphs and tables in reading order, footnotes from the footnotes part.

Official documents set the header (issuing body, number, motto, place and date) and the
signature block in two-column tables; such layout tables are read column by column so each
column's lines come out whole. Wider tables (data tables) are read row by row, one line a row.
Footnote bodies are put on their own line after the paragraph that cites them, and the
reference is written into the text as "⁽N⁾", so the normaliser links the two.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from pipeline.model import Document
from pipeline.normalize import TO_SUPERSCRIPT, normalize_pages

MAX_UNCOMPRESSED = 200 * 1024 * 1024   # a ZIP bomb declares (or reaches) far more than this
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
LAYOUT_TABLE_COLUMNS = 2
# No entities, no network, libxml2's default depth limit: hostile XML fails instead of expanding.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _error(message: str):
    from pipeline.readers import ReadError
    return ReadError(message, stage="docx")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _error("damaged or truncated DOCX: not a readable ZIP archive") from None
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        hint = "an OpenDocument file" if "content.xml" in names else "a ZIP archive"
        raise _error(f"not a Word document: {hint} without word/document.xml")
    declared = sum(info.file_size for info in archive.infolist())
    if declared > MAX_UNCOMPRESSED:
        raise _error(f"DOCX too large when unpacked ({declared // 2**20} MB, limit "
                     f"{MAX_UNCOMPRESSED // 2**20} MB); possibly a ZIP bomb")
    return archive


def _parse(archive: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        return etree.fromstring(archive.read(name), XML_PARSER)
    except (zipfile.BadZipFile, EOFError, zlib.error) as e:
        raise _error(f"damaged DOCX: {name} cannot be unpacked ({e})") from None
    except etree.XMLSyntaxError as e:
        raise _error(f"damaged DOCX: {name} is not well-formed XML ({e.msg})") from None


def _part_path(archive: zipfile.ZipFile, rel_type: str) -> str | None:
    """The document part's related part of one type, e.g. word/footnotes.xml."""
    rels = "word/_rels/document.xml.rels"
    if rels not in archive.namelist():
        return None
    for rel in _parse(archive, rels):
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = rel.get("Target", "").lstrip("/")
            path = target if target.startswith("word/") else "word/" + target
            return path if path in archive.namelist() else None
    return None


class _Body:
    """Walks the body XML and writes lines; footnote markers numbered in reading order."""

    def __init__(self, notes: dict[str, str]):
        self.notes = notes
        self.numbers: dict[str, str] = {}
        self.lines: list[str] = []

    def paragraph_text(self, p: etree._Element, cited: list[str]) -> str:
        parts = []
        for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen", f"{W}footnoteReference"):
            tag = el.tag[len(W):]
            if tag == "t":
                parts.append(el.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            else:
                note_id = el.get(f"{W}id")
                if note_id in self.notes:
                    number = self.numbers.setdefault(note_id, str(len(self.numbers) + 1))
                    parts.append("⁽" + number.translate(TO_SUPERSCRIPT) + "⁾")
                    cited.append(note_id)
        return "".join(parts)

    def block(self, el: etree._Element) -> None:
        tag = el.tag[len(W):] if isinstance(el.tag, str) and el.tag.startswith(W) else ""
        if tag == "p":
            cited: list[str] = []
            self.lines.append(self.paragraph_text(el, cited))
            for note_id in cited:
                # Blank lines around a note end it for the normaliser, whatever follows.
                self.lines += ["", f"⁽{self.numbers[note_id].translate(TO_SUPERSCRIPT)}⁾ {self.notes[note_id]}", ""]
        elif tag == "tbl":
            self.table(el)
        elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
            for child in el:
                self.block(child)

    def table(self, tbl: etree._Element) -> None:
        rows = []   # per row: (grid column, cell) pairs
        for tr in tbl.iterchildren(f"{W}tr"):
            col, cells = 0, []
            for tc in tr.iterchildren(f"{W}tc"):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                merged = tc.find(f"{W}tcPr/{W}vMerge")
                if merged is None or merged.get(f"{W}val") == "restart":
                    cells.append((col, tc))
                col += int(span.get(f"{W}val", "1")) if span is not None else 1
            rows.append(cells)
        columns = sorted({col for cells in rows for col, _ in cells})
        if len(columns) <= LAYOUT_TABLE_COLUMNS:
            for column in columns:           # a layout table: each column whole, left first
                for cells in rows:
                    for col, tc in cells:
                        if col == column:
                            self.cell(tc)
            return
        for cells in rows:                   # a data table: one line a row
            start = len(self.lines)
            for _, tc in cells:
                self.cell(tc)
            row = " | ".join(line.strip() for line in self.lines[start:] if line.strip())
            self.lines[start:] = [row]

    def cell(self, tc: etree._Element) -> None:
        self.lines.append("")
        for child in tc:
            self.block(child)
        self.lines.append("")


def _footnotes(archive: zipfile.ZipFile) -> dict[str, str]:
    path = _part_path(archive, FOOTNOTES_RT)
    if path is None:
        return {}
    notes = {}
    for note in _parse(archive, path).iterchildren(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        body = _Body({})
        for child in note:
            body.block(child)
        notes[note.get(f"{W}id")] = " ".join(line.strip() for line in body.lines if line.strip())
    return notes


def read_docx(path: Path, data: bytes) -> Document:
    from pipeline.readers import sha256_bytes

    archive = _open_zip(data)
    root = _parse(archive, "word/document.xml")
    body_el = root.find(f"{W}body")
    if body_el is None:
        raise _error("damaged DOCX: word/document.xml has no document body")
    body = _Body(_footnotes(archive))
    for child in body_el:
        body.block(child)
    text = "\n".join(body.lines)
    if not text.strip():
        raise _error("the DOCX document contains no text")
    return normalize_pages([text], fmt="docx", sha256=sha256_bytes(data), path=str(path))
