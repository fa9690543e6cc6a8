"""`ntm watch INBOX` as served Prefect deployments (issue 14, finding 7), against a real Prefect
server started here as the README says: a file dropped in is ingested by a run of the
`ntm-inbox` deployment, the server's scheduler runs `ntm-report` on its interval (Prefect 3.8.8
under SQLAlchemy 2.1 failed exactly there), and stopping the watcher leaves nothing running.
Also: LibreOffice failures are retried by the ingest flow before they are recorded."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlite_utils
from serving import free_port

from scripts.proctree import alive, descendants

ROOT = Path(__file__).resolve().parent.parent
PREFECT = ROOT / ".venv" / "bin" / "prefect"


def _post(url: str, body: dict):
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.load(r)


def _wait(what: str, check, seconds: float = 240):
    deadline = time.monotonic() + seconds      # a bound on hanging, not a speed requirement
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(1)
    pytest.fail(f"gave up waiting: {what}")


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    if not PREFECT.exists():
        pytest.skip("needs the Prefect CLI of .venv")
    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    env.pop("NTM_RUN", None)
    log = (home / "server.log").open("w")
    server = subprocess.Popen([str(PREFECT), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"

    def healthy():
        try:
            with urllib.request.urlopen(api + "/health", timeout=5) as r:
                return r.status == 200
        except OSError:
            return server.poll() is not None and pytest.fail((home / "server.log").read_text()[-2000:])
    _wait("the Prefect server to start", healthy)
    yield {"api": api, "home": str(home)}
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    log.close()


def _runs(api: str, deployment: str, state: str | None = None) -> list[dict]:
    body = {"deployments": {"name": {"any_": [deployment]}}, "limit": 200}
    if state:
        body["flow_runs"] = {"state": {"type": {"any_": [state]}}}
    return _post(api + "/flow_runs/filter", body)


def test_watch_serves_deployments_that_ingest_and_report_on_schedule(prefect_server, tmp_path, seeds_dir):
    inbox, db, out = tmp_path / "inbox", tmp_path / "ntm.db", tmp_path / "report.html"
    inbox.mkdir()
    env = {**os.environ, "PREFECT_API_URL": prefect_server["api"], "PREFECT_HOME": prefect_server["home"],
           "PYTHONUNBUFFERED": "1"}
    env.pop("NTM_RUN", None)
    log_path = tmp_path / "watch.log"
    watcher = subprocess.Popen([sys.executable, "-m", "pipeline.face.cli", "watch", str(inbox), "--db", str(db),
                                "--out", str(out), "--interval", "1", "--report-every", "5", "--workers", "1"],
                               cwd=ROOT, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        _wait("the watcher to start", lambda: "Ctrl-C" in log_path.read_text() or watcher.poll() is not None)
        assert watcher.poll() is None, log_path.read_text()[-3000:]
        shutil.copy(next(seeds_dir.glob("003_*.txt")), inbox / "cong-van.txt")

        def ingested():
            try:
                return db.exists() and sqlite_utils.Database(db)["documents"].count == 1
            except Exception:
                return False
        _wait("the dropped file to be ingested", ingested)
        assert _wait("an ingest run to complete", lambda: _runs(prefect_server["api"], "ntm-inbox", "COMPLETED"))
        scheduled = _wait("a scheduled report run to complete",
                          lambda: _runs(prefect_server["api"], "ntm-report", "COMPLETED"))
        assert all(r["auto_scheduled"] for r in scheduled)           # made by the server's scheduler
        assert out.exists() and "1052/UBND-NNTN" in out.read_text(encoding="utf-8")
        for deployment in ("ntm-inbox", "ntm-report"):
            for state in ("FAILED", "CRASHED"):
                assert not _runs(prefect_server["api"], deployment, state), (deployment, state)
        children = descendants(watcher.pid)
    finally:
        watcher.send_signal(signal.SIGTERM)          # as a service manager stops it
        try:
            code = watcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(watcher.pid, signal.SIGKILL)
            raise
    assert code == 0, log_path.read_text()[-3000:]
    _wait("the watcher's processes to end", lambda: not any(map(alive, children)), 120)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (apt-get install libreoffice-writer-nogui)")
def test_libreoffice_failures_are_retried_before_they_are_recorded(tmp_path, monkeypatch):
    import pipeline.read.office as office
    from flows.ingest import IO_RETRIES, ingest

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "cu.rtf").write_bytes(b"{\\rtf1\\ansi Cong van so 12/UBND}")
    monkeypatch.setattr(office, "CONVERT_SECONDS", 0.001)        # LibreOffice cannot start that fast
    monkeypatch.setenv("NTM_IO_RETRY_SECONDS", "0")
    summary = ingest([str(folder)], db_path=str(tmp_path / "ntm.db"), workers=1)
    [(path, stage, message)] = summary.failed
    assert stage == "convert" and message.startswith("LibreOffice chuyển đổi tệp")
    assert message.endswith(f"(đã thử {IO_RETRIES + 2} lần)")
