"""What a check is: a spec plus one probe per operating system, and the context a probe runs in."""

from __future__ import annotations

import importlib
import importlib.util
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from auditor.host import DEFAULT_COMMAND_TIMEOUT, CommandResult, Host
from auditor.model import PLATFORMS, CheckSpec, Evidence, Finding, Fix, Severity, Status
from auditor.settings import Settings

Probe = Callable[["CheckContext"], Finding]


class DeadlineHost:
    """Wraps a Host so that no command a check runs can outlive the check's own deadline."""

    def __init__(self, host: Host, deadline: float) -> None:
        self._host = host
        self._deadline = deadline

    def __getattr__(self, name: str):
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

    def run(self, context: CheckContext) -> Finding:
        platform = context.host.platform
        probe = self.probes.get(platform)
        if probe is None:
            return Finding(Status.NOT_APPLICABLE, f"This check is not written for {platform}.")
        return probe(context)


def finding(status: Status, summary: str, evidence: Sequence[Evidence] = (), desktop: str | None = None) -> Finding:
    """Build a Finding from any sequence of evidence (checks usually collect it in a list as they go)."""
    return Finding(status, summary, tuple(evidence), desktop)


def platform_check(package: str, *, id: str, title: str, strategy: str, severity: Severity, why: str,
                   timeout: float = 10.0) -> Check:
    """Build a check from its package's platform modules: ``linux.py``, ``macos.py``, ``windows.py``.

    Each platform module says how the check looks on that system and what to do about it there:
    ``LOOKS_AT`` (plain words), ``FIXES`` (a dict of Fix keyed ``"macos"`` or ``"linux:gnome"``), ``probe(ctx)``,
    ``ADMIN_NOTE`` when admin rights would give a fuller answer, and ``UNVERIFIED``: the detections on that system not
    yet backed by an output recorded on a real machine. The check supports exactly the systems that have a module,
    so adding a system is adding one file.
    """
    probes: dict[str, Probe] = {}
    looks_at: dict[str, str] = {}
    fixes: dict[str, Fix] = {}
    admin_notes: dict[str, str] = {}
    unverified: dict[str, tuple[str, ...]] = {}
    for platform in PLATFORMS:
        name = f"{package}.{platform}"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        probes[platform] = module.probe
        looks_at[platform] = module.LOOKS_AT
        fixes.update(module.FIXES)
        if getattr(module, "ADMIN_NOTE", ""):
            admin_notes[platform] = module.ADMIN_NOTE
        if getattr(module, "UNVERIFIED", ()):
            unverified[platform] = tuple(module.UNVERIFIED)
    spec = CheckSpec(id=id, title=title, strategy=strategy, severity=severity, platforms=tuple(probes), why=why,
                     looks_at=looks_at, fixes=fixes, admin_notes=admin_notes, unverified=unverified, timeout=timeout)
    return Check(spec, probes)
