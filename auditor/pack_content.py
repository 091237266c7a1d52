"""What the guided-check content packs say, once read: the values the rest of Homeguard works with.

The guided checks, their step-by-step guides, the awareness quiz and the help-now contacts are written by people as
TOML in ``checks/manual`` and read by ``auditor.packs``. Everything else (the walk, the quiz, the reports, the
window) sees only these frozen values, never the TOML, and each fact keeps its source and the date it was checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.model import Severity, Status


@dataclass(frozen=True)
class PackError:
    """One mistake in a pack file: the file, the line when known, and what is wrong, in plain words."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Sourced:
    """Every fact in a pack carries where it came from and when someone last checked it."""

    source: str
    checked: dt.date


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    kind: str
    min_age: int


@dataclass(frozen=True)
class DeviceKind:
    id: str
    name: str


@dataclass(frozen=True)
class Guide(Sourced):
    for_: str  # a service id, a device kind id, or "any"
    steps: tuple[str, ...]
    link: str


@dataclass(frozen=True)
class Choice:
    label: str
    status: Status


@dataclass(frozen=True)
class GuidedCheck(Sourced):
    id: str
    title: str
    strategy: str
    severity: Severity
    audience: str
    asked: str
    services: tuple[str, ...]
    device_kinds: tuple[str, ...]
    valid_days: int
    question: str
    why: str
    guides: tuple[Guide, ...]
    choices: tuple[Choice, ...]
    pack: str
    file: str

    def answer_choices(self) -> tuple[Choice, ...]:
        """The verdict-giving answers: the pack's own, or Yes and No. "Not sure" and "Skip" are always added."""
        return self.choices or (Choice("Yes", Status.PASS), Choice("No", Status.FAIL))

    def guides_for(self, used: Iterable[str]) -> tuple[Guide, ...]:
        used = set(used)
        matching = tuple(g for g in self.guides if g.for_ in used)
        return matching or tuple(g for g in self.guides if g.for_ == "any") or self.guides


@dataclass(frozen=True)
class QuizQuestion(Sourced):
    id: str
    strategy: str
    audience: str
    text: str
    choices: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True)
class Quiz:
    valid_days: int = 365
    pass_share: float = 0.8
    partial_share: float = 0.5
    questions: tuple[QuizQuestion, ...] = ()


@dataclass(frozen=True)
class ResponseStep(Sourced):
    id: str
    title: str
    text: str




@dataclass(frozen=True)
class Contact(Sourced):
    """A line or service to contact. ``audience`` says who it is for in one word (young-people, adults or
    everyone), so that each region can be checked to have help for both; ``for_`` says it in the person's words.
    ``topics`` tags what it specialises in (CONTACT_TOPICS), such as help when someone may be spying on a device.
    """

    name: str
    kind: str
    for_: str
    ages: str
    phone: str
    text: str
    link: str
    hours: str
    audience: str = "everyone"
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    countries: tuple[str, ...]
    contacts: tuple[Contact, ...]

    def contacts_for(self, topic: str) -> tuple[Contact, ...]:
        """The contacts tagged with a topic (see CONTACT_TOPICS), in the file's order."""
        return tuple(c for c in self.contacts if topic in c.topics)


@dataclass(frozen=True)
class HelpNow:
    steps: tuple[ResponseStep, ...] = ()
    regions: tuple[Region, ...] = ()

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id.upper()), None)


@dataclass
class Content:
    """Everything in checks/manual, and every mistake found on the way."""

    services: dict[str, Service] = field(default_factory=dict)
    device_kinds: dict[str, DeviceKind] = field(default_factory=dict)
    checks: list[GuidedCheck] = field(default_factory=list)
    quiz: Quiz = field(default_factory=Quiz)
    help_now: HelpNow = field(default_factory=HelpNow)
    errors: list[PackError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def check(self, check_id: str) -> GuidedCheck | None:
        return next((c for c in self.checks if c.id == check_id), None)
