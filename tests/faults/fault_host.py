"""A Host that goes wrong in one chosen place: the tool behind the fault-injection suite.

It wraps a healthy host (a recorded scenario) and answers exactly as it does, except at one *call site* (a Host
method asked about one thing: ``run`` of one argument list, ``read_text`` of one path, ``registry_values`` of one
key...), where it gives one kind of trouble a real computer gives: the call raises, hangs, the program is not
installed, the system refuses, the answer is not UTF-8, the answer is huge, the program exits with an error code,
or it is killed. Each fault is given the way the real host would give it (``auditor.host.RealHost`` and
``auditor.host_commands``): a refused file is an ``AccessDenied``, a huge output is cut at the output cap and marked
``truncated``, a killed program ``ran`` with a negative exit code and half its output.

With no fault it records every call site, so a clean run lists the places a check asks the system something. Calls
made from the thread that runs the scan (``scan_thread``: the runner's own questions, like the host's name for the
scan's header) are passed through untouched: only what the checks ask is made to fail.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from auditor.host_commands import OUTPUT_CAP_BYTES
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
)
from auditor.winreg_reader import RegistryValue


class FaultKind(StrEnum):
    RAISE = "raises"  # the Host method itself raises (a bug or an OS error nobody expected)
    HANG = "hangs"  # the call never comes back (until the test lets it go)
    MISSING_TOOL = "missing-tool"  # the program is not installed
    DENIED = "denied"  # the system refuses to run it, or to let Homeguard read it
    NOT_UTF8 = "not-utf8"  # the answer is in another encoding (UTF-16, as PowerShell writes to a pipe)
    HUGE = "huge"  # the answer is some 50 MB: cut at the host's cap and marked as cut
    NONZERO_EXIT = "nonzero-exit"  # the program ran and ended with an error code
    KILLED = "killed"  # the program was killed half way (SIGKILL): a negative exit code and half its output


# Which kinds of trouble each Host method can give through the Host protocol. A method left out (or a kind left out
# for a method) has no such failure: ``exists`` never refuses (the real host says False, like a file that is not
# there), ``processes`` is never "not installed".
FAULTS_BY_METHOD: dict[str, tuple[FaultKind, ...]] = {
    "run": tuple(FaultKind),
    "which": (FaultKind.RAISE, FaultKind.HANG, FaultKind.MISSING_TOOL),
    "read_text": (FaultKind.RAISE, FaultKind.HANG, FaultKind.DENIED, FaultKind.NOT_UTF8, FaultKind.HUGE),
    "read_bytes": (FaultKind.RAISE, FaultKind.HANG, FaultKind.DENIED, FaultKind.NOT_UTF8, FaultKind.HUGE),
    "exists": (FaultKind.RAISE, FaultKind.HANG),
    "is_dir": (FaultKind.RAISE, FaultKind.HANG),
    "list_dir": (FaultKind.RAISE, FaultKind.HANG, FaultKind.DENIED, FaultKind.HUGE),
    "glob": (FaultKind.RAISE, FaultKind.HANG, FaultKind.HUGE),
    "mtime": (FaultKind.RAISE, FaultKind.HANG),
    "now": (FaultKind.RAISE, FaultKind.HANG),
    "env": (FaultKind.RAISE, FaultKind.HANG, FaultKind.NOT_UTF8),
    "processes": (FaultKind.RAISE, FaultKind.HANG, FaultKind.DENIED, FaultKind.HUGE),
    "listening_sockets": (FaultKind.RAISE, FaultKind.HANG, FaultKind.DENIED, FaultKind.HUGE),
    "user": (FaultKind.RAISE, FaultKind.HANG, FaultKind.DENIED),
    "hostname": (FaultKind.RAISE, FaultKind.HANG),
    "os_name": (FaultKind.RAISE, FaultKind.HANG),
    "python": (FaultKind.RAISE, FaultKind.HANG),
    "locale": (FaultKind.RAISE, FaultKind.HANG),
    "registry_values": (FaultKind.RAISE, FaultKind.HANG, FaultKind.DENIED, FaultKind.NOT_UTF8, FaultKind.HUGE),
    "registry_subkeys": (FaultKind.RAISE, FaultKind.HANG, FaultKind.DENIED, FaultKind.HUGE),
}

# Entries added to a list answer (a folder, the processes...) for the "huge" fault. Only a list that has entries
# is made huge: entries added to an empty folder would be a different computer (a firmware with variables where
# there were none), not a big answer from this one.
HUGE_ITEMS = 20_000
_FILLER_LINE = "homeguard fault filler: this line is not part of any real answer\n"


class InjectedFault(OSError):
    """What the "raises" fault raises: an OSError, the kind of surprise a real system call gives."""


class Released(Exception):
    """Raised in a hung call once the test lets it go, so the abandoned check thread ends."""


@dataclass(frozen=True)
class CallSite:
    """One question a check asks the system: a Host method and what it was asked about."""

    method: str
    args: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.method}({' '.join(self.args)})"


@dataclass(frozen=True)
class Fault:
    site: CallSite
    kind: FaultKind


def garbled(text: str) -> str:
    """``text`` as a program writing UTF-16 gives it, read through the host's UTF-8 decoding."""
    return decode_output(b"\xff\xfe" + text.encode("utf-16-le", errors="surrogatepass"))


def huge_text(text: str, cap: int) -> str:
    """``text`` followed by filler, cut at ``cap`` characters: what is left of a 50 MB answer."""
    repeat = cap // len(_FILLER_LINE) + 1
    return (text + "\n" + _FILLER_LINE * repeat)[:cap]


class FaultHost:
    """A Host answering as ``inner`` does, except for ``fault``. See the module docstring."""

    def __init__(self, inner: Host, fault: Fault | None = None, *, release: threading.Event | None = None) -> None:
        self.platform = inner.platform
        self._inner = inner
        self.fault = fault
        self.release = release or threading.Event()
        self.scan_thread: int | None = None  # set by the caller to the thread that runs run_scan
        self._sites: dict[CallSite, None] = {}  # every call site a check asked, in order, once each
        self.unlisted: set[str] = set()  # attributes asked for that the Host protocol does not have
        self.injected = 0  # how many times the fault was given
        self._lock = threading.Lock()

    @property
    def sites(self) -> list[CallSite]:
        """Every call site the checks asked about so far, in the order first asked."""
        with self._lock:
            return list(self._sites)

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_"):
            self.unlisted.add(name)
        return getattr(self._inner, name)

    # -- the machinery ------------------------------------------------------------------------------------------
    def _hit(self, site: CallSite) -> FaultKind | None:
        """Note the call site; the fault to give here, if any."""
        if threading.get_ident() == self.scan_thread:
            return None
        with self._lock:
            self._sites.setdefault(site, None)
            if self.fault is None or self.fault.site != site:
                return None
            self.injected += 1
        kind = self.fault.kind
        if kind is FaultKind.RAISE:
            raise InjectedFault(f"injected fault in {site}")
        if kind is FaultKind.HANG:
            self.release.wait()
            raise Released(f"a hung call to {site} was let go after the scan")
        return kind

    def _simple(self, method: str, args: tuple[str, ...], call: Callable[[], Any]) -> Any:
        """A method whose only faults are raising and hanging."""
        self._hit(CallSite(method, args))
        return call()

    # -- commands -----------------------------------------------------------------------------------------------
    def run(self, argv: Sequence[str], timeout: float = DEFAULT_COMMAND_TIMEOUT) -> CommandResult:
        key = tuple(str(a) for a in argv) if not isinstance(argv, str | bytes) else (str(argv),)
        kind = self._hit(CallSite("run", key))
        if kind is FaultKind.MISSING_TOOL:
            return CommandResult(key, CommandOutcome.MISSING)
        if kind is FaultKind.DENIED:
            return CommandResult(key, CommandOutcome.DENIED, detail="[Errno 13] Permission denied")
        clean = self._inner.run(argv, timeout)
        if kind is None or not clean.ran:  # a program that never started cannot be cut short or garbled
            return clean
        if kind is FaultKind.NOT_UTF8:
            return replace(clean, stdout=garbled(clean.stdout), stderr=garbled(clean.stderr))
        if kind is FaultKind.HUGE:
            return replace(clean, stdout=huge_text(clean.stdout, OUTPUT_CAP_BYTES), truncated=True)
        if kind is FaultKind.NONZERO_EXIT:
            code = 2 if clean.returncode == 1 else 1
            return replace(clean, returncode=code, stderr=clean.stderr + "\nerror: injected failure")
        # KILLED: what the real host gives for a program killed by SIGKILL (taskkill /F ends one with code 1)
        code = 1 if self.platform == "windows" else -9
        return CommandResult(key, CommandOutcome.RAN, code, clean.stdout[: len(clean.stdout) // 2], "",
                             duration=clean.duration)

    def which(self, name: str) -> str | None:
        kind = self._hit(CallSite("which", (name,)))
        return None if kind is FaultKind.MISSING_TOOL else self._inner.which(name)

    # -- files --------------------------------------------------------------------------------------------------
    def read_bytes(self, path: str, limit: int = FILE_CAP_BYTES) -> bytes | None:
        kind = self._hit(CallSite("read_bytes", (path,)))
        if kind is FaultKind.DENIED:
            raise AccessDenied(path, "permission denied")
        data = self._inner.read_bytes(path, limit)
        if data is None or kind is None:
            return data
        if kind is FaultKind.NOT_UTF8:
            return (b"\xff\xfe" + decode_output(data).encode("utf-16-le"))[:limit]
        return huge_text(decode_output(data), limit).encode("utf-8")[:limit]

    def read_text(self, path: str, limit: int = FILE_CAP_BYTES) -> str | None:
        kind = self._hit(CallSite("read_text", (path,)))
        if kind is FaultKind.DENIED:
            raise AccessDenied(path, "permission denied")
        text = self._inner.read_text(path, limit)
        if text is None or kind is None:
            return text
        if kind is FaultKind.NOT_UTF8:
            return garbled(text)[:limit]
        return huge_text(text, limit)

    def exists(self, path: str) -> bool:
        return bool(self._simple("exists", (path,), lambda: self._inner.exists(path)))

    def is_dir(self, path: str) -> bool:
        return bool(self._simple("is_dir", (path,), lambda: self._inner.is_dir(path)))

    def list_dir(self, path: str) -> list[str]:
        kind = self._hit(CallSite("list_dir", (path,)))
        if kind is FaultKind.DENIED:
            raise AccessDenied(path, "permission denied")
        names = self._inner.list_dir(path)
        if kind is FaultKind.HUGE and names:
            return sorted([*names, *(f"homeguard-fault-{i}" for i in range(HUGE_ITEMS))])
        return names

    def glob(self, pattern: str) -> list[str]:
        kind = self._hit(CallSite("glob", (pattern,)))
        found = self._inner.glob(pattern)
        if kind is FaultKind.HUGE and found:
            return sorted([*found, *(f"/homeguard-fault/{i}" for i in range(HUGE_ITEMS))])
        return found

    def mtime(self, path: str) -> float | None:
        value: float | None = self._simple("mtime", (path,), lambda: self._inner.mtime(path))
        return value

    def now(self) -> float:
        return float(self._simple("now", (), self._inner.now))

    # -- session facts ------------------------------------------------------------------------------------------
    def env(self, name: str) -> str | None:
        kind = self._hit(CallSite("env", (name,)))
        value = self._inner.env(name)
        return garbled(value) if kind is FaultKind.NOT_UTF8 and value is not None else value

    def processes(self) -> tuple[ProcessInfo, ...]:
        kind = self._hit(CallSite("processes"))
        if kind is FaultKind.DENIED:
            raise AccessDenied("the list of running programs", "the system refused")
        found = self._inner.processes()
        if kind is FaultKind.HUGE:
            return found + tuple(ProcessInfo(100_000 + i, f"homeguard-fault-{i}") for i in range(HUGE_ITEMS))
        return found

    def listening_sockets(self) -> tuple[ListeningSocket, ...]:
        kind = self._hit(CallSite("listening_sockets"))
        if kind is FaultKind.DENIED:
            raise AccessDenied("the list of network connections", "the system needs admin rights for this")
        found = self._inner.listening_sockets()
        if kind is FaultKind.HUGE:  # loopback only, on ports no check looks at
            junk = (ListeningSocket("udp", "127.0.0.1", 40_000 + i % 20_000, None, "homeguard-fault")
                    for i in range(HUGE_ITEMS))
            return found + tuple(junk)
        return found

    def user(self) -> UserInfo:
        kind = self._hit(CallSite("user"))
        return UNKNOWN_USER if kind is FaultKind.DENIED else self._inner.user()

    def hostname(self) -> str:
        return str(self._simple("hostname", (), self._inner.hostname))

    def os_name(self) -> str:
        return str(self._simple("os_name", (), self._inner.os_name))

    def python(self) -> str:
        return str(self._simple("python", (), self._inner.python))

    def locale(self) -> str:
        return str(self._simple("locale", (), self._inner.locale))

    # -- Windows registry ---------------------------------------------------------------------------------------
    def registry_values(self, key: str) -> dict[str, RegistryValue] | None:
        kind = self._hit(CallSite("registry_values", (key,)))
        if kind is FaultKind.DENIED:
            raise AccessDenied(key, "the registry refused")
        values = self._inner.registry_values(key)
        if values is None or kind is None:
            return values
        if kind is FaultKind.NOT_UTF8:
            return {name: _garbled_value(value) for name, value in values.items()}
        huge = dict(values)
        huge.update({f"homeguard-fault-{i}": RegistryValue("REG_SZ", "x") for i in range(HUGE_ITEMS)})
        huge["homeguard-fault-long"] = RegistryValue("REG_SZ", huge_text("", FILE_CAP_BYTES))
        return huge

    def registry_subkeys(self, key: str) -> list[str]:
        kind = self._hit(CallSite("registry_subkeys", (key,)))
        if kind is FaultKind.DENIED:
            raise AccessDenied(key, "the registry refused")
        names = self._inner.registry_subkeys(key)
        if kind is FaultKind.HUGE and names:
            return [*names, *(f"homeguard-fault-{i}" for i in range(HUGE_ITEMS))]
        return names


def _garbled_value(value: RegistryValue) -> RegistryValue:
    data = value.data
    if isinstance(data, str):
        return RegistryValue(value.type, garbled(data))
    if isinstance(data, list):
        return RegistryValue(value.type, [garbled(item) for item in data])
    return value
