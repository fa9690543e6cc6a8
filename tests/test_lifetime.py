"""No orphans (issue 14, finding 5): `ntm ingest` killed with SIGKILL leaves no process it started
alive (Prefect's temporary server, the forkserver, the workers, per-file children) and no
temporary folder. A real `ntm ingest` in its own process group, as a shell starts it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import sqlite_utils

from scripts.proctree import alive, command, descendants

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc (Linux)")


def test_sigkill_of_ingest_leaves_no_process_and_no_temporary_folder(tmp_path, seeds_dir):
    many = tmp_path / "many"
    many.mkdir()
    for i in range(12):
        for f in seeds_dir.glob("*.txt"):
            (many / f"{i:02d}_{f.name}").write_text(f.read_text(encoding="utf-8") + f"\nBản sao {i}.\n",
                                                    encoding="utf-8")
    temp = Path(tempfile.mkdtemp(prefix="ntm-test-", dir="/tmp"))     # short: sockets are made in it
    db = tmp_path / "ntm.db"
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONUNBUFFERED": "1"}
    env.pop("NTM_RUN", None)             # not inside a guarded ntm run
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.face.cli", "ingest", str(many), "--workers", "2",
                             "--db", str(db)], cwd=ROOT, env=env, start_new_session=True,
                            stdout=(tmp_path / "out.log").open("w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.3)
            try:
                if db.exists() and sqlite_utils.Database(db)["documents"].count >= 3:
                    break
            except Exception:
                pass
        assert proc.poll() is None, (tmp_path / "out.log").read_text()[-3000:]
        started = descendants(proc.pid)
        commands = {pid: command(pid) for pid in started}
        assert any("uvicorn" in c for c in commands.values()), commands          # Prefect's server
        assert any("forkserver" in c for c in commands.values()), commands       # the worker pool
        assert list(temp.iterdir()), "no temporary folder to clean up: nothing tested"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 60          # a bound on hanging; it takes a few seconds
        while time.monotonic() < deadline and (any(map(alive, started)) or list(temp.iterdir())):
            time.sleep(0.2)
        survivors = {pid: commands[pid] for pid in started if alive(pid)}
        assert not survivors, survivors
        assert not list(temp.iterdir())
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        if proc.poll() is None:
            proc.kill()
        for pid in descendants(proc.pid) if proc.poll() is None else ():
            os.kill(pid, signal.SIGKILL)
