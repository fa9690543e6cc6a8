"""Reading real files: line-end hyphens, damaged text layers, text boxes, attachments, and a few
real documents (tests/fixtures/realdocs) with their expected document blocks as data."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractors import extract
from pipeline.read import read_file
from pipeline.read.pdf import join_hyphens
from pipeline.read.quality import layer_quality
from scripts.make_test_documents import DAMAGED_LINES, scan_with_layer

REAL = Path(__file__).parent / "fixtures" / "realdocs"
EXPECTED = {k: v for k, v in json.loads((REAL / "expected.json").read_text(encoding="utf-8")).items() if k != "_doc"}


def _tesseract() -> bool:
    from pipeline.read.ocr import tesseract_available
    return tesseract_available()


@pytest.mark.parametrize("raw,expected", [
    ("Quyết định số 1520/QĐ\ufffe\nUBND ngày 5/3/2024", "Quyết định số 1520/QĐ-UBND ngày 5/3/2024"),
    ("Công văn số 2775/SNV\ufffe CCHC&VTLT", "Công văn số 2775/SNV-CCHC&VTLT"),
    ("phát triển kinh tế \ufffe\nxã hội", "phát triển kinh tế - xã hội"),
    ("không có gạch nối", "không có gạch nối"),
])
def test_line_end_hyphens_are_printed_back(raw, expected):
    assert join_hyphens(raw) == expected


GOOD = ("Ủy ban nhân dân tỉnh Lâm Đồng báo cáo kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn "
        "mới năm 2025 như sau: toàn tỉnh có 85 xã đạt chuẩn nông thôn mới, trong đó 20 xã đạt chuẩn nâng cao. "
        "Các sở, ban, ngành phối hợp chặt chẽ với Ủy ban nhân dân các huyện trong việc huy động nguồn lực, "
        "lồng ghép các chương trình, dự án trên địa bàn; Sở Nông nghiệp và Môi trường theo dõi, tổng hợp.")


@pytest.mark.parametrize("text,damaged", [
    (GOOD, False),
    (GOOD.upper(), False),                                   # a header in capitals, acronyms
    ("PAR INDEX, PAPI, SIPAS, PCI " * 10 + GOOD, False),
    # an OCR layer without Vietnamese (realdocs 09)
    ("uY BAN NgAN nAN TINH LAMDONG ceNG HoA xA ugr cuu xcuia vrET NAM DQc l$p - Tg do - H4nh phric "
     "Ldm D6ng, ngdy fithdng 11 ndm 2025 fiit tu6n cria tldng chi Nguy6n Ngoc Phric Tinh fry vi6n Ph6 Ch[ tich "
     "LJBND tinh t4i bu6i thm viQc nghe b6o c6o tl6nh gi6 kiit qu6 vh gi6i ph6p n6ng cao c6c chi s6 " * 2, True),
    # a broken font map (realdocs 10): Latin-1 letters where Vietnamese ones stood
    ("BØ CÔNG AN CÔNG AN TÈNH LÂM ÒNG HOÀ XÃ HØI CHæNGH(A VIÆT NAM Ùc l-p T å do H ¡ n h phúc Kính gíi Óng chí "
     "Chç tËch UBND tinh Lâm Óng HiÇn nay trên dËa bàn tÉinh Lâm ông có 4.289 ng°Ýi s í dång tr£i phép ch¥t "
     "ma túy và 1.028 nguÝi nghiÇn ma túy ngoài xã hÙi ê giúp ng°Ýi nghiÇn tëng buÛc rÝi xa ma túy " * 2, True),
    # capitals dropped from known header words
    ("Ủy ban nhân dân tỉnh, ộc lập - ự do - ạnh phúc, Sở ài chính và các sở, ban, ngành của tỉnh " * 4, True),
])
def test_damaged_text_layer_signals(text, damaged):
    assert layer_quality(text).damaged is damaged


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf").exists(),
                    reason="needs fonts-liberation2")
@pytest.mark.parametrize("damaged", [True, False])
def test_damaged_layer_is_ocred_and_a_good_one_never(tmp_path, damaged):
    if damaged and not _tesseract():
        pytest.skip("needs tesseract-ocr and tesseract-ocr-vie")
    path = scan_with_layer(tmp_path / "page.pdf", **({} if damaged else {"layer": " ".join(DAMAGED_LINES)}))
    doc = read_file(path)
    if damaged:
        assert doc.ocr_pages == [1] and doc.ocr_reasons[1].startswith("damaged text layer")
        info = extract(doc).document
        assert (info.type, info.issuer, info.place) == ("Thông báo", "Ủy ban nhân dân tỉnh Lâm Đồng", "Lâm Đồng")
    else:
        assert doc.ocr_pages == [] and "Ủy ban nhân dân" in doc.text


def test_docx_text_box_read_once_and_smart_tags_read(tmp_path):
    """A text box Word writes twice (DrawingML and its VML fallback) is one line; a smart tag's
    text stays in its paragraph."""
    import zipfile

    from docx import Document as Docx

    path = tmp_path / "box.docx"
    d = Docx()
    d.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    d.add_paragraph("THÔNG TƯ")
    d.save(path)
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    box = ('<w:r><mc:AlternateContent {MC}><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>DỰ THẢO 2'
           '</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>'
           '<w:t>DỰ THẢO 2</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>').format(MC=MC)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = xml.replace("<w:t>THÔNG TƯ</w:t></w:r>", "<w:t>THÔNG TƯ</w:t></w:r>" + box, 1)
    xml = xml.replace("VIỆT NAM</w:t></w:r>", "VIỆT </w:t></w:r><w:smartTag w:uri=\"urn:x\" w:element=\"place\" {W}>"
                      "<w:r><w:t>NAM</w:t></w:r></w:smartTag>".format(W=W), 1).replace("CHỦ NGHĨA VIỆT NAM", "CHỦ NGHĨA VIỆT ")
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    text = read_file(path).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert text.count("DỰ THẢO 2") == 1 and "THÔNG TƯ\nDỰ THẢO 2" in text


def test_attachment_facts_are_marked():
    from pipeline.model.normalize import normalize_pages

    body = "Giao Sở Tài chính chủ trì, phối hợp với các đơn vị liên quan tham mưu thực hiện. " * 4
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN\nSố: 779/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Bình Thuận, ngày 23 tháng 3 năm 2022\nQUYẾT ĐỊNH\nVề việc công nhận Điều lệ Quỹ Khuyến học\n"
            f"Căn cứ Nghị định số 93/2019/NĐ-CP ngày 25/11/2019 của Chính phủ;\n{body}\nNơi nhận:\n- Lưu: VT.\n"
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Minh\nĐIỀU LỆ\nQUỸ KHUYẾN HỌC TỈNH BÌNH THUẬN\n"
            "(Kèm theo Quyết định số 779 /QĐ-UBND ngày 23 / 3 /2022 của Chủ tịch UBND tỉnh)\n"
            "Điều 1. Quỹ hoạt động theo Thông tư số 04/2020/TT-BNV ngày 13/10/2020 của Bộ Nội vụ.\n"
            "Điều 2. Giám đốc Quỹ chịu trách nhiệm trước Hội đồng quản lý Quỹ.")
    result = extract(normalize_pages([text], fmt="txt"))
    assert result.document.signer == "Nguyễn Minh"
    (attachment,) = result.attachments
    assert attachment.heading == "ĐIỀU LỆ QUỸ KHUYẾN HỌC TỈNH BÌNH THUẬN" and attachment.attached_to == "779/QĐ-UBND"
    refs = {r.number: r.attachment for r in result.references}
    assert refs == {"93/2019/NĐ-CP": None, "04/2020/TT-BNV": 0}


@pytest.mark.parametrize("header", [
    "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n",
    "UBND TỈNH HÀ GIANG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
    "",
])
def test_a_plan_issued_with_its_decision_is_one_attachment_with_or_without_its_own_header(header):
    from pipeline.model.normalize import normalize_pages

    body = "Giao Sở Tài chính chủ trì, phối hợp với các đơn vị liên quan tham mưu thực hiện. " * 4
    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\nSố: 88/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Hà Giang, ngày 10 tháng 2 năm 2025\nQUYẾT ĐỊNH\nBan hành Kế hoạch xây dựng nông thôn mới năm 2025\n"
            f"{body}\nNơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nLò Văn Sáu\n{header}"
            "KẾ HOẠCH\nXây dựng nông thôn mới tỉnh Hà Giang năm 2025\n"
            "(Ban hành kèm theo Quyết định số 88/QĐ-UBND ngày 10/02/2025 của UBND tỉnh Hà Giang)\n"
            "I. MỤC TIÊU\nPhấn đấu đến hết năm 2025 có thêm 05 xã đạt chuẩn nông thôn mới.")
    doc = normalize_pages([text], fmt="txt")
    (attachment,) = extract(doc).attachments
    assert attachment.kind == "annex" and attachment.attached_to == "88/QĐ-UBND"
    assert doc.text[attachment.start:].startswith(header.split("\n")[0] or "KẾ HOẠCH")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_document_blocks(name):
    expected = EXPECTED[name]
    path = REAL / name
    if expected.get("ocr_pages") and not _tesseract():
        pytest.skip("needs tesseract-ocr and tesseract-ocr-vie")
    if path.suffix == ".doc" and not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("needs libreoffice-writer-nogui")
    doc = read_file(path)
    result = extract(doc)
    for key, value in expected["document"].items():
        assert getattr(result.document, key) == value, f"{key}: {getattr(result.document, key)!r} != {value!r}"
    if "ocr_pages" in expected:
        assert doc.ocr_pages == expected["ocr_pages"]
    for needle in expected.get("contains", []):
        assert needle in doc.text
    for needle in expected.get("absent", []):
        assert needle not in doc.text
    if "attachments" in expected:
        assert len(result.attachments) == expected["attachments"]
    if "footnotes" in expected:
        assert len(doc.footnotes) == expected["footnotes"]
    for number in expected.get("references", []):
        assert number in {r.number for r in result.references}
