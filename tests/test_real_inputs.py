"""Real-world inputs: scanned PDFs (OCR), legacy fonts, legacy office formats through LibreOffice,
and bad input, each ending as a correct ingest or one clear failure within the per-file bounds
of pipeline.read.bounds (files made in tmp_path by scripts/make_test_documents.py and the tests)."""
from __future__ import annotations

import ctypes
import json
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from flows.stages import process_batch, process_file
from pipeline.read import ReadError, read_file
from pipeline.read import bounds as limits
from pipeline.read.ocr import tesseract_available
from pipeline.store import page_texts
from scripts import make_scanned_pdf
from scripts import make_test_documents as M

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
LETTER = CORPUS / "2024-03-29_cong-van-1052-UBND-NNTN"


needs_tesseract = pytest.mark.skipif(
    not tesseract_available(),
    reason="Tesseract with Vietnamese is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


@pytest.fixture(autouse=True)
def default_limits():
    limits.configure(enabled=True)
    yield
    limits.configure()


# --- OCR ----------------------------------------------------------------------------------------

@needs_tesseract
def test_scanned_seed_003_document_block_through_ntm_extract(tmp_path):
    scan = make_scanned_pdf
    reference = scan.seed_text(M.SEED_003)
    pdf = tmp_path / "scan-003.pdf"
    pages = scan.make_scanned_pdf(reference, pdf)
    started = time.perf_counter()
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "ntm"), "extract", str(pdf), "--json"],
                         capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - started
    assert run.returncode == 0, run.stderr
    record = json.loads(run.stdout)
    info = record["document"]
    assert info["number"] == "1052/UBND-NNTN"
    assert (info["date"], info["place"], info["type"]) == ("2024-03-29", "Kon Tum", "Công văn")
    assert (info["signer"], info["signer_title"]) == ("Nguyễn Hữu Tháp", "Phó Chủ tịch")
    assert info["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"
    assert set(record["ocr_pages"]) == {str(p) for p in range(1, pages + 1)}
    assert all(conf > 85 for conf in record["ocr_pages"].values())
    assert record["references"] and all(r["ocr"] for r in record["references"])
    doc = read_file(pdf)
    cer = character_error_rate(reference, doc.text)
    print(f"\nOCR seed 003: {pages} pages, {seconds:.1f} s with `ntm extract`, CER {cer:.4f}")
    assert cer < 0.02


@needs_tesseract
@pytest.mark.parametrize("seed", [3, 1, 7])
def test_handwritten_number_is_blank_not_wrong(tmp_path, seed):
    """Tesseract's misread is blanked; the second read (pipeline/read/ocr_fill_ins.py) may give the
    number when its two reads agree and Tesseract's read does not contradict them (seed 7), never
    another number."""
    doc = read_file(M.handwritten_number_scan(tmp_path / "hw.pdf", seed=seed))
    from extractors import extract
    info = extract(doc).document
    assert info.number in (None, "1052/UBND-NNTN")
    assert doc.text.startswith("Số: … /UBND-NNTN\n")
    assert (info.number_symbol, info.date, info.signer) == ("UBND-NNTN", "2024-03-29", "Nguyễn Hữu Tháp")


def test_uncertain_number_groups_are_blanked():
    from pipeline.read.ocr import masked_page_text as _masked_ocr_text
    from pipeline.read.ocr import parse_tsv
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [("Số:", 96), ("7", 94), ("052", 97), ("/UBND-NNTN", 91), ("đạt", 95), ("1", 60), ("2,5", 92), ("tỷ", 95)]
    tsv = [header] + [f"5\t1\t1\t1\t{1 if i < 4 else 2}\t{i}\t0\t0\t1\t1\t{c}\t{t}" for i, (t, c) in enumerate(rows)]
    page = parse_tsv("\n".join(tsv))
    assert _masked_ocr_text(page, 80) == "Số: … /UBND-NNTN\nđạt … …,… tỷ"
    confident = parse_tsv("\n".join([header, "5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t96\tSố:",
                                     "5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t95\t1052/UBND-NNTN"]))
    assert _masked_ocr_text(confident, 80) == "Số: 1052/UBND-NNTN"


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Edits per reference character, from difflib's alignment (as tests/test_ocr.py)."""
    import difflib
    edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in
                difflib.SequenceMatcher(None, reference, hypothesis, autojunk=False).get_opcodes() if op != "equal")
    return edits / max(len(reference), 1)


def _mixed_pdf(path: Path, scan_only: bool = False) -> Path:
    from reportlab.pdfgen.canvas import Canvas
    canvas = Canvas(str(path))
    if not scan_only:
        canvas.drawString(72, 720, "Trang mot co chu.")
        canvas.showPage()
    canvas.rect(72, 72, 300, 500, fill=1)
    canvas.showPage()
    canvas.save()
    return path


def test_without_tesseract_scans_fail_clearly_and_text_pages_stay(tmp_path, monkeypatch):
    import pipeline.read.ocr as ocr
    monkeypatch.setattr(ocr, "tesseract_available", lambda: False)
    with pytest.raises(ReadError, match="tesseract-ocr-vie") as e:
        read_file(_mixed_pdf(tmp_path / "scan.pdf", scan_only=True))
    assert e.value.stage == "ocr"
    doc = read_file(_mixed_pdf(tmp_path / "mixed.pdf"))
    assert doc.text == "Trang mot co chu." and doc.skipped_pages == [2] and doc.ocr_confidence == {}


@needs_tesseract
def test_ocr_time_is_granted_per_scanned_page(tmp_path):
    scan = make_scanned_pdf
    pdf = tmp_path / "scan.pdf"
    scan.make_scanned_pdf(scan.seed_text(M.SEED_003), pdf)
    limits.configure(seconds=0.8)            # less than one page of OCR: `extend` must add time
    outcome = process_file(str(pdf))
    assert outcome.status == "ingested", outcome.message
    assert outcome.record["document"]["number"] == "1052/UBND-NNTN"


# --- legacy fonts -------------------------------------------------------------------------------

def test_legacy_font_runs_in_docx(tmp_path, monkeypatch):
    import pipeline.read.docx as docx_reader
    monkeypatch.setattr(docx_reader, "fix_legacy_text", lambda text: text)   # fonts alone must do it
    doc = read_file(M.legacy_docx(tmp_path / "tcvn3.docx"))
    assert doc.text.split("\n") == M.LEGACY_EXPECTED


def test_legacy_fonts_in_pdf(tmp_path, monkeypatch):
    import pipeline.read.pdf as pdf_reader
    monkeypatch.setattr(pdf_reader, "fix_legacy_text", lambda text: text)
    doc = read_file(M.legacy_pdf(tmp_path / "tcvn3.pdf"))
    assert doc.text == "\n".join(M.LEGACY_EXPECTED[:2]) + "\n" + " ".join(M.LEGACY_EXPECTED[2:4])


# --- legacy office formats ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def office_files(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("office")
    out = {}
    for fmt in ("doc", "rtf", "odt"):
        profile = folder / f"profile-{fmt}"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
                        "--outdir", str(folder), str(LETTER.with_suffix(".docx"))],
                       capture_output=True, timeout=120, check=True)
        out[fmt] = folder / f"{LETTER.name}.{fmt}"
    return out


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_legacy_office_formats_read_like_the_docx(office_files, fmt):
    from extractors import extract
    doc = read_file(office_files[fmt])
    original = read_file(LETTER.with_suffix(".docx"))
    assert doc.format == fmt
    assert doc.text == original.text
    info = extract(doc).document
    assert (info.number, info.date, info.signer) == ("1052/UBND-NNTN", "2024-03-29", "Nguyễn Hữu Tháp")


@needs_soffice
def test_content_decides_among_word_formats(office_files, tmp_path):
    renamed = tmp_path / "thu.doc"
    renamed.write_bytes(office_files["rtf"].read_bytes())       # Word saves RTF as .doc too
    assert read_file(renamed).format == "rtf"
    docx_as_doc = tmp_path / "moi.doc"
    docx_as_doc.write_bytes(LETTER.with_suffix(".docx").read_bytes())
    assert read_file(docx_as_doc).format == "docx"


def test_legacy_office_without_libreoffice(tmp_path, monkeypatch):
    import pipeline.read.office as office
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    with pytest.raises(ReadError, match="libreoffice-writer-nogui") as e:
        read_file(path)
    assert e.value.stage == "convert"


@pytest.mark.parametrize("name,data,message", [
    ("hong.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(0).randbytes(3000), "luồng WordDocument"),
    ("hong.rtf", b"{\\rtf1" + random.Random(1).randbytes(3000), "byte nhị phân"),
    ("hong.odt", b"PK\x03\x04" + bytes(26) + b"mimetypeapplication/vnd.oasis.opendocument.text" + bytes(100),
     "tệp nén ZIP"),
])
def test_damaged_legacy_office_fails_before_libreoffice(tmp_path, monkeypatch, name, data, message):
    import pipeline.read.office as office
    monkeypatch.setattr(office.subprocess, "Popen", lambda *a, **k: pytest.fail("LibreOffice started"))
    monkeypatch.setattr(office.shutil, "which", lambda exe: "/usr/bin/soffice")
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError, match=message):
        read_file(path)


# --- bad input: one clear failure, or a correct ingest, within the bounds ----------------------

def _failed(outcome, stage: str | None, pattern: str) -> None:
    import re
    assert outcome.status == "failed", outcome
    assert stage is None or outcome.stage == stage, outcome
    assert re.search(pattern, outcome.message), outcome.message


def test_bad_files_each_end_in_one_clear_outcome(tmp_path):
    pdf = LETTER.with_suffix(".pdf").read_bytes()
    docx = LETTER.with_suffix(".docx").read_bytes()
    files = {
        "zero.pdf": b"",
        "cut.pdf": pdf[: len(pdf) // 2],
        "cut.docx": docx[: len(docx) // 3],
        "pdf-as.docx": pdf,
        "docx-as.txt": docx,
        "anh.jpg": b"\xff\xd8\xff\xe0" + bytes(100),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    M.encrypted_pdf(tmp_path / "mat-khau.pdf")
    M.owner_locked_pdf(tmp_path / "chi-in.pdf")
    M.zip_bomb_docx(tmp_path / "bom.docx", megabytes=300)
    M.lying_zip_bomb_docx(tmp_path / "bom-gia.docx", megabytes=300)
    M.nested_tables_docx(tmp_path / "long-nhau.docx")
    (tmp_path / "docx-as.doc").write_bytes(docx)          # a wrong extension Word would open
    out = {Path(o.path).name: o for o in process_batch([(str(p), None) for p in sorted(tmp_path.iterdir())])}
    _failed(out["zero.pdf"], "read", "tệp rỗng")
    _failed(out["cut.pdf"], "pdf", "PDF bị cắt cụt")
    _failed(out["cut.docx"], "docx", "DOCX bị hỏng hoặc bị cắt cụt")
    _failed(out["pdf-as.docx"], "read", "đuôi .docx nhưng nội dung là PDF")
    _failed(out["docx-as.txt"], "read", "đuôi .txt nhưng nội dung là DOCX")
    _failed(out["anh.jpg"], "image", "tệp ảnh bị hỏng")
    _failed(out["mat-khau.pdf"], "pdf", "PDF có mật khẩu: cần mật khẩu")
    _failed(out["bom.docx"], "docx", "bom ZIP")
    _failed(out["bom-gia.docx"], "docx", "không giải nén được")
    _failed(out["long-nhau.docx"], "docx", "không phải XML hợp lệ")
    assert out["chi-in.pdf"].status == "ingested"           # an owner password only restricts printing
    assert "45/KH-UBND" in out["chi-in.pdf"].text
    assert out["docx-as.doc"].status == "ingested"
    assert out["docx-as.doc"].record["document"]["number"] == "1052/UBND-NNTN"


def test_two_thousand_page_pdf_within_bounds(tmp_path):
    pdf = M.many_pages_pdf(tmp_path / "2000.pdf", pages=2000)
    started = time.perf_counter()
    outcome = process_file(str(pdf))
    seconds = time.perf_counter() - started
    assert outcome.status == "ingested", outcome.message
    assert outcome.record["pages"] == 2000 and len(page_texts(outcome)) == 2000
    print(f"\n2,000-page PDF: {seconds:.1f} s for read + extract in the bounded child "
          f"(read {outcome.seconds['read']:.1f} s, extract {outcome.seconds['extract']:.1f} s)")
    limits.configure(max_pages=1999)
    _failed(process_file(str(pdf)), "pdf", r"quá nhiều trang \(2000, giới hạn 1999\)")


def test_file_size_limit(tmp_path):
    big = tmp_path / "to.txt"
    big.write_bytes(b"a" * (2 * 2**20))
    limits.configure(max_file_mb=1)
    _failed(process_file(str(big)), "open", "tệp quá lớn")


def _loop_forever(*args, **kwargs):
    while True:
        pass


def _sleep_in_c(*args, **kwargs):
    ctypes.CDLL(None).sleep(600)       # a loop in C: no Python signal handler would run


@pytest.mark.parametrize("hang", [_loop_forever, _sleep_in_c], ids=["python-loop", "c-call"])
def test_a_hanging_table_finder_is_stopped_and_the_batch_goes_on(tmp_path, monkeypatch, hang):
    import pipeline.read.pdf as pdf_reader
    monkeypatch.setattr(pdf_reader, "find_tables", hang)
    tables = M.tables_pdf(tmp_path / "bang.pdf")
    good = tmp_path / "good.txt"
    good.write_bytes(LETTER.with_suffix(".txt").read_bytes())
    limits.configure(seconds=2)
    first, second = process_batch([(str(tables), None), (str(good), None)])
    _failed(first, "limits", r"chạy quá \d+ giây \(giới hạn 2 giây một tệp\)")
    assert second.status == "ingested"


def test_memory_bound(tmp_path, monkeypatch):
    import pipeline.read as readers

    def greedy(path, data):
        hoard = [bytearray(64 * 2**20) for _ in range(64)]        # 4 GB
        return hoard
    monkeypatch.setitem(readers.READERS, ".txt", greedy)
    path = tmp_path / "a.txt"
    path.write_text("Ủy ban nhân dân")
    limits.configure(memory_mb=256)
    _failed(process_file(str(path)), None, "hết bộ nhớ|cần hơn 256 MB")


def test_limits_from_the_environment(monkeypatch):
    monkeypatch.setenv("NTM_FILE_SECONDS", "12")
    monkeypatch.setenv("NTM_FILE_MEMORY_MB", "300")
    monkeypatch.setenv("NTM_MAX_PAGES", "50")
    monkeypatch.setenv("NTM_LIMITS", "0")
    limits.configure()
    got = limits.current()
    assert (got.seconds, got.memory_mb, got.max_pages, got.enabled) == (12, 300, 50, False)
    assert limits.run_bounded(lambda: 42) == 42           # in-process when off
