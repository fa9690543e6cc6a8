"""Write corpus/: the seed texts under readable names, and DOCX and PDF renditions of three seeds.

The renditions look like real official documents: the header (issuing body, number, national
motto, place and date) and the signature block (recipients, signing mark, name) laid out in
two-column tables, real footnotes (a DOCX footnotes part; small print at the foot of the PDF
page that cites them), page numbers and a serif font with Vietnamese glyphs. Their content is
the seed's normalised text, so reading a rendition back gives (nearly) the text of the seed.

    .venv/bin/python scripts/make_corpus.py [SEEDS_DIR] [--out corpus]
"""
from __future__ import annotations

import argparse
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import regex

from pipeline.model.normalize import PLACE_DATE, TERMINAL, is_upper_line
from pipeline.read import read_file

ROOT = Path(__file__).resolve().parent.parent
SEED_NAMES = {
    "000_a7d316e05ed6c83f": "2022-02-18_chi-thi-12-CT-TU_tinh-uy-kon-tum",
    "001_59511d74f570abd7": "tin-tuc_ke-hoach-1754-KH-UBND",
    "002_a4ed769a8ef47ae9": "ke-hoach_huyen-uy_chi-thi-63-CT-TU",
    "003_3b8164272555d3eb": "2024-03-29_cong-van-1052-UBND-NNTN",
    "004_567781b357fe535e": "2023_bao-cao-kon-ray-ntm",
}
RENDERED = ("000_a7d316e05ed6c83f", "003_3b8164272555d3eb", "004_567781b357fe535e")

HEADER_RIGHT = regex.compile(r"^(?:CỘNG HÒA|Độc lập|ĐẢNG CỘNG SẢN)")
SUBJECT_LINE = regex.compile(r"^(?:V/v|Về việc)\b")
CITATION = regex.compile(r"⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾")
FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


@dataclass
class Layout:
    """A seed's normalised text cut into the parts of an official document."""
    header_left: list[str] = field(default_factory=list)
    header_right: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)       # paragraphs, citations as ⁽N⁾
    notes: dict[str, str] = field(default_factory=dict)  # marker → footnote body
    sign_left: list[str] = field(default_factory=list)
    sign_right: list[str] = field(default_factory=list)


def layout_of(seed: Path) -> Layout:
    doc = read_file(seed)
    note_starts = {f.span[0] for f in doc.footnotes}
    out = Layout(notes={f.marker: f.text.split(" ", 1)[1] for f in doc.footnotes})
    lines, pos = [], 0
    for line in doc.text.split("\n"):
        if pos not in note_starts:
            lines.append(line)
        pos += len(line) + 1
    date_at = next(i for i, line in enumerate(lines[:12]) if PLACE_DATE.match(line))
    header, rest = lines[:date_at + 1], lines[date_at + 1:]
    if rest and SUBJECT_LINE.match(rest[0]):      # a letter's "V/v …" sits under its number
        header.append(rest.pop(0))
    for line in header:
        right = HEADER_RIGHT.match(line) or PLACE_DATE.match(line)
        (out.header_right if right else out.header_left).append(line)
    while rest and not rest[0].startswith("Kính gửi") and not TERMINAL.search(rest[0]):
        out.title.append(rest.pop(0))
    sign_at = max(i for i, line in enumerate(rest) if line.startswith("Nơi nhận"))
    out.body, signature = rest[:sign_at], rest[sign_at:]
    out.sign_left = [signature[0]]
    for line in signature[1:]:
        if out.sign_right or not line.startswith("-"):
            out.sign_right.append(line)
        else:
            out.sign_left.append(line)
    return out


def is_heading(line: str) -> bool:
    return is_upper_line(line) or bool(regex.match(r"^(?:[IVX]+|\d(?:\.\d)*)\.\s", line)
                                       and len(line) < 120 and not TERMINAL.search(line))


# --- DOCX ------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def office_page(document, font_pt: int) -> None:
    """A4 with the margins of Decree 30/2020 (left 3 cm, others 2 cm), Times New Roman of `font_pt`."""
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(font_pt)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")


def write_docx(layout: Layout, path: Path) -> None:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.shared import Cm, Pt

    document = Document()
    office_page(document, 13)
    section = document.sections[0]
    normal = document.styles["Normal"]
    normal.paragraph_format.space_after = Pt(4)

    # Page numbers at the top centre from page 2 on, as Decree 30/2020 prescribes.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number._p.append(parse_xml(f'<w:fldSimple xmlns:w="{W_NS}" w:instr="PAGE"><w:r><w:t>2</w:t></w:r></w:fldSimple>'))

    def cell_lines(cell, lines, bold=lambda line: False, italic=lambda line: False, size=13):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        for line in lines:
            p = cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(line)
            run.bold, run.italic, run.font.size = bold(line), italic(line), Pt(size)

    def two_columns(left, right, widths, styles):
        table = document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for cell, width in zip(table.rows[0].cells, widths):
            cell.width = Cm(width)
        cell_lines(table.cell(0, 0), left, **styles.get("left", {}))
        cell_lines(table.cell(0, 1), right, **styles.get("right", {}))

    two_columns(layout.header_left, layout.header_right, (6.5, 9.5), {
        "left": {"bold": is_upper_line},
        "right": {"bold": lambda line: not PLACE_DATE.match(line), "italic": lambda line: bool(PLACE_DATE.match(line))}})

    for k, line in enumerate(layout.title):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.bold = is_upper_line(line) or k == 1
        run.font.size = Pt(14 if k == 0 else 13)

    notes_xml = []
    for line in layout.body:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1)
        bold = is_heading(line)
        pos = 0
        for m in CITATION.finditer(line):
            p.add_run(line[pos:m.start()]).bold = bold
            marker = m.group(1).translate(FROM_SUPERSCRIPT)
            ref = p.add_run()
            ref.font.superscript = True
            ref._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{W_NS}" w:id="{marker}"/>'))
            notes_xml.append(
                f'<w:footnote w:id="{marker}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
                f'<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {xml_escape(layout.notes[marker])}</w:t></w:r>'
                f'</w:p></w:footnote>')
            pos = m.end()
        p.add_run(line[pos:]).bold = bold

    document.add_paragraph()
    two_columns(layout.sign_left, layout.sign_right, (8, 8), {
        "left": {"bold": lambda line: line.startswith("Nơi nhận"), "italic": lambda line: line.startswith("Nơi nhận"), "size": 11},
        "right": {"bold": lambda line: True}})
    # Leave room for the signature above the name, as a printed document does.
    name_cell = document.tables[-1].cell(0, 1)
    name_cell.paragraphs[-1].paragraph_format.space_before = Pt(60)

    separators = ''.join(
        f'<w:footnote w:type="{kind}" w:id="{i}"><w:p><w:r><w:{kind}/></w:r></w:p></w:footnote>'
        for i, kind in ((-1, "separator"), (0, "continuationSeparator")))
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">{separators}{"".join(notes_xml)}</w:footnotes>'
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob.encode("utf-8"), document.part.package)
    document.part.relate_to(part, FOOTNOTES_RT)
    document.core_properties.title = (layout.title or layout.header_left)[0]
    document.core_properties.author = ""
    document.save(path)


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- PDF -------------------------------------------------------------------------------------

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf",   # Times New Roman metrics
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif{}.ttf",
)
FONT_STYLES = {"Regular": ("Regular", ""), "Bold": ("Bold", "-Bold"), "Italic": ("Italic", "-Italic"),
               "BoldItalic": ("BoldItalic", "-BoldItalic")}
VIETNAMESE_SAMPLE = "ẢẤẦẨẪẬắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐđơưƠƯ"


def register_fonts() -> None:
    """A serif TTF with every Vietnamese letter, under the names Serif, Serif-Bold, …"""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for pattern in FONT_CANDIDATES:
        liberation = "liberation" in pattern
        paths = {style: pattern.format(names[0] if liberation else names[1])
                 for style, names in FONT_STYLES.items()}
        if not all(Path(p).exists() for p in paths.values()):
            continue
        fonts = {style: TTFont("Serif" + ("" if style == "Regular" else "-" + style), p) for style, p in paths.items()}
        if all(ord(c) in fonts["Regular"].face.charToGlyph for c in VIETNAMESE_SAMPLE):
            for font in fonts.values():
                pdfmetrics.registerFont(font)
            return
    raise SystemExit("no serif TTF font with Vietnamese glyphs found: "
                     "apt-get install fonts-liberation2 (or fonts-dejavu-core)")


PAGE_W, PAGE_H = 595.28, 841.89
LEFT, RIGHT, TOP, BOTTOM = 85.0, 57.0, 57.0, 57.0
BODY, NOTE = 13.0, 10.0
SUPERSCRIPT_SCALE, SUPERSCRIPT_RISE = 0.62, 0.38


class PdfRendition:
    """A hand-set A4 page: two-column blocks, justified paragraphs, footnotes at the page foot."""

    def __init__(self, path: Path, notes: dict[str, str]):
        from reportlab.pdfgen.canvas import Canvas
        self.canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1)
        self.canvas.setCreator("ntm make_corpus")
        self.notes = notes
        self.page = 1
        self.y = PAGE_H - TOP
        self.page_notes: list[list[list[tuple[str, bool]]]] = []   # wrapped notes of this page
        self.notes_height = 0.0

    # Words are lists of (text, is_superscript) pieces so a citation stays glued to its word.
    @staticmethod
    def words(text: str) -> list[list[tuple[str, bool]]]:
        out = []
        for word in text.split():
            pieces, pos = [], 0
            for m in CITATION.finditer(word):
                if m.start() > pos:
                    pieces.append((word[pos:m.start()], False))
                pieces.append((m.group(1).translate(FROM_SUPERSCRIPT), True))
                pos = m.end()
            if pos < len(word):
                pieces.append((word[pos:], False))
            out.append(pieces)
        return out

    @staticmethod
    def width(word, font: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth
        return sum(stringWidth(t, font, size * (SUPERSCRIPT_SCALE if sup else 1)) for t, sup in word)

    def wrap(self, words, font, size, width, indent=0.0):
        space = self.width([(" ", False)], font, size)
        lines, line, used = [], [], indent
        for word in words:
            w = self.width(word, font, size)
            if line and used + space + w > width:
                lines.append(line)
                line, used = [], 0.0
            used += (space if line else 0) + w
            line.append(word)
        if line:
            lines.append(line)
        return lines

    def draw_line(self, line, x, font, size, width=None):
        """Draw words from x; with `width`, spread them to fill it (justified)."""
        gap = self.width([(" ", False)], font, size)
        if width is not None and len(line) > 1:
            natural = sum(self.width(w, font, size) for w in line)
            gap = (width - natural) / (len(line) - 1)
        for word in line:
            for text, sup in word:
                s = size * SUPERSCRIPT_SCALE if sup else size
                self.canvas.setFont(font, s)
                self.canvas.drawString(x, self.y + (size * SUPERSCRIPT_RISE if sup else 0), text)
                x += self.width([(text, sup)], font, size)
            x += gap

    def note_lines(self, marker):
        words = self.words(self.notes[marker])
        words[0] = [(marker, True)] + [(" ", False)] + words[0]
        return self.wrap(words, "Serif", NOTE, PAGE_W - LEFT - RIGHT)

    def paragraph(self, text, font="Serif", size=BODY, align="justify", indent=28.35, after=4.0):
        width = PAGE_W - LEFT - RIGHT
        leading = size * 1.3
        lines = self.wrap(self.words(text), font, size, width, indent if align == "justify" else 0)
        for k, line in enumerate(lines):
            cited = [t for word in line for t, sup in word if sup]
            wrapped = [self.note_lines(m) for m in cited]
            extra = sum(len(n) * NOTE * 1.2 for n in wrapped) + (10 if wrapped and not self.page_notes else 0)
            if self.y - leading < BOTTOM + self.notes_height + extra:
                self.new_page()
            self.y -= leading
            if align == "center":
                x = LEFT + (width - sum(self.width(w, font, size) for w in line)
                            - self.width([(" ", False)], font, size) * (len(line) - 1)) / 2
                self.draw_line(line, x, font, size)
            else:
                x = LEFT + (indent if k == 0 else 0)
                self.draw_line(line, x, font, size, LEFT + width - x if k < len(lines) - 1 else None)
            self.page_notes.extend(wrapped)
            self.notes_height += extra
        self.y -= after

    def columns(self, blocks, widths, fits=True):
        """Two centred columns side by side: blocks = per column a list of (line, font, size, before)."""
        height = max(sum(b + s * 1.25 * len(self.wrap(self.words(t), f, s, w))
                         for t, f, s, b in block) for block, w in zip(blocks, widths))
        if fits and self.y - height < BOTTOM + self.notes_height:
            self.new_page()
        top, bottom, x0 = self.y, self.y, LEFT - 20
        for block, w in zip(blocks, widths):
            self.y = top
            for text, font, size, before in block:
                self.y -= before
                for line in self.wrap(self.words(text), font, size, w):
                    self.y -= size * 1.25
                    natural = sum(self.width(word, font, size) for word in line) \
                        + self.width([(" ", False)], font, size) * (len(line) - 1)
                    self.draw_line(line, x0 + (w - natural) / 2, font, size)
            bottom = min(bottom, self.y)
            x0 += w
        self.y = bottom - 8

    def finish_page(self):
        if self.page_notes:
            y = BOTTOM + self.notes_height - 4
            self.canvas.setLineWidth(0.5)
            self.canvas.line(LEFT, y, LEFT + 140, y)
            self.y = y - 2
            for lines in self.page_notes:
                for k, line in enumerate(lines):
                    self.y -= NOTE * 1.2
                    self.draw_line(line, LEFT, "Serif", NOTE,
                                   PAGE_W - LEFT - RIGHT if k < len(lines) - 1 else None)
        if self.page > 1:   # page number at the top centre, from page 2 on
            self.canvas.setFont("Serif", 12)
            self.canvas.drawCentredString(PAGE_W / 2, PAGE_H - 35, str(self.page))

    def new_page(self):
        self.finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_H - TOP
        self.page_notes, self.notes_height = [], 0.0

    def save(self):
        self.finish_page()
        self.canvas.save()


def write_pdf(layout: Layout, path: Path) -> None:
    pdf = PdfRendition(path, layout.notes)
    left = [(line, "Serif-Bold" if is_upper_line(line) else "Serif", 13 if is_upper_line(line) else 12.5,
             0 if k == 0 else 2) for k, line in enumerate(layout.header_left)]
    right = [(line, "Serif-Italic" if PLACE_DATE.match(line) else "Serif-Bold", 13,
              10 if PLACE_DATE.match(line) else 0) for line in layout.header_right]
    pdf.columns([left, right], (190.0, 300.0), fits=False)
    pdf.y -= 10
    for k, line in enumerate(layout.title):
        pdf.paragraph(line, "Serif-Bold" if is_upper_line(line) or k == 1 else "Serif",
                      14 if k == 0 else 13, align="center", after=2)
    pdf.y -= 8
    for line in layout.body:
        pdf.paragraph(line, "Serif-Bold" if is_heading(line) else "Serif")
    pdf.y -= 6
    sign_left = [(line, "Serif-BoldItalic" if k == 0 else "Serif", 12 if k == 0 else 11, 0)
                 for k, line in enumerate(layout.sign_left)]
    sign_right = [(line, "Serif-Bold", 13, 70 if k == len(layout.sign_right) - 1 else 0)
                  for k, line in enumerate(layout.sign_right)]
    pdf.columns([sign_left, sign_right], (235.0, 235.0))
    pdf.save()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", nargs="?", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--out", default=str(ROOT / "corpus"))
    args = parser.parse_args(argv)
    seeds, out = Path(args.seeds), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    register_fonts()
    for stem, name in SEED_NAMES.items():
        seed = seeds / f"{stem}.txt"
        shutil.copyfile(seed, out / f"{name}.txt")
        if stem in RENDERED:
            layout = layout_of(seed)
            write_docx(layout, out / f"{name}.docx")
            write_pdf(layout, out / f"{name}.pdf")
        print(f"{name}: " + ", ".join(p.suffix[1:] for p in sorted(out.glob(name + ".*"))))


if __name__ == "__main__":
    main()
