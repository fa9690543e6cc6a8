"""Scans saved as images (pipeline/read/image.py): a phone's JPEG, turned by its EXIF orientation,
and a scanner's multi-page TIFF read as the scanned PDF they were made from; the content decides
the format; broken images are clear errors; an image goes through the ingest flow into SQLite."""
from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import sqlite_utils
from PIL import Image

from extractors import extract
from pipeline.read import ReadError, read_file, sniff_format
from pipeline.read.ocr import tesseract_available

SCAN = Path(__file__).parent / "fixtures" / "realdocs" / "17_cv-464-TTg-CDS_scan.pdf"
needs_ocr = pytest.mark.skipif(not tesseract_available(), reason="needs tesseract-ocr-vie")
EXIF_ORIENTATION = 0x0112
ROTATE_90_CLOCKWISE = 6          # EXIF: turn the stored image 90° clockwise to show it upright


def scanned_page(dpi: int = 150) -> Image.Image:
    pdf = pdfium.PdfDocument(str(SCAN))
    try:
        return pdf[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def phone_photo(path: Path) -> None:
    """The page as a phone stores it: pixels on their side, the EXIF tag saying how to turn them."""
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = ROTATE_90_CLOCKWISE
    scanned_page().rotate(90, expand=True).save(path, "JPEG", quality=85, exif=exif)


@needs_ocr
def test_a_phone_photo_is_read_upright_and_ingested(tmp_path):
    from conftest import ingested

    (tmp_path / "photo").mkdir()
    phone_photo(tmp_path / "photo" / "cong-van-464.jpg")
    db = sqlite_utils.Database(ingested([tmp_path / "photo" / "cong-van-464.jpg"], tmp_path))
    row, = db.query("select number, issuer, format, pages from documents")
    assert row == {"number": "464/TTg-CĐS", "issuer": "Thủ tướng Chính phủ", "format": "jpg", "pages": 1}


@needs_ocr
def test_a_multi_page_tiff_is_a_document_of_pages(tmp_path):
    path = tmp_path / "scan.tiff"
    blank = Image.new("RGB", (1240, 1754), "white")
    scanned_page().save(path, "TIFF", save_all=True, append_images=[blank], compression="tiff_lzw")
    doc = read_file(path)
    assert (doc.format, doc.page_count, doc.ocr_pages) == ("tif", 2, [1])     # a blank page is not OCRed
    assert extract(doc).document.number == "464/TTg-CĐS"
    assert doc.ocr_reasons == {1: "no text layer"}


@needs_ocr
def test_a_photo_that_is_no_document_is_refused(tmp_path):
    from PIL import ImageDraw, ImageFont

    photo = Image.new("RGB", (1600, 1200), (90, 140, 60))
    draw = ImageDraw.Draw(photo)
    draw.ellipse((300, 200, 1100, 900), fill=(200, 180, 150))
    draw.text((80, 1050), "Canon camera snapshot", fill="white", font=ImageFont.load_default(size=60))
    path = tmp_path / "IMG_2041.jpg"
    photo.save(path, "JPEG")
    with pytest.raises(ReadError, match="ảnh không có văn bản đọc được") as error:
        read_file(path)
    assert error.value.stage == "image"


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), "white").save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt,sniffed", [("JPEG", ".jpg"), ("PNG", ".png"), ("TIFF", ".tif")])
def test_the_content_says_which_image_it_is(fmt, sniffed):
    assert sniff_format(image_bytes(fmt)) == sniffed


@pytest.mark.parametrize("name,data,message", [
    ("hong.jpg", image_bytes("JPEG")[:40], "tệp ảnh bị hỏng"),
    ("khong-phai-anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "tệp ảnh bị hỏng"),
    ("trang-trang.pdf", image_bytes("PNG"), "không có chữ nào trên cả 1 trang"),   # a PNG named .pdf: read as the image
    ("trang-trang.jpeg", image_bytes("PNG"), "không có chữ nào trên cả 1 trang"),
], ids=["truncated-jpeg", "broken-png", "png-named-pdf", "png-named-jpeg"])
def test_broken_and_empty_images_are_clear_errors(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError, match=message):
        read_file(path)
