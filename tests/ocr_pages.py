"""OCR pages built from word boxes, for the tests of what is found on a scanned page."""
from __future__ import annotations

from pipeline.read.ocr import OcrPage, OcrWord


def page_of_lines(lines: list[list[tuple]]) -> OcrPage:
    """An OcrPage from lines of (word, left, top) or (word, left, top, confidence): words 40 px
    high, 20 px a letter, confidence 95 unless given."""
    text, words = [], []
    pos = 0
    for line in lines:
        for j, (word, left, top, *confidence) in enumerate(line):
            sep = "" if not words else " " if j else "\n"
            pos += len(sep)
            text.append(sep + word)
            words.append(OcrWord(word, float(confidence[0]) if confidence else 95.0, pos, pos + len(word),
                                 (left, top, 20 * len(word), 40)))
            pos += len(word)
    return OcrPage(text="".join(text), confidence=95.0, words=words)
