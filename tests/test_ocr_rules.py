"""A scanned table's ruling lines are painted out before OCR (pipeline/read/ocr_rules.py): on
drawn pages, a grid goes and the letters and the header's underline stay, a page without a table
(or with two lone strokes) comes back untouched, and a slight skew does not hide a rule. Reading a real scan's table is in tests/test_office_files.py."""
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.read.ocr_rules import RULE_LENGTH, without_rules
from scripts.make_scanned_pdf import find_font

PAGE = (1654, 2339)                      # A4 at 200 dpi


def _page(grid: bool, skew: float = 0.0) -> Image.Image:
    image = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(find_font(), 36)
    draw.text((200, 200), "ỦY BAN NHÂN DÂN — Độc lập - Tự do - Hạnh phúc", font=font, fill=0)
    draw.line((900, 260, 1300, 260), fill=0, width=2)           # the motto's underline
    if grid:
        for y in range(800, 1401, 120):
            draw.line((200, y, 1450, y), fill=0, width=3)
        for x in (200, 320, 800, 1100, 1450):
            draw.line((x, 800, x, 1400), fill=0, width=3)
        for k, y in enumerate(range(830, 1400, 120)):
            draw.text((340, y), f"Đắk Sôr {k} | 19", font=font, fill=0)
    return image.rotate(skew, fillcolor=255) if skew else image


def _long_runs(image: Image.Image, rows: slice = slice(None)) -> int:
    ink = np.asarray(image.convert("L"))[rows] < 160
    length = round(RULE_LENGTH * PAGE[0])
    return sum(int((np.convolve(row, np.ones(length), "valid") == length).any()) for row in ink)


@pytest.mark.parametrize("skew", [0.0, 0.5, -0.6])
def test_grid_goes_letters_stay(skew):
    page = _page(grid=True, skew=skew)
    cleaned = without_rules(page)
    table = slice(760, 1440)
    assert _long_runs(page, table) > 5 and _long_runs(cleaned, table) == 0
    assert _long_runs(cleaned, slice(240, 280)) == _long_runs(page, slice(240, 280)) > 0   # the underline stays
    letters = np.asarray(page)[180:250, 200:800] < 160           # the header's words, away from any rule
    assert (np.asarray(cleaned)[180:250, 200:800] < 160).sum() == letters.sum()


def test_page_without_table_untouched():
    page = _page(grid=False)
    assert without_rules(page) is page


def test_two_strokes_are_no_table():
    page = _page(grid=False)
    draw = ImageDraw.Draw(page)
    for x in (160, 700):                                         # a scan's edge, a pen stroke
        draw.line((x, 300, x, 700), fill=0, width=3)
    assert without_rules(page) is page
