"""Second reads of a scanned header's handwritten fill-ins: the document's number ("Số: 493
/TB-UBND") and the day and month of its date ("ngày 13 tháng 11 năm 2025").

Offices print the header and write the number and the day in by hand after signing. Tesseract
reads the print well and the handwriting badly ("Só:¿92", "ngày44tháng"), so the page text
blanks what it was unsure of (pipeline/read/ocr.py). RapidOCR (the PP-OCRv4 detection and
recognition models shipped inside the `rapidocr_onnxruntime` wheel, run on the CPU by
onnxruntime) reads handwritten digits far better, but knows no Vietnamese diacritics; it reads
only the header's number and date lines, twice: once in a band around the two lines at the page's
300 dpi, once in the top of the page at half that (two views of the same ink at different
scales). A value is taken only when

- the two reads agree (one may be part of the other: a stroke lost, "93" read in "493"), or only
  one read holds a value and Tesseract's own uncertain read of the same place is part of it; and
- Tesseract's read of that place, when it is itself a possible value, is part of it (no
  contradiction: "92" against "493" leaves the number unreadable).

A read is a value only when it is digits alone (the letter O taken for 0) in its place: "S6: 07
/CT-UBND", "ngay24thang"; "S6:4M /CT-UBND", "ngay/1" and "ngay M3" are no value. Every read is
kept as a candidate with its engine and confidence, for a person to confirm; the extractor takes
an agreed value only where the header's own text is blank or unreadable, and a date printed again
elsewhere in the document (an attachment's "Kèm theo Công văn số … ngày …") comes first.

Not handled: a number or date written in the body's first lines rather than the header; a
header whose number and date lines Tesseract did not find at all.
"""
from __future__ import annotations

import difflib
import functools
import time

import regex

from pipeline.model.normalize import fold
from pipeline.read.ocr import OcrPage, OcrWord
from pipeline.read.ocr_regions import column_runs, ocr_lines

ENGINE = "rapidocr"
CONFIDENT = 80.0          # a Tesseract word this sure, holding a valid value, needs no second read
HEADER_SHARE = 0.4        # the number and date lines lie in this top share of the page
CROP_SCALES = (1.0, 0.5)  # the band at full scale, the page top at half: two views, and the larger crop cheaper
TOP_SHARE = 0.3           # the second crop: this top share of the page
BAND_MARGIN = 2.0         # in line heights, above and below the two lines
DATE_REACH = 4            # in line heights: the date line lies this close below the number line
SYMBOL_LIKENESS = 0.9     # a symbol read without its "/" must be this like Tesseract's symbol
OTHER_SYMBOL = 0.6        # a symbol less like Tesseract's than this is another document's number

# Detection at a smaller least side than RapidOCR's 736: the band is not scaled up, half the time
# and memory, the same reads on the realdocs scans.
ENGINE_OPTIONS = {"print_verbose": False, "det_limit_side_len": 480}
NUMBER_LABEL = regex.compile(r"^s[o0ô6][:.;]?(?![a-z])")
# "Số:" then what stands in the number's place, up to its "/" or its symbol: "s6: 493 /tb-ubnd",
# "s6298 /ttr-", "s6:4m /ct-ubnd" (no value), "s6: 932qd-ttg" (the "/" lost)
NUMBER_READ = regex.compile(r"(?:^|\s)s[o06](?:\s*[:.;]\s*|\s*(?=\d))(?P<raw>[0-9o]*)(?P<after>[^\s/]*\s*(?:/\s*\S+)?)")
DATE_READ = regex.compile(r"ngay\s*(?P<day>\S{0,4}?)\s*t\w{1,3}ng\s*(?P<month>\S{0,3}?)\s*n[a-z]m\s*(?P<year>(?:19|20)\d\d)")
SYMBOL = regex.compile(r"/\s*(?P<symbol>[^\s/]+(?:/[^\s/]+)?)")


@functools.cache
def _engine():
    """The RapidOCR engine, loaded once per process (three ONNX models, about 0.5 s)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(**ENGINE_OPTIONS)


def engine_available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _digits(raw: str | None) -> str | None:
    """A read's digits, the letter O taken for 0; None unless it is digits alone."""
    if raw is None:
        return None
    raw = raw.strip().replace("o", "0").replace("O", "0")
    return raw if regex.fullmatch(r"\d{1,6}", raw) else None


def compatible(a: str, b: str) -> bool:
    """Two reads of the same handwriting that do not contradict: one is the other or a part of it."""
    return a in b or b in a


def agree(reads: list[str | None], first: str | None, possible) -> str | None:
    """The value two engines' reads support (module docstring), or None.
    `reads`: RapidOCR's values (None where a read held no value); `first`: Tesseract's digits in
    the same place, or None; `possible(value)`: is this a value the field can take."""
    values = [r for r in reads if r is not None and possible(r)]
    if not values or any(not compatible(values[0], v) for v in values[1:]):
        return None
    chosen = max(values, key=len)
    supported = len(values) >= 2 or (first is not None and compatible(first, chosen))
    if not supported or (first is not None and possible(first) and not compatible(first, chosen)):
        return None
    return chosen


def _possible_number(value: str) -> bool:
    return int(value) > 0


def _possible_day(value: str) -> bool:
    return 1 <= int(value) <= 31 and len(value) <= 2


def _possible_month(value: str) -> bool:
    return 1 <= int(value) <= 12 and len(value) <= 2


# --- where Tesseract saw the two lines, and what it read there ------------------------------------

def _header_lines(page: OcrPage, height: int) -> tuple[list[OcrWord] | None, list[OcrWord] | None]:
    """Tesseract's number words (from the "Số" label) and date words (from "ngày"), at the top
    of the page; the two often share one line (the header's two columns read across)."""
    number = date = None
    for line in ocr_lines(page):
        if line[0].box[1] > HEADER_SHARE * height or (number and line[0].box[1] > number[0].box[1] + DATE_REACH * number[0].box[3]):
            break
        for run in column_runs(line):
            folded = [fold(w.text) for w in run]
            at_number = next((k for k, f in enumerate(folded) if NUMBER_LABEL.match(f)), None)
            at_date = next((k for k, f in enumerate(folded) if f.startswith("ngay") and any(
                "thang" in g or g.startswith("nam") or regex.search(r"(?:19|20)\d\d", g) for g in folded[k:k + 6])), None)
            if number is None and at_number is not None:
                number = run[at_number:at_date if at_date is not None and at_date > at_number else None]
            if date is None and at_date is not None:
                date = run[at_date:]
        if date is not None:
            break
    return number, date


def _first_number(line: list[OcrWord]) -> tuple[str | None, str | None, bool]:
    """Tesseract's (digits, symbol, sure) on the number line: "Só:¿92 /TB-UBND" → ("92", "TB-UBND", False)."""
    text = " ".join(w.text for w in line)
    label = NUMBER_LABEL.match(fold(text))
    rest = text[label.end() if label else 0:]
    cut = rest.find("/")
    digits = "".join(regex.findall(r"\d", rest if cut < 0 else rest[:cut])) or None
    symbol = SYMBOL.search(rest)
    sure = digits is not None and all(w.confidence >= CONFIDENT for w in line[:2])
    return digits, symbol.group("symbol") if symbol else None, sure


def _first_date(line: list[OcrWord]) -> tuple[str | None, str | None, bool]:
    """Tesseract's (day digits, month digits, sure) on the date line."""
    folded = fold(" ".join(w.text for w in line))
    m = regex.search(r"ngay(?P<day>.*?)thang(?P<month>.*?)(?:nam|$)", folded)
    if not m:
        return None, None, False
    day = "".join(regex.findall(r"\d", m.group("day"))) or None
    month = "".join(regex.findall(r"\d", m.group("month"))) or None
    sure = (day is not None and _possible_day(day) and month is not None and _possible_month(month)
            and all(w.confidence >= CONFIDENT for w in line[:4]))
    return day, month, sure


# --- RapidOCR's reads ------------------------------------------------------------------------------

def _read(image) -> tuple[str, float]:
    """RapidOCR's text of an image region (its lines in reading order, folded) and lowest confidence."""
    import numpy as np

    result, _ = _engine()(np.array(image.convert("RGB")), use_cls=False)
    lines = [(text, score) for _, text, score in (result or [])]
    return " ".join(fold(text) for text, _ in lines), min((s for _, s in lines), default=0.0)


def _number_read(text: str, symbol: str | None) -> tuple[str | None, str | None]:
    """(digits, symbol as read) of the header's "Số: 493 /TB-UBND" in one RapidOCR read: the first
    "Số" with a colon or digits after it (a number cited in the body, "số 11/CT-TTg", comes later
    and has another symbol). The digits count only before a "/" or, with the "/" lost, before a
    symbol like Tesseract's ("932QD-TTg")."""
    for m in NUMBER_READ.finditer(text):
        after = m.group("after").strip()
        glued, _, read_symbol = after.partition("/")
        read_symbol = read_symbol.strip() or None
        if read_symbol and symbol and _likeness(symbol, read_symbol) < OTHER_SYMBOL:
            continue                     # another document's number
        if glued and not read_symbol and symbol \
                and difflib.SequenceMatcher(None, fold(symbol), glued).ratio() >= SYMBOL_LIKENESS:
            return _digits(m.group("raw")), glued
        return (_digits(m.group("raw")) if not glued else None), read_symbol
    return None, None


def _likeness(a: str, b: str) -> float:
    """How alike two reads of a symbol are, over the shorter one's length (one engine may stop at
    a space: "ttr-" for "TTr- CAT-PC04")."""
    a, b = fold(a), fold(b)
    n = min(len(a), len(b))
    return difflib.SequenceMatcher(None, a[:n], b[:n]).ratio()


def _date_read(text: str) -> tuple[str | None, str | None, str | None]:
    m = DATE_READ.search(text)
    if not m:
        return None, None, None
    return _digits(m.group("day")), _digits(m.group("month")), m.group("year")


def reread_fill_ins(image, page: OcrPage, page_number: int = 1, number_blanked: bool = False) -> list[dict]:
    """Candidates for the header's number, day and month of a scanned page (see the module
    docstring): one dict per field with the reads, Tesseract's read, the agreed value (or None),
    the engine, confidence and time. Empty when Tesseract read both lines surely, when it found
    neither, or when RapidOCR is not installed. `number_blanked`: the page text blanked the number
    (pipeline/read/ocr.py masked_page_text), however sure its words were."""
    width, height = image.size
    number_line, date_line = _header_lines(page, height)
    first_digits, symbol, number_sure = _first_number(number_line) if number_line else (None, None, True)
    number_sure = number_sure and not number_blanked
    first_day, first_month, date_sure = _first_date(date_line) if date_line else (None, None, True)
    if (number_sure and date_sure) or not engine_available():
        return []
    lines = [ln for ln in (number_line, date_line) if ln]
    tall = max(w.box[3] for ln in lines for w in ln)
    top = min(w.box[1] for ln in lines for w in ln)
    bottom = max(w.box[1] + w.box[3] for ln in lines for w in ln)
    crops = [(0, max(0, int(top - BAND_MARGIN * tall)), width, min(height, int(bottom + BAND_MARGIN * tall))),
             (0, 0, width, max(int(TOP_SHARE * height), min(height, int(bottom + BAND_MARGIN * tall))))]
    started = time.perf_counter()
    try:
        reads = [_read(image.crop(box).resize((round((box[2] - box[0]) * scale), round((box[3] - box[1]) * scale))))
                 for box, scale in zip(crops, CROP_SCALES)]
    except Exception as e:      # onnxruntime's own errors (bad_alloc under the file's memory bound): the page stays as read
        return [{"engine": ENGINE, "field": "error", "value": None, "page": page_number,
                 "message": f"{type(e).__name__}: {str(e).strip().splitlines()[-1] if str(e).strip() else ''}"[:300]}]
    seconds = round(time.perf_counter() - started, 2)
    confidence = round(100 * min(score for _, score in reads), 1)
    base = {"engine": ENGINE, "confidence": confidence, "page": page_number, "seconds": seconds}
    out = []
    if number_line and not number_sure:
        numbers = [_number_read(text, symbol) for text, _ in reads]
        values = [digits for digits, _ in numbers]
        out.append({**base, "field": "number", "reads": values, "first": first_digits,
                    "value": agree(values, first_digits, _possible_number),
                    "symbol_read": next((s for _, s in numbers if s), None)})
    if date_line and not date_sure:
        dates = [_date_read(text) for text, _ in reads]
        for k, (field, possible, first) in enumerate((("day", _possible_day, first_day),
                                                     ("month", _possible_month, first_month))):
            values = [d[k] for d in dates]
            out.append({**base, "field": field, "reads": values, "first": first,
                        "value": agree(values, first, possible)})
    return out
