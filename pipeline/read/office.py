"""Legacy word-processor files (.doc, .rtf, .odt): converted to DOCX by LibreOffice headless, in
a private profile and a process group of its own that is killed on timeout (and dies with the
process that started it), then read as DOCX."""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from pipeline.model import Document
from pipeline.read import bounds, lifetime
from pipeline.read.errors import ReadError, sha256_bytes

LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
CONVERT_SECONDS = 120            # one LibreOffice conversion; the process group is killed after it
LEGACY_FORMATS = {".doc": "DOC (Word 97-2003)", ".rtf": "RTF", ".odt": "ODT (OpenDocument)"}


def _check_legacy(fmt: str, data: bytes) -> None:
    """Cheap checks before starting LibreOffice, so damaged files fail fast and clearly."""
    name = LEGACY_FORMATS[fmt]
    if fmt == ".doc":
        if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or len(data) < 1536:
            raise ReadError(f"tệp {name} bị hỏng: không phải tài liệu OLE2", stage="convert")
        if "WordDocument".encode("utf-16-le") not in data:
            raise ReadError(f"tệp {name} bị hỏng hoặc không phải của Word: không có luồng WordDocument "
                            "(tệp Excel hay PowerPoint?)", stage="convert")
    elif fmt == ".rtf":
        head = data[:65536]
        if not head.startswith(b"{\\rtf"):
            raise ReadError(f"tệp {name} bị hỏng: thiếu phần đầu {{\\rtf", stage="convert")
        if sum(b >= 0x80 or (b < 0x20 and b not in b"\r\n\t") for b in head) > 0.01 * len(head):
            raise ReadError(f"tệp {name} bị hỏng: có byte nhị phân ở phần phải là văn bản 7-bit", stage="convert")
    elif fmt == ".odt":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise ReadError(f"tệp {name} bị hỏng hoặc bị cắt cụt: không phải tệp nén ZIP đọc được", stage="convert") from None
        if "content.xml" not in names:
            raise ReadError(f"tệp {name} bị hỏng: không có content.xml", stage="convert")


def convert_to_docx(fmt: str, data: bytes) -> bytes:
    """A .doc/.rtf/.odt file converted to DOCX by LibreOffice headless, in a private profile (so
    parallel conversions do not share one) and a new process group (killed on timeout)."""
    name = LEGACY_FORMATS[fmt]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError(f"tệp {name} được đọc qua LibreOffice nhưng máy chưa cài "
                        f"(Debian: apt-get install {LIBREOFFICE_PACKAGE}); hoặc lưu lại tệp dạng DOCX hay PDF",
                        stage="convert")
    _check_legacy(fmt, data)
    bounds.extend(CONVERT_SECONDS)
    with tempfile.TemporaryDirectory(prefix="ntm-soffice-") as tmp:
        source = Path(tmp) / f"document{fmt}"
        source.write_bytes(data)
        out = Path(tmp) / "out"
        command = [soffice, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
                   "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
                   "--convert-to", "docx", "--outdir", str(out), str(source)]
        env = {**os.environ, "HOME": tmp, "SAL_USE_VCLPLUGIN": "svp"}
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=env, start_new_session=True,
                                preexec_fn=lifetime.preexec())
        try:
            _, err = proc.communicate(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ReadError(f"LibreOffice chuyển đổi tệp {name} quá {CONVERT_SECONDS} giây",
                            stage="convert") from None
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)     # soffice.bin left behind, if any
            except (ProcessLookupError, PermissionError):
                pass
        result = out / "document.docx"
        if not result.exists() or result.stat().st_size == 0:
            message = [ln for ln in err.decode("utf-8", "replace").splitlines()
                       if ln.strip() and "javaldx" not in ln][-1:] or ["không có kết quả"]
            raise ReadError(f"tệp {name} bị hỏng: LibreOffice không chuyển đổi được ({message[0].strip()})",
                            stage="convert")
        return result.read_bytes()


def read_legacy_office(path: Path, data: bytes, fmt: str) -> Document:
    docx = convert_to_docx(fmt, data)
    from pipeline.read.docx import read_docx

    doc = read_docx(path, docx)
    doc.format = fmt[1:]
    doc.sha256 = sha256_bytes(data)
    return doc
