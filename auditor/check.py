"""What a check is: a spec plus one probe per operating system, and the context a probe runs in.

A built-in check keeps each system's part in its own module (``linux.py``, ``macos.py``, ``windows.py``). Only the
part for the system being scanned is imported when the checks load; the others are imported the first time
something asks for them (a listing of another system, the README's table, a report from another computer), so a
scan does not pay for code it never runs, and a part that cannot be imported spoils only its own system.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, NamedTuple, TypeVar

from auditor.host import DEFAULT_COMMAND_TIMEOUT, CommandResult, Host
from auditor.model import PLATFORM_NAMES, PLATFORMS, CheckSpec, Evidence, Finding, Fix, Severity, Status
from auditor.settings import Settings

Probe = Callable[["CheckContext"], Finding]
V = TypeVar("V")


class CouldNotTell(Exception):
    """A probe, or anything it calls, cannot tell how a setting stands: an answer is missing or in a form Homeguard
    does not understand. Raise it with the reason in plain words, without a full stop. A probe may catch it to word
    its own summary; one that escapes the probe the runner turns into an ``unknown`` result ("could not tell" is
    never a pass, and never a crash). ``evidence`` is what was seen before giving up."""

    def __init__(self, reason: str, evidence: Sequence[Evidence] = ()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.evidence = tuple(evidence)

    def finding(self) -> Finding:
        return Finding(Status.UNKNOWN, f"Could not tell: {self.reason}.", self.evidence)


class DeadlineHost:
    """Wraps a Host so that no command a check runs can outlive the check's own deadline."""

    def __init__(self, host: Host, deadline: float) -> None:
        self._host = host
        self._deadline = deadline

    def __getattr__(self, name: str) -> Any:
        return getattr(self._host, name)

    def run(self, argv: Sequence[str], timeout: float = DEFAULT_COMMAND_TIMEOUT) -> CommandResult:
        # Leave the check a moment after the command is stopped to turn that into a plain "could not tell".
        remaining = self._deadline - time.monotonic()
        margin = min(0.75, max(remaining, 0.0) * 0.25)
        return self._host.run(argv, timeout=max(0.05, min(timeout, remaining - margin)))


@dataclass
class CheckContext:
    host: Host
    settings: Settings = field(default_factory=Settings)


@dataclass(frozen=True)
class Check:
    """An automated check: its spec and, for each platform it supports, the function that looks.

    Third-party packages provide the same object through the ``homeguard.checks`` entry-point group.
    """

    spec: CheckSpec
    probes: Mapping[str, Probe]

    def __post_init__(self) -> None:
        missing = set(self.spec.platforms) - set(self.probes)
        if missing:
            raise ValueError(f"check {self.spec.id}: no probe for {sorted(missing)}")

    @property
    def id(self) -> str:
        return self.spec.id

    def supports(self, platform: str) -> bool:
        return platform in self.spec.platforms

    def load(self, platform: str) -> None:
        """Import now the part of this check that runs on ``platform``, so that a part that cannot be imported is
        found while the checks load (and shown as a load failure) rather than in the middle of a scan or a listing.
        Raises ``PartNotLoaded``; does nothing for a check that keeps its probes in memory already."""
        if isinstance(self.probes, _PartsView) and platform in self.probes.parts.platforms:
            self.probes.parts.part(platform)

    def run(self, context: CheckContext) -> Finding:
        platform = context.host.platform
        try:
            probe = self.probes[platform]
        except PartNotLoaded:
            raise  # the runner shows it as an error row, naming the part that could not be imported
        except KeyError:
            return Finding(Status.NOT_APPLICABLE, f"This check is not written for {platform}.")
        return probe(context)


def finding(status: Status, summary: str, evidence: Sequence[Evidence] = (), desktop: str | None = None) -> Finding:
    """Build a Finding from any sequence of evidence (checks usually collect it in a list as they go)."""
    return Finding(status, summary, tuple(evidence), desktop)


def not_applicable_here(system: str, reason: str, seen: str) -> Probe:
    """The probe of a check's part for a system where the feature does not exist (XProtect on Windows, password
    hints on Linux): it always says so, with the reason, and looks at nothing."""

    def probe(ctx: CheckContext) -> Finding:
        return finding(Status.NOT_APPLICABLE, reason, [Evidence(system, seen)])

    return probe


def describe_error(exc: BaseException) -> str:
    """An exception in one line for a load failure row: its type and its message."""
    if isinstance(exc, PartNotLoaded):
        return str(exc)
    try:
        text = str(exc).strip()
    except Exception:  # a plugin's exception may refuse even to be shown
        text = ""
    if len(text) > 500:  # a plugin's message can be any length; a row's summary is one sentence
        text = text[:499] + "\u2026"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def platform_check(package: str, *, id: str, title: str, strategy: str, severity: Severity, why: str,
                   timeout: float = 10.0) -> Check:
    """Build a check from its package's platform modules: ``linux.py``, ``macos.py``, ``windows.py``.

    Each platform module says how the check looks on that system and what to do about it there:
    ``LOOKS_AT`` (plain words), ``FIXES`` (a dict of Fix keyed ``"macos"`` or ``"linux:gnome"``, only for its own
    system), ``probe(ctx)``, ``ADMIN_NOTE`` when admin rights would give a fuller answer, and ``UNVERIFIED``: the
    detections on that system not yet backed by an output recorded on a real machine. The check supports exactly
    the systems that have a module, so adding a system is adding one file.

    The modules are found here but imported only when first needed (see the module's docstring); the spec's
    per-system fields and the probes read them then.
    """
    platforms = tuple(p for p in PLATFORMS if importlib.util.find_spec(f"{package}.{p}") is not None)
    parts = _PlatformParts(package, platforms)
    spec = CheckSpec(id=id, title=title, strategy=strategy, severity=severity, platforms=platforms, why=why,
                     looks_at=_PartsView(parts, lambda part: part.looks_at),
                     fixes=_PartsView(parts, lambda part: part.fixes),
                     admin_notes=_PartsView(parts, lambda part: part.admin_notes),
                     unverified=_PartsView(parts, lambda part: part.unverified), timeout=timeout)
    return Check(spec, _PartsView(parts, lambda part: part.probes, keys_known=True))


class PartNotLoaded(KeyError):
    """One system's part of a check (its ``windows.py``, say) could not be imported.

    A KeyError, so that a plain look-up in the spec (``spec.looks_at.get("windows")``, ``"windows" in
    spec.fixes``) treats that system's details as absent and a display of them never crashes. ``Check.load`` and
    ``Check.run`` raise it; the registry turns it into a load failure row for the listing of that system only.
    """

    def __init__(self, module: str, platform: str, reason: str) -> None:
        super().__init__(module)
        self.module = module
        self.platform = platform
        self.reason = reason

    def __str__(self) -> str:
        system = PLATFORM_NAMES.get(self.platform, self.platform)
        return f"its {system} part ({self.module}) failed to import: {self.reason}"


class _Part(NamedTuple):
    """What one platform module gives its check, each field in the shape the spec keeps it."""

    probes: Mapping[str, Probe]
    looks_at: Mapping[str, str]
    fixes: Mapping[str, Fix]
    admin_notes: Mapping[str, str]
    unverified: Mapping[str, tuple[str, ...]]

    @classmethod
    def read(cls, module: ModuleType, platform: str) -> _Part:
        fixes: dict[str, Fix] = dict(module.FIXES)
        foreign = [key for key in fixes if key.partition(":")[0] != platform]
        if foreign:
            raise ValueError(f"FIXES names other systems than {platform}: {sorted(foreign)}")
        note: str = getattr(module, "ADMIN_NOTE", "")
        unverified = tuple(getattr(module, "UNVERIFIED", ()))
        return cls(probes={platform: module.probe}, looks_at={platform: module.LOOKS_AT}, fixes=fixes,
                   admin_notes={platform: note} if note else {},
                   unverified={platform: unverified} if unverified else {})


class _PlatformParts:
    """The platform modules of one check package, each imported the first time something needs it."""

    def __init__(self, package: str, platforms: tuple[str, ...]) -> None:
        self.package = package
        self.platforms = platforms
        self._parts: dict[str, _Part] = {}
        self._failures: dict[str, str] = {}  # platform -> why its module could not be imported
        self._lock = threading.RLock()  # the checks of a recorded scan may ask from several threads at once

    def part(self, platform: str) -> _Part:
        module = f"{self.package}.{platform}"
        with self._lock:
            if platform in self._parts:
                return self._parts[platform]
            if platform not in self._failures:
                try:
                    self._parts[platform] = _Part.read(importlib.import_module(module), platform)
                    return self._parts[platform]
                except Exception as exc:  # a part can raise anything at import time
                    self._failures[platform] = describe_error(exc)
            raise PartNotLoaded(module, platform, self._failures[platform])

    def loaded(self) -> Iterator[_Part]:
        """Every part that can be imported, importing them now; the others are left out."""
        for platform in self.platforms:
            try:
                yield self.part(platform)
            except PartNotLoaded:
                continue


class _PartsView(Mapping[str, V]):
    """One per-system field of a check (its probes, fixes, ...) gathered from its platform modules on demand.

    A key is a system (``"linux"``) or a system and desktop (``"linux:gnome"``): looking one up imports that
    system's module only. Listing the keys imports them all, except for the probes, whose keys are the systems that
    have a module (``keys_known``). A module that cannot be imported raises ``PartNotLoaded`` on look-up.
    """

    def __init__(self, parts: _PlatformParts, field_of: Callable[[_Part], Mapping[str, V]], *,
                 keys_known: bool = False) -> None:
        self.parts = parts
        self._field_of = field_of
        self._keys_known = keys_known

    def __getitem__(self, key: str) -> V:
        platform = key.partition(":")[0]
        if platform not in self.parts.platforms:
            raise KeyError(key)
        return self._field_of(self.parts.part(platform))[key]

    def __iter__(self) -> Iterator[str]:
        if self._keys_known:
            return iter(self.parts.platforms)
        return (key for part in self.parts.loaded() for key in self._field_of(part))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"<{self.parts.package}: {', '.join(self.parts.platforms)}>"
