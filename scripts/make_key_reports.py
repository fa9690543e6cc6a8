"""The reports of the inspection keys (tests/fixtures/inspection5–7) that are Word files or text PDFs,
built from their `*_source.txt.in` (not ".txt": ntm would ingest the source as a second document)
the way an office lays a report out in Word: the issuer and the motto side by side in a header
table, the number and the place and date in a second row, body paragraphs, a markdown table of the
source as a real Word table; a text PDF is that Word file printed by LibreOffice.

Blocks of the source are parted by blank lines: issuer, motto, number, place and date, then the
body; the title, "Nơi nhận" and the signature keep their line breaks, other blocks are paragraphs.
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

KEEP_LINES = ("Nơi nhận", "TM.", "GIÁM ĐỐC", "BÁO CÁO")


def word_report(source: Path) -> Document:
    blocks = source.read_text(encoding="utf-8").strip("\n").split("\n\n")
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    head = doc.add_table(rows=2, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = blocks[0], blocks[1]
    head.cell(1, 0).text, head.cell(1, 1).text = blocks[2], blocks[3]
    for block in blocks[4:]:
        if block.startswith("|"):   # a markdown table in the source → a Word table
            rows = [[c.strip() for c in line.strip("|").split("|")] for line in block.split("\n") if not line.startswith("|---")]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            for line in block.split("\n") if block.startswith(KEEP_LINES) else [block.replace("\n", " ")]:
                doc.add_paragraph(line)
    return doc


def build(source: Path, out_dir: Path, name: str, pdf: bool = False) -> Path:
    """`name`.docx (or `name`.pdf through LibreOffice's soffice) in out_dir."""
    doc = word_report(source)
    if not pdf:
        doc.save(out_dir / f"{name}.docx")
        return out_dir / f"{name}.docx"
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{name}.docx"
        doc.save(docx)
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)], check=True)
    return out_dir / f"{name}.pdf"
