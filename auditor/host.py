"""The Host: the one door between the checks and the operating system.

Checks never import subprocess, os or psutil to look at the machine; they ask a Host. The real host below talks to
this computer; ``auditor.recorded.RecordedHost`` answers from outputs recorded on real machines, so a check's
macOS or Windows logic can be tested on Linux and every branch can be tested without changing the machine.

Rules the real host enforces for every command: an argument list (never a shell), a timeout, the whole process
group stopped when the time is up, a cap on how much output is kept, and output decoded without ever failing.
"""

from __future__ import annotations

import contextlib
import getpass
import glob as _glob
import os
import platform as _platform
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, Any, Protocol, TypeVar

from auditor.winreg_reader import RegistryValue, read_live

DEFAULT_COMMAND_TIMEOUT = 10.0
OUTPUT_CAP_BYTES = 4 * 1024 * 1024  # per stream; more than any check needs, small enough never to hurt
FILE_CAP_BYTES = 4 * 1024 * 1024
T = TypeVar("T")


class AccessDenied(PermissionError):
    """The system refused to let Homeguard read something. The runner turns this into ``unknown``."""

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.detail = detail

    def __str__(self) -> str:
        return f"Homeguard was not allowed to read {self.what}" + (f" ({self.detail})" if self.detail else "")


class CommandOutcome(StrEnum):
    RAN = "ran"  # the program ran and exited (any exit code)
    MISSING = "missing"  # no such program on this computer
    TIMEOUT = "timeout"  # it did not finish in time and was stopped
    DENIED = "denied"  # the system refused to start it
    FAILED = "failed"  # it could not be started for another reason


@dataclass(frozen=True)
class CommandResult:
    """What running one program gave back. ``stdout``/``stderr`` are always text, whatever the program wrote."""

    argv: tuple[str, ...]
    outcome: CommandOutcome
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""
    truncated: bool = False
    duration: float = 0.0
    detail: str = ""

    @property
    def ran(self) -> bool:
        return self.outcome is CommandOutcome.RAN

    @property
    def ok(self) -> bool:
        """It ran, finished and reported success."""
        return self.ran and self.returncode == 0 and not self.truncated

    @property
    def command_line(self) -> str:
        return " ".join(self.argv)

    def problem(self) -> str:
        """One plain sentence on why this command gave no usable answer (empty when it did)."""
        name = self.argv[0] if self.argv else "the command"
        if self.outcome is CommandOutcome.MISSING:
            return f"`{name}` is not installed or not on the PATH"
        if self.outcome is CommandOutcome.TIMEOUT:
            return f"`{self.command_line}` did not answer in time and was stopped"
        if self.outcome is CommandOutcome.DENIED:
            return f"the system did not allow Homeguard to run `{name}`"
        if self.outcome is CommandOutcome.FAILED:
            return f"`{name}` could not be started ({self.detail})" if self.detail else f"`{name}` could not be started"
        if self.truncated:
            return f"`{self.command_line}` wrote more output than Homeguard reads, so its answer was cut short"
        if self.returncode != 0:
            err = first_line(self.stderr) or first_line(self.stdout)
            return f"`{self.command_line}` ended with code {self.returncode}" + (f": {err}" if err else "")
        return ""


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    name: str
    exe: str = ""
    cmdline: tuple[str, ...] = ()
    username: str = ""


@dataclass(frozen=True)
class ListeningSocket:
    """A TCP or UDP socket waiting for connections. ``address`` is the local address it listens on."""

    protocol: str  # "tcp" or "udp"
    address: str
    port: int
    pid: int | None = None
    process: str = ""

    @property
    def loopback_only(self) -> bool:
        a = self.address
        return a.startswith("127.") or a in ("::1", "localhost") or a.startswith("::ffff:127.")


@dataclass(frozen=True)
class UserInfo:
    name: str
    home: str
    uid: int | None = None
    is_admin: bool = False  # root / elevated Administrator right now, not "could become one"
    groups: tuple[str, ...] = field(default_factory=tuple)


UNKNOWN_USER = UserInfo(name="", home="")  # who Host.user() says when the system will not tell: not an admin


class Host(Protocol):
    """What a check may ask of the operating system. Both the real and the recorded host implement it."""

    platform: str  # "linux", "macos" or "windows"

    def run(self, argv: Sequence[str], timeout: float = DEFAULT_COMMAND_TIMEOUT) -> CommandResult: ...

    def which(self, name: str) -> str | None: ...

    def read_text(self, path: str, limit: int = FILE_CAP_BYTES) -> str | None: ...

    def read_bytes(self, path: str, limit: int = FILE_CAP_BYTES) -> bytes | None: ...

    def exists(self, path: str) -> bool: ...

    def is_dir(self, path: str) -> bool: ...

    def list_dir(self, path: str) -> list[str]: ...

    def glob(self, pattern: str) -> list[str]: ...

    def mtime(self, path: str) -> float | None: ...

    def now(self) -> float: ...

    def env(self, name: str) -> str | None: ...

    def processes(self) -> tuple[ProcessInfo, ...]: ...

    def listening_sockets(self) -> tuple[ListeningSocket, ...]: ...

    def user(self) -> UserInfo: ...  # never raises: UNKNOWN_USER (not an admin) when the system will not say

    def hostname(self) -> str: ...

    def os_name(self) -> str: ...

    def python(self) -> str: ...

    def registry_values(self, key: str) -> dict[str, RegistryValue] | None: ...

    def registry_subkeys(self, key: str) -> list[str]: ...

    def locale(self) -> str: ...


def current_platform() -> str:
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "darwin":
        return "macos"
    if sys.platform.startswith("win"):
        return "windows"
    return sys.platform


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def decode_output(data: bytes) -> str:
    """Turn whatever a program wrote into text, replacing bytes that are not UTF-8 instead of failing."""
    return data.decode("utf-8", errors="replace")


# Commands run with a fixed, English, UTF-8 locale so that their output can be parsed the same way everywhere.
_COMMAND_LOCALE = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "C"}


class RealHost:
    """The host for this computer. One instance per scan: the process and socket snapshots are taken once."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.platform = current_platform()
        self._environ = dict(os.environ if environ is None else environ)
        self._lock = threading.Lock()
        self._processes: tuple[ProcessInfo, ...] | None = None
        self._sockets: tuple[ListeningSocket, ...] | None = None

    # -- commands -----------------------------------------------------------------------------------------------
    def run(self, argv: Sequence[str], timeout: float = DEFAULT_COMMAND_TIMEOUT) -> CommandResult:
        if isinstance(argv, str | bytes):
            raise TypeError("commands are argument lists, never shell strings")
        argv = tuple(str(a) for a in argv)
        if not argv:
            raise ValueError("run() needs a program to run")
        env = dict(self._environ)
        if self.platform == "linux":
            env.update(_COMMAND_LOCALE)
        elif self.platform == "macos":  # macOS has no C.UTF-8 locale; en_US.UTF-8 is always installed
            env.update({"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"})
        start = time.monotonic()
        popen_kwargs: dict[str, Any] = {}
        if self.platform == "windows":
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
        readers = [_CappedReader(proc.stdout, proc), _CappedReader(proc.stderr, proc)]
        for reader in readers:
            reader.start()
        timed_out = False
        try:
            proc.wait(timeout=max(0.0, timeout))
        except subprocess.TimeoutExpired:
            timed_out = True
            _stop_process_group(proc)
        for reader in readers:
            reader.join(timeout=2.0)
        duration = time.monotonic() - start
        out, err = (decode_output(r.data()) for r in readers)
        truncated = any(r.overflowed for r in readers)
        if timed_out:
            return CommandResult(argv, CommandOutcome.TIMEOUT, None, out, err, truncated, duration)
        return CommandResult(argv, CommandOutcome.RAN, proc.returncode, out, err, truncated, duration)

    def which(self, name: str) -> str | None:
        return shutil.which(name, path=self._environ.get("PATH"))

    # -- files --------------------------------------------------------------------------------------------------
    def read_bytes(self, path: str, limit: int = FILE_CAP_BYTES) -> bytes | None:
        try:
            with open(os.path.expanduser(path), "rb") as handle:
                return handle.read(limit)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None
        except PermissionError as exc:
            raise AccessDenied(path, exc.strerror or "") from exc
        except OSError:
            return None

    def read_text(self, path: str, limit: int = FILE_CAP_BYTES) -> str | None:
        data = self.read_bytes(path, limit)
        return None if data is None else decode_output(data)

    def exists(self, path: str) -> bool:
        return os.path.exists(os.path.expanduser(path))

    def is_dir(self, path: str) -> bool:
        return os.path.isdir(os.path.expanduser(path))

    def list_dir(self, path: str) -> list[str]:
        try:
            return sorted(os.listdir(os.path.expanduser(path)))
        except PermissionError as exc:
            raise AccessDenied(path, exc.strerror or "") from exc
        except OSError:
            return []

    def glob(self, pattern: str) -> list[str]:
        return sorted(_glob.glob(os.path.expanduser(pattern)))

    def mtime(self, path: str) -> float | None:
        try:
            return os.stat(os.path.expanduser(path)).st_mtime
        except OSError:
            return None

    def now(self) -> float:
        return time.time()

    # -- session facts ------------------------------------------------------------------------------------------
    def env(self, name: str) -> str | None:
        return self._environ.get(name)

    def processes(self) -> tuple[ProcessInfo, ...]:
        with self._lock:
            if self._processes is None:
                self._processes = _snapshot_processes()
            return self._processes

    def listening_sockets(self) -> tuple[ListeningSocket, ...]:
        with self._lock:
            if self._sockets is None:
                self._sockets = _snapshot_listening_sockets()
            return self._sockets

    def user(self) -> UserInfo:
        """Who is running Homeguard. Never raises: when the system will not say, an unknown user who is not an
        administrator (so nothing is ever judged as if Homeguard had admin rights it may not have)."""
        try:
            return _current_user()
        except Exception:
            return UNKNOWN_USER

    def hostname(self) -> str:
        return socket.gethostname()

    def python(self) -> str:
        """The Python running Homeguard, for commands of libraries it ships with (``python -m keyring``)."""
        return sys.executable

    def locale(self) -> str:
        """The person's locale, like ``en_GB``: it picks the help contacts for where they live ("" if unknown)."""
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            value = (self._environ.get(name) or "").split(".")[0]
            if value and value not in ("C", "POSIX"):
                return value
        if self.platform == "macos":  # pragma: no cover - macOS only; GUI apps there get no LANG
            answer = self.run(["defaults", "read", "-g", "AppleLocale"], timeout=3)
            return answer.stdout.strip().split("@")[0] if answer.ok else ""
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import ctypes
            import locale

            lcid: int = _safe(lambda: ctypes.windll.kernel32.GetUserDefaultLCID(), 0)
            return locale.windows_locale.get(lcid, "")
        return ""

    # -- Windows registry ---------------------------------------------------------------------------------------
    def registry_values(self, key: str) -> dict[str, RegistryValue] | None:
        """A key's values by lower-cased name (``""`` is the default value), or None when the key does not exist
        or this is not Windows. Raises AccessDenied when the registry refuses."""
        if self.platform != "windows":
            return None
        found = read_live(key)  # pragma: no cover - Windows only
        return None if found is None else found[0]  # pragma: no cover

    def registry_subkeys(self, key: str) -> list[str]:
        if self.platform != "windows":
            return []
        found = read_live(key)  # pragma: no cover - Windows only
        return [] if found is None else found[1]  # pragma: no cover

    def os_name(self) -> str:
        if self.platform == "linux":
            release = self.read_text("/etc/os-release") or ""
            for line in release.splitlines():
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
            return "Linux"
        if self.platform == "macos":  # pragma: no cover - macOS only
            return f"macOS {_platform.mac_ver()[0]}"
        return f"{_platform.system()} {_platform.release()}"  # pragma: no cover


def _current_user() -> UserInfo:
    name: str = _safe(getpass.getuser, "")
    home = os.path.expanduser("~")
    uid = os.getuid() if hasattr(os, "getuid") else None
    groups: tuple[str, ...] = ()
    if sys.platform != "win32":
        import grp

        def group_name(gid: int) -> str:
            return _safe(lambda: grp.getgrgid(gid).gr_name, str(gid))

        groups = tuple(sorted({group_name(gid) for gid in os.getgroups()}))
        is_admin = uid == 0
    else:  # pragma: no cover - Windows only
        import ctypes

        is_admin = bool(_safe(lambda: ctypes.windll.shell32.IsUserAnAdmin(), False))
    return UserInfo(name=name, home=home, uid=uid, is_admin=is_admin, groups=groups)


def _safe(fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception:
        return default


class _CappedReader(threading.Thread):
    """Reads one output pipe, keeping at most OUTPUT_CAP_BYTES; past that it stops the program."""

    def __init__(self, pipe: IO[bytes], proc: subprocess.Popen[bytes]) -> None:
        super().__init__(daemon=True)
        self._pipe = pipe
        self._proc = proc
        self._chunks: list[bytes] = []
        self._size = 0
        self.overflowed = False

    def run(self) -> None:
        try:
            while True:
                chunk = self._pipe.read1(65536) if hasattr(self._pipe, "read1") else self._pipe.read(65536)
                if not chunk:
                    break
                room = OUTPUT_CAP_BYTES - self._size
                if len(chunk) > room:
                    self._chunks.append(chunk[:room])
                    self._size = OUTPUT_CAP_BYTES
                    self.overflowed = True
                    _stop_process_group(self._proc)
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


def _stop_process_group(proc: subprocess.Popen[bytes]) -> None:
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


def _snapshot_processes() -> tuple[ProcessInfo, ...]:
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "name", "exe", "cmdline", "username"]):
        info = proc.info
        found.append(
            ProcessInfo(
                pid=info.get("pid") or 0,
                name=info.get("name") or "",
                exe=info.get("exe") or "",
                cmdline=tuple(info.get("cmdline") or ()),
                username=info.get("username") or "",
            )
        )
    return tuple(found)


def _process_name(pid: int) -> str:
    """The name of a running program, or "" when it has ended or the system will not say."""
    import psutil

    try:
        return psutil.Process(pid).name()
    except Exception:
        return ""


def _snapshot_listening_sockets() -> tuple[ListeningSocket, ...]:
    """Every listening TCP socket and bound UDP socket. Raises AccessDenied where the OS needs admin to list them."""
    import psutil

    try:
        connections = psutil.net_connections(kind="inet")
    except psutil.AccessDenied as exc:
        raise AccessDenied("the list of network connections", "the system needs admin rights for this") from exc
    names: dict[int, str] = {}
    sockets = []
    for conn in connections:
        is_tcp = conn.type == socket.SOCK_STREAM
        if is_tcp and conn.status != psutil.CONN_LISTEN:
            continue
        if not is_tcp and conn.raddr:
            continue
        if not conn.laddr:
            continue
        process = ""
        if conn.pid:
            if conn.pid not in names:
                names[conn.pid] = _process_name(conn.pid)
            process = names[conn.pid]
        sockets.append(
            ListeningSocket(
                protocol="tcp" if is_tcp else "udp",
                address=conn.laddr.ip,
                port=conn.laddr.port,
                pid=conn.pid,
                process=process,
            )
        )
    return tuple(sorted(set(sockets), key=lambda s: (s.protocol, s.port, s.address)))
