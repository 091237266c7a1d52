"""A Host that answers from recordings made on real machines.

Modelled on Chef InSpec's mock loader: an exact argument list maps to the output a real system printed, a path
maps to a real file's contents. A check cannot tell it apart from the real host, so every branch of every check,
on every operating system, can be tested on one Linux machine.

A recording can be built in Python (tests) or loaded from a scenario TOML file (demos and GUI tests, through
``auditor.recorded_scenario``, whose ``load_scenario`` is importable from here too), whose command outputs and files
point at fixture files under ``tests/fixtures``. Anything not recorded behaves like a machine that does not have it:
an unknown command is "not installed", an unknown file does not exist. Where that would be untrue (a recording put
together from several machines that simply did not capture something), the recording marks it as not recorded, and
asking about it raises ``NotRecorded``, so the check says it could not tell instead of judging a gap.
"""

from __future__ import annotations

import fnmatch
import posixpath
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from auditor.check import CouldNotTell
from auditor.host import (
    DEFAULT_COMMAND_TIMEOUT,
    FILE_CAP_BYTES,
    OUTPUT_CAP_BYTES,
    AccessDenied,
    CommandOutcome,
    CommandResult,
    ListeningSocket,
    ProcessInfo,
    UserInfo,
    decode_output,
)
from auditor.model import Evidence
from auditor.recorded_scenario import MAX_RECORDING_BYTES as MAX_RECORDING_BYTES  # importable from here too
from auditor.recorded_scenario import MAX_SCENARIO_BYTES as MAX_SCENARIO_BYTES
from auditor.recorded_scenario import load_scenario as load_scenario
from auditor.recorded_scenario import registry_text as registry_text
from auditor.winreg_reader import RegistryValue, normalise_key, parse_registry_text

_DENIED = object()


class NotRecorded(CouldNotTell):
    """A check asked about something its recording marks as not recorded (``not_recorded = true`` in a scenario).

    A real host that cannot read something raises ``AccessDenied``, and checks word that as the system refusing, or
    skip the one place refused and judge the rest; neither is true of a gap in a recording. So this is a
    ``CouldNotTell``, which no check's refusal handling catches: the runner ends the check as ``unknown``, saying
    plainly that the recording did not include it, and a gap never becomes a pass or a fail."""

    def __init__(self, what: str) -> None:
        super().__init__(f"the recording of this computer did not include {what}",
                         (Evidence(what, "not in the recording"),))
        self.what = what


@dataclass(frozen=True)
class RecordedCommand:
    outcome: CommandOutcome = CommandOutcome.RAN
    returncode: int | None = 0
    stdout: bytes = b""
    stderr: bytes = b""
    delay: float = 0.0  # seconds the "program" takes; only the runner's deadline tests use it


class RecordedHost:
    """A Host built from recordings. Thread-safe for reading, as the runner calls it from many threads."""

    def __init__(
        self,
        platform: str = "linux",
        *,
        env: Mapping[str, str] | None = None,
        user: UserInfo | None = None,
        hostname: str = "recorded-host",
        os_name: str = "",
        now: float = 1_795_000_000.0,  # 2026-11-18, so "how old is this file" has a fixed answer in tests
    ) -> None:
        self.platform = platform
        self._env = dict(env or {})
        home = {"windows": "C:\\Users\\alex", "macos": "/Users/alex"}.get(platform, "/home/alex")
        self._user = user or UserInfo(name="alex", home=home, uid=None if platform == "windows" else 1000)
        self._hostname = hostname
        self._os_name = os_name or {"linux": "Linux", "macos": "macOS", "windows": "Windows"}.get(platform, platform)
        self._now = now
        self._commands: dict[tuple[str, ...], RecordedCommand] = {}
        self._tools: set[str] = set()
        self._files: dict[str, object] = {}
        self._mtimes: dict[str, float] = {}
        self._dirs: set[str] = set()
        self._processes: list[ProcessInfo] = []
        self._sockets: list[ListeningSocket] | None = []
        self._registry: dict[str, dict[str, RegistryValue]] = {}
        self._denied_keys: set[str] = set()  # registry keys Windows refuses to open
        self._registry_names: dict[str, str] = {}  # normalised key -> the key as Windows spelled it
        self._unrecorded_paths: set[str] = set()  # left out of the recording, with all under them (normalised) ...
        self._unrecorded_keys: set[str] = set()  # ... and registry keys
        self._unrecorded_commands: set[tuple[str, ...]] = set()
        self._lock = threading.Lock()
        self.asked: list[tuple[str, ...]] = []  # every command a check ran, in order, for tests to inspect

    # -- building a recording -----------------------------------------------------------------------------------
    def add_command(
        self,
        argv: Sequence[str],
        stdout: str | bytes = "",
        *,
        stderr: str | bytes = "",
        returncode: int | None = 0,
        outcome: CommandOutcome = CommandOutcome.RAN,
        delay: float = 0.0,
    ) -> RecordedHost:
        self._commands[tuple(argv)] = RecordedCommand(
            outcome, returncode, as_bytes(stdout), as_bytes(stderr), delay
        )
        if outcome is not CommandOutcome.MISSING:
            self._tools.add(argv[0])
        return self

    def add_tool(self, name: str) -> RecordedHost:
        """Say a program is installed even if no output of it was recorded (``which`` finds it)."""
        self._tools.add(name)
        return self

    def add_file(self, path: str, content: str | bytes, *, mtime: float | None = None) -> RecordedHost:
        path = self._norm(path)
        self._files[path] = as_bytes(content)
        if mtime is not None:
            self._mtimes[path] = mtime
        self._add_parents(path)
        return self

    def add_dir(self, path: str, *, mtime: float | None = None) -> RecordedHost:
        path = self._norm(path)
        self._dirs.add(path)
        if mtime is not None:
            self._mtimes[path] = mtime
        self._add_parents(path)
        return self

    def deny(self, path: str) -> RecordedHost:
        """Record a file (or folder) the system refuses to let an ordinary user read."""
        path = self._norm(path)
        self._files[path] = _DENIED
        self._add_parents(path)
        return self

    def add_process(self, name: str, *, pid: int | None = None, exe: str = "", cmdline: Iterable[str] = (),
                    username: str = "") -> RecordedHost:
        pid = pid if pid is not None else 1000 + len(self._processes)
        self._processes.append(ProcessInfo(pid, name, exe, tuple(cmdline), username))
        return self

    def add_socket(self, address: str, port: int, *, protocol: str = "tcp", process: str = "",
                   pid: int | None = None) -> RecordedHost:
        if self._sockets is None:
            self._sockets = []
        self._sockets.append(ListeningSocket(protocol, address, port, pid, process))
        return self

    def deny_sockets(self) -> RecordedHost:
        """Record a system that needs admin rights to list network sockets."""
        self._sockets = None
        return self

    def add_registry(self, text: str) -> RecordedHost:
        """Record registry keys from real text: ``reg query <key> [/s]`` output or a regedit ``.reg`` export."""
        for line in text.replace("\r\n", "\n").split("\n"):
            line = line.strip()
            if line.startswith("HKEY_") or line.startswith("[HKEY_"):
                self._remember_spelling(line.strip("[]"))
        for key, values in parse_registry_text(text).items():
            self._registry.setdefault(key, {}).update(values)
            self._denied_keys.discard(key)
            parent = key.rsplit("\\", 1)[0]
            while "\\" in parent and parent not in self._registry:
                self._registry[parent] = {}
                parent = parent.rsplit("\\", 1)[0]
        return self

    def add_registry_value(self, key: str, name: str, kind: str, data: int | str | list[str] | bytes) -> RecordedHost:
        """Record one registry value (for values whose real output is quoted in documentation, not printed)."""
        self._remember_spelling(key)
        self._registry.setdefault(normalise_key(key), {})[name.lower()] = RegistryValue(kind, data)
        return self

    def _remember_spelling(self, key: str) -> None:
        parts = key.replace("/", "\\").strip("\\").split("\\")
        for i in range(1, len(parts) + 1):
            path = "\\".join(parts[:i])
            self._registry_names.setdefault(normalise_key(path), path)

    def deny_registry(self, key: str) -> RecordedHost:
        self._registry.setdefault(normalise_key(key), {})  # its parent still lists it
        self._denied_keys.add(normalise_key(key))
        return self

    # What the recording left out, marked after the recordings: a mark over something recorded is a ValueError.
    def not_recorded(self, path: str) -> RecordedHost:
        """Mark a file or folder, and everything under it, as not recorded: asking about it raises NotRecorded."""
        norm = self._norm(path)
        shown = (p.replace("/", "\\") if self.platform == "windows" else p for p in (*self._files, *self._dirs)
                 if _within(p, norm, "/"))  # as the scenario would spell it
        _refuse_clash(path, shown)
        self._unrecorded_paths.add(norm)
        return self

    def registry_not_recorded(self, key: str) -> RecordedHost:
        """Mark a registry key, and every key under it, as not recorded (its parent does not list it)."""
        norm = normalise_key(key)
        _refuse_clash(key, (self._registry_names.get(k, k) for k in self._registry if _within(k, norm, "\\")))
        self._unrecorded_keys.add(norm)
        return self

    def command_not_recorded(self, argv: Sequence[str]) -> RecordedHost:
        """Mark one command line as not recorded; unless its program is known otherwise, ``which`` cannot say
        whether the program is installed either."""
        key = tuple(argv)
        _refuse_clash(" ".join(key), [" ".join(key)] if key in self._commands else [])
        self._unrecorded_commands.add(key)
        return self

    def set_env(self, name: str, value: str) -> RecordedHost:
        self._env[name] = value
        return self

    # -- the Host protocol --------------------------------------------------------------------------------------
    def run(self, argv: Sequence[str], timeout: float = DEFAULT_COMMAND_TIMEOUT) -> CommandResult:
        if isinstance(argv, str | bytes):
            raise TypeError("commands are argument lists, never shell strings")
        key = tuple(str(a) for a in argv)
        with self._lock:
            self.asked.append(key)
        if key in self._unrecorded_commands:
            raise NotRecorded(f"`{' '.join(key)}`")
        recorded = self._commands.get(key)
        if recorded is None:
            return CommandResult(key, CommandOutcome.MISSING if key[0] not in self._tools else CommandOutcome.FAILED,
                                 detail="" if key[0] not in self._tools else "no recording for this command line")
        if recorded.delay:
            threading.Event().wait(min(recorded.delay, timeout))
            if recorded.delay > timeout:
                return CommandResult(key, CommandOutcome.TIMEOUT, duration=timeout)
        if recorded.outcome is not CommandOutcome.RAN:
            return CommandResult(key, recorded.outcome)
        truncated = len(recorded.stdout) > OUTPUT_CAP_BYTES or len(recorded.stderr) > OUTPUT_CAP_BYTES
        return CommandResult(
            key,
            CommandOutcome.RAN,
            recorded.returncode,
            decode_output(recorded.stdout[:OUTPUT_CAP_BYTES]),
            decode_output(recorded.stderr[:OUTPUT_CAP_BYTES]),
            truncated,
        )

    def which(self, name: str) -> str | None:
        if name not in self._tools and any(argv[0] == name for argv in self._unrecorded_commands):
            raise NotRecorded(f"whether `{name}` is installed")
        if name in self._tools:
            return name if "/" in name or "\\" in name else f"/usr/bin/{name}"
        return None

    def read_bytes(self, path: str, limit: int = FILE_CAP_BYTES) -> bytes | None:
        path = self._recorded_path(path)
        content = self._files.get(path)
        if content is _DENIED or self._under_denied(path):
            raise AccessDenied(path, "permission denied")
        if content is None:
            return None
        assert isinstance(content, bytes)
        return content[:limit]

    def read_text(self, path: str, limit: int = FILE_CAP_BYTES) -> str | None:
        data = self.read_bytes(path, limit)
        return None if data is None else decode_output(data)

    def exists(self, path: str) -> bool:
        path = self._recorded_path(path)
        return path in self._files or path in self._dirs

    def is_dir(self, path: str) -> bool:
        return self._recorded_path(path) in self._dirs

    def list_dir(self, path: str) -> list[str]:
        path = self._recorded_path(path)
        if self._files.get(path) is _DENIED or self._under_denied(path):
            raise AccessDenied(path, "permission denied")
        prefix = path.rstrip("/") + "/"
        names = {p[len(prefix):].split("/", 1)[0] for p in (*self._files, *self._dirs) if p.startswith(prefix)}
        return sorted(n for n in names if n)

    def glob(self, pattern: str) -> list[str]:
        parts = self._norm(pattern).split("/")
        for marked in (p.split("/") for p in self._unrecorded_paths):  # could it match in a part not recorded?
            if len(parts) >= len(marked) and all(map(fnmatch.fnmatchcase, marked, parts)):
                raise NotRecorded(pattern)
        known = [p for p in (*self._files, *self._dirs) if p.count("/") == len(parts) - 1]
        return sorted(
            p for p in known if all(fnmatch.fnmatchcase(seg, pat) for seg, pat in zip(p.split("/"), parts, strict=True))
        )

    def mtime(self, path: str) -> float | None:
        path = self._recorded_path(path)
        if not self.exists(path):
            return None
        return self._mtimes.get(path, self._now - 3600)

    def now(self) -> float:
        return self._now

    def env(self, name: str) -> str | None:
        return self._env.get(name)

    def processes(self) -> tuple[ProcessInfo, ...]:
        return tuple(self._processes)

    def listening_sockets(self) -> tuple[ListeningSocket, ...]:
        if self._sockets is None:
            raise AccessDenied("the list of network connections", "the system needs admin rights for this")
        return tuple(self._sockets)

    def user(self) -> UserInfo:
        return self._user

    def hostname(self) -> str:
        return self._hostname

    def os_name(self) -> str:
        return self._os_name

    def python(self) -> str:
        return "python3"

    def locale(self) -> str:
        for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
            value = (self._env.get(name) or "").split(".")[0]
            if value and value not in ("C", "POSIX"):
                return value
        return ""

    def registry_values(self, key: str) -> dict[str, RegistryValue] | None:
        self._check_key_recorded(key)
        if normalise_key(key) in self._denied_keys:
            raise AccessDenied(key, "the registry refused")
        found = self._registry.get(normalise_key(key))
        return None if found is None else dict(found)

    def registry_subkeys(self, key: str) -> list[str]:
        self._check_key_recorded(key)
        prefix = normalise_key(key) + "\\"
        if normalise_key(key) in self._denied_keys:
            raise AccessDenied(key, "the registry refused")
        children = {k[: len(prefix) + len(k[len(prefix):].split("\\", 1)[0])] for k in self._registry
                    if k.startswith(prefix)}
        return sorted(self._registry_names.get(c, c).rsplit("\\", 1)[-1] for c in children)

    # -- helpers ------------------------------------------------------------------------------------------------
    def _norm(self, path: str) -> str:
        if path.startswith("~"):
            path = self._user.home + path[1:]
        if self.platform == "windows":
            return path.replace("\\", "/")
        return posixpath.normpath(path) if path else path

    def _recorded_path(self, path: str) -> str:
        """``path`` as the recording keeps it; raises NotRecorded (naming it as asked) when it was left out."""
        norm = self._norm(path)
        if any(_within(norm, left_out, "/") for left_out in self._unrecorded_paths):
            raise NotRecorded(path)
        return norm

    def _check_key_recorded(self, key: str) -> None:
        if any(_within(normalise_key(key), left_out, "\\") for left_out in self._unrecorded_keys):
            raise NotRecorded(key)

    def _add_parents(self, path: str) -> None:
        parent = posixpath.dirname(path)
        while parent and parent not in self._dirs and parent not in ("/", "."):
            self._dirs.add(parent)
            parent = posixpath.dirname(parent)

    def _under_denied(self, path: str) -> bool:
        return any(
            content is _DENIED and path.startswith(denied.rstrip("/") + "/") for denied, content in self._files.items()
        )


def _within(name: str, base: str, separator: str) -> bool:
    """Whether ``name`` is ``base`` or lies under it (a file in a folder, a registry key under another)."""
    return name == base or name.startswith(base.rstrip(separator) + separator)


def _refuse_clash(marked: str, recorded: Iterable[str]) -> None:
    clash = next(iter(recorded), None)
    if clash is not None:
        raise ValueError(f"{marked} is marked as not recorded, but the recording holds {clash}")


def as_bytes(value: str | bytes) -> bytes:
    """Text as UTF-8 bytes, as a program or file would have given it; bytes unchanged."""
    return value if isinstance(value, bytes) else value.encode("utf-8")
