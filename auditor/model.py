"""The words the whole engine speaks: statuses, severities, check specs, findings and results.

Everything here is plain data (frozen dataclasses and string enums) so that it can be stored, compared in tests,
turned into JSON and shown by any front end without knowing how a check works.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from auditor.advice import strategy as _strategy_by_id

# A JSON object as Homeguard writes it into reports and the store, or reads it back (values checked where used).
JsonDict = dict[str, Any]

PLATFORMS: tuple[str, ...] = ("linux", "macos", "windows")
PLATFORM_NAMES: Mapping[str, str] = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}


class Status(StrEnum):
    """What a check concluded. Only pass, partial and fail are verdicts; the others say why there is none."""

    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    UNKNOWN = "unknown"  # could not tell; the summary says why. Never counted as a pass.
    NOT_APPLICABLE = "not_applicable"  # does not apply here; the summary says why
    ERROR = "error"  # the check itself crashed, timed out or could not be loaded

    @property
    def decided(self) -> bool:
        return self in (Status.PASS, Status.PARTIAL, Status.FAIL)

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.PASS: "OK",
    Status.PARTIAL: "Partly",
    Status.FAIL: "Needs fixing",
    Status.UNKNOWN: "Could not tell",
    Status.NOT_APPLICABLE: "Does not apply",
    Status.ERROR: "Check failed",
}


class Severity(StrEnum):
    """How much a check matters. Each severity has one fixed weight in the score (see auditor/scoring.py)."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


@dataclass(frozen=True)
class Fix:
    """How to put a failing check right on one system: steps in words, and where to click.

    ``settings`` is what an "Open settings" button opens: a URL scheme (``ms-settings:``,
    ``x-apple.systempreferences:``) or, on Linux desktops, a settings command as an argument list.
    ``more_info`` is an https page for people who want to read more.
    """

    steps: tuple[str, ...]
    settings_url: str | None = None
    settings_command: tuple[str, ...] | None = None
    more_info: str | None = None

    def to_dict(self) -> JsonDict:
        return {
            "steps": list(self.steps),
            "settings_url": self.settings_url,
            "settings_command": list(self.settings_command) if self.settings_command else None,
            "more_info": self.more_info,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fix:
        command = data.get("settings_command")
        return cls(
            steps=tuple(_text(step) for step in data.get("steps") or ()),
            settings_url=data.get("settings_url"),
            settings_command=tuple(command) if command else None,
            more_info=data.get("more_info"),
        )


@dataclass(frozen=True)
class CheckSpec:
    """Everything about a check except how it looks: what good looks like, why it matters, how to fix it.

    ``fixes`` is keyed by platform (``"linux"``) or by platform and desktop (``"linux:gnome"``); the most
    specific key wins. ``looks_at`` says in plain words, per platform, what the check reads, so that
    ``homeguard checks`` and the report can show it. ``admin_notes`` says, for each system where admin rights
    would give a fuller answer, what Homeguard can and cannot see without them.
    """

    id: str
    title: str
    strategy: str
    severity: Severity
    platforms: tuple[str, ...]
    why: str
    looks_at: Mapping[str, str]
    fixes: Mapping[str, Fix] = field(default_factory=dict)
    admin_notes: Mapping[str, str] = field(default_factory=dict)  # per platform, when admin gives a fuller answer
    unverified: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # per platform: not yet seen for real
    timeout: float = 10.0

    def __post_init__(self) -> None:
        _strategy_by_id(self.strategy)  # raises on a typo, when the spec is defined
        if not self.id or self.id != self.id.lower() or " " in self.id or "_" in self.id:
            raise ValueError(f"check id {self.id!r} must be kebab-case")
        unknown = set(self.platforms) - set(PLATFORMS)
        if unknown:
            raise ValueError(f"check {self.id}: unknown platforms {sorted(unknown)}")
        if self.timeout <= 0:
            raise ValueError(f"check {self.id}: timeout must be positive")

    def needs_admin(self, platform: str) -> bool:
        return bool(self.admin_notes.get(platform))

    def fix_for(self, platform: str, desktop: str | None = None) -> Fix | None:
        if desktop and f"{platform}:{desktop}" in self.fixes:
            return self.fixes[f"{platform}:{desktop}"]
        return self.fixes.get(platform)


@dataclass(frozen=True)
class Evidence:
    """One thing a check looked at and what it saw there, in words a person can follow."""

    looked_at: str
    seen: str

    def to_dict(self) -> JsonDict:
        return {"looked_at": self.looked_at, "seen": self.seen}


@dataclass(frozen=True)
class Finding:
    """What a check returns: its status, one plain sentence, and the evidence behind it.

    ``desktop`` lets a Linux check say which desktop it found, so the right fix can be chosen.
    """

    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    desktop: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a check came from: which installed package provided it, so every report can say so."""

    distribution: str
    version: str
    entry_point: str = ""
    builtin: bool = True

    def to_dict(self) -> JsonDict:
        return {
            "distribution": self.distribution,
            "version": self.version,
            "entry_point": self.entry_point,
            "builtin": self.builtin,
        }


@dataclass(frozen=True)
class Result:
    """A finished check as it is shown, stored and exported."""

    check_id: str
    title: str
    strategy: str
    severity: Severity
    status: Status
    summary: str
    evidence: tuple[Evidence, ...] = ()
    fix: Fix | None = None
    duration: float = 0.0
    origin: Origin | None = None
    kind: str = "device"  # "device" for automated checks, "guided" for answers people give
    subject: str = ""  # who or what a guided answer is about (a person's nickname, a device's name)

    def to_dict(self) -> JsonDict:
        return {
            "check_id": self.check_id,
            "title": self.title,
            "strategy": self.strategy,
            "severity": str(self.severity),
            "status": str(self.status),
            "summary": self.summary,
            "evidence": [e.to_dict() for e in self.evidence],
            "fix": self.fix.to_dict() if self.fix else None,
            "duration": round(self.duration, 4),
            "origin": self.origin.to_dict() if self.origin else None,
            "kind": self.kind,
            "subject": self.subject,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """A result read back (from the history, a report, the scan child). Every text field must be text, so a row
        written wrongly by an older version raises TypeError here, where readers skip it, and never later, in the
        middle of drawing a report."""
        origin = data.get("origin")
        fix = data.get("fix")
        evidence = data.get("evidence") or ()
        if not isinstance(evidence, list | tuple):
            raise TypeError("evidence must be a list")
        return cls(
            check_id=_text(data["check_id"]),
            title=_text(data["title"]),
            strategy=_text(data["strategy"]),
            severity=Severity(data["severity"]),
            status=Status(data["status"]),
            summary=_text(data["summary"]),
            evidence=tuple(Evidence(_text(e["looked_at"]), _text(e["seen"])) for e in evidence),
            fix=Fix.from_dict(fix) if fix else None,
            duration=float(data.get("duration") or 0.0),
            origin=Origin(**origin) if origin else None,
            kind=_text(data.get("kind", "device")),
            subject=_text(data.get("subject", "")),
        )


def _text(value: object) -> str:
    """``value`` when it is text; a TypeError otherwise (see ``Result.from_dict``)."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


@dataclass(frozen=True)
class ScanRun:
    """One scan of one device: when, where, with what, and every result."""

    results: tuple[Result, ...]
    started_at: float
    finished_at: float
    platform: str
    hostname: str
    os_name: str
    app_version: str
    safe_mode: bool = False
    cancelled: bool = False
    run_id: int | None = None
    user_is_admin: bool = False

    @property
    def duration(self) -> float:
        return max(0.0, self.finished_at - self.started_at)
