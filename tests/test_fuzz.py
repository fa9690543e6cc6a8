"""Fuzzing with hypothesis: readers, normalisation, legacy conversion and extraction never fail
with anything but ReadError, and every fact points at exactly the text it quotes.

Bounded to run in well under a minute; NTM_FUZZ_EXAMPLES=2000 raises the budget of every test.
"""
from __future__ import annotations

import importlib.util
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.model import FACT_KINDS, Extraction
from pipeline.model.normalize import normalize_pages
from pipeline.read import ReadError, decode_text, read_file
from pipeline.read.legacy import ENCODINGS, convert, convert_run, detect_legacy, fix_legacy_text

EXAMPLES = int(os.environ.get("NTM_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("NTM_FUZZ_EXAMPLES"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CHEAP = settings(FUZZ, max_examples=EXAMPLES * 4)

VIETNAMESE_LETTERS = ("aáàảãạăắằẳẵặâấầẩẫậbcdđeéèẻẽẹêếềểễệghiíìỉĩịklmnoóòỏõọôốồổỗộơớờởỡợpqrstuúùủũụ"
                      "ưứừửữựvxyýỳỷỹỵ")
ALPHABET = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "0123456789 .,;:()/-%\n"
TOKENS = ["Số:", "Số", "ngày", "tháng", "năm", "/", "-", "\n", "\n\n", "⁽¹⁾", "⁽²⁾", "¹", "<sup>1</sup>",
          "UBND", "KH", "QĐ", "NQ-HU", "1052", "2024", "29/3/2024", "30.433", "46,35%", "triệu đồng",
          "tỷ đồng", "xã", "huyện", "tỉnh Kon Tum", "Kon Tum,", "Đăk Hà", "Ủy ban nhân dân", "tiêu chí",
          "nông thôn mới", "đạt", "phấn đấu", "đến năm 2025", "TM.", "KT. CHỦ TỊCH", "Nơi nhận:",
          "Kính gửi:", "giao", "chủ trì", "phối hợp", "quý II/2024", "**", "- ", "1.", "a)", "I.", "Ð"]

vietnamese_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(alphabet=ALPHABET, max_size=12)),
                           max_size=60).map(" ".join)
any_text = st.text(max_size=400)
pages_of = st.lists(st.one_of(vietnamese_text, any_text), min_size=1, max_size=4)


def check_facts(doc, result: Extraction) -> None:
    for name in FACT_KINDS:
        for fact in getattr(result, name):
            start, end = fact.span
            assert 0 <= start <= end <= len(doc.text), (name, fact)
            assert fact.text == doc.printed[start:end], (name, fact)


def check_document(doc) -> None:
    assert len(doc.printed) == len(doc.text)
    assert isinstance(doc.text, str)
    for note in doc.footnotes:
        assert note.text == doc.text[note.span[0]:note.span[1]]
        for s, e in note.citations:
            assert 0 <= s < e <= len(doc.text)
    offsets = [offset for offset, _ in doc.page_runs]
    assert offsets == sorted(offsets) and all(0 <= o <= max(len(doc.text), 0) for o in offsets)


# --- decoding -------------------------------------------------------------------------------

@CHEAP
@given(st.binary(max_size=2000))
def test_decode_text_arbitrary_bytes(data):
    try:
        assert isinstance(decode_text(data), str)
    except ReadError:
        pass


@CHEAP
@given(vietnamese_text)
def test_unicode_vietnamese_is_never_taken_for_legacy(text):
    assert detect_legacy(text) is None
    assert fix_legacy_text(text) == text
    try:
        assert decode_text(text.encode("utf-8")) == text
    except ReadError:
        pass


@CHEAP
@given(any_text, st.sampled_from(ENCODINGS), st.booleans(), st.sampled_from([None, ".VnTime", ".VnTimeH", "VNI-Times", "Arial"]))
def test_legacy_conversion_never_fails(text, encoding, upper, font):
    assert isinstance(convert(text, encoding, upper=upper), str)
    assert detect_legacy(text) in (None, *ENCODINGS)
    assert isinstance(convert_run(text, font), str)


@CHEAP
@given(st.text(alphabet="".join(map(chr, range(0x20, 0x100))) + "\n", max_size=400))
def test_legacy_bytes_never_fail(text):
    data = text.encode("latin-1")
    try:
        decode_text(data)
    except ReadError:
        pass


# --- normalisation and extraction -----------------------------------------------------------

@FUZZ
@given(pages_of, st.booleans())
def test_normalize_pages(pages, paged):
    doc = normalize_pages(pages, fmt="pdf" if paged else "txt", paged=paged)
    check_document(doc)


@FUZZ
@given(pages_of)
def test_extract_spans_point_at_their_text(pages):
    from extractors import extract

    doc = normalize_pages(pages, fmt="pdf", paged=True)
    check_facts(doc, extract(doc))


# --- whole files ----------------------------------------------------------------------------

def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _small_docx(paragraphs: list[str]) -> bytes:
    import docx
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Số: 12/KH-UBND", "Kon Tum, ngày 1 tháng 2 năm 2024"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _small_pdf(paragraphs: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                 "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"):
        if Path(path).exists():
            pdfmetrics.registerFont(TTFont("Viet", path))
            font = "Viet"
            break
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    y = 800
    for p in paragraphs:
        for line in p.split("\n"):
            c.setFont(font, 11)
            c.drawString(50, y, line[:90])
            y -= 14
            if y < 60:
                c.showPage()
                y = 800
    c.save()
    return out.getvalue()


SUFFIXES = [".txt", ".md", ".docx", ".pdf", ".doc", ".rtf", ".odt", ".html", ".mht", ".jpg", ".png", ".tif", ""]
MAGIC = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf1", b"\xef\xbb\xbf", b"\xff\xfe",
         b"<!DOCTYPE html><table><tr><td rowspan=3>", b"MIME-Version: 1.0\nContent-Type: multipart/related; "
         b"boundary=x\n\n--x\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n",
         b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"II*\x00"]


def _read(suffix: str, data: bytes):
    if suffix == ".docx" and not _module_exists("pipeline.read.docx"):
        return None
    if suffix == ".pdf" and not _module_exists("pipeline.read.pdf"):
        return None
    with tempfile.TemporaryDirectory(prefix="ntm-fuzz-") as tmp:
        path = Path(tmp) / f"f{suffix}"
        path.write_bytes(data)
        try:
            return read_file(path)
        except ReadError:
            return None


@FUZZ
@given(st.sampled_from(SUFFIXES), st.sampled_from(MAGIC), st.binary(max_size=3000))
def test_read_file_arbitrary_bytes(suffix, magic, body):
    doc = _read(suffix, magic + body)
    if doc is not None:
        check_document(doc)


cells = st.tuples(vietnamese_text, st.integers(0, 4), st.integers(0, 4), st.sampled_from(["td", "th"]))
html_tables = st.lists(st.lists(cells, max_size=6), max_size=6).map(
    lambda rows: "<table>" + "".join(
        "<tr>" + "".join(f'<{tag} rowspan="{down}" colspan="{across}">{text}</{tag}>' for text, down, across, tag in row)
        + "</tr>" for row in rows) + "</table>")


@FUZZ
@given(st.lists(st.one_of(vietnamese_text.map(lambda t: f"<p>{t}</p>"), html_tables,
                          st.sampled_from(["<br>", "<nav>Trang chủ</nav>", '<a href="#n1">[1]</a>', "<pre>a\n b</pre>"])),
                min_size=1, max_size=8))
def test_web_pages_with_spanning_tables(blocks):
    """Pages of paragraphs and tables whose cells span rows and columns at random."""
    doc = _read(".html", ("<html><body>" + "".join(blocks) + "</body></html>").encode())
    if doc is not None:
        check_document(doc)
        for table in doc.tables:
            for row in [table.header, *table.rows]:
                assert all(c.span is None or doc.text[c.span[0]:c.span[1]] == c.text for c in row)
        from extractors import extract
        check_facts(doc, extract(doc))


@FUZZ
@given(st.lists(vietnamese_text, min_size=1, max_size=5), st.sampled_from([".docx", ".pdf"]),
       st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8), st.booleans())
def test_read_file_valid_and_damaged_documents(paragraphs, suffix, flips, truncate):
    """A real DOCX/PDF with Vietnamese-looking text, then the same with bytes overwritten or cut."""
    data = _small_docx(paragraphs) if suffix == ".docx" else _small_pdf(paragraphs)
    doc = _read(suffix, data)
    if doc is not None:
        check_document(doc)
        from extractors import extract
        check_facts(doc, extract(doc))
    damaged = bytearray(data)
    for position, value in flips:
        damaged[position % len(damaged)] = value
    if truncate:
        damaged = damaged[: len(damaged) // 2]
    doc = _read(suffix, bytes(damaged))
    if doc is not None:
        check_document(doc)
