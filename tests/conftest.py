import os
import shutil
import tempfile
from pathlib import Path

# Prefect's temporary server keeps its state under PREFECT_HOME: one fresh home per test session.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="ntm-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# A loaded 2-core machine starts the temporary server slowly (prefect 3.8 default: 20 s); wait, never skip.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# The five seed documents, copied here so that a bare clone tests without the shared folder beside it.
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
CORPUS = ROOT / "corpus"


@pytest.fixture
def seeds_dir(tmp_path) -> Path:
    """A private copy of the seed documents (their mtimes are the test's to change)."""
    dst = tmp_path / "seeds"
    dst.mkdir()
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, dst / f.name)
    return dst


def ingested(files, root: Path) -> Path:
    """The files copied into root/docs and ingested by the real flow into root/ntm.db (each must load)."""
    from flows.ingest import ingest

    docs = root / "docs"
    docs.mkdir()
    for f in files:
        shutil.copy(f, docs / f.name)
    db = root / "ntm.db"
    summary = ingest([str(docs)], db_path=str(db), workers=1)
    assert not summary.failed, summary.failed
    return db
