"""Cheap refusals before expensive work (issue 14, finding 6): blank pages are not OCRed and a
file without text is an error row; a memory-bound hit says so; a reader's library error is a
clean error; `ntm extract` runs within the same per-file bounds as an ingest."""
from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from flows.ingest import ingest
from flows.stages import process_file
from pipeline.read import bounds
from scripts.make_test_documents import write_pdf_objects

ROOT = Path(__file__).resolve().parent.parent
LETTER_DOCX = ROOT / "corpus" / "2024-03-29_cong-van-1052-UBND-NNTN.docx"


@pytest.fixture(autouse=True)
def default_limits():
    bounds.configure(enabled=True)
    yield
    bounds.configure()


def blank_pdf(out: Path, pages: int) -> Path:
    """A PDF of `pages` empty A4 pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{' '.join(f'{3 + i} 0 R' for i in range(pages))}] /Count {pages} >>".encode()]
    return write_pdf_objects(out, objects + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages)


def blank_scan_pdf(out: Path, pages: int = 3) -> Path:
    """Scanned blank sheets: white page images, no text layer."""
    from PIL import Image
    sheets = [Image.new("L", (1240, 1754), 255) for _ in range(pages)]
    sheets[0].save(out, save_all=True, append_images=sheets[1:], resolution=150)
    return out


def test_blank_pdfs_are_refused_as_error_rows_without_ocr(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    blank_pdf(folder / "trang-trang.pdf", 1999)
    blank_scan_pdf(folder / "quet-trang.pdf")
    (folder / "khoang-trang.txt").write_text(" \n\t\n   \n", encoding="utf-8")
    # No time is granted for OCR: were a page OCRed, the 1,999 pages would end on the time limit.
    bounds.configure(enabled=True, ocr_seconds_per_page=0, seconds=60, max_seconds=60)
    summary = ingest([str(folder)], db_path=str(tmp_path / "ntm.db"), workers=1)
    assert summary.ingested == []
    failed = {Path(p).name: (stage, message) for p, stage, message in summary.failed}
    assert failed["trang-trang.pdf"] == ("read", "không có chữ nào trên cả 1999 trang: tệp trống, "
                                                 "hoặc các trang là ảnh không có lớp chữ")
    assert failed["quet-trang.pdf"][1].startswith("không có chữ nào trên cả 3 trang")
    assert "không có chữ nào" in failed["khoang-trang.txt"][1]


def millions_of_paragraphs_docx(out: Path, paragraphs: int = 1_500_000) -> Path:
    """A small DOCX (~150 KB) whose body holds a million and a half one-letter paragraphs."""
    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * paragraphs
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
                   f'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    return out


PROCESS_ONE_FILE = """
import json, sys
from flows.stages import process_file
outcome = process_file(sys.argv[1])
print(json.dumps([outcome.status, outcome.stage, outcome.message]))
"""


def test_a_memory_bound_hit_says_so(tmp_path):
    # In a fresh interpreter: the bound counts address space beyond what the child inherits, and
    # the heap that this long test process has grown and freed would be inherited room. The time
    # bound is generous so that a slow machine cannot end the file on time before memory.
    path = millions_of_paragraphs_docx(tmp_path / "trieu-doan.docx")
    env = {**os.environ, "NTM_FILE_MEMORY_MB": "300", "NTM_FILE_SECONDS": "600"}
    run = subprocess.run([sys.executable, "-c", PROCESS_ONE_FILE, str(path)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    status, stage, message = json.loads(run.stdout.strip().splitlines()[-1])
    assert (status, stage) == ("failed", "limits") and "300 MB bộ nhớ" in message, message


def unsupported_zip_docx(out: Path, how: str) -> Path:
    """The letter's DOCX with its document part marked as packed by a method zipfile does not
    have (Deflate64, method 9) or as needing a ZIP version it does not know (9.9)."""
    data = bytearray(LETTER_DOCX.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    central = next(i for i in _all(data, b"PK\x01\x02")          # its entry in the central directory
                   if struct.unpack("<I", data[i + 42:i + 46])[0] == info.header_offset)
    if how == "method":
        data[central + 10:central + 12] = struct.pack("<H", 9)
        data[info.header_offset + 8:info.header_offset + 10] = struct.pack("<H", 9)
    else:
        data[central + 6:central + 8] = struct.pack("<H", 99)
    out.write_bytes(bytes(data))
    return out


def _all(data: bytearray, needle: bytes):
    at = data.find(needle)
    while at >= 0:
        yield at
        at = data.find(needle, at + 1)


@pytest.mark.parametrize("how", ["method", "version"])
def test_an_unsupported_zip_is_a_clean_error_in_ingest_and_extract(tmp_path, how):
    path = unsupported_zip_docx(tmp_path / f"nen-la-{how}.docx", how)
    outcome = process_file(str(path))
    assert (outcome.status, outcome.stage) == ("failed", "docx")
    assert outcome.message.startswith("tệp DOCX được nén theo cách không giải nén được"), outcome.message
    run = subprocess.run([sys.executable, "-m", "pipeline.face.cli", "extract", str(path), "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "được nén theo cách không giải nén được" in run.stderr


def test_ntm_extract_runs_within_the_per_file_bounds(tmp_path):
    path = millions_of_paragraphs_docx(tmp_path / "trieu-doan.docx")
    env = {**os.environ, "NTM_FILE_MEMORY_MB": "300", "NTM_FILE_SECONDS": "600"}
    run = subprocess.run([sys.executable, "-m", "pipeline.face.cli", "extract", str(path), "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 2, (run.stdout[-500:], run.stderr[-2000:])
    assert "300 MB bộ nhớ" in run.stderr and "Traceback" not in run.stderr, run.stderr[-2000:]
