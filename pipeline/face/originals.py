"""The original file of a document, for the web's "tệp gốc" link: found by the document's id only,
so no path from a request ever reaches the file system; served only while it is still the file
that was ingested (its real path is the stored one, not a link swapped in since, and its size,
time or content match what the ingest saw)."""
from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

CONTENT_TYPES = {".txt": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8",
                 ".text": "text/plain; charset=utf-8", ".pdf": "application/pdf",
                 ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".doc": "application/msword", ".rtf": "application/rtf",
                 ".odt": "application/vnd.oasis.opendocument.text"}


class OriginalUnavailable(Exception):
    """The file cannot be served; the message (Vietnamese) says why."""


@dataclass
class Original:
    path: Path
    file_name: str
    content_type: str


def original_file(row: dict | None) -> Original:
    """The ingested file of a documents row (`path`, `file_name`, `size`, `mtime_ns`, `sha256`)."""
    if row is None:
        raise OriginalUnavailable("Không có văn bản này.")
    stored = row["path"]
    path = Path(stored)
    if not path.is_absolute() or os.path.realpath(stored) != stored:
        # ingest stores resolved absolute paths: anything else, or a symlink put there since, is refused
        raise OriginalUnavailable("Tệp gốc đã bị thay bằng một liên kết hoặc đường dẫn khác; hãy nạp lại.")
    try:
        st = path.stat()
    except OSError:
        raise OriginalUnavailable(f"Tệp gốc không còn ở {stored}.") from None
    if not path.is_file():
        raise OriginalUnavailable(f"{stored} không còn là một tệp.")
    if (st.st_size, st.st_mtime_ns) != (row.get("size"), row.get("mtime_ns")) and _sha256(path) != row.get("sha256"):
        raise OriginalUnavailable("Tệp gốc đã thay đổi từ lần nạp trước; hãy nạp lại (ntm ingest).")
    suffix = path.suffix.lower()
    content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Original(path=path, file_name=row.get("file_name") or path.name, content_type=content_type)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
