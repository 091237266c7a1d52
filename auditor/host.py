"""The Host: the one door between the checks and the operating system.

Checks never import subprocess, os or psutil to look at the machine; they ask a Host (the protocol and the values
it answers with are in ``auditor.host_protocol``). ``RealHost`` below is the door to this computer;
``auditor.recorded.RecordedHost`` answers from outputs recorded on real machines, so a check's macOS or Windows
logic can be tested on Linux and every branch can be tested without changing the machine.

Rules the real host enforces for every command (``auditor.host_commands``): an argument list (never a shell), a
timeout, the whole process group stopped when the time is up, a cap on how much output is kept, and output decoded
without ever failing. Facts about the system and the session come from ``auditor.host_session``.

Everything a check or the engine needs is imported from here, so callers never depend on how the Host is split.
"""

from __future__ import annotations

import glob as _glob
import os
import shutil
import socket
import stat
import sys
import threading
import time
from collections.abc import Mapping, Sequence

from auditor.host_commands import OUTPUT_CAP_BYTES, run_command
from auditor.host_protocol import (
    DEFAULT_COMMAND_TIMEOUT,
    FILE_CAP_BYTES,
    UNKNOWN_USER,
    AccessDenied,
    CommandOutcome,
    CommandResult,
    Host,
    ListeningSocket,
    ProcessInfo,
    UserInfo,
    decode_output,
    first_line,
)
from auditor.host_session import (
    current_platform,
    current_user,
    os_pretty_name,
    snapshot_listening_sockets,
    snapshot_processes,
    user_locale,
)
from auditor.winreg_reader import RegistryValue, read_live

__all__ = [
    "DEFAULT_COMMAND_TIMEOUT",
    "FILE_CAP_BYTES",
    "OUTPUT_CAP_BYTES",
    "UNKNOWN_USER",
    "AccessDenied",
    "CommandOutcome",
    "CommandResult",
    "Host",
    "ListeningSocket",
    "ProcessInfo",
    "RealHost",
    "UserInfo",
    "current_platform",
    "decode_output",
    "first_line",
]


# Open without waiting (POSIX): a named pipe opens at once instead of waiting for a writer. Binary on Windows.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


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
        # The cap is looked up here on every call, so lowering this module's OUTPUT_CAP_BYTES takes effect.
        return run_command(argv, environ=self._environ, platform=self.platform, timeout=timeout,
                           output_cap=OUTPUT_CAP_BYTES)

    def which(self, name: str) -> str | None:
        return shutil.which(name, path=self._environ.get("PATH"))

    # -- files --------------------------------------------------------------------------------------------------
    def read_bytes(self, path: str, limit: int = FILE_CAP_BYTES) -> bytes | None:
        """Up to ``limit`` bytes of a regular file. Anything else where a file was expected (a named pipe, a
        device, a folder) reads as no file: opening a named pipe the usual way would wait for a writer for ever,
        and a check's thread cannot be stopped, so the file is opened without waiting and looked at first."""
        try:
            handle = os.open(os.path.expanduser(path), os.O_RDONLY | _NO_WAIT)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None
        except PermissionError as exc:
            raise AccessDenied(path, exc.strerror or "") from exc
        except OSError:
            return None
        try:
            with os.fdopen(handle, "rb") as file:
                return file.read(limit) if stat.S_ISREG(os.fstat(file.fileno()).st_mode) else None
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
                self._processes = snapshot_processes()
            return self._processes

    def listening_sockets(self) -> tuple[ListeningSocket, ...]:
        with self._lock:
            if self._sockets is None:
                self._sockets = snapshot_listening_sockets()
            return self._sockets

    def user(self) -> UserInfo:
        """Who is running Homeguard. Never raises: when the system will not say, an unknown user who is not an
        administrator (so nothing is ever judged as if Homeguard had admin rights it may not have)."""
        try:
            return current_user()
        except Exception:
            return UNKNOWN_USER

    def hostname(self) -> str:
        return socket.gethostname()

    def python(self) -> str:
        """The Python running Homeguard, for commands of libraries it ships with (``python -m keyring``)."""
        return sys.executable

    def locale(self) -> str:
        """The person's locale, like ``en_GB``: it picks the help contacts for where they live ("" if unknown)."""
        return user_locale(self._environ, self.platform, self.run)

    def os_name(self) -> str:
        return os_pretty_name(self.platform, self.read_text)

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
