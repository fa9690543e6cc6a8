"""The one error every reader raises: a file that cannot be turned into a Document."""
from __future__ import annotations

import errno
import hashlib


class ReadError(Exception):
    """A file that cannot be turned into a Document; `stage` says which step failed."""

    def __init__(self, message: str, stage: str = "read"):
        super().__init__(message)
        self.stage = stage


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# What the operating system says, in Vietnamese, for the failures an office meets (errno → text).
OS_REASONS = {errno.ENOENT: "tệp không còn ở đó", errno.EACCES: "không có quyền đọc", errno.EPERM: "không được phép đọc",
              errno.EISDIR: "đây là thư mục", errno.ENAMETOOLONG: "tên tệp quá dài", errno.EIO: "lỗi đọc ổ đĩa",
              errno.ELOOP: "liên kết tượng trưng vòng lặp", errno.ENOSPC: "ổ đĩa đầy", errno.EMFILE: "mở quá nhiều tệp"}


def os_reason(e: OSError) -> str:
    """Why a file could not be opened, in Vietnamese (the system's own words for a rare errno)."""
    return OS_REASONS.get(e.errno, e.strerror or str(e))
