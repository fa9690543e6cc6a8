"""OCR of scanned pages with Tesseract (Debian packages tesseract-ocr and tesseract-ocr-vie).

A scanned PDF page is rendered with pypdfium2 (its red channel, so red seals fade) and read by
the `tesseract` program in Vietnamese (`-l vie`). Tesseract's TSV output gives every word with its confidence; the page text is rebuilt
from those words, so each word also knows where it stands in `OcrPage.text`.

Numbers matter more than words here: a handwritten "Số: 12/KH-UBND" read as "Số: 72/KH-UBND"
makes a wrong reference. `uncertain_numbers` lists the numbers Tesseract was unsure of, and
`OcrPage.masked_text` blanks them ("…/KH-UBND"), which the extractors read as a blank number.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from pipeline.model.normalize import TO_SUPERSCRIPT
from pipeline.read import lifetime
from pipeline.read.errors import ReadError

DEBIAN_PACKAGES = "tesseract-ocr tesseract-ocr-vie"
LANGUAGE = "vie"
TIMEOUT_SECONDS = 300
DIGITS = regex.compile(r"\d+")


@dataclass
class OcrWord:
    text: str
    confidence: float                     # 0–100, Tesseract's word confidence
    start: int                            # offsets into OcrPage.text
    end: int
    box: tuple[int, int, int, int]        # left, top, width, height in pixels of the rendered page


@dataclass
class OcrPage:
    text: str
    confidence: float                     # mean word confidence, 0–100 (0 when no words)
    words: list[OcrWord] = field(default_factory=list)
    seconds: float = 0.0                  # wall time of the Tesseract run(s)
    # Regions read again on their own (pipeline/read/ocr_regions.py): what, where, what it added.
    rereads: list[dict] = field(default_factory=list)
    height: int = 0                       # of the page image in pixels (0: unknown)

    def masked_text(self, threshold: float = 80.0) -> str:
        """`text` with the digits of every uncertain number replaced by "…"."""
        out, pos = [], 0
        for word in uncertain_numbers(self, threshold):
            out.append(self.text[pos:word.start])
            out.append(DIGITS.sub("…", word.text))
            pos = word.end
        out.append(self.text[pos:])
        return "".join(out)


def uncertain_numbers(ocr_result: OcrPage, threshold: float = 80.0) -> list[OcrWord]:
    """Words holding a digit that Tesseract read with confidence below `threshold`, in text order."""
    return [w for w in ocr_result.words if w.confidence < threshold and DIGITS.search(w.text)]


@lru_cache(maxsize=1)
def _tesseract_languages() -> frozenset[str]:
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    # The first line is a header ("List of available languages in …").
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:] if line.strip())


def tesseract_available() -> bool:
    """Is the `tesseract` program installed with its Vietnamese model?"""
    return LANGUAGE in _tesseract_languages()


def _require_tesseract() -> str:
    if not tesseract_available():
        raise ReadError(f"trang này là bản quét, cần nhận dạng chữ (OCR) nhưng máy chưa cài Tesseract "
                        f"tiếng Việt (Debian: apt-get install {DEBIAN_PACKAGES})", stage="ocr")
    return shutil.which("tesseract") or "tesseract"


def parse_tsv(tsv: str) -> OcrPage:
    """Tesseract TSV → page text (lines joined by "\\n", paragraphs by a blank line) and words."""
    text_parts: list[str] = []
    words: list[OcrWord] = []
    pos = 0
    prev_par = prev_line = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":          # level 5 = a word
            continue
        word_text = cols[11].strip()
        if not word_text:
            continue
        par, line = (cols[1], cols[2], cols[3]), (cols[1], cols[2], cols[3], cols[4])
        sep = "" if prev_line is None else " " if line == prev_line else "\n" if par == prev_par else "\n\n"
        text_parts.append(sep)
        pos += len(sep)
        box = (int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]))
        words.append(OcrWord(word_text, float(cols[10]), pos, pos + len(word_text), box))
        text_parts.append(word_text)
        pos += len(word_text)
        prev_par, prev_line = par, line
    confidence = sum(w.confidence for w in words) / len(words) if words else 0.0
    return OcrPage(text="".join(text_parts), confidence=confidence, words=words)


def ocr_image(image, psm: int = 3) -> OcrPage:
    """OCR one PIL image in Vietnamese. `psm` 3 = automatic page layout (Tesseract's default)."""
    exe = _require_tesseract()
    with tempfile.TemporaryDirectory(prefix="ntm-ocr-") as tmp:
        src = Path(tmp) / "page.png"
        image.save(src)
        # One thread per Tesseract: pages are OCRed in parallel by the caller, and OpenMP threads
        # on top of that only compete for the same cores.
        env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}
        started = time.perf_counter()
        try:
            run = subprocess.run([exe, str(src), "stdout", "-l", LANGUAGE, "--psm", str(psm), "tsv"],
                                 capture_output=True, timeout=TIMEOUT_SECONDS, env=env,
                                 preexec_fn=lifetime.preexec())
        except subprocess.TimeoutExpired:
            raise ReadError(f"nhận dạng chữ (OCR) một trang quá {TIMEOUT_SECONDS} giây", stage="ocr") from None
        seconds = time.perf_counter() - started
    if run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["không có thông báo"]
        raise ReadError(f"nhận dạng chữ (OCR) không thành công: {message[0]}", stage="ocr")
    page = parse_tsv(run.stdout.decode("utf-8", "replace"))
    page.seconds, page.height = seconds, image.height
    return page


BLANK_DPI = 24           # even one line of small print still leaves dark pixels at this size
BLANK_INK = 200          # the darkest grey (0-255) a blank page shows: paper, no ink


def blank_page(page) -> bool:
    """Is this pypdfium2 page without anything to read (no objects at all, or nothing darker than
    paper when rendered small)? Then it is not OCRed: a blank scan costs a small render, not OCR."""
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDFPage_CountObjects(page.raw) == 0:
        return True
    darkest, _ = page.render(scale=BLANK_DPI / 72, grayscale=True).to_pil().getextrema()
    return darkest >= BLANK_INK


def render_pdf_page(pdf, page_index: int, dpi: int = 300):
    """One page of a PDF (bytes, path or an open pypdfium2.PdfDocument) as a greyscale PIL image:
    its red channel, in which a red seal or stamp over the signature fades to near white while
    black print and blue handwriting stay dark."""
    import pypdfium2 as pdfium

    document = pdf if isinstance(pdf, pdfium.PdfDocument) else pdfium.PdfDocument(pdf)
    try:
        if not 0 <= page_index < len(document):
            raise ReadError(f"không có trang {page_index + 1} (tệp PDF có {len(document)} trang)", stage="ocr")
        page = document[page_index]
        image = page.render(scale=dpi / 72).to_pil()
        image = image.getchannel("R") if image.mode in ("RGB", "RGBA", "RGBX") else image.convert("L")
        page.close()
        return image
    finally:
        if document is not pdf:
            document.close()


def ocr_pdf_page(pdf, page_index: int, dpi: int = 300) -> OcrPage:
    """OCR page `page_index` (0-based) of a PDF given as bytes, a path or a pypdfium2.PdfDocument."""
    _require_tesseract()
    return ocr_image(render_pdf_page(pdf, page_index, dpi))


# --- the page text the extractors read ---------------------------------------------------------

DIGIT = regex.compile(r"\d")
# "Số" as printed or as OCR misreads it ("Só", "Sô").
NUMBER_LABEL = regex.compile(r"(?:^|\n)[ \t]*(?i:s[ốoóòôồổỗộơớ])[ \t]*:?[ \t]*$")
FUSED_LABEL = regex.compile(r"^(?i:s[ốoóòôồổỗộơớ])(?=[^\p{L}])[:.]?")
DOC_NUMBER = regex.compile(r"^\d{1,5}(?:/(?:19|20)\d\d)?(?:/[A-ZĐ][\p{L}\d&]*(?:-[A-ZĐ][\p{L}\d&]*)*)?$")
SYMBOL_TAIL = regex.compile(r"/\s*[A-ZĐ][\p{L}\d&]*(?:-[A-ZĐ][\p{L}\d&]*)*$")


DAY_BEFORE = regex.compile(r"(?i:ng[àa]y)[ \t]*$")


FOOTNOTE_MARK = regex.compile(r"^\d{1,2}$")
FOOTNOTE_ZONE = 0.75         # footnotes stand in the lowest quarter of the page
FOOTNOTE_GAP = 1.6           # … under a gap this many times the page's usual line pitch


def footnote_marks(page: OcrPage) -> set[int]:
    """The words that number a footnote at the page foot: the superscript "¹" of "¹ Quyết định số …"
    comes out of OCR as a plain "1", which reads as a figure ("1 … công nhận xã đạt chuẩn"). The
    notes are the page's last lines, under a wide gap, in its lowest quarter; each note's line
    starts with a bare number of one or two digits and a capitalised word."""
    if not page.height or len(page.words) < 2:
        return set()
    lines: list[list[int]] = [[0]]
    for k in range(1, len(page.words)):
        if page.text[page.words[k - 1].end:page.words[k].start] == " ":
            lines[-1].append(k)
        else:
            lines.append([k])
    tops = [min(page.words[k].box[1] for k in line) for line in lines]
    pitches = sorted(b - a for a, b in zip(tops, tops[1:]) if b > a)
    if not pitches:
        return set()
    pitch = pitches[len(pitches) // 2]
    start = len(lines)
    while start > 1 and tops[start - 1] - tops[start - 2] < FOOTNOTE_GAP * pitch:
        start -= 1      # back through the last run of closely spaced lines
    if start <= 1 or start == len(lines) or tops[start - 1] < FOOTNOTE_ZONE * page.height:
        return set()
    marks = {line[0] for line in lines[start - 1:] if len(line) > 1 and FOOTNOTE_MARK.match(page.words[line[0]].text)
             and page.words[line[1]].text[:1].isupper()}
    return marks if lines[start - 1][0] in marks else set()     # the run opens with a note, or it is no notes


def _candidate(group, field: str, page_number: int) -> dict:
    """What the OCR read in a blanked number, with its lowest word confidence, for a person to confirm."""
    read = "".join(DIGITS.findall("".join(w.text for w in group)))
    return {"field": field, "value": read or " ".join(w.text for w in group),
            "confidence": round(min(w.confidence for w in group), 1), "page": page_number}


def masked_page_text(page: OcrPage, threshold: float, page_number: int = 1, candidates: list | None = None) -> str:
    """The OCR text with uncertain numbers blanked, as `OcrPage.masked_text` does, and more:
    - a number Tesseract split into several words is one group: if any of its words is
      uncertain, all of its digits are blanked;
    - the document's own number ("Số: 1052/UBND-NNTN"), often written in by hand, is kept only
      when it was read as one confident word shaped like a number; otherwise it is written
      "Số: …" (with the symbol when one was read, "Số: … /UBND-NNTN"), which the extractors
      take for a blank number: a handwritten number comes out blank, never half-read."""
    words, text = page.words, page.text
    marks = footnote_marks(page)
    for k in marks:          # as printed, a superscript: the same length, so every offset stays
        text = text[:words[k].start] + words[k].text.translate(TO_SUPERSCRIPT) + text[words[k].end:]
    groups: list[list] = []
    for k, word in enumerate(words):
        same_line = k and text[words[k - 1].end:word.start] == " "
        if k in marks:
            continue
        if DIGIT.search(word.text):
            if groups and same_line and groups[-1][-1] is words[k - 1]:
                groups[-1].append(word)
            else:
                groups.append([word])
    out, pos = [], 0
    for group in groups:
        first = group[0]
        fused = FUSED_LABEL.match(first.text) if not NUMBER_LABEL.search(text, 0, first.start) else None
        line_start = text.rfind("\n", 0, first.start) + 1
        labelled = NUMBER_LABEL.search(text[:first.start]) is not None or (fused and line_start == first.start)
        uncertain = any(w.confidence < threshold for w in group)
        if labelled:
            body = text[first.start + (fused.end() if fused else 0):group[-1].end].strip()
            if len(group) == 1 and not uncertain and DOC_NUMBER.match(body):
                continue
            tail = SYMBOL_TAIL.search(body)
            if candidates is not None:
                digits_of = [w for w in group if not SYMBOL_TAIL.search(w.text) or DIGIT.search(w.text.split("/")[0])]
                candidates.append(_candidate(digits_of or group, "number", page_number))
            start = line_start if fused else first.start
            out += [text[pos:start], "Số: …" if fused else "…", f" {tail.group()}" if tail else ""]
            pos = group[-1].end
            continue
        if not uncertain:
            continue
        if candidates is not None:
            day = DAY_BEFORE.search(text, max(0, first.start - 12), first.start) or first.text.lower().startswith("ngày")
            candidates.append(_candidate(group, "day" if day else "other", page_number))
        for w in group:
            out += [text[pos:w.start], DIGITS.sub("…", w.text)]
            pos = w.end
    out.append(text[pos:])
    return regex.sub(r"(?m)^[ \t]*số[ \t]*:", "Số:", "".join(out), count=1)
