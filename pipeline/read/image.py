"""Scans and photos saved as images: .jpg/.jpeg, .png, and .tif/.tiff with one page a frame (what
office scanners and phones give the secretariat).

Supports: every frame of the file as a page, turned upright as the camera's EXIF orientation
says, in colour (a red seal over the signature fades in the OCR's red channel as on a scanned
PDF); the pages are read as the pages of an image-only PDF are (pipeline/read/pdf.py: Tesseract,
the header's columns, second reads of the signature and of handwritten fill-ins). A scan that says
its DPI (150 to 600) keeps it, so a 300-dpi page is OCRed pixel for pixel; other images (phones say
72) are laid on A4, their long side at A4 height.

An image whose OCR gives no Vietnamese text (a photo of a meeting, a logo: fewer than
`MIN_WORDS` words, or words that are mostly not Vietnamese syllables) is refused as not a document.

Avoids: deskewing and cropping a photo of a page on a desk (its background is read as it is);
formats Pillow cannot open (HEIC from phones); images with more pixels than Pillow's
decompression-bomb bound.
"""
from __future__ import annotations

import io
from pathlib import Path

from pipeline.model import Document
from pipeline.read import bounds
from pipeline.read.errors import ReadError, sha256_bytes
from pipeline.read.quality import layer_quality

A4_LONG_SIDE_INCHES = 11.69
JPEG_QUALITY = 95                    # the frames are re-encoded once inside the PDF
MIN_WORDS = 15                       # fewer read words than a document's header holds: a photo


def _resolution(declared, long_side: int) -> float:
    """The DPI the pages are laid out at: the scanner's when plausible, else the one that puts the
    long side at A4 height (a phone says 72), snapped to the OCR's own when within 3% of it."""
    from pipeline.read.pdf import OCR_DPI

    try:
        dpi = float(declared[0])
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if not 150 <= dpi <= 600:
        dpi = long_side / A4_LONG_SIDE_INCHES
    return OCR_DPI if abs(dpi - OCR_DPI) < 0.03 * OCR_DPI else dpi


def read_image(path: Path, data: bytes, fmt: str) -> Document:
    """`fmt`: the image format the content is (".jpg", ".png", ".tif")."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    from pipeline.read.ocr import DEBIAN_PACKAGES, tesseract_available
    from pipeline.read.pdf import read_pdf

    if not tesseract_available():       # an image is all scan: said before the work, of an image
        raise ReadError("tệp là ảnh chụp/quét, cần nhận dạng chữ (OCR) nhưng máy chưa cài Tesseract tiếng Việt "
                        f"(Debian: apt-get install {DEBIAN_PACKAGES})", stage="ocr")
    try:
        image = Image.open(io.BytesIO(data))
        pages = [ImageOps.exif_transpose(frame).convert("RGB") for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError:
        raise ReadError("ảnh quá lớn (quá nhiều điểm ảnh); hãy quét lại ở độ phân giải thấp hơn", stage="image") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise ReadError(f"tệp ảnh bị hỏng, không mở được ({e})", stage="image") from None
    max_pages = bounds.current().max_pages
    if len(pages) > max_pages:
        raise ReadError(f"quá nhiều trang ({len(pages)}, giới hạn {max_pages}); hãy tách tệp", stage="image")
    resolution = _resolution(image.info.get("dpi"), max(max(page.size) for page in pages))
    pdf = io.BytesIO()
    pages[0].save(pdf, "PDF", save_all=True, append_images=pages[1:], resolution=resolution, quality=JPEG_QUALITY)
    doc = read_pdf(path, pdf.getvalue())
    quality = layer_quality(doc.text)
    if doc.ocr_pages and (quality.words < MIN_WORDS or quality.damaged):
        raise ReadError(f"ảnh không có văn bản đọc được ({quality.words} chữ tiếng Việt): có lẽ là ảnh chụp, "
                        "không phải văn bản quét", stage="image")
    doc.format = fmt[1:]
    doc.sha256 = sha256_bytes(data)
    return doc
