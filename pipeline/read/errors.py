"""The one error every reader raises: a file that cannot be turned into a Document."""
from __future__ import annotations

import hashlib


class ReadError(Exception):
    """A file that cannot be turned into a Document; `stage` says which step failed."""

    def __init__(self, message: str, stage: str = "read"):
        super().__init__(message)
        self.stage = stage


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
