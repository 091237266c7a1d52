"""Running one program on this computer the safe way, for the real host.

A check's command must never hang a scan, fill the memory or leave programs behind, whatever the program does.
So every command here is an argument list (never a shell), runs in a fixed English locale so its output parses
the same everywhere, starts in its own process group, keeps at most OUTPUT_CAP_BYTES of each stream, and when its
time is up, or it writes too much, the whole group is stopped: the program and everything it started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from typing import IO, Any

from auditor.host_protocol import DEFAULT_COMMAND_TIMEOUT, CommandOutcome, CommandResult, decode_output

OUTPUT_CAP_BYTES = 4 * 1024 * 1024  # per stream; more than any check needs, small enough never to hurt

# Commands run with a fixed, English, UTF-8 locale so that their output can be parsed the same way everywhere.
_COMMAND_LOCALE = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "C"}


def _is_windows_powershell(program: str) -> bool:
    name = program.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name in ("powershell", "powershell.exe")


def run_command(argv: Sequence[str], *, environ: Mapping[str, str], platform: str,
                timeout: float = DEFAULT_COMMAND_TIMEOUT, output_cap: int = OUTPUT_CAP_BYTES) -> CommandResult:
    """Run ``argv`` with ``environ`` plus the fixed locale, and say what happened. Never raises for a program that
    is missing, refused or misbehaving; raises TypeError for a shell string and ValueError for an empty list."""
    if isinstance(argv, str | bytes):
        raise TypeError("commands are argument lists, never shell strings")
    argv = tuple(str(a) for a in argv)
    if not argv:
        raise ValueError("run() needs a program to run")
    env = dict(environ)
    if platform == "windows" and _is_windows_powershell(argv[0]):
        # Started from a PowerShell 7 window, Homeguard inherits PowerShell 7's module folders in PSModulePath, and
        # Windows PowerShell may then pick up modules built for PowerShell 7 and fail to load them
        # ("CouldNotAutoloadMatchingModule", seen in public reports). Without the variable it uses its own default
        # folders, where Windows keeps the modules the checks need (Defender's, CIM's).
        env = {name: value for name, value in env.items() if name.upper() != "PSMODULEPATH"}
    if platform == "linux":
        env.update(_COMMAND_LOCALE)
    elif platform == "macos":  # macOS has no C.UTF-8 locale; en_US.UTF-8 is always installed
        env.update({"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"})
    start = time.monotonic()
    popen_kwargs: dict[str, Any] = {}
    if platform == "windows":
        popen_kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | getattr(
            subprocess, "CREATE_NO_WINDOW", 0
        )
    else:
        popen_kwargs["start_new_session"] = True  # its own process group, so a timeout stops all of it
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            shell=False,
            **popen_kwargs,
        )
    except FileNotFoundError:
        return CommandResult(argv, CommandOutcome.MISSING, duration=time.monotonic() - start)
    except PermissionError as exc:
        return CommandResult(argv, CommandOutcome.DENIED, duration=time.monotonic() - start, detail=str(exc))
    except OSError as exc:
        return CommandResult(argv, CommandOutcome.FAILED, duration=time.monotonic() - start, detail=str(exc))

    assert proc.stdout is not None and proc.stderr is not None  # both are pipes, asked for above
    readers = [_CappedReader(proc.stdout, proc, output_cap), _CappedReader(proc.stderr, proc, output_cap)]
    for reader in readers:
        reader.start()
    timed_out = False
    try:
        proc.wait(timeout=max(0.0, timeout))
    except subprocess.TimeoutExpired:
        timed_out = True
        stop_process_group(proc)
    for reader in readers:
        reader.join(timeout=2.0)
    duration = time.monotonic() - start
    out, err = (decode_output(r.data()) for r in readers)
    truncated = any(r.overflowed for r in readers)
    if timed_out:
        return CommandResult(argv, CommandOutcome.TIMEOUT, None, out, err, truncated, duration)
    return CommandResult(argv, CommandOutcome.RAN, proc.returncode, out, err, truncated, duration)


class _CappedReader(threading.Thread):
    """Reads one output pipe, keeping at most ``cap`` bytes; past that it stops the program."""

    def __init__(self, pipe: IO[bytes], proc: subprocess.Popen[bytes], cap: int) -> None:
        super().__init__(daemon=True)
        self._pipe = pipe
        self._proc = proc
        self._cap = cap
        self._chunks: list[bytes] = []
        self._size = 0
        self.overflowed = False

    def run(self) -> None:
        try:
            while True:
                chunk = self._pipe.read1(65536) if hasattr(self._pipe, "read1") else self._pipe.read(65536)
                if not chunk:
                    break
                room = self._cap - self._size
                if len(chunk) > room:
                    self._chunks.append(chunk[:room])
                    self._size = self._cap
                    self.overflowed = True
                    stop_process_group(self._proc)
                    break
                self._chunks.append(chunk)
                self._size += len(chunk)
        except (OSError, ValueError):
            pass
        finally:
            with contextlib.suppress(OSError):
                self._pipe.close()

    def data(self) -> bytes:
        return b"".join(self._chunks)


def stop_process_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop a program and everything it started: ask politely, wait a moment, then kill."""
    if proc.poll() is not None:
        return
    if sys.platform == "win32":  # pragma: no cover - Windows only
        try:
            subprocess.run(
                ["taskkill", "/F", "/T", "/PID", str(proc.pid)],
                capture_output=True,
                timeout=5,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            proc.kill()
        return
    try:
        pgid = os.getpgid(proc.pid)
    except OSError:
        return
    # Ask the whole group to stop, give the leader a moment, then kill whatever is left of the group, leader
    # or not: a grandchild that outlives its parent would otherwise keep running after the scan.
    with contextlib.suppress(OSError):
        os.killpg(pgid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=0.5)
    with contextlib.suppress(OSError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=2.0)
