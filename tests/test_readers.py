"""Readers: text encodings, DOCX and PDF layout, footnotes, pages, broken files, and the corpus
renditions, which must read back to the text of the seed they render."""
from __future__ import annotations

import io
import random
import struct
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from pipeline.read import ReadError, read_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RENDERED = ("2022-02-18_chi-thi-12-CT-TU_tinh-uy-kon-tum", "2024-03-29_cong-van-1052-UBND-NNTN",
            "2023_bao-cao-kon-ray-ntm")
REPORT = CORPUS / "2023_bao-cao-kon-ray-ntm"


@pytest.fixture(scope="module")
def docs():
    """Every corpus file read once for the module: {(name, suffix): Document}."""
    return {(name, suffix): read_file(CORPUS / f"{name}.{suffix}")
            for name in RENDERED for suffix in ("txt", "docx", "pdf")}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- text ------------------------------------------------------------------------------------

SAMPLE = "Số: 1052/UBND-NNTN\nKon Tum, ngày 29 tháng 3 năm 2024\nỦy ban nhân dân tỉnh yêu cầu.\n"


@pytest.mark.parametrize("data", [
    SAMPLE.encode("utf-8"),
    b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
    SAMPLE.encode("utf-16"),                      # with BOM
    SAMPLE.encode("utf-16-le"),                   # Notepad without BOM
], ids=["utf8", "utf8-bom", "utf16-bom", "utf16le"])
def test_text_encodings(tmp_path, data):
    doc = read_file(write(tmp_path, "a.txt", data))
    assert doc.text.startswith("Số: 1052/UBND-NNTN\nKon Tum, ngày 29")
    assert doc.format == "txt" and not doc.paged and doc.page_of(0) is None


def test_binary_named_txt(tmp_path):
    with pytest.raises(ReadError, match="nhị phân|không phải văn bản UTF-8"):
        read_file(write(tmp_path, "noise.txt", random.Random(0).randbytes(4096)))


def test_empty_file(tmp_path):
    with pytest.raises(ReadError, match="tệp rỗng"):
        read_file(write(tmp_path, "empty.pdf", b""))


# --- DOCX ------------------------------------------------------------------------------------

def make_docx(tmp_path: Path) -> Path:
    from docx import Document
    document = Document()
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (
            ["ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "Số: 1052/UBND-NNTN", "V/v triển khai nông thôn mới"],
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Kon Tum, ngày 29 tháng 3 năm 2024"])):
        cell.text = "\n".join(lines)   # python-docx writes line breaks; real files use paragraphs too
    data = document.add_table(rows=2, cols=3)
    for r, row in enumerate((("Xã", "Tiêu chí", "Năm"), ("Đăk Pnê", "16/19", "2023"))):
        for c, value in enumerate(row):
            data.cell(r, c).text = value
    document.add_paragraph("Kính gửi: Các sở, ban ngành thuộc tỉnh.")
    for _ in range(5):
        document.add_paragraph("Triển khai thực hiện Thông báo số 1397/TB-BNN-VPĐP ngày 29 tháng 02 năm 2024 "
                               "của Bộ Nông nghiệp và Phát triển nông thôn về dự kiến mục tiêu, nhiệm vụ.")
    path = tmp_path / "letter.docx"
    document.save(path)
    return path


def test_docx_header_table_read_column_by_column(tmp_path):
    doc = read_file(make_docx(tmp_path))
    assert doc.text.split("\n")[:7] == [
        "ỦY BAN NHÂN DÂN", "TỈNH KON TUM", "Số: 1052/UBND-NNTN", "V/v triển khai nông thôn mới",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Kon Tum, ngày 29 tháng 3 năm 2024"]
    assert "Xã | Tiêu chí | Năm\nĐăk Pnê | 16/19 | 2023\nKính gửi:" in doc.text   # data table: by rows


def test_docx_footnotes_linked(docs):
    doc = docs[(REPORT.name, "docx")]
    assert [f.marker for f in doc.footnotes] == [str(n) for n in range(1, 15)]
    for note in doc.footnotes:
        assert doc.text[note.span[0]:note.span[1]] == note.text
        assert note.citations and all(doc.text[s:e] == note.text[:e - s] for s, e in note.citations)
        assert note.citations[0][0] < note.span[0]        # cited before the note body
    assert doc.footnotes[3].text.startswith("⁽⁴⁾ Quyết định số 461/QĐ-UBND ngày 29/9/2023")


# --- PDF -------------------------------------------------------------------------------------

def test_pdf_pages_and_footnotes(docs):
    doc = docs[(REPORT.name, "pdf")]
    assert doc.paged and doc.page_count == 8
    text = doc.text
    assert doc.page_of(text.index("Thực hiện Thông báo số 22/TB-HĐND")) == 1
    assert doc.page_of(text.index("- Cấp ủy Đảng, chính quyền các cấp")) == 2
    assert doc.page_of(text.index("Nguyễn Văn Thủy")) == 8
    notes = {f.marker: f for f in doc.footnotes}
    assert len(notes) == 14 and all(f.citations for f in notes.values())
    assert doc.page_of(notes["1"].span[0]) == 1 and doc.page_of(notes["4"].span[0]) == 2
    # the page number printed at the top of page 2 is not in the text
    assert "\n2\n" not in text and doc.page_text(2).count("2\n") == 0


def test_pdf_header_read_column_by_column(docs):
    doc = docs[("2022-02-18_chi-thi-12-CT-TU_tinh-uy-kon-tum", "pdf")]
    assert doc.text.split("\n")[:6] == [
        "TỈNH ỦY KON TUM", "*", "Số 12-CT/TU", "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Kon Tum, ngày 18 tháng 02 năm 2022", "CHỈ THỊ"]
    letter = docs[("2024-03-29_cong-van-1052-UBND-NNTN", "pdf")]
    assert letter.text.split("\n")[1] == ("Về việc triển khai thực hiện mục tiêu, nhiệm vụ Chương trình mục "
                                          "tiêu quốc gia xây dựng nông thôn mới năm 2024 trên địa bàn tỉnh Kon Tum")


def test_pdf_page_without_text_layer_listed_for_ocr(tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.drawString(72, 720, "Page one has text.")
    canvas.showPage()
    canvas.rect(72, 72, 300, 500, fill=1)            # a scanned page: graphics, no text
    canvas.showPage()
    canvas.save()
    doc = read_file(path)
    assert doc.ocr_pages == [2] and doc.page_count == 2 and doc.text == "Page one has text."


# --- broken files ----------------------------------------------------------------------------

def test_truncated_pdf(tmp_path):
    data = (REPORT.with_suffix(".pdf")).read_bytes()
    with pytest.raises(ReadError, match="PDF bị cắt cụt"):
        read_file(write(tmp_path, "cut.pdf", data[:len(data) // 2]))


def test_damaged_pdf(tmp_path):
    data = b"%PDF-1.7\n" + random.Random(1).randbytes(5000) + b"\n%%EOF\n"
    with pytest.raises(ReadError, match="PDF bị hỏng"):
        read_file(write(tmp_path, "damaged.pdf", data))


def test_encrypted_pdf(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas
    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt=StandardEncryption("secret", canPrint=0))
    canvas.drawString(72, 720, "Mật")
    canvas.save()
    with pytest.raises(ReadError, match="PDF có mật khẩu"):
        read_file(path)


def test_pdf_named_docx(tmp_path):
    with pytest.raises(ReadError, match="đuôi .docx nhưng nội dung là PDF"):
        read_file(write(tmp_path, "x.docx", REPORT.with_suffix(".pdf").read_bytes()))


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_named_docx(tmp_path):
    with pytest.raises(ReadError, match="không phải văn bản Word"):
        read_file(write(tmp_path, "photos.docx", zip_bytes({"a.txt": b"hello"})))


def test_truncated_docx(tmp_path):
    data = REPORT.with_suffix(".docx").read_bytes()
    with pytest.raises(ReadError, match="DOCX bị hỏng hoặc bị cắt cụt"):
        read_file(write(tmp_path, "cut.docx", data[:len(data) // 2]))


def test_zip_bomb_docx(tmp_path):
    data = bytearray(zip_bytes({"word/document.xml": b"<w:document/>"}))
    entry = data.index(b"PK\x01\x02")                  # central directory: declared sizes
    struct.pack_into("<I", data, entry + 24, 3 * 2**30)
    with pytest.raises(ReadError, match="bom ZIP"):
        read_file(write(tmp_path, "bomb.docx", bytes(data)))


def test_deeply_nested_docx(tmp_path):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = f"<w:document {w}><w:body>" + "<w:sdt>" * 5000 + "</w:sdt>" * 5000 + "</w:body></w:document>"
    with pytest.raises(ReadError, match="không phải XML hợp lệ"):
        read_file(write(tmp_path, "deep.docx", zip_bytes({"word/document.xml": xml.encode()})))


TRACKED = {   # a draft's paragraph with tracked changes → the paragraph with the changes accepted
    "insertion": ('<w:r><w:t xml:space="preserve">Phấn đấu có </w:t></w:r><w:ins w:id="1" w:author="A">'
                  '<w:r><w:t xml:space="preserve">thêm </w:t></w:r></w:ins><w:r><w:t>05 xã đạt chuẩn.</w:t></w:r>',
                  "Phấn đấu có thêm 05 xã đạt chuẩn."),
    "deletion": ('<w:r><w:t xml:space="preserve">Phấn đấu có </w:t></w:r><w:del w:id="1" w:author="A">'
                 '<w:r><w:delText xml:space="preserve">04 </w:delText></w:r></w:del><w:r><w:t>05 xã đạt chuẩn.</w:t></w:r>',
                 "Phấn đấu có 05 xã đạt chuẩn."),
    "move": ('<w:moveFrom w:id="1" w:author="A"><w:r><w:t xml:space="preserve">trong năm 2025 </w:t></w:r></w:moveFrom>'
             '<w:r><w:t xml:space="preserve">Phấn đấu có 05 xã đạt chuẩn </w:t></w:r>'
             '<w:moveTo w:id="2" w:author="A"><w:r><w:t>trong năm 2025</w:t></w:r></w:moveTo><w:r><w:t>.</w:t></w:r>',
             "Phấn đấu có 05 xã đạt chuẩn trong năm 2025."),
}


@pytest.mark.parametrize("change", sorted(TRACKED))
def test_docx_draft_is_read_with_its_tracked_changes_accepted(tmp_path, change):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    runs, expected = TRACKED[change]
    xml = f"<w:document {w}><w:body><w:p>{runs}</w:p></w:body></w:document>"
    assert read_file(write(tmp_path, "du-thao.docx", zip_bytes({"word/document.xml": xml.encode()}))).text == expected


# --- renditions ------------------------------------------------------------------------------

def parts(doc):
    """(header lines, body lines in order, signature lines, footnotes): the header and the
    signature are compared as sets of lines, since a table is read column by column."""
    note_starts = {f.span[0]: f for f in doc.footnotes}
    lines, pos = [], 0
    for line in doc.text.split("\n"):
        if pos not in note_starts:
            lines.append(line)
        pos += len(line) + 1
    head = next(i for i, line in enumerate(lines) if line.startswith(("Kính gửi", "CHỈ THỊ", "BÁO CÁO")))
    tail = max(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    return (Counter(lines[:head]), lines[head:tail], Counter(lines[tail:]),
            {f.marker: f.text for f in doc.footnotes})


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
@pytest.mark.parametrize("name", RENDERED)
def test_rendition_reads_back_as_the_seed(docs, name, suffix):
    seed, rendition = docs[(name, "txt")], docs[(name, suffix)]
    assert parts(rendition) == parts(seed)
    assert rendition.format == suffix
    assert all(f.citations for f in rendition.footnotes)
