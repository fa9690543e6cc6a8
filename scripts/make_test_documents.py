"""Test documents for real-world inputs: tables, legacy fonts, a handwritten number, huge and broken files.

    python -m scripts.make_test_documents OUT_DIR          # every document below into OUT_DIR

Each maker writes one file and returns its path; tests call them into tmp_path:
- `tables_docx`, `tables_pdf`: a plan with a budget appendix (phụ biểu: STT | Nội dung | Kinh phí
  (triệu đồng) over Tổng | NSTW | NSĐP) and a task table (STT | Nội dung nhiệm vụ | Thời gian
  hoàn thành | Đơn vị chủ trì | Đơn vị phối hợp), python-docx and a ReportLab grid table;
- `legacy_docx`: runs typed in .VnTime / .VnTimeH / VNI-Times, set on the run, through a style,
  through the document defaults, with w:caps and a TCVN3 "ư" stored as <w:softHyphen/>;
- `legacy_pdf`: TCVN3 text in fonts renamed VnTime… and VnTime…H (PDF names lose the dot);
- `handwritten_number_scan`: the image-only scan of a seed with the document number written by
  hand (uneven, slanted, blurred digits), for the "uncertain, not wrong" rule of OCR;
- `scan_with_layer`: a scanned page under an invisible text layer, damaged (an OCR without
  Vietnamese: "uY BAN NgAN nAN") or good, for the damaged-layer check;
- `many_pages_pdf`: a 2,000-page text PDF; `zip_bomb_docx`, `nested_tables_docx` and the
  broken-file makers: truncated, encrypted, zero bytes, wrong extension.
"""
from __future__ import annotations

import argparse
import io
import random
import struct
import sys
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = ROOT.parent / "shared" / "seeds" / "003_3b8164272555d3eb.txt"
if not SEED_003.exists():
    SEED_003 = ROOT / "corpus" / "2024-03-29_cong-van-1052-UBND-NNTN.txt"

SERIF = ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
SERIF_BOLD = ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
              "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
              "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")
HAND = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Italic.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf")


def _font(candidates) -> str:
    for path in candidates:
        if Path(path).exists():
            return path
    raise FileNotFoundError("no font with Vietnamese glyphs: apt-get install -y fonts-liberation2 fonts-dejavu-core")


# --- content ------------------------------------------------------------------------------------

HEADER_LEFT = ["ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ", "Số: 45/KH-UBND"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Đăk Hà, ngày 10 tháng 4 năm 2024"]
TITLE = ["KẾ HOẠCH", "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2024"]
INTRO = ("Căn cứ Quyết định số 263/QĐ-TTg ngày 22 tháng 02 năm 2022 của Thủ tướng Chính phủ, Ủy ban nhân dân "
         "huyện ban hành Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2024 "
         "trên địa bàn huyện với các nhiệm vụ và kinh phí như sau.")
TASK_HEADER = ["STT", "Nội dung nhiệm vụ", "Thời gian hoàn thành", "Đơn vị chủ trì", "Đơn vị phối hợp"]
TASKS = [
    ["1", "Rà soát, đánh giá thực trạng các tiêu chí nông thôn mới tại các xã", "Tháng 5/2024",
     "Phòng Nông nghiệp và PTNT", "UBND các xã"],
    ["2", "Tổ chức tập huấn nâng cao năng lực cán bộ làm công tác nông thôn mới", "Quý III/2024",
     "Văn phòng điều phối nông thôn mới huyện", "Các đơn vị liên quan"],
    ["3", "Hoàn thiện hồ sơ đề nghị công nhận xã Hà Mòn đạt chuẩn nông thôn mới nâng cao", "Trước ngày 30/11/2024",
     "UBND xã Hà Mòn", "Phòng Nông nghiệp và PTNT, Phòng Tài chính - Kế hoạch"],
]
BUDGET_TITLE = "PHỤ BIỂU: KINH PHÍ THỰC HIỆN CHƯƠNG TRÌNH NĂM 2024"
BUDGET_UNIT = "(Đơn vị tính: triệu đồng)"
BUDGET_HEADER = [["STT", "Nội dung", "Kinh phí (triệu đồng)", "", ""],
                 ["", "", "Tổng", "NSTW", "NSĐP"]]
BUDGETS = [
    ["", "Tổng cộng", "4.550,5", "3.000", "1.550,5"],
    ["1", "Xây dựng đường giao thông nông thôn", "2.500", "2.000", "500"],
    ["2", "Kiên cố hóa kênh mương nội đồng", "1.250,5", "1.000", "250,5"],
    ["3", "Hỗ trợ phát triển sản xuất", "800", "", "800"],
]
SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Hùng"]

# What the tables must give (amount_vnd per label; assignee, role, deadline per task)
EXPECTED_BUDGETS = {
    "Tổng cộng": 4_550_500_000, "Tổng cộng (NSTW)": 3_000_000_000, "Tổng cộng (NSĐP)": 1_550_500_000,
    "Xây dựng đường giao thông nông thôn": 2_500_000_000,
    "Xây dựng đường giao thông nông thôn (NSTW)": 2_000_000_000,
    "Xây dựng đường giao thông nông thôn (NSĐP)": 500_000_000,
    "Kiên cố hóa kênh mương nội đồng": 1_250_500_000,
    "Kiên cố hóa kênh mương nội đồng (NSTW)": 1_000_000_000,
    "Kiên cố hóa kênh mương nội đồng (NSĐP)": 250_500_000,
    "Hỗ trợ phát triển sản xuất": 800_000_000, "Hỗ trợ phát triển sản xuất (NSĐP)": 800_000_000,
}
EXPECTED_ASSIGNMENTS = [
    ("Phòng Nông nghiệp và PTNT", "lead", "2024-05", 1),
    ("UBND các xã", "support", "2024-05", 1),
    ("Văn phòng điều phối nông thôn mới huyện", "lead", "2024-09", 2),
    ("UBND xã Hà Mòn", "lead", "2024-11-30", 3),
    ("Phòng Nông nghiệp và PTNT", "support", "2024-11-30", 3),
    ("Phòng Tài chính - Kế hoạch", "support", "2024-11-30", 3),
]


# --- DOCX ---------------------------------------------------------------------------------------

def _docx_header(document) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (HEADER_LEFT, HEADER_RIGHT)):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for line in TITLE:
        document.add_paragraph(line)
    document.add_paragraph(INTRO)


def _grid(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def tables_docx(out: Path) -> Path:
    """A plan with a task table and a budget appendix whose header takes two rows (merged cells)."""
    from docx import Document

    document = Document()
    _docx_header(document)
    document.add_paragraph("I. NHIỆM VỤ CỤ THỂ")
    tasks = document.add_table(rows=1 + len(TASKS), cols=len(TASK_HEADER))
    _grid(tasks)
    for c, text in enumerate(TASK_HEADER):
        tasks.cell(0, c).text = text
    for r, row in enumerate(TASKS, start=1):
        for c, text in enumerate(row):
            tasks.cell(r, c).text = text
    document.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Các đơn vị, địa phương triển khai thực hiện Kế hoạch này.")
    for line in SIGNATURE:
        document.add_paragraph(line)
    document.add_page_break()
    document.add_paragraph(BUDGET_TITLE)
    document.add_paragraph(BUDGET_UNIT)
    budget = document.add_table(rows=len(BUDGET_HEADER) + len(BUDGETS), cols=5)
    _grid(budget)
    for r, row in enumerate(BUDGET_HEADER + BUDGETS):
        for c, text in enumerate(row):
            if text:
                budget.cell(r, c).text = text
    budget.cell(0, 2).merge(budget.cell(0, 4))       # "Kinh phí (triệu đồng)" over three columns
    budget.cell(0, 0).merge(budget.cell(1, 0))       # STT and Nội dung over both header rows
    budget.cell(0, 1).merge(budget.cell(1, 1))
    for cell, text in ((budget.cell(0, 0), "STT"), (budget.cell(0, 1), "Nội dung"),
                       (budget.cell(0, 2), "Kinh phí (triệu đồng)")):
        cell.text = text
    document.save(out)
    return out


# --- PDF ----------------------------------------------------------------------------------------

def _register_fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    if "NtmSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NtmSerif", _font(SERIF)))
        pdfmetrics.registerFont(TTFont("NtmSerifBold", _font(SERIF_BOLD)))
    return "NtmSerif", "NtmSerifBold"


def tables_pdf(out: Path) -> Path:
    """The same plan as a PDF: header in two columns, text, and both tables with grid lines."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=12, leading=15, alignment=4)
    centre = ParagraphStyle("centre", parent=body, alignment=1)
    heading = ParagraphStyle("heading", parent=body, fontName=bold, alignment=1)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=10.5, leading=13)
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])

    header = Table([[Paragraph("<br/>".join(HEADER_LEFT), centre), Paragraph("<br/>".join(HEADER_RIGHT), centre)]],
                   colWidths=[7 * cm, 9.5 * cm])
    story = [header, Spacer(1, 12)] + [Paragraph(line, heading) for line in TITLE] + [Spacer(1, 8), Paragraph(INTRO, body),
                                                                                        Paragraph("I. NHIỆM VỤ CỤ THỂ", body)]
    tasks = Table([[Paragraph(t, cell) for t in row] for row in [TASK_HEADER] + TASKS],
                  colWidths=[1.1 * cm, 5.6 * cm, 2.9 * cm, 3.6 * cm, 3.6 * cm], repeatRows=1)
    tasks.setStyle(grid)
    story += [tasks, Spacer(1, 8), Paragraph("II. TỔ CHỨC THỰC HIỆN", body),
              Paragraph("Các đơn vị, địa phương triển khai thực hiện Kế hoạch này.", body), Spacer(1, 8)]
    story += [Paragraph(line, centre) for line in SIGNATURE]
    story += [PageBreak(), Paragraph(BUDGET_TITLE, heading), Paragraph(BUDGET_UNIT, centre), Spacer(1, 6)]
    rows = [[Paragraph(t, cell) if t else "" for t in row] for row in BUDGET_HEADER + BUDGETS]
    budget = Table(rows, colWidths=[1.1 * cm, 7 * cm, 2.8 * cm, 2.8 * cm, 2.8 * cm])
    budget.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                                ("SPAN", (2, 0), (4, 0)), ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
                                ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story.append(budget)
    SimpleDocTemplate(str(out), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm).build(story)
    return out


# --- legacy fonts -------------------------------------------------------------------------------

def to_legacy(text: str, encoding: str = "tcvn3") -> str:
    from pipeline.read.legacy import encode_table
    table = encode_table(encoding)
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


LEGACY_LINES = [  # (Unicode text, font, how the font is given, caps)
    ("ủy ban nhân dân tỉnh kon tum", ".VnTimeH", "run", False),
    ("Kế hoạch xây dựng nông thôn mới năm 2024", ".VnTime", "run", False),
    ("Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các đơn vị thực hiện.", ".VnTime", "style", False),
    ("Huyện Đăk Hà có 9 xã đạt chuẩn nông thôn mới; tăng cường công tác tuyên truyền.", ".VnTime", "default", False),
    ("đơn vị phối hợp", ".VnTime", "run", True),
    ("Ủy ban nhân dân huyện Ngọc Hồi", "VNI-Times", "run", False),
]
LEGACY_EXPECTED = ["ỦY BAN NHÂN DÂN TỈNH KON TUM", "Kế hoạch xây dựng nông thôn mới năm 2024",
                   "Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các đơn vị thực hiện.",
                   "Huyện Đăk Hà có 9 xã đạt chuẩn nông thôn mới; tăng cường công tác tuyên truyền.",
                   "ĐƠN VỊ PHỐI HỢP", "Ủy ban nhân dân huyện Ngọc Hồi"]


def legacy_docx(out: Path) -> Path:
    """Paragraphs typed in TCVN3/VNI fonts; the TCVN3 "ư" (U+00AD) stored as Word's <w:softHyphen/>."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    styles = document.styles
    style = styles.add_style("VnBody", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = ".VnTime"
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        defaults.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), ".VnTime")
    fonts.set(qn("w:hAnsi"), ".VnTime")
    # The Normal style must not name a font, or it would win over the document defaults.
    normal_rpr = styles["Normal"].element.find(qn("w:rPr"))
    if normal_rpr is not None and normal_rpr.find(qn("w:rFonts")) is not None:
        normal_rpr.remove(normal_rpr.find(qn("w:rFonts")))
    for text, font, how, caps in LEGACY_LINES:
        encoding = "vni" if font.startswith("VNI") else "tcvn3"
        paragraph = document.add_paragraph(style="VnBody" if how == "style" else None)
        run = paragraph.add_run()
        if how == "run":
            run.font.name = font
        if caps:
            run.font.all_caps = True
        pieces = to_legacy(text, encoding).split("\u00ad")
        r = run._r
        for k, piece in enumerate(pieces):
            if k:
                r.append(OxmlElement("w:softHyphen"))
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = piece
            r.append(t)
    document.save(out)
    return out


def legacy_pdf(out: Path) -> Path:
    """TCVN3 text in fonts whose PDF names say VnTime (and VnTime…H, the capitals font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    y = 780
    for text, font, _, _ in LEGACY_LINES[:4]:
        name = bold if font.endswith("H") else regular
        canvas.setFont(name, 12)
        canvas.drawString(72, y, to_legacy(text))
        y -= 20
    canvas.save()
    data = buffer.getvalue()
    # Rename the embedded fonts, same length so the cross-reference offsets stay right.
    from reportlab.pdfbase import pdfmetrics
    regular_name, bold_name = (pdfmetrics.getFont(f).face.name for f in (regular, bold))
    regular_name, bold_name = (n if isinstance(n, bytes) else n.encode() for n in (regular_name, bold_name))
    data = data.replace(bold_name, (b"VnTime" + b"X" * len(bold_name))[:len(bold_name) - 1] + b"H")
    data = data.replace(regular_name, (b"VnTime" + b"X" * len(regular_name))[:len(regular_name)])
    out.write_bytes(data)
    return out


# --- a handwritten number -----------------------------------------------------------------------

def handwritten_number_scan(out: Path, number: str = "1052", seed: int = 3) -> Path:
    """Seed 003 as a scan whose number after "Số:" was written in by hand: each digit in a slanted
    hand-like font at its own size, tilt and height, in blurred pen strokes."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    sys.path.insert(0, str(ROOT / "scripts"))
    import make_scanned_pdf as scan

    text = scan.seed_text(SEED_003)
    first = text.split("\n", 1)[0]
    assert first.startswith("Số: " + number), first
    dpi = 300
    font = ImageFont.truetype(scan.find_font(), round(scan.FONT_POINTS * dpi / 72))
    # The printed form leaves a gap before "/UBND-NNTN" wide enough for the clerk's digits.
    gap = int(font.size * 0.9 * len(number) * 1.5 / font.getlength(" ")) + 2
    blank = text.replace("Số: " + number + " ", "Số: " + " " * gap, 1)
    pages = scan.render_pages(blank, dpi)
    margin = round(scan.MARGIN_INCHES * dpi)
    x = margin + round(font.getlength("Số: "))
    rng = random.Random(seed)
    page = pages[0]
    for digit in number:
        size = round(font.size * rng.uniform(1.05, 1.45))
        hand = ImageFont.truetype(_font(HAND), size)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 3), digit, font=hand, fill=255,
                                   stroke_width=rng.choice((1, 2)), stroke_fill=255)
        glyph = glyph.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(2.2))
        ink = Image.new("L", glyph.size, rng.randint(40, 90))
        page.paste(ink, (x - size // 2, margin - size // 3 + rng.randint(-12, 12)), glyph)
        x += round(hand.getlength(digit) * rng.uniform(0.9, 1.3))
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return out


# --- a damaged text layer -----------------------------------------------------------------------

DAMAGED_LINES = ["ỦY BAN NHÂN DÂN                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "TỈNH LÂM ĐỒNG                             Độc lập - Tự do - Hạnh phúc",
                 "Số: 15/TB-UBND                        Lâm Đồng, ngày 13 tháng 11 năm 2025",
                 "THÔNG BÁO", "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc",
                 "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tổng hợp kết quả",
                 "các chỉ số cải cách hành chính, báo cáo Ủy ban nhân dân tỉnh trước ngày 20 tháng 11 năm 2025."]
# What an OCR without Vietnamese makes of such a page (the shape of realdocs 09's layer).
DAMAGED_LAYER = ("uY BAN NgAN nAN TINH LAMDONG DQc l$p - Tg do - H4nh phric Ldm D6ng ngdy thdng 11 ndm 2025 "
                 "fiit tu6n cria Ph6 Ch[ tich LJBND tinh t4i bu6i thm viQc Giao S0 Noi vU chir tri phdi hqp ") * 3


def scan_with_layer(out: Path, layer: str = DAMAGED_LAYER, lines: list[str] = DAMAGED_LINES) -> Path:
    """A scanned page (an image of `lines`) under an invisible text layer saying `layer`: with the
    default layer, a damaged OCR layer; with " ".join(lines), a good one."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    font = ImageFont.truetype(_font(SERIF), 42)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for k, line in enumerate(lines):
        draw.text((200, 300 + 70 * k), line, font=font, fill=0)
    regular, _ = _register_fonts()
    pdf = canvas.Canvas(str(out), pagesize=A4)
    pdf.drawImage(ImageReader(image), 0, 0, *A4)
    text = pdf.beginText(60, 780)
    text.setTextRenderMode(3)               # invisible, as an OCR layer over a scan
    text.setFont(regular, 10)
    for k in range(0, len(layer), 90):
        text.textLine(layer[k:k + 90])
    pdf.drawText(text)
    pdf.showPage()
    pdf.save()
    return out


# --- big and broken files -----------------------------------------------------------------------

def many_pages_pdf(out: Path, pages: int = 2000) -> Path:
    """A text PDF of `pages` pages, a paragraph each, written directly (ReportLab takes ~10x longer)."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>")
    for i in range(pages):
        lines = [f"Trang {i + 1}. Xa dat chuan nong thon moi nam 2024: {i % 97} xa; kinh phi {i * 3} trieu dong.",
                 "Uy ban nhan dan huyen chi dao cac xa tap trung thuc hien cac tieu chi con thieu."]
        body = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({ln}) '" for ln in lines) + " ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream".encode())
    return write_pdf_objects(out, objects)


def write_pdf_objects(out: Path, objects: list[bytes]) -> Path:
    """A PDF from its numbered objects (1 the catalogue), with the cross-reference table: written
    directly, because ReportLab takes far longer for thousands of pages."""
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(data))
        data += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    data += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    data += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    out.write_bytes(bytes(data))
    return out


def grid_bomb_pdf(out: Path, lines: int = 400) -> Path:
    """One page of text under a dense grid of ruling lines (lines × lines crossings): the kind of
    page that keeps pdfplumber's table finder busy for a long time."""
    from reportlab.pdfgen.canvas import Canvas
    canvas = Canvas(str(out))
    canvas.drawString(72, 800, "Bang ke chi tiet")
    canvas.setLineWidth(0.1)
    for k in range(lines):
        canvas.line(20, 20 + k * 1.9, 575, 20 + k * 1.9)
        canvas.line(20 + k * 1.38, 20, 20 + k * 1.38, 780)
    canvas.save()
    return out


def zip_bomb_docx(out: Path, megabytes: int = 600) -> Path:
    """A DOCX whose document.xml inflates to `megabytes` MB of spaces (a few hundred KB on disk)."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    head = f'<w:document {w}><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            chunk = b" " * 2**20
            for _ in range(megabytes):
                f.write(chunk)
            f.write(tail)
    return out


def lying_zip_bomb_docx(out: Path, megabytes: int = 600) -> Path:
    """A ZIP bomb whose central directory claims its document.xml is tiny."""
    zip_bomb_docx(out, megabytes)
    data = bytearray(out.read_bytes())
    for marker, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(marker)
        while at != -1:
            if data[at + size_at:at + size_at + 4] == b"\xff\xff\xff\xff":
                break     # zip64: the real size sits in the extra field; leave it
            struct.pack_into("<I", data, at + size_at, 4096)
            at = data.find(marker, at + 4)
    out.write_bytes(bytes(data))
    return out


def nested_tables_docx(out: Path, depth: int = 2000) -> Path:
    """Tables nested `depth` deep (w:tbl/w:tr/w:tc inside each other)."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (f"<w:document {w}><w:body>" + "<w:tbl><w:tr><w:tc>" * depth + "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
           + "</w:tc></w:tr></w:tbl>" * depth + "</w:body></w:document>")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return out


def encrypted_pdf(out: Path, user_password: str = "secret") -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas
    canvas = Canvas(str(out), encrypt=StandardEncryption(user_password, canPrint=0))
    canvas.drawString(72, 720, "Mat")
    canvas.save()
    return out


def owner_locked_pdf(out: Path) -> Path:
    """Encrypted with an owner password only: opens without a password (printing restricted)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas
    canvas = Canvas(str(out), encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0))
    canvas.drawString(72, 720, "Ke hoach so 45/KH-UBND ngay 10/4/2024 cua UBND huyen Dak Ha.")
    canvas.save()
    return out


def truncated(source: Path, out: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    out.write_bytes(data[:int(len(data) * keep)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    made = [tables_docx(args.out / "ke-hoach-bang.docx"), tables_pdf(args.out / "ke-hoach-bang.pdf"),
            legacy_docx(args.out / "tcvn3.docx"), legacy_pdf(args.out / "tcvn3.pdf"),
            handwritten_number_scan(args.out / "so-viet-tay.pdf"), scan_with_layer(args.out / "lop-chu-hong.pdf"),
            many_pages_pdf(args.out / "2000-trang.pdf"),
            grid_bomb_pdf(args.out / "luoi-day.pdf"), zip_bomb_docx(args.out / "bom.docx"),
            nested_tables_docx(args.out / "long-nhau.docx"), encrypted_pdf(args.out / "mat-khau.pdf")]
    for path in made:
        print(path, path.stat().st_size)


if __name__ == "__main__":
    main()
