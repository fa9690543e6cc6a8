"""The stages of an ingest as plain functions: find files, decide what changed, read and extract.

The Prefect flow in flows/ingest.py orchestrates these; they hold no Prefect code so that tests,
benchmarks, worker processes and `ntm extract` can call them directly.
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Any

from extractors import extract
from pipeline.read import ReadError, bounds, read_file
from pipeline.read.errors import os_reason
from pipeline.store import Outcome

log = logging.getLogger(__name__)

# Hidden files and editor droppings are not documents.
IGNORED_PREFIXES = (".", "~$")
# What a folder may hold that is a document: the formats the readers take, less Markdown (a folder's
# README.md is about the folder, not a document of the programme). A file named explicitly is always read.
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".rtf", ".odt", ".txt", ".text", ".html", ".htm", ".mht", ".mhtml",
                     ".jpg", ".jpeg", ".png", ".tif", ".tiff")
WEB_PAGE_SUFFIXES = (".html", ".htm")


def skipped_reason(f: Path) -> str | None:
    """Why a file found in a folder is not ingested (None: it is a document to ingest)."""
    if f.stem.lower() in ("readme", "read_me", "read-me"):
        return "tệp README của thư mục, không phải văn bản"
    if f.suffix.lower() not in DOCUMENT_SUFFIXES:
        return f"không phải định dạng văn bản ({f.suffix.lower() or 'không có đuôi'})"
    if _saved_page_part(f):
        return "một phần của trang web đã lưu (thư mục …_files), không phải văn bản riêng"
    return None


def _saved_page_part(f: Path) -> bool:
    """A file in the "X_files" folder a browser or Word saves beside the page "X.html"."""
    for folder in f.parents:
        if folder.name.endswith("_files") and any(
                folder.with_name(folder.name[:-len("_files")] + suffix).is_file() for suffix in WEB_PAGE_SUFFIXES):
            return True
    return False


def discover(paths: list[str | os.PathLike], skipped: list[tuple[str, str]] | None = None,
             refused: list[Outcome] | None = None) -> list[Path]:
    """Every file named, and every document file under every folder named, in a stable order; the
    other files of those folders go to `skipped` as (path, reason).

    Symbolic links found in a folder are followed only to files whose real path lies under one of
    the folders named: a link out of them, a link in a loop and a link to nothing are not
    followed, and each becomes a failed Outcome in `refused` (an error row, not a silent skip).
    Links to folders are not walked (what they lead to inside the folders is walked anyway).
    A file named on the command line is taken as named, link or not.
    """
    named = [Path(p) for p in paths]
    roots = [p.resolve() for p in named if p.is_dir()]

    def refuse(path: Path, message: str) -> None:
        if refused is not None:
            refused.append(Outcome(path=str(path.absolute()), size=0, mtime_ns=0, status="failed",
                                   stage="open", message=message))

    def walk(folder: Path, into: list[Path]) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError as e:
            refuse(folder, f"không mở được thư mục: {e.strerror or e}")
            return
        for entry in entries:
            if entry.name.startswith(IGNORED_PREFIXES):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                document = skipped_reason(path) is None      # other files are only listed as skipped
                try:
                    real = path.resolve(strict=True)
                except FileNotFoundError:
                    refuse(path, "liên kết tượng trưng trỏ tới tệp không tồn tại; không theo") if document \
                        else into.append(path)
                    continue
                except (RuntimeError, OSError):          # Python 3.11 raises RuntimeError on a loop
                    refuse(path, "liên kết tượng trưng tạo thành vòng lặp; không theo") if document else into.append(path)
                    continue
                inside = any(real == root or root in real.parents for root in roots)
                if real.is_dir():
                    if not inside:
                        refuse(path, "liên kết tượng trưng trỏ tới thư mục nằm ngoài các thư mục đang nạp; không theo")
                elif not inside and document:
                    refuse(path, "liên kết tượng trưng trỏ ra ngoài các thư mục đang nạp; không theo")
                elif real.is_file():
                    into.append(path)
            elif entry.is_dir(follow_symlinks=False):
                walk(path, into)
            elif entry.is_file(follow_symlinks=False):
                into.append(path)          # not sockets or pipes: reading a pipe would block

    found: list[Path] = []
    for p in named:
        if p.is_dir():
            inside: list[Path] = []
            walk(p, inside)
            for f in sorted(inside):
                reason = skipped_reason(f)
                if reason is None:
                    found.append(f)
                elif skipped is not None:
                    skipped.append((str(f), reason))
        else:
            found.append(p)
    seen, unique = set(), []
    for f in found:
        key = str(f.resolve()) if f.exists() else str(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def plan(files: list[Path], known: dict[str, tuple[int, int, str]]
         ) -> tuple[list[tuple[str, str | None]], list[str], list[Outcome]]:
    """Split files into (to read, with the sha256 stored for them), unchanged paths, and files
    that cannot even be opened. Size and mtime decide without reading: no file is read twice."""
    todo, unchanged, missing = [], [], []
    for f in files:
        path = str(f.resolve()) if f.exists() else str(f)
        try:
            st = os.stat(path)
        except OSError as e:
            missing.append(Outcome(path=path, size=0, mtime_ns=0, status="failed", stage="open",
                                   message=f"không mở được tệp: {os_reason(e)}"))
            continue
        old = known.get(path)
        if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
            unchanged.append(path)
        else:
            todo.append((path, old[2] if old else None))
    return todo, unchanged, missing


def process_file(path: str, known_sha256: str | None = None) -> Outcome:
    """Read, normalise and extract one file; every failure becomes a failed Outcome.

    The file is opened and hashed here; reading and extraction run within the per-file bounds
    of pipeline.read.bounds (a forked child with a deadline and a memory ceiling), so a file that
    hangs, loops or explodes ends as one failed Outcome and the batch goes on.
    """
    limits = bounds.current()
    try:
        st = os.stat(path)
        if st.st_size > limits.max_file_mb * 2**20:
            return Outcome(path=path, size=st.st_size, mtime_ns=st.st_mtime_ns, status="failed", stage="open",
                           message=f"tệp quá lớn ({st.st_size // 2**20} MB, giới hạn {limits.max_file_mb} MB)")
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        return Outcome(path=path, size=0, mtime_ns=0, status="failed", stage="open",
                       message=f"không mở được tệp: {os_reason(e)}")
    sha256 = hashlib.sha256(data).hexdigest()
    base = dict(path=path, size=st.st_size, mtime_ns=st.st_mtime_ns, sha256=sha256)
    if sha256 == known_sha256:
        return Outcome(status="unchanged", **base)
    if limits.enabled:
        warm_up()
    try:
        return bounds.run_bounded(read_and_extract, path, data, base, limits=limits)
    except bounds.LimitExceeded as e:
        return Outcome(status="failed", stage="limits", message=str(e), **base)
    except Exception as e:  # the child's own error handling failed: still one failed row
        return Outcome(status="failed", stage="read", message=f"lỗi chương trình ({type(e).__name__}: {e})", **base)


# A small document that exercises every extractor: run once in the parent, it loads the modules,
# rule files, gazetteer and tokeniser that every forked child then shares instead of loading
# them again for each file (0.5 s a file otherwise).
WARM_UP_TEXT = """ỦY BAN NHÂN DÂN TỈNH KON TUM
Số: 12/KH-UBND
Kon Tum, ngày 05 tháng 3 năm 2024
KẾ HOẠCH
Xây dựng nông thôn mới năm 2024
Căn cứ Quyết định số 263/QĐ-TTg ngày 22/02/2022 của Thủ tướng Chính phủ.
1. Phấn đấu đến cuối năm 2024 có thêm 05 xã đạt chuẩn nông thôn mới; huyện Đăk Hà đạt 19/19 tiêu chí.
2. Tổng kinh phí 30.433 triệu đồng (vốn ngân sách trung ương 20.000 triệu đồng, vốn địa phương 10.433 triệu đồng).
3. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Ủy ban nhân dân các huyện thực hiện trước ngày 30/6/2024.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""
_warm = False


def warm_up() -> None:
    """Load what reading and extraction need in this process, once, before children are forked."""
    global _warm
    if _warm:
        return
    _warm = True
    try:
        import pdfplumber  # noqa: F401  (the table finder's import, shared by the children)

        import pipeline.read.docx  # noqa: F401
        import pipeline.read.pdf  # noqa: F401
        doc = read_file("warm-up.txt", WARM_UP_TEXT.encode("utf-8"))
        extract(doc).record(doc)
    except Exception as e:   # warming is an optimisation: a failure here must not fail a file
        log.warning("warm-up failed, each file will load the extractors itself: %s: %s", type(e).__name__, e)


def read_and_extract(path: str, data: bytes, base: dict) -> Outcome:
    """The work `process_file` bounds: read → normalise → extract, failures as failed Outcomes."""
    timings: dict[str, float] = {}
    stage = "read"
    try:
        t0 = time.perf_counter()
        doc = read_file(path, data)
        t1 = time.perf_counter()
        stage = "extract"
        record = extract(doc).record(doc)
        t2 = time.perf_counter()
    except ReadError as e:
        return Outcome(status="failed", stage=e.stage, message=str(e), **base)
    except MemoryError:
        limit = (f"hơn {bounds.current().memory_mb} MB bộ nhớ, giới hạn cho một tệp"
                 if bounds.in_bounded_child() else "nhiều bộ nhớ hơn máy đang có")
        return Outcome(status="failed", stage="limits", message=f"dừng ở bước {stage}: tệp cần {limit}", **base)
    except RecursionError:
        return Outcome(status="failed", stage=stage, message="cấu trúc lồng nhau quá sâu, không xử lý được", **base)
    except Exception as e:  # a bug must not lose the file or stop the batch: record it
        where = traceback.extract_tb(e.__traceback__)[-1]
        return Outcome(status="failed", stage=stage,
                       message=f"lỗi chương trình ({type(e).__name__}: {e}; tại {Path(where.filename).name}:{where.lineno})",
                       **base)
    timings["read"] = t1 - t0
    timings["extract"] = t2 - t1
    return Outcome(status="ingested", record=record, text=doc.text,
                   page_runs=doc.page_runs if doc.paged else [],
                   footnotes=[asdict(f) for f in doc.footnotes], seconds=timings, **base)


def process_batch(items: list[tuple[str, str | None]]) -> list[Outcome]:
    return [process_file(path, sha) for path, sha in items]


def extract_record(path: str | os.PathLike) -> dict[str, Any]:
    """The extraction record of one file (`ntm extract`), no database: read → normalise → extract
    within the same per-file bounds as an ingest. Raises ReadError for a file that cannot be read
    or that goes past the bounds."""
    outcome = process_file(os.fspath(path))
    if outcome.status != "ingested" or outcome.record is None:
        raise ReadError(outcome.message or "không đọc được", stage=outcome.stage or "read")
    return outcome.record
