"""Build the INVENTED office files of tests/fixtures/files from their source texts.

    .venv/bin/python -m scripts.make_office_files            # every document, every rendition
    .venv/bin/python -m scripts.make_office_files f3          # the documents whose stem starts so

Each tests/fixtures/files/source/*.json holds one document's words and layout wishes. It is laid
out as a Vietnamese office lays out a document in Word: the header as a borderless two-column
table (issuing body and number left, motto and "place, date" in italics right), the type heading
bold and centred with the subject under it, a data table with merged header cells (header rows
repeated on a new page), real Word footnotes (python-docx has no API for them, so the footnotes
part is written by hand), and the signature as a two-column table ("Nơi nhận:" in small type
left, marks and name right). LibreOffice then makes the renditions (text PDF, Word 97 .doc), and a
"scan" is the PDF rasterised at 200 dpi, turned slightly, speckled, with a red seal over the
signature, saved as an image-only PDF by Pillow. The gold of each document is written by hand
as gold/<stem>_docx.json; the other renditions' gold files are copies naming their own file.
"""
from __future__ import annotations

import copy
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw, ImageFilter

from scripts.make_corpus import office_page

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "files"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
EXTENSION = {"docx": "docx", "pdf": "pdf", "doc": "doc", "scan": "pdf"}
SCAN_DPI = 200
MARKUP = re.compile(r"(\*\*.+?\*\*|\*.+?\*|\[\^\d+\])")


def _table_lines(table: dict) -> list[str]:
    lines = [table["caption"], *([table["unit"]] if table.get("unit") else [])]
    return lines + [" | ".join(c for c in row if c) for row in table["rows"]]


def _block_lines(block: dict) -> list[str]:
    if "p" in block:
        return [block["p"]]
    if "table" in block:
        return _table_lines(block["table"])
    if "header" in block:
        return [*block["header"]["left"], *block["header"]["right"]]
    return []                           # a page break or a change of orientation has no words


def plain_text(spec: dict) -> str:
    """The document's words, one paragraph a line, without markup: what gold quotes are checked against."""
    lines = [*spec["header_left"], *spec["header_right"]]
    lines += [spec["heading"] or "", *spec["subject"]]
    for block in spec["blocks"]:
        lines += _block_lines(block)
    lines += list(spec["footnotes"].values()) + ["Nơi nhận:", *spec["recipients"], *spec["signature"]]
    for block in spec.get("appendix", []):
        lines += _block_lines(block)
    return "\n".join(re.sub(r"\*+|\[\^\d+\]", "", line) for line in lines)


def _add_runs(paragraph, text: str, size: float | None, footnote_ids: dict, italic: bool = False) -> None:
    for piece in MARKUP.split(text):
        if not piece:
            continue
        if piece.startswith("[^"):
            footnote_ids[piece[2:-1]] = str(len(footnote_ids) + 1)
            run = paragraph.add_run()
            run._r.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:vertAlign w:val="superscript"/></w:rPr>'))
            run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{footnote_ids[piece[2:-1]]}"/>'))
            continue
        bold = piece.startswith("**")
        slant = italic or (piece.startswith("*") and not bold)
        run = paragraph.add_run(piece.strip("*") if piece.startswith("*") else piece)
        run.bold, run.italic = bold or None, slant or None
        if size:
            run.font.size = Pt(size)


def _paragraph(container, text: str, size: float | None = None, align=None, footnote_ids=None, italic=False,
               space_after: float = 3, indent_cm: float = 0):
    p = container.add_paragraph()
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if align is not None:
        p.alignment = align
    if indent_cm:
        p.paragraph_format.left_indent = Cm(indent_cm)
    _add_runs(p, text, size, footnote_ids if footnote_ids is not None else {}, italic)
    return p


def _borderless_two_columns(doc, widths_cm: tuple[float, float]):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, width in zip(table.rows[0].cells, widths_cm):
        cell.width = Cm(width)
        cell._tc.remove(cell.paragraphs[0]._p)      # a cell starts with one empty paragraph
    return table.rows[0].cells


def _data_table(doc, spec: dict) -> None:
    _paragraph(doc, f"*{spec['caption']}*", 12, WD_ALIGN_PARAGRAPH.CENTER)
    if spec.get("unit"):        # the scale of the figures, right-aligned above the table: "ĐVT: triệu đồng"
        _paragraph(doc, f"*{spec['unit']}*", 12, WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    rows = spec["rows"]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    if spec.get("borders", True):      # some offices print a table without ruling lines
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
            if value:
                _add_runs(cell.paragraphs[0], f"**{value}**" if r < spec["header_rows"] else value, 12, {})
            if r < spec["header_rows"] or c == 0:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r in range(spec["header_rows"]):   # Word repeats these rows at the top of every page
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for r0, c0, r1, c1 in spec["merge"]:
        keep = table.cell(r0, c0).text
        merged = table.cell(r0, c0).merge(table.cell(r1, c1))
        for extra in merged.paragraphs[1:]:       # merge() keeps every cell's paragraph
            extra._p.getparent().remove(extra._p)
        assert merged.text == keep


def _footnotes_part(doc, notes: dict[str, str], ids: dict[str, str]) -> None:
    """Word keeps footnotes in their own part, word/footnotes.xml, related to the document part."""
    body = ['<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>']
    for key, note_id in ids.items():
        body.append(f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
                    '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                    f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {notes[key]}</w:t></w:r></w:p></w:footnote>')
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W_NS}>{"".join(body)}</w:footnotes>'
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode("utf-8"), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def _orientation(doc, landscape: bool) -> None:
    """A new section, turned: a wide appendix table is printed on landscape pages."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = sorted((section.page_width, section.page_height), reverse=landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height


def _header_table(doc, left_lines: list[str], right_lines: list[str], widths_cm: tuple[float, float]) -> None:
    left, right = _borderless_two_columns(doc, widths_cm)
    for line in left_lines:
        _paragraph(left, line, 13, WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    for line in right_lines:
        _paragraph(right, line, 13, WD_ALIGN_PARAGRAPH.CENTER, space_after=0)


def _page_number_top(doc) -> None:
    """Decree 30 numbers pages from the second, at the top centre: a PAGE field in the page header."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for xml in ('<w:fldChar {ns} w:fldCharType="begin"/>', '<w:instrText {ns} xml:space="preserve"> PAGE </w:instrText>',
                '<w:fldChar {ns} w:fldCharType="separate"/>', '<w:t {ns}>2</w:t>', '<w:fldChar {ns} w:fldCharType="end"/>'):
        p.add_run()._r.append(parse_xml(xml.format(ns=nsdecls("w"))))


def _blocks(doc, blocks: list[dict], footnote_ids: dict) -> None:
    for block in blocks:
        if "table" in block:
            _data_table(doc, block["table"])
            continue
        if "landscape" in block:
            _orientation(doc, block["landscape"])
            continue
        if "page_break" in block:
            doc.add_page_break()
            continue
        if "header" in block:           # an attached document's own header
            _header_table(doc, block["header"]["left"], block["header"]["right"], (6.5, 9.5))
            continue
        align = WD_ALIGN_PARAGRAPH.CENTER if block.get("center") else WD_ALIGN_PARAGRAPH.JUSTIFY
        p = _paragraph(doc, block["p"], None, align, footnote_ids, italic=block.get("italic", False),
                       indent_cm=block.get("indent", 0))
        if not block.get("center") and not block.get("indent"):
            p.paragraph_format.first_line_indent = Cm(1)


def build_docx(spec: dict, out: Path) -> None:
    doc = new_docx()
    office_page(doc, 14)
    if spec["draft"]:
        mark = _paragraph(doc, "**DỰ THẢO**", 13, WD_ALIGN_PARAGRAPH.RIGHT)
        mark.runs[0].font.color.rgb = RGBColor(0xC0, 0, 0)
    if spec.get("page_number") == "top":
        _page_number_top(doc)
    # a narrow right column wraps the motto over two lines, as many offices' templates do
    _header_table(doc, spec["header_left"], spec["header_right"], tuple(spec.get("header_widths", (6.5, 9.5))))
    _paragraph(doc, "", space_after=6)
    if spec["heading"]:
        _paragraph(doc, f"**{spec['heading']}**", 14, WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    for line in spec["subject"]:
        _paragraph(doc, f"**{line}**", 14, WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(doc, "", space_after=6)
    footnote_ids: dict[str, str] = {}
    _blocks(doc, spec["blocks"], footnote_ids)
    if footnote_ids:
        _footnotes_part(doc, spec["footnotes"], footnote_ids)
    _paragraph(doc, "")
    left, right = _borderless_two_columns(doc, (7.5, 8.5))
    left._tc.getparent().get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))  # a signature is never cut by a page end
    _paragraph(left, "***Nơi nhận:***", 12, space_after=0)
    for item in spec["recipients"]:
        _paragraph(left, f"- {item}", 11, space_after=0)
    for line in spec["signature"]:
        _paragraph(right, line, 14, WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    if spec.get("appendix"):            # an appendix follows the signature, on a page of its own
        if "landscape" not in spec["appendix"][0]:     # a new section starts its own page already
            doc.add_page_break()
        _blocks(doc, spec["appendix"], footnote_ids)
    doc.core_properties.author = "Văn thư"
    doc.save(out)


def soffice(src: Path, target: str, outdir: Path) -> Path:
    """LibreOffice's own conversion, in a throwaway profile so it runs beside other instances."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", target, "--outdir", str(outdir), str(src)],
                       check=True, capture_output=True, timeout=180)
    return outdir / f"{src.stem}.{target.split(':')[0]}"


def _seal(page: Image.Image, centre: tuple[float, float], radius: int) -> Image.Image:
    """A red round seal stamped over the signer's name, as a signed paper copy carries."""
    overlay = Image.new("RGBA", page.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    x, y = centre
    for r, width in ((radius, 9), (radius - 22, 4)):
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(200, 30, 30, 150), width=width)
    draw.regular_polygon((x, y, radius // 4), 5, outline=(200, 30, 30, 150), fill=(200, 30, 30, 90))
    return Image.alpha_composite(page.convert("RGBA"), overlay).convert("RGB")


def scan(pdf: Path, out: Path, signer: str, seed: int) -> None:
    rng = random.Random(seed)
    document = pdfium.PdfDocument(str(pdf))
    pages = []
    for index in range(len(document)):
        page = document[index]
        image = page.render(scale=SCAN_DPI / 72).to_pil().convert("RGB")
        if index == len(document) - 1:
            found = page.get_textpage().search(signer).get_next()
            if found:
                box = page.get_textpage().get_charbox(found[0])
                height = page.get_height()
                centre = (box[0] * SCAN_DPI / 72 + 60, (height - box[3]) * SCAN_DPI / 72 - 90)
                image = _seal(image, centre, 150)
        image = image.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, expand=False, fillcolor="white")
        draw = ImageDraw.Draw(image)
        for _ in range(1500):                      # scanner dust
            x, y = rng.randrange(image.width), rng.randrange(image.height)
            draw.point((x, y), fill=(90, 90, 90))
        pages.append(image.filter(ImageFilter.GaussianBlur(0.4)))
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=SCAN_DPI, quality=70)


def rendition_name(stem: str, kind: str) -> str:
    return f"{stem}_{kind}.{EXTENSION[kind]}"


def build(spec: dict) -> None:
    docs = ROOT / "docs"
    stem = spec["stem"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        source = tmp_dir / f"{stem}.docx"
        build_docx(spec, source)
        pdf = soffice(source, "pdf", tmp_dir)
        for kind in spec["renditions"]:
            out = docs / rendition_name(stem, kind)
            if kind == "docx":
                shutil.copyfile(source, out)
            elif kind == "pdf":
                shutil.copyfile(pdf, out)
            elif kind == "doc":
                shutil.copyfile(soffice(source, 'doc:MS Word 97', tmp_dir), out)
            elif kind == "scan":
                scan(pdf, out, spec["signature"][-1].strip("*"), seed=len(stem))
    gold_path = ROOT / "gold" / f"{stem}_docx.json"
    if gold_path.exists():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for kind in spec["renditions"]:
            if kind != "docx":
                copied = copy.deepcopy(gold)
                copied["file"] = rendition_name(stem, kind)
                (ROOT / "gold" / f"{stem}_{kind}.json").write_text(
                    json.dumps(copied, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    (ROOT / "docs").mkdir(exist_ok=True)
    for path in sorted((ROOT / "source").glob("*.json")):
        if argv and not any(path.stem.startswith(prefix) for prefix in argv):
            continue
        build(json.loads(path.read_text(encoding="utf-8")))
        print(path.stem)


if __name__ == "__main__":
    main(sys.argv[1:])
