"""Make an image-only PDF (a "scan" with no text layer) from a text file, for OCR tests.

    python -m scripts.make_scanned_pdf ../shared/seeds/003_3b8164272555d3eb.txt out.pdf [--degrade]

The text is normalised first (pipeline.model.normalize: markdown and <sup> tags gone), drawn on A4 pages
at 300 dpi in a serif font with Vietnamese glyphs, and the page images are saved as a PDF with
Pillow, which writes no text layer. `--degrade` adds a small skew and speckle, as a scanner does.
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Serif first: administrative documents are set in Times New Roman. Both are Debian packages
# (fonts-liberation2, fonts-dejavu-core) and both carry every Vietnamese letter.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
A4_INCHES = (8.27, 11.69)
MARGIN_INCHES = 0.9
FONT_POINTS = 13


def find_font() -> str:
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return path
    raise FileNotFoundError("no font with Vietnamese glyphs: apt-get install -y fonts-dejavu-core")


def wrap(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    words, out, current = line.split(" "), [], ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if font.getlength(trial) <= width or not current:
            current = trial
        else:
            out.append(current)
            current = word
    out.append(current)
    return out


def render_pages(text: str, dpi: int = 300, font_path: str | None = None) -> list[Image.Image]:
    """Draw `text` on as many A4 pages as it needs; blank lines are kept as vertical space."""
    font = ImageFont.truetype(font_path or find_font(), round(FONT_POINTS * dpi / 72))
    page_w, page_h = (round(x * dpi) for x in A4_INCHES)
    margin = round(MARGIN_INCHES * dpi)
    line_h = round(font.size * 1.5)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(wrap(paragraph, font, page_w - 2 * margin) if paragraph.strip() else [""])
    per_page = (page_h - 2 * margin) // line_h
    pages = []
    for first in range(0, max(len(lines), 1), per_page):
        image = Image.new("L", (page_w, page_h), 255)
        draw = ImageDraw.Draw(image)
        for k, line in enumerate(lines[first:first + per_page]):
            draw.text((margin, margin + k * line_h), line, font=font, fill=0)
        pages.append(image)
    return pages


def degrade(image: Image.Image, seed: int = 0) -> Image.Image:
    """A slight skew, blur and speckle, reproducibly."""
    rng = random.Random(seed)
    image = image.rotate(rng.uniform(-0.8, 0.8), resample=Image.BICUBIC, fillcolor=255, expand=False)
    image = image.filter(ImageFilter.GaussianBlur(0.8))
    pixels = image.load()
    w, h = image.size
    for _ in range(w * h // 400):
        pixels[rng.randrange(w), rng.randrange(h)] = rng.choice((0, 255))
    return image


def make_scanned_pdf(text: str, out: Path, dpi: int = 300, degraded: bool = False) -> int:
    """Write an image-only PDF of `text` to `out`; return the number of pages."""
    pages = render_pages(text, dpi)
    if degraded:
        pages = [degrade(p, seed=i) for i, p in enumerate(pages)]
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi))
    return len(pages)


def seed_text(path: Path) -> str:
    """The stored text of a seed file: what the scan should read back as."""
    from pipeline.model.normalize import normalize_pages
    from pipeline.read import decode_text

    return normalize_pages([decode_text(path.read_bytes())], fmt="txt").text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--degrade", action="store_true")
    args = parser.parse_args()
    n = make_scanned_pdf(seed_text(args.source), args.out, args.dpi, args.degrade)
    print(f"{args.out}: {n} page(s), image only")


if __name__ == "__main__":
    main()
