"""Several writers on one database: two `ntm ingest` runs of overlapping folders at once (issue 14,
finding 2). Real processes, a real SQLite file: each must finish, and each file be there once."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlite_utils
from test_ingest import snapshot

from flows.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent


def _copies(seeds: Path, folder: Path, numbers: range) -> None:
    folder.mkdir()
    for i in numbers:
        for f in sorted(seeds.glob("*.txt")):
            (folder / f"{i:02d}_{f.name}").write_text(f.read_text(encoding="utf-8") + f"\nBản sao {i}.\n",
                                                      encoding="utf-8")


def test_two_ingests_of_overlapping_folders_at_once(seeds_dir, tmp_path):
    shared = tmp_path / "inbox"
    _copies(seeds_dir, shared, range(8))
    only_a, only_b = tmp_path / "a", tmp_path / "b"
    _copies(seeds_dir, only_a, range(8, 10))
    _copies(seeds_dir, only_b, range(10, 12))
    db = tmp_path / "ntm.db"                       # new: both runs also race to create the schema
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    runs = [subprocess.Popen([sys.executable, "-m", "pipeline.face.cli", "ingest", str(shared), str(extra),
                              "--workers", "1", "--db", str(db)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for extra in (only_a, only_b)]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    for run, out in zip(runs, outputs):
        assert run.returncode == 0, out[-3000:]
    expected = {str(p.resolve()) for folder in (shared, only_a, only_b) for p in folder.iterdir()}
    database = sqlite_utils.Database(db)
    paths = [r["path"] for r in database.query("select path from documents")]
    assert sorted(paths) == sorted(expected)              # every file, each once
    assert database["ingest_errors"].count == 0
    clean = tmp_path / "clean.db"                 # the same files, one run alone
    ingest([str(shared), str(only_a), str(only_b)], db_path=str(clean), workers=1)
    assert snapshot(db) == snapshot(clean)
