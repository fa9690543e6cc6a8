"""Plain text files: UTF-8 (with or without BOM), UTF-16 with or without BOM, Windows-1258 and
TCVN3/VNI bytes; anything else is a clear error, never a guess."""
from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.model import Document
from pipeline.model.normalize import normalize_pages
from pipeline.read.errors import ReadError, sha256_bytes
from pipeline.read.legacy import decode_legacy_bytes, fix_legacy_text


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: Latin letters leave a NUL in every other byte (Vietnamese ones
    do not, so a share of them is enough)."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if half >= 2 and odd >= 0.3 * half and even == 0:
        return "utf-16-le"
    if half >= 2 and even >= 0.3 * half and odd == 0:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16, Windows-1258 or TCVN3/VNI bytes; else a clear error."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ReadError(f"không phải văn bản UTF-16 hợp lệ (byte lỗi ở vị trí {e.start})") from None
    elif (encoding := _bomless_utf16(data[:4096])) is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise ReadError("nội dung nhị phân, không phải tệp văn bản (có byte NUL)")
    try:
        # Text typed in a TCVN3/VNI font and pasted into a UTF-8 file reads "Uû ban nh©n d©n".
        text = fix_legacy_text(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        text = decode_legacy_bytes(data)      # Windows-1258, or TCVN3/VNI bytes
        if text is None:
            raise ReadError(f"không phải văn bản UTF-8, UTF-16, Windows-1258, TCVN3 hay VNI (byte không hợp lệ ở "
                            f"vị trí {e.start}); hãy lưu lại tệp dạng UTF-8") from None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 8:
        raise ReadError("nội dung nhị phân, không phải tệp văn bản (có ký tự điều khiển)")
    return text


def read_text(path: Path, data: bytes) -> Document:
    text = decode_text(data)
    if not text.strip():
        raise ReadError("tệp rỗng: không có chữ nào để đọc")
    return normalize_pages([text], fmt="txt", sha256=sha256_bytes(data), path=str(path))
