"""Per-file resource bounds, so one hostile or pathological file cannot stall or sink a batch.

Each file is read and extracted in a child process forked for it (`run_bounded`):
- time: the parent waits until a deadline and then kills the child with SIGKILL, which stops a
  loop in C (PDFium, libxml2) as surely as one in Python. Slow but legitimate work asks for more
  time from inside the child with `extend` (OCR: `ocr_seconds_per_page` per scanned page), up to
  `max_seconds` in all;
- memory: the child's address space (RLIMIT_AS) may grow `memory_mb` beyond what it inherited,
  so an allocation past that raises MemoryError (or kills the child) instead of the machine
  swapping;
- size: files larger than `max_file_mb` are not read, PDFs with more than `max_pages` pages are
  refused by the reader.

The child dies with its parent (PR_SET_PDEATHSIG) and writes its temporary files in a folder of
its own, which the parent removes when the child has ended, killed or not.

Defaults: 60 s, 3072 MB, 2,000 pages, 512 MB files, 30 s per OCR page, 15 min at most. Set in
the environment: NTM_FILE_SECONDS, NTM_FILE_MEMORY_MB, NTM_MAX_PAGES, NTM_MAX_FILE_MB,
NTM_OCR_SECONDS_PER_PAGE; NTM_LIMITS=0 runs files in-process without bounds (debugging).
Without os.fork (not Linux/macOS) files run in-process, with the page and size limits only.
"""
from __future__ import annotations

import os
import pickle
import resource
import select
import shutil
import signal
import struct
import tempfile
import time
from dataclasses import dataclass, replace
from typing import Any, Callable

from pipeline.read import lifetime


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0               # wall time per file, read + extract
    memory_mb: int = 3072               # address space a file may add (the second OCR engine maps ~1.3 GB)
    max_pages: int = 2000               # pages per PDF
    max_file_mb: int = 512              # bytes per file
    ocr_seconds_per_page: float = 30.0  # extra time per scanned page
    max_seconds: float = 900.0          # the deadline never moves past this
    enabled: bool = True


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        return default


def from_env() -> Limits:
    base = Limits()
    return Limits(
        seconds=_env_number("NTM_FILE_SECONDS", base.seconds),
        memory_mb=int(_env_number("NTM_FILE_MEMORY_MB", base.memory_mb)),
        max_pages=int(_env_number("NTM_MAX_PAGES", base.max_pages)),
        max_file_mb=int(_env_number("NTM_MAX_FILE_MB", base.max_file_mb)),
        ocr_seconds_per_page=_env_number("NTM_OCR_SECONDS_PER_PAGE", base.ocr_seconds_per_page),
        max_seconds=max(_env_number("NTM_FILE_MAX_SECONDS", base.max_seconds),
                        _env_number("NTM_FILE_SECONDS", base.seconds)),
        enabled=os.environ.get("NTM_LIMITS", "1").strip().lower() not in ("0", "false", "no", "off"),
    )


_override: Limits | None = None


def current() -> Limits:
    """The limits in force: set by `configure`, else from the environment."""
    return _override or from_env()


def configure(limits: Limits | None = None, **changes) -> Limits:
    """Set the limits for this process (and the children it forks); `configure()` resets them."""
    global _override
    _override = replace(limits or from_env(), **changes) if (limits or changes) else None
    return current()


class LimitExceeded(Exception):
    """The child ran out of time or memory, or died; `kind` is time | memory | crash."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


_to_parent: int | None = None            # the pipe to the parent, inside a bounded child


def in_bounded_child() -> bool:
    return _to_parent is not None


def extend(seconds: float) -> None:
    """Ask for `seconds` more before the deadline (inside a bounded child; no-op elsewhere)."""
    if _to_parent is not None and seconds > 0:
        os.write(_to_parent, b"E" + struct.pack("<d", float(seconds)))


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(fn: Callable, args: tuple, limits: Limits, w: int, parent: int, scratch: str) -> None:
    global _to_parent
    _to_parent = w
    status = 0
    try:
        lifetime.die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.environ["TMPDIR"] = tempfile.tempdir = scratch     # the parent removes it, however this ends
        try:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            soft = _vm_size_bytes() + limits.memory_mb * 2**20
            if hard != resource.RLIM_INFINITY:
                soft = min(soft, hard)
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        except (ValueError, OSError):
            pass
        try:
            payload = pickle.dumps(("ok", fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except BaseException as e:      # noqa: BLE001 - reported to the parent, which decides
            try:
                payload = pickle.dumps(("error", e))
            except Exception:
                payload = pickle.dumps(("error", RuntimeError(f"{type(e).__name__}: {e}")))
        view = memoryview(b"R" + struct.pack("<Q", len(payload)) + payload)
        while view:
            view = view[os.write(w, view):]
    except BaseException:               # noqa: BLE001
        status = 70
    finally:
        os._exit(status)


def run_bounded(fn: Callable[..., Any], *args, limits: Limits | None = None) -> Any:
    """`fn(*args)` in a forked child within `limits`; its result, its exception, or LimitExceeded."""
    limits = limits or current()
    if not limits.enabled or not hasattr(os, "fork") or in_bounded_child():
        return fn(*args)
    scratch = tempfile.mkdtemp(prefix="ntm-file-")
    r, w = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:                        # pragma: no cover - the child never returns
        os.close(r)
        _child(fn, args, limits, w, parent, scratch)
    os.close(w)
    started = time.monotonic()
    deadline = started + limits.seconds
    cap = started + max(limits.max_seconds, limits.seconds)
    buf = bytearray()
    result: tuple | None = None
    timed_out = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([r], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            buf += chunk
            while buf:
                if buf[0:1] == b"E" and len(buf) >= 9:
                    deadline = min(cap, deadline + struct.unpack("<d", bytes(buf[1:9]))[0])
                    del buf[:9]
                elif buf[0:1] == b"R" and len(buf) >= 9:
                    size = struct.unpack("<Q", bytes(buf[1:9]))[0]
                    if len(buf) < 9 + size:
                        break
                    result = pickle.loads(bytes(buf[9:9 + size]))
                    del buf[:9 + size]
                else:
                    break
    finally:
        os.close(r)
        if timed_out:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.monotonic() - started
    if timed_out:
        raise LimitExceeded(f"đã dừng: chạy quá {elapsed:.0f} giây (giới hạn {limits.seconds:.0f} giây "
                            "một tệp)", kind="time")
    if result is None:
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        if sig == signal.SIGKILL:       # the kernel's OOM killer, or someone else
            raise LimitExceeded("bị dừng giữa chừng khi xử lý (hết bộ nhớ?)", kind="memory")
        how = f"tín hiệu {signal.Signals(sig).name}" if sig else f"mã thoát {os.WEXITSTATUS(status)}"
        if sig in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS) or sig is None:
            raise LimitExceeded(f"trình đọc bị lỗi và dừng ({how}); có lẽ tệp bị hỏng, hoặc cần hơn "
                                f"{limits.memory_mb} MB bộ nhớ", kind="crash")
        raise LimitExceeded(f"trình đọc dừng ({how})", kind="crash")
    kind, value = result
    if kind == "ok":
        return value
    if kind == "memory":
        raise LimitExceeded(f"đã dừng: cần hơn {limits.memory_mb} MB bộ nhớ (giới hạn một tệp)",
                            kind="memory")
    raise value
