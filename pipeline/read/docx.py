"""DOCX reader: body paragraphs and tables in reading order, footnotes from the footnotes part.

Official documents set the header (issuing body, number, motto, place and date) and the
signature block in two-column tables; such layout tables are read column by column so each
column's lines come out whole. Wider tables (data tables) are read row by row, one line a row.
Footnote bodies are put on their own line after the paragraph that cites them, and the
reference is written into the text as "⁽N⁾", so the normaliser links the two. Runs inside smart
tags, custom XML and content controls are read like any other; a text box's paragraphs become
lines of their own after the paragraph it is anchored in, once (not again from its VML copy).
A draft with tracked changes is read with its changes accepted: insertions in, deletions out,
moved text only where it was moved to.

Text typed in a pre-Unicode font (.VnTime, .VnTimeH, VNI-Times) is converted run by run: a run's
font is its own w:rFonts (hAnsi, then ascii), else its character style's, its paragraph style's
(following w:basedOn), else the document defaults in styles.xml. Data tables (more than two
columns) are also kept as `Table`s, every cell placed in the text.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from pipeline.model import Document
from pipeline.model.normalize import TO_SUPERSCRIPT, normalize_pages
from pipeline.read.errors import ReadError, sha256_bytes
from pipeline.read.legacy import convert_run, fix_legacy_text, font_encoding
from pipeline.read.tables import attach_tables, layout_columns

MAX_UNCOMPRESSED = 200 * 1024 * 1024   # a ZIP bomb declares (or reaches) far more than this
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
STYLES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
# No entities, no network, libxml2's default depth limit: hostile XML fails instead of expanding.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _error(message: str):
    return ReadError(message, stage="docx")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _error("tệp DOCX bị hỏng hoặc bị cắt cụt: không phải tệp nén ZIP đọc được") from None
    except NotImplementedError as e:     # zipfile: a ZIP version it does not know
        raise _error(f"tệp DOCX được nén theo cách không giải nén được ({e})") from None
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        hint = "tệp OpenDocument" if "content.xml" in names else "tệp nén ZIP"
        raise _error(f"không phải văn bản Word: {hint} không có word/document.xml")
    declared = sum(info.file_size for info in archive.infolist())
    if declared > MAX_UNCOMPRESSED:
        raise _error(f"tệp DOCX quá lớn khi giải nén ({declared // 2**20} MB, giới hạn "
                     f"{MAX_UNCOMPRESSED // 2**20} MB); có thể là một «bom ZIP»")
    return archive


def _parse(archive: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        return etree.fromstring(archive.read(name), XML_PARSER)
    except (zipfile.BadZipFile, EOFError, zlib.error) as e:
        raise _error(f"tệp DOCX bị hỏng: không giải nén được {name} ({e})") from None
    except NotImplementedError as e:     # zipfile: a compression method or ZIP version it does not know
        raise _error(f"tệp DOCX được nén theo cách không giải nén được: {name} ({e})") from None
    except etree.XMLSyntaxError as e:
        if e.code == etree.ErrorTypes.ERR_NO_MEMORY:
            raise MemoryError(f"{name}: out of memory while parsing") from None   # the memory bound, not damage
        raise _error(f"tệp DOCX bị hỏng: {name} không phải XML hợp lệ ({e.msg})") from None


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


def _on(el: etree._Element | None) -> bool | None:
    """A w:caps-like toggle: None when absent, else its value (no w:val means on)."""
    if el is None:
        return None
    return el.get(f"{W}val", "true").lower() not in ("false", "0", "off", "none")


class _Styles:
    """Fonts and capitals from styles.xml: per style id (following w:basedOn) and the defaults."""

    def __init__(self, root: etree._Element | None):
        self.styles: dict[str, etree._Element] = {}
        self.default_font: str | None = None
        self.default_paragraph: str | None = None
        self._cache: dict[str, tuple[str | None, bool | None]] = {}
        if root is None:
            return
        for style in root.iterchildren(f"{W}style"):
            sid = style.get(f"{W}styleId")
            if sid:
                self.styles[sid] = style
                if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true", "on"):
                    self.default_paragraph = sid
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if defaults is not None:
            self.default_font = _rpr_font(defaults)

    def lookup(self, sid: str | None) -> tuple[str | None, bool | None]:
        """(font, caps) a style sets, itself or through its w:basedOn chain."""
        if not sid:
            return None, None
        if sid in self._cache:
            return self._cache[sid]
        self._cache[sid] = (None, None)          # a basedOn cycle ends here
        style = self.styles.get(sid)
        if style is None:
            return None, None
        rpr = style.find(f"{W}rPr")
        font = _rpr_font(rpr) if rpr is not None else None
        caps = _on(rpr.find(f"{W}caps")) if rpr is not None else None
        based = style.find(f"{W}basedOn")
        if based is not None and (font is None or caps is None):
            parent_font, parent_caps = self.lookup(based.get(f"{W}val"))
            font = font or parent_font
            caps = caps if caps is not None else parent_caps
        self._cache[sid] = (font, caps)
        return font, caps


def _rpr_font(rpr: etree._Element) -> str | None:
    fonts = rpr.find(f"{W}rFonts")
    if fonts is None:
        return None
    return fonts.get(f"{W}hAnsi") or fonts.get(f"{W}ascii")


class _Body:
    """Walks the body XML and writes lines; footnote markers numbered in reading order."""

    def __init__(self, notes: dict[str, str], styles: _Styles | None = None):
        self.notes = notes
        self.styles = styles or _Styles(None)
        self.numbers: dict[str, str] = {}
        self.lines: list[str] = []
        self.tables: list[list[list[tuple[int, str, bool]]]] = []
        self.depth = 0                        # table nesting

    def run_format(self, r: etree._Element, para_style: tuple[str | None, bool | None]) -> tuple[str | None, bool]:
        """The font a run is set in and whether it is shown in capitals."""
        rpr = r.find(f"{W}rPr")
        font = _rpr_font(rpr) if rpr is not None else None
        caps = _on(rpr.find(f"{W}caps")) if rpr is not None else None
        if rpr is not None and (font is None or caps is None):
            style = rpr.find(f"{W}rStyle")
            if style is not None:
                style_font, style_caps = self.styles.lookup(style.get(f"{W}val"))
                font = font or style_font
                caps = caps if caps is not None else style_caps
        font = font or para_style[0] or self.styles.default_font
        caps = caps if caps is not None else para_style[1]
        return font, bool(caps)

    def paragraph_text(self, p: etree._Element, cited: list[str]) -> str:
        style = p.find(f"{W}pPr/{W}pStyle")
        para_style = self.styles.lookup(style.get(f"{W}val") if style is not None else self.styles.default_paragraph)
        parts = []
        for r in p.iter(f"{W}r"):
            if _in_text_box(r, p) or _withdrawn(r, p):
                continue           # a text box's paragraphs are lines of their own (text_boxes)
            font, caps = self.run_format(r, para_style)
            legacy = font_encoding(font)[0]
            buffer: list[str] = []

            def flush(buffer=buffer, font=font, legacy=legacy, caps=caps) -> None:
                if buffer:
                    text = convert_run("".join(buffer), font) if legacy else "".join(buffer)
                    parts.append(text.upper() if caps else text)
                    buffer.clear()

            for el in r:
                if not isinstance(el.tag, str) or not el.tag.startswith(W):
                    continue
                tag = el.tag[len(W):]
                if tag == "t":
                    buffer.append(el.text or "")
                elif tag == "softHyphen":
                    if legacy == "tcvn3":
                        buffer.append("\u00ad")       # the letter ư in TCVN3
                elif tag == "noBreakHyphen":
                    buffer.append("-")
                elif tag in ("tab", "ptab"):
                    flush()
                    parts.append("\t")
                elif tag in ("br", "cr"):
                    flush()
                    parts.append("\n")
                elif tag == "footnoteReference":
                    flush()
                    note_id = el.get(f"{W}id")
                    if note_id in self.notes:
                        number = self.numbers.setdefault(note_id, str(len(self.numbers) + 1))
                        parts.append("⁽" + number.translate(TO_SUPERSCRIPT) + "⁾")
                        cited.append(note_id)
            flush()
        return "".join(parts)

    def block(self, el: etree._Element) -> None:
        tag = el.tag[len(W):] if isinstance(el.tag, str) and el.tag.startswith(W) else ""
        if tag == "p":
            cited: list[str] = []
            self.lines.append(self.paragraph_text(el, cited))
            for box in _text_boxes(el):     # "DỰ THẢO 2" set in a text box beside the heading
                for child in box:
                    self.block(child)
            for note_id in cited:
                # Blank lines around a note end it for the normaliser, whatever follows.
                self.lines += ["", f"⁽{self.numbers[note_id].translate(TO_SUPERSCRIPT)}⁾ {self.notes[note_id]}", ""]
        elif tag == "tbl":
            self.depth += 1
            try:
                self.table(el)
            finally:
                self.depth -= 1
        elif tag in ("sdt", "sdtContent", "customXml", "ins", "smartTag"):
            for child in el:
                self.block(child)

    def table(self, tbl: etree._Element) -> None:
        rows = []   # per row: (grid column, cell, merged into the cell above) triples
        for tr in tbl.iterchildren(f"{W}tr"):
            col, cells = 0, []
            for tc in tr.iterchildren(f"{W}tc"):
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                merged = tc.find(f"{W}tcPr/{W}vMerge")
                cells.append((col, tc, merged is not None and merged.get(f"{W}val") != "restart"))
                try:
                    col += max(1, int(span.get(f"{W}val", "1"))) if span is not None else 1
                except ValueError:
                    col += 1
            rows.append(cells)
        columns = sorted({col for cells in rows for col, _, merged in cells if not merged})
        written = sorted({col for cells in rows for col, tc, merged in cells if not merged and _has_text(tc)})
        layout = layout_columns(columns, written, len(rows))
        if layout is not None:
            for column in layout:            # a layout table: each column whole, left first
                for cells in rows:
                    for col, tc, merged in cells:
                        if col == column and not merged:
                            self.cell(tc)
            return
        record = []
        for cells in rows:                   # a data table: one line a row, "cell | cell"
            row_cells = []
            for col, tc, merged in cells:
                if merged:
                    row_cells.append((col, "", True))
                    continue
                start = len(self.lines)
                self.cell(tc)
                text = " ".join(line.strip() for line in self.lines[start:] if line.strip())
                del self.lines[start:]
                row_cells.append((col, text, False))
            self.lines.append(" | ".join(text for _, text, merged in row_cells if text))
            record.append(row_cells)
        if self.depth == 1:
            self.tables.append(record)

    def cell(self, tc: etree._Element) -> None:
        self.lines.append("")
        for child in tc:
            self.block(child)
        self.lines.append("")


MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _in_text_box(r: etree._Element, p: etree._Element) -> bool:
    """Is run `r` inside a text box (or the VML fallback copy of one) within paragraph `p`?"""
    for ancestor in r.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag in (f"{W}txbxContent", MC_FALLBACK):
            return True
    return False


def _withdrawn(r: etree._Element, p: etree._Element) -> bool:
    """Is run `r` a tracked deletion, or the old place of a tracked move? A draft is read as its
    changes accepted: the text moved is read where it went (w:moveTo), once."""
    for ancestor in r.iterancestors():
        if ancestor is p:
            return False
        if ancestor.tag in (f"{W}del", f"{W}moveFrom"):
            return True
    return False


def _text_boxes(p: etree._Element) -> list[etree._Element]:
    """The text boxes anchored in paragraph `p`, each once: Word writes a DrawingML box and its
    VML copy (mc:Fallback); only the first is read, and boxes nested in a box are read with it."""
    boxes = []
    for box in p.iter(f"{W}txbxContent"):
        if any(a.tag == MC_FALLBACK or (a.tag == f"{W}txbxContent") for a in box.iterancestors()):
            continue
        boxes.append(box)
    return boxes


def _has_text(tc: etree._Element) -> bool:
    return any((t.text or "").strip() for t in tc.iter(f"{W}t"))


def _footnotes(archive: zipfile.ZipFile, styles: _Styles | None = None) -> dict[str, str]:
    path = _part_path(archive, FOOTNOTES_RT)
    if path is None:
        return {}
    notes = {}
    for note in _parse(archive, path).iterchildren(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        body = _Body({}, styles)
        for child in note:
            body.block(child)
        notes[note.get(f"{W}id")] = " ".join(line.strip() for line in body.lines if line.strip())
    return notes


def _styles(archive: zipfile.ZipFile) -> _Styles:
    path = _part_path(archive, STYLES_RT)
    if path is None and "word/styles.xml" in archive.namelist():
        path = "word/styles.xml"
    try:
        return _Styles(_parse(archive, path) if path else None)
    except Exception:                  # styles only matter for legacy fonts: never fail on them
        return _Styles(None)


def read_docx(path: Path, data: bytes) -> Document:

    archive = _open_zip(data)
    root = _parse(archive, "word/document.xml")
    body_el = root.find(f"{W}body")
    if body_el is None:
        raise _error("tệp DOCX bị hỏng: word/document.xml không có phần thân văn bản")
    styles = _styles(archive)
    body = _Body(_footnotes(archive, styles), styles)
    for child in body_el:
        body.block(child)
    text = "\n".join(body.lines)
    if not text.strip():
        raise _error("tệp DOCX không có chữ nào")
    text = fix_legacy_text(text)       # legacy text whose font the styles did not name
    doc = normalize_pages([text], fmt="docx", sha256=sha256_bytes(data), path=str(path))
    if body.tables:
        attach_tables(doc, [(None, rows) for rows in body.tables])
    return doc
