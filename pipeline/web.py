"""The web interface: Datasette over the ntm database (see issue: search and browse)."""
from __future__ import annotations

from pathlib import Path


def serve(db_file: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    raise NotImplementedError("ntm serve is being built")
