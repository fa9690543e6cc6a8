"""`ntm serve` as the web tests use it: a real server process on a free port, and plain HTTP to it."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(base: str, path: str, timeout: float = 20) -> tuple[int, dict, bytes]:
    """GET base + path: status, headers, body (an HTTP error is an answer too)."""
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@contextlib.contextmanager
def served(db_file: Path, log_dir: Path, start_seconds: float = 180) -> Iterator[str]:
    """`ntm serve` without a login, its base URL while the block runs; stopped with SIGINT (Ctrl-C),
    which must end it cleanly (exit 0)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "NTM_PASSWORD_HASH"}
    # A file, not a pipe: Datasette prints a traceback per 4xx, which could fill an unread pipe.
    log_file = log_dir / "serve.log"
    with log_file.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.face.cli", "serve", "--db", str(db_file),
                                 "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + start_seconds
        while True:
            try:
                if fetch(base, "/ntm.json", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"ntm serve did not start: {log_file.read_text()}")
            time.sleep(0.2)
        yield base
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail("ntm serve did not stop on Ctrl-C")
    assert code == 0, log_file.read_text()
