"""Second reads of parts of a scanned page that Tesseract's page OCR reads badly.

The signature block. On a Vietnamese official document it stands in the right column below the
body, beside the distribution list ("Nơi nhận:") in the left column, often under a red seal and a
signature stroke. Tesseract's automatic page layout (psm 3) interleaves the two columns and can
lose the signer's name or the title lines entirely (realdocs 20: "Phạm Minh Chính" missing).
`reread_signature` finds the block on the page text (a right-column line that starts with a
signing mark or title of the model's signature vocabulary, or the "Nơi nhận" line beside it),
reads the right column below it again as one block of text (psm 6) with the left column painted
out, and when that read holds lines the page text lacks, it takes the place of the page's words
in that region, after the left column (reading order: left column, then right column). Each
second read is noted on the page (`OcrPage.rereads`) with its region, its new lines and its time.

Not handled: a signature block that sits left or in the middle of the page; a page where neither
the title nor "Nơi nhận" was read at all.
"""
from __future__ import annotations

import functools
import time
from dataclasses import replace

import regex

from pipeline.model.normalize import fold
from pipeline.model.signing import signature_rules
from pipeline.read.ocr import OcrPage, OcrWord, ocr_image

# "Nơi nhận:" as printed and as OCR misreads its first letter ("\ơi nhận", "kh nhận").
DISTRIBUTION = regex.compile(r"^\W{0,2}(?:\p{L}{0,2}ơi|\p{L}{1,2})\s+nhận\b", regex.I)
RUN_GAP = 1.5            # in line heights: a wider gap between two words splits a line into columns
LEFT_COLUMN = 0.35       # share of the page width: a run starting left of it is the left column
RIGHT_COLUMN = 0.45      # a run starting right of it is the right column; the crop starts here
BLOCK_HEIGHT = 0.35      # share of the page height read below the block's first line
BLOCK_SPAN = 0.2         # the block's lines (title, mark, "Nơi nhận") lie within this much height
NEW_LINE_CONFIDENCE = 70.0   # a second-read word this sure, of two letters or more, can be new


@functools.cache
def signing_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(marks, titles), folded ("kt.", "pho chu tich"), longest first."""
    data = signature_rules()
    marks = sorted({fold(m) for m in data["marks"]}, key=len, reverse=True)
    titles = sorted({fold(t) for t in data["titles"]}, key=len, reverse=True)
    return tuple(marks), tuple(titles)


def ocr_lines(page: OcrPage) -> list[list[OcrWord]]:
    """The page's words by OCR line (words one space apart in the text)."""
    out: list[list[OcrWord]] = []
    for k, word in enumerate(page.words):
        if k and page.text[page.words[k - 1].end:word.start] == " ":
            out[-1].append(word)
        else:
            out.append([word])
    return out


def column_runs(line: list[OcrWord]) -> list[list[OcrWord]]:
    """A line split where a gap wider than RUN_GAP line heights separates two columns."""
    height = sorted(w.box[3] for w in line)[len(line) // 2]
    runs = [[line[0]]]
    for before, word in zip(line, line[1:]):
        if word.box[0] - (before.box[0] + before.box[2]) > RUN_GAP * height:
            runs.append([])
        runs[-1].append(word)
    return runs


def _is_signing_line(text: str) -> bool:
    """Does a right-column run start with a signing mark or title ("KT. CHỦ TỊCH", "THỦ TƯỚNG")?"""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4 or sum(c.isupper() for c in letters) < 0.7 * len(letters):
        return False
    folded = " ".join(regex.sub(r"^[^\p{L}]+", "", fold(text)).split())
    marks, titles = signing_words()
    return any(folded.startswith(m + " ") or folded.startswith(m.rstrip(".") + " ") for m in marks) \
        or any(folded == t or folded.startswith(t + " ") for t in titles)


def find_signature_region(page: OcrPage, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The right-column region (left, top, right, bottom in pixels) that holds the signature
    block: from its first line (a signing title in the right column, or "Nơi nhận" beside it)
    down BLOCK_HEIGHT of the page; None when the page has neither."""
    width, height = size
    anchors: list[tuple[int, int]] = []            # (top, line height)
    for line in ocr_lines(page):
        runs = column_runs(line)
        for k, run in enumerate(runs):
            text = " ".join(w.text for w in run)
            left, top = run[0].box[0], min(w.box[1] for w in run)
            tall = max(w.box[3] for w in run)
            if k == 0 and left < LEFT_COLUMN * width and DISTRIBUTION.match(text):
                anchors.append((top, tall))
            elif left >= RIGHT_COLUMN * width and _is_signing_line(text):
                anchors.append((top, tall))
    if not anchors:
        return None
    last = max(top for top, _ in anchors)
    top, tall = min((a for a in anchors if a[0] >= last - BLOCK_SPAN * height), key=lambda a: a[0])
    y0 = max(0, top - tall // 2)
    return int(RIGHT_COLUMN * width), y0, width, min(height, y0 + int(BLOCK_HEIGHT * height))


def _left_column(page: OcrPage, region: tuple[int, int, int, int], width: int) -> set[int]:
    """Indexes of the page words in the region's rows that belong to the left column."""
    index = {id(w): k for k, w in enumerate(page.words)}
    out: set[int] = set()
    for line in ocr_lines(page):
        first = column_runs(line)[0]
        middle = first[0].box[1] + first[0].box[3] // 2
        if region[1] <= middle < region[3] and first[0].box[0] < LEFT_COLUMN * width:
            out.update(index[id(w)] for w in first)
    return out


def _new_lines(read: OcrPage, page_text: str) -> list[str]:
    """Lines of the second read that the page text lacks: two sure words or more (a name, a title
    line), not one word read out of a seal's pattern."""
    known = " ".join(fold(page_text).split())
    out = []
    for line in ocr_lines(read):
        sure = [w for w in line if w.confidence >= NEW_LINE_CONFIDENCE and sum(c.isalpha() for c in w.text) >= 2]
        if len(sure) >= 2 and " ".join(fold(" ".join(w.text for w in sure)).split()) not in known:
            out.append(" ".join(w.text for w in line))
    return out


def _strongest_gap(text: str) -> str:
    return "\n\n" if "\n\n" in text else "\n" if "\n" in text else " "


def _merge(page: OcrPage, dropped: set[int], block: OcrPage, region: tuple[int, int, int, int]) -> OcrPage:
    """The page's words without `dropped`, and the block's words as a paragraph of their own after
    the last kept word above the region's bottom; offsets and boxes recomputed."""
    kept = [k for k in range(len(page.words)) if k not in dropped]
    at = max((pos for pos, k in enumerate(kept) if page.words[k].box[1] < region[3]), default=-1) + 1
    x0, y0 = region[0], region[1]
    moved = [replace(w, box=(w.box[0] + x0, w.box[1] + y0, w.box[2], w.box[3])) for w in block.words]
    pieces: list[tuple[str, OcrWord]] = []
    for pos, k in enumerate(kept):
        if pos == at:
            pieces += _block_pieces(block, moved, first=not pieces)
        word = page.words[k]
        sep = "" if not pieces else "\n\n" if pos == at else _strongest_gap(page.text[page.words[kept[pos - 1]].end:word.start])
        pieces.append((sep, word))
    if at == len(kept):
        pieces += _block_pieces(block, moved, first=not pieces)
    text, words = joined(pieces)
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrPage(text=text, confidence=confidence, words=words,
                   seconds=page.seconds + block.seconds, rereads=list(page.rereads), height=page.height)


def joined(pieces: list[tuple[str, OcrWord]]) -> tuple[str, list[OcrWord]]:
    """Words laid out again, each after its separator: the text, and the words at their new offsets."""
    text: list[str] = []
    words: list[OcrWord] = []
    offset = 0
    for sep, word in pieces:
        text.append(sep)
        offset += len(sep)
        words.append(replace(word, start=offset, end=offset + len(word.text)))
        text.append(word.text)
        offset += len(word.text)
    return "".join(text), words


def _block_pieces(block: OcrPage, moved: list[OcrWord], first: bool = False) -> list[tuple[str, OcrWord]]:
    out = []
    for k, word in enumerate(moved):
        sep = ("" if first else "\n\n") if k == 0 else block.text[block.words[k - 1].end:block.words[k].start]
        out.append((sep, word))
    return out


def reread_signature(image, page: OcrPage) -> OcrPage:
    """`page` with its signature block read again on its own (see the module docstring); the page
    unchanged when there is no block or the second read finds nothing new."""
    from PIL import ImageDraw

    region = find_signature_region(page, image.size)
    if region is None:
        return page
    left_words = _left_column(page, region, image.size[0])
    crop = image.crop(region)
    paint = ImageDraw.Draw(crop)
    for k in left_words:
        x, y, w, h = page.words[k].box
        paint.rectangle((x - region[0] - 4, y - region[1] - 4, x + w - region[0] + 4, y + h - region[1] + 4), fill=255)
    started = time.perf_counter()
    block = ocr_image(crop, psm=6)
    seconds = time.perf_counter() - started
    new = _new_lines(block, page.text)
    note = {"region": "signature block", "box": list(region), "psm": 6, "seconds": round(seconds, 2),
            "new_lines": new}
    if not new or not block.words:
        return replace(page, seconds=page.seconds + seconds, rereads=[*page.rereads, {**note, "used": False}])
    dropped = {k for k, w in enumerate(page.words) if k not in left_words
               and region[1] <= w.box[1] + w.box[3] // 2 < region[3] and w.box[0] + w.box[2] // 2 >= region[0]}
    merged = _merge(page, dropped, block, region)
    merged.seconds = page.seconds + seconds
    merged.rereads.append({**note, "used": True})
    return merged
