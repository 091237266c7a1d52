"""What a check may ask of the operating system, and the plain values it gets back.

This is the contract between the checks and the machine, kept apart from any one machine: the real host
(``auditor.host.RealHost``) and the recorded host (``auditor.recorded.RecordedHost``) both answer it, so a check
written against it runs the same on this computer and against outputs recorded on a Mac or a Windows PC. Nothing
here touches the system; it only describes the questions and the answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from auditor.winreg_reader import RegistryValue

DEFAULT_COMMAND_TIMEOUT = 10.0
FILE_CAP_BYTES = 4 * 1024 * 1024


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


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def decode_output(data: bytes) -> str:
    """Turn whatever a program wrote into text, replacing bytes that are not UTF-8 instead of failing."""
    return data.decode("utf-8", errors="replace")
