"""A scanned table's ruling lines, painted out before the page is OCRed.

Tesseract's page layout (psm 3) takes a ruled table's grid for pictures: on a scanned report it
dropped whole rows of a results table ("1 | Đắk Sôr | 19 | … | Đạt chuẩn năm 2019") and scattered
the rest. With the rules painted white the cells read as text, row by row. A rule is a dark run
at least RULE_LENGTH of the page width long, across or down the page: no letter at body size
has a stroke that long, and a slight skew still leaves runs of a few hundred pixels for a rule a
few pixels thick. A page is a table page when it has MIN_VERTICAL vertical rules at least
TABLE_RULE rule lengths tall, and only the box around them is cleaned: a page without one (a
seal, a signature stroke, a scan's dark edge) is returned as it is, and the header's underline
or the footnote rule outside the table are never touched.
"""
from __future__ import annotations

DARK = 160                # grey level (0–255) below which a pixel is ink
RULE_LENGTH = 0.04        # share of the page width: a dark run this long is a drawn line
MIN_VERTICAL = 3          # a table has at least this many vertical rules ...
TABLE_RULE = 2            # ... each at least this many RULE_LENGTHs tall
RULE_WIDTH = 10           # pixels: ink columns this close are one rule


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
    xs = np.flatnonzero(vertical.any(axis=0))
    if not len(xs):
        return image
    rules = []                              # (left, right, top, bottom) of each long vertical rule
    for group in np.split(xs, np.flatnonzero(np.diff(xs) > RULE_WIDTH) + 1):
        ys = np.flatnonzero(vertical[:, group[0]:group[-1] + 1].any(axis=1))
        if ys[-1] - ys[0] >= TABLE_RULE * length:
            rules.append((group[0], group[-1], ys[0], ys[-1]))
    if len(rules) < MIN_VERTICAL:           # a seal, a signature stroke or a scan's edge is no table
        return image
    pad = length // 2
    top, bottom = max(0, min(r[2] for r in rules) - pad), max(r[3] for r in rules) + pad + 1
    left, right = max(0, min(r[0] for r in rules) - pad), max(r[1] for r in rules) + pad + 1
    box = (slice(top, bottom), slice(left, right))
    cleaned = grey.copy()
    cleaned[box][vertical[box] | _in_runs(ink[box], length)] = 255    # only inside the table
    return Image.fromarray(cleaned)
