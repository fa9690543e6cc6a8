"""Child processes die with their parent, and temporary folders go with them (Linux).

A SIGKILL gives a process no chance to clean up, so the cleaning is arranged beforehand:
- `die_with_parent()` asks the kernel to SIGKILL the calling process when its parent ends
  (PR_SET_PDEATHSIG): the per-file child of `bounds`, the worker processes, and (through
  `preexec`) Tesseract and LibreOffice call it;
- `guard_process()` (the `ntm` command, once at start) puts the run's temporary folders under
  one folder (TMPDIR), marks the processes it starts with an environment variable, and forks a
  warden that waits for the command to end, however it ends: the warden then kills every process
  that still carries the mark (Prefect's temporary server, the forkserver and its workers, OCR,
  LibreOffice: started by libraries too, where no PR_SET_PDEATHSIG can be set) and removes the
  folder.
Elsewhere (not Linux) these do nothing.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

RUN_ENV = "NTM_RUN"                 # "token:token", one per guarded ntm process above this one
TEMP_PREFIX = "ntm-run-"
SOCKET_FOLDER_MAX = 60              # multiprocessing adds "/pymp-XXXXXXXX/listener-XXXXXXXX" (108 bytes at most)
_PR_SET_PDEATHSIG = 1
_LINUX = sys.platform.startswith("linux")
_libc = ctypes.CDLL(None, use_errno=True) if _LINUX else None    # loaded now: a preexec hook must not load it


def die_with_parent(parent: int | None = None) -> None:
    """SIGKILL this process when its parent ends; if `parent` (its pid) is already gone, now."""
    if _libc is None:
        return
    if _libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
        return
    if parent is not None and os.getppid() != parent:     # the parent ended before the call
        os.kill(os.getpid(), signal.SIGKILL)


def preexec():
    """For subprocess.Popen(preexec_fn=...): the program dies with the process that starts it."""
    parent = os.getpid()
    return lambda: die_with_parent(parent)


def _marked(token: bytes) -> list[int]:
    """Processes (other than this one) whose environment carries `token` in NTM_RUN."""
    pids = []
    prefix = RUN_ENV.encode() + b"="
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as f:
                environ = f.read()
        except OSError:                 # gone, or not ours
            continue
        for var in environ.split(b"\0"):
            if var.startswith(prefix) and token in var[len(prefix):].split(b":"):
                pids.append(int(name))
                break
    return pids


def _warden(watch_fd: int, token: bytes, folder: str) -> None:
    """In the forked warden: wait until the guarded process ends, then clean up after it."""
    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_IGN)          # Ctrl-C or a hang-up reaches the whole group
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)                        # hold no terminal or pipe of the caller open
        while os.read(watch_fd, 1):
            pass                                        # EOF: every holder of the pipe's other end has ended
        for _ in range(50):                             # again while processes are still forking
            pids = _marked(token)
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.1)
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


_guarded: str | None = None


def guard_process() -> str | None:
    """Guard this process's children and temporary folders (see the module's docstring); once per
    process. Returns the run's temporary folder, None where nothing is guarded."""
    global _guarded
    if _guarded is not None or not _LINUX or not Path("/proc/self/environ").exists():
        return _guarded
    folder = tempfile.mkdtemp(prefix=TEMP_PREFIX)
    if len(folder) > SOCKET_FOLDER_MAX and os.access("/tmp", os.W_OK):
        os.rmdir(folder)               # multiprocessing's socket inside would pass the AF_UNIX path limit
        folder = tempfile.mkdtemp(prefix=TEMP_PREFIX, dir="/tmp")
    token = os.urandom(8).hex()
    os.environ[RUN_ENV] = ":".join(filter(None, [os.environ.get(RUN_ENV), token]))
    os.environ["TMPDIR"] = folder                # programs and libraries put their folders here
    tempfile.tempdir = folder
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:                                 # pragma: no cover - the warden never returns
        os.close(write_end)
        _warden(read_end, token.encode(), folder)
    os.close(read_end)
    # The write end stays open in this process until it ends; the kernel closes it on any death.
    _guarded = folder
    return folder
