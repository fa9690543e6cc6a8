"""The signature block of a scanned page: found on the page text, read again on its own, and the
signer taken from it; a text-layer PDF is never OCRed for it. Cases as data:
tests/data/signature_regions.json (where the block is) and tests/data/signatures.jsonl (the signer)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ocr_pages import page_of_lines

from extractors import extract
from extractors.signature import parse_signature
from pipeline.model.normalize import normalize_pages
from pipeline.read import read_file
from pipeline.read.ocr import OcrPage, ocr_image, render_pdf_page, tesseract_available
from pipeline.read.ocr_regions import _merge, find_signature_region, reread_signature, signing_words
from scripts.make_test_documents import HAND, SERIF, SERIF_BOLD, _font

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

needs_tesseract = pytest.mark.skipif(
    not tesseract_available(),
    reason="Tesseract with Vietnamese is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")

PAGE = (2480, 3508)                      # A4 at 300 dpi
SIGNER = "Nguyễn Văn Hùng"
BLOCK = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
DISTRIBUTION = ["Nơi nhận:", "- Sở Nông nghiệp và PTNT;", "- Sở Tài chính;", "- Văn phòng Điều phối NTM tỉnh;",
                "- UBND các xã;", "- Lưu: VT, NN."]
BODY = ["Ủy ban nhân dân huyện yêu cầu các cơ quan, đơn vị triển khai thực hiện nghiêm túc Kế hoạch này.",
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, báo cáo về Phòng Nông nghiệp và PTNT./."]


def sealed_signature_scan(out: Path) -> Path:
    """An invented one-page plan, scanned: header, body, and the footer in two columns, "Nơi nhận"
    left and the signature block right, a blue signature stroke and a red seal over the name."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    image = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(image)
    bold = ImageFont.truetype(_font(SERIF_BOLD), 50)
    small = ImageFont.truetype(_font(SERIF), 42)
    for k, line in enumerate(["ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK HÀ", "Số: 45/KH-UBND"]):
        draw.text((420 - draw.textlength(line, font=bold) / 2, 250 + 75 * k), line, font=bold, fill="black")
    for k, line in enumerate(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                              "Đăk Hà, ngày 10 tháng 4 năm 2024"]):
        draw.text((1650 - draw.textlength(line, font=bold) / 2, 250 + 75 * k), line, font=bold, fill="black")
    draw.text((1240 - draw.textlength("KẾ HOẠCH", font=bold) / 2, 560), "KẾ HOẠCH", font=bold, fill="black")
    for k, line in enumerate(BODY):
        draw.text((240, 700 + 80 * k), line, font=small, fill="black")
    top = 1000
    for k, line in enumerate(DISTRIBUTION):
        draw.text((240, top + 60 * k), line, font=small, fill="black")
    axis = 1750
    for k, line in enumerate(BLOCK):
        draw.text((axis - draw.textlength(line, font=bold) / 2, top + 70 * k), line, font=bold, fill="black")
    name_y = top + 420
    draw.text((axis - draw.textlength(SIGNER, font=bold) / 2, name_y), SIGNER, font=bold, fill="black")
    # Ink over print: the stamp and the pen darken the page (multiply), as on paper.
    ink = Image.new("RGB", PAGE, "white")
    pen = ImageDraw.Draw(ink)
    pen.text((axis - 180, top + 200), "Hùng", font=ImageFont.truetype(_font(HAND), 150), fill=(20, 40, 160))
    centre_x, centre_y = axis - 100, top + 350
    for r in range(230, 250):                                                          # the seal's ring
        pen.ellipse((centre_x - r, centre_y - r, centre_x + r, centre_y + r), outline=(225, 30, 40))
    pen.regular_polygon((centre_x, centre_y, 60), 5, fill=(225, 30, 40))              # the seal's star
    ImageChops.multiply(image, ink).save(out, "PDF", resolution=300.0)
    return out


@pytest.fixture(scope="module")
def sealed_scan(tmp_path_factory) -> Path:
    return sealed_signature_scan(tmp_path_factory.mktemp("scan") / "sealed.pdf")


# --- where the block is: pure, on OCR pages built from word boxes ------------------------------

REGION_CASES = json.loads((DATA / "signature_regions.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", REGION_CASES, ids=[c["id"] for c in REGION_CASES])
def test_signature_region(case):
    page = page_of_lines(case["lines"])
    region = find_signature_region(page, PAGE)
    if case["top"] is None:
        assert region is None
    else:
        assert region is not None and region[1] == case["top"] and region[0] >= PAGE[0] * 0.4


def test_the_vocabulary_is_the_signature_extractors():
    marks, titles = signing_words()
    assert "kt." in marks and "thu tuong" in titles and "pho chu tich" in titles


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=6, max_size=6), st.integers(min_value=0, max_value=3600))
def test_merge_keeps_every_word_at_its_offsets(drop, bottom):
    page = page_of_lines([[("Nơi", 200, 1000), ("nhận:", 290, 1000), ("THỦ", 1700, 1000), ("TƯỚNG", 1780, 1000)],
                          [("-", 200, 1060), ("Lưu.", 230, 1060)]])
    block = page_of_lines([[("THỦ", 100, 10), ("TƯỚNG", 180, 10)], [("Phạm", 60, 300), ("Minh", 160, 300)]])
    merged = _merge(page, {k for k, d in enumerate(drop) if d}, block, (1116, 980, 2480, bottom))
    assert all(merged.text[w.start:w.end] == w.text for w in merged.words)
    assert [w.text for w in merged.words if w.text in ("Phạm", "Minh")] == ["Phạm", "Minh"]
    assert len(merged.words) == len(page.words) - sum(drop) + len(block.words)


# --- the signer, from the text a scan gives -----------------------------------------------------

SIGNATURE_CASES = [json.loads(line) for line in (DATA / "signatures.jsonl").read_text(encoding="utf-8").splitlines()
                   if line.strip()]


@pytest.mark.parametrize("case", SIGNATURE_CASES, ids=[c["id"] for c in SIGNATURE_CASES])
def test_signer(case):
    ocr = case.get("ocr", False)
    doc = normalize_pages([case["text"]], fmt="pdf" if ocr else "txt", paged=ocr, ocr_pages=[1] if ocr else None)
    sig = parse_signature(doc)
    assert (sig.name, sig.title) == (case["signer"], case["signer_title"])
    if sig.name:
        assert doc.text[sig.name_span[0]:sig.name_span[1]] == case.get("quote", sig.name)


# --- a scanned page and a text page, through the reader -----------------------------------------

@needs_tesseract
def test_the_signer_under_a_seal_is_found(sealed_scan):
    doc = read_file(sealed_scan)
    info = extract(doc).document
    assert doc.ocr_pages == [1]
    assert (info.signer, info.signer_title) == (SIGNER, "Phó Chủ tịch")
    assert [r["region"] for r in doc.ocr_rereads[1]] == ["signature block"]


@needs_tesseract
def test_a_name_the_page_ocr_lost_is_read_again(sealed_scan):
    """As on realdocs 20, where page OCR read "THỦ TƯỚNG" and not the name under it: the same
    page OCR without the name's words gets the name back from the second read, after the title."""
    image = render_pdf_page(sealed_scan.read_bytes(), 0)
    page = ocr_image(image)
    name_words = {k for k, w in enumerate(page.words) if w.text in SIGNER.split() and w.box[0] > PAGE[0] / 2}
    assert len(name_words) == 3, page.text
    lost = _merge(page, name_words, OcrPage("", 0.0), (0, 0, 0, 0))
    assert SIGNER not in lost.text
    again = reread_signature(image, lost)
    assert SIGNER in again.text and again.text.index("PHÓ CHỦ TỊCH") < again.text.index(SIGNER)
    assert again.rereads[-1]["used"] and SIGNER in again.rereads[-1]["new_lines"]
    assert all(again.text[w.start:w.end] == w.text for w in again.words)


def test_a_text_pdf_is_never_read_again(monkeypatch):
    """A text-layer PDF with a signature block: no page is OCRed, so no block is read again."""
    import pipeline.read.ocr as ocr

    def refuse(*args, **kwargs):
        raise AssertionError("a text-layer page was sent to Tesseract")

    monkeypatch.setattr(ocr, "ocr_image", refuse)
    doc = read_file(ROOT / "tests" / "fixtures" / "realdocs" / "11_ttr-nonumber-TTr-HDTD.pdf")
    assert doc.ocr_pages == [] and doc.ocr_rereads == {}
    assert extract(doc).document.signer == "Đỗ Văn Chung"
