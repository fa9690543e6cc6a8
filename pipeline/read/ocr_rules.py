"""A scanned table's ruling lines, painted out before the page is OCRed.

Tesseract's page layout (psm 3) takes a ruled table's grid for pictures: on a scanned report it
dropped whole rows of a results table ("1 | Đắk Sôr | 19 | … | Đạt chuẩn năm 2019") and scattered
the rest. With the rules painted white the cells read as text, row by row. A rule is a dark run
at least RULE_LENGTH of the page width long, across or down the page: no letter at body size
has a stroke that long, and a slight skew still leaves runs of a few hundred pixels for a rule a
few pixels thick. Pages without a table (fewer than MIN_VERTICAL vertical rules' worth of
vertical runs) are returned as they are, so a header's underline or a signature are untouched.
"""
from __future__ import annotations

DARK = 160                # grey level (0–255) below which a pixel is ink
RULE_LENGTH = 0.04        # share of the page width: a dark run this long is a drawn line
MIN_VERTICAL = 3          # a table has at least this many vertical rules, each RULE_LENGTH long


def _in_runs(mask, length: int):
    """Pixels of `mask` (rows × columns, bool) inside a run of at least `length` along a row."""
    import numpy as np

    height, width = mask.shape
    if width < length:
        return np.zeros_like(mask)
    sums = np.pad(np.cumsum(mask, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    full = (sums[:, length:] - sums[:, :-length]) == length          # window [i, i + length) all ink
    starts = np.pad(np.cumsum(full, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    j = np.arange(width)
    high, low = np.minimum(j, width - length) + 1, np.maximum(0, j - length + 1)
    return (starts[:, high] - starts[:, low]) > 0                     # some full window covers j


def without_rules(image):
    """`image` (PIL) with its table rules painted white, or `image` itself when it holds no table."""
    import numpy as np
    from PIL import Image

    grey = np.asarray(image.convert("L"))
    ink = grey < DARK
    length = max(20, round(RULE_LENGTH * grey.shape[1]))
    vertical = _in_runs(ink.T, length).T
    if vertical.sum() < MIN_VERTICAL * length:
        return image
    horizontal = _in_runs(ink, length)
    cleaned = grey.copy()
    cleaned[vertical | horizontal] = 255
    return Image.fromarray(cleaned)
