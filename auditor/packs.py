"""Loading the guided-check content packs in ``checks/manual`` (the format is in checks/manual/FORMAT.md).

Packs are written by people, so mistakes will happen. A file with a mistake gives a PackError naming the file,
the line and what is wrong, and every other file still loads. A guided check with a mistake is left out rather
than shown half-right; the rest of its file still loads.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from auditor.advice import STRATEGY_IDS
from auditor.model import Severity, Status

MANUAL_DIR = Path(__file__).resolve().parent.parent / "checks" / "manual"
FORMAT_VERSION = 1
SERVICES_FILE, QUIZ_FILE, HELP_FILE = "services.toml", "quiz.toml", "help-now.toml"
AUDIENCES = ("parent", "teen", "everyone")
ASKED = ("person", "device", "household")
CONTACT_KINDS = ("emergency", "report", "support", "removal")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PackError:
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
    name: str
    kind: str
    for_: str
    ages: str
    phone: str
    text: str
    link: str
    hours: str


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    countries: tuple[str, ...]
    contacts: tuple[Contact, ...]


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


# -- reading one table with line numbers ----------------------------------------------------------------------------

class _Invalid(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class _Lines:
    """Finds the line a table or key was written on, so errors can point at it (tomllib does not say)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def header(self, name: str, index: int) -> int | None:
        """The line of the index-th ``[[name]]`` header (1-based line numbers)."""
        seen = -1
        pattern = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
        for number, line in enumerate(self.lines, 1):
            if pattern.match(line):
                seen += 1
                if seen == index:
                    return number
        return None

    def key(self, key: str, start: int | None) -> int | None:
        """The line of ``key =`` at or after ``start``, before the next table header."""
        begin = start or 1
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(begin, len(self.lines) + 1):
            line = self.lines[number - 1]
            if number > begin and line.lstrip().startswith("["):
                break
            if pattern.match(line):
                return number
        return start


class _Sourced(TypedDict):
    """Where a fact comes from and when it was last checked: every guide, question and contact carries both."""

    source: str
    checked: dt.date


class _Table:
    """One TOML table with typed, validated accessors that raise _Invalid pointing at the right line."""

    def __init__(self, data: Mapping[str, Any], lines: _Lines, line: int | None, label: str) -> None:
        self.data, self.lines, self.line, self.label = data, lines, line, label

    def _fail(self, key: str, message: str) -> _Invalid:
        return _Invalid(f"{self.label}: {message}", self.lines.key(key, self.line) if key else self.line)

    def text(self, key: str, *, optional: bool = False, default: str = "") -> str:
        if key not in self.data:
            if optional:
                return default
            raise self._fail("", f"'{key}' is missing")
        value = self.data[key]
        if not isinstance(value, str):
            raise self._fail(key, f"'{key}' should be text in quotes")
        if not optional and not value.strip():
            raise self._fail(key, f"'{key}' is empty")
        return value.strip()

    def ident(self, key: str) -> str:
        value = self.text(key)
        if not _ID.match(value):
            raise self._fail(key, f"'{key}' = {value!r} should be lower-case words joined by hyphens")
        return value

    def choice(self, key: str, allowed: Iterable[str], *, optional: bool = False, default: str = "") -> str:
        allowed = tuple(allowed)
        value = self.text(key, optional=optional, default=default)
        if value not in allowed:
            raise self._fail(key, f"'{key}' = {value!r} should be one of {', '.join(allowed)}")
        return value

    def integer(self, key: str, *, minimum: int = 0, optional: bool = False, default: int = 0) -> int:
        if key not in self.data and optional:
            return default
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self._fail(key, f"'{key}' should be a whole number of at least {minimum}")
        return value

    def share(self, key: str, default: float) -> float:
        value = self.data.get(key, default)
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self._fail(key, f"'{key}' should be a number from 0 to 1")
        return float(value)

    def texts(self, key: str, *, optional: bool = False) -> tuple[str, ...]:
        value = self.data.get(key, [] if optional else None)
        if value is None:
            raise self._fail("", f"'{key}' is missing")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self._fail(key, f"'{key}' should be a list of texts in quotes")
        if not optional and not value:
            raise self._fail(key, f"'{key}' is empty")
        return tuple(v.strip() for v in value)

    def link(self, key: str, *, optional: bool = False) -> str:
        value = self.text(key, optional=optional)
        if value and not value.startswith("https://"):
            raise self._fail(key, f"'{key}' should be an https:// link, not {value!r}")
        return value

    def sourced(self) -> _Sourced:
        checked = self.data.get("checked")
        if isinstance(checked, dt.datetime):
            checked = checked.date()
        if not isinstance(checked, dt.date):
            raise self._fail("checked" if "checked" in self.data else "",
                             "'checked' should be the date the facts were last checked, like 2026-11-27")
        return {"source": self.link("source"), "checked": checked}

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self._fail(key, f"'{key}' should be written as [[...{key}]] tables")
        return value


# -- the files ----------------------------------------------------------------------------------------------------

def load_content(folder: Path | str = MANUAL_DIR) -> Content:
    """Every file in the folder. Never raises for a broken file: its errors are in ``Content.errors``."""
    folder = Path(folder)
    content = Content()
    files = sorted(folder.glob("*.toml"))
    order = {SERVICES_FILE: 0}  # the catalogue first: packs are checked against it
    for path in sorted(files, key=lambda p: (order.get(p.name, 1), p.name)):
        content.files.append(path.name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            content.errors.append(PackError(path.name, None, f"could not be read ({exc})"))
            continue
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"at line (\d+)", str(exc))
            content.errors.append(PackError(path.name, int(match.group(1)) if match else None,
                                            f"is not valid TOML: {exc}"))
            continue
        lines = _Lines(text)
        if data.get("format") != FORMAT_VERSION:
            content.errors.append(PackError(path.name, lines.key("format", 1) or 1,
                                            f"'format' should be {FORMAT_VERSION} (this Homeguard reads format "
                                            f"{FORMAT_VERSION})"))
            continue
        reader = {SERVICES_FILE: _read_services, QUIZ_FILE: _read_quiz, HELP_FILE: _read_help}.get(path.name,
                                                                                                    _read_pack)
        reader(path.name, data, lines, content)
    _check_unique_ids(content)
    return content


def _each(name: str, file: str, data: Mapping[str, Any], lines: _Lines, content: Content,
          label: str) -> Iterator[_Table]:
    """Yield each ``[[name]]`` table; a broken one is reported and skipped, the others go on."""
    items = data.get(name, [])
    if not isinstance(items, list):
        content.errors.append(PackError(file, lines.key(name, 1), f"'{name}' should be written as [[{name}]]"))
        return
    for index, item in enumerate(items):
        line = lines.header(name, index)
        ident = item.get("id") if isinstance(item, Mapping) else None
        yield _Table(item, lines, line, f"{label} {ident!r}" if ident else f"{label} {index + 1}")


def _read_services(file: str, data: Mapping[str, Any], lines: _Lines, content: Content) -> None:
    for table in _each("service", file, data, lines, content, "service"):
        try:
            service = Service(table.ident("id"), table.text("name"), table.text("kind"),
                              table.integer("min_age", optional=True))
            content.services[service.id] = service
        except _Invalid as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))
    for table in _each("device_kind", file, data, lines, content, "device kind"):
        try:
            kind = DeviceKind(table.ident("id"), table.text("name"))
            content.device_kinds[kind.id] = kind
        except _Invalid as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))


def _read_pack(file: str, data: Mapping[str, Any], lines: _Lines, content: Content) -> None:
    pack_line = lines.key("pack", 1)
    pack = data.get("pack")
    if not isinstance(pack, str) or not _ID.match(pack):
        content.errors.append(PackError(file, pack_line, "'pack' should name the pack in lower-case-hyphenated form"))
        return
    for table in _each("check", file, data, lines, content, "check"):
        try:
            content.checks.append(_read_check(table, pack, file, content))
        except _Invalid as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))


def _read_check(table: _Table, pack: str, file: str, content: Content) -> GuidedCheck:
    services = table.texts("services", optional=True)
    kinds = table.texts("device_kinds", optional=True)
    if content.services:
        unknown = [s for s in services if s not in content.services]
        if unknown:
            raise table._fail("services", f"unknown service(s) {', '.join(unknown)}: add them to {SERVICES_FILE}")
    if content.device_kinds:
        unknown = [k for k in kinds if k not in content.device_kinds]
        if unknown:
            raise table._fail("device_kinds", f"unknown device kind(s) {', '.join(unknown)}")
    asked = table.choice("asked", ASKED)
    if asked == "device" and not kinds:
        raise table._fail("device_kinds", "a check asked per device needs 'device_kinds'")
    guides = []
    for index, raw in enumerate(table.tables("guide")):
        guide = _Table(raw, table.lines, _nth_nested_header(table.lines, "check.guide", table.line, index),
                       f"{table.label}, guide {index + 1}")
        guides.append(Guide(for_=guide.text("for"), steps=guide.texts("steps"), link=guide.link("link"),
                            **guide.sourced()))
    choices = []
    for index, raw in enumerate(table.tables("choice")):
        choice = _Table(raw, table.lines, _nth_nested_header(table.lines, "check.choice", table.line, index),
                        f"{table.label}, choice {index + 1}")
        choices.append(Choice(choice.text("label"), Status(choice.choice("status", ("pass", "partial", "fail")))))
    return GuidedCheck(
        id=table.ident("id"),
        title=table.text("title"),
        strategy=table.choice("strategy", STRATEGY_IDS),
        severity=Severity(table.choice("severity", [s.value for s in Severity])),
        audience=table.choice("audience", AUDIENCES),
        asked=asked,
        services=services,
        device_kinds=kinds,
        valid_days=table.integer("valid_days", minimum=1),
        question=table.text("question"),
        why=table.text("why"),
        guides=tuple(guides),
        choices=tuple(choices),
        pack=pack,
        file=file,
        **table.sourced(),
    )


def _read_quiz(file: str, data: Mapping[str, Any], lines: _Lines, content: Content) -> None:
    top = _Table(data, lines, 1, "quiz")
    questions = []
    try:
        valid_days = top.integer("valid_days", minimum=1, optional=True, default=365)
        pass_share, partial_share = top.share("pass_share", 0.8), top.share("partial_share", 0.5)
    except _Invalid as exc:
        content.errors.append(PackError(file, exc.line, str(exc)))
        return
    for table in _each("question", file, data, lines, content, "question"):
        try:
            choices = table.texts("choices")
            answer = table.integer("answer")
            if answer >= len(choices):
                raise table._fail("answer", f"'answer' is {answer} but there are only {len(choices)} choices "
                                            "(counting from 0)")
            questions.append(QuizQuestion(
                id=table.ident("id"), strategy=table.choice("strategy", ("educate", "phishing")),
                audience=table.choice("audience", AUDIENCES), text=table.text("text"), choices=choices,
                answer=answer, explanation=table.text("explanation"), **table.sourced(),
            ))
        except _Invalid as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))
    content.quiz = Quiz(valid_days, pass_share, partial_share, tuple(questions))


def _read_help(file: str, data: Mapping[str, Any], lines: _Lines, content: Content) -> None:
    steps, regions = [], []
    for table in _each("step", file, data, lines, content, "step"):
        try:
            steps.append(ResponseStep(id=table.ident("id"), title=table.text("title"), text=table.text("text"),
                                      **table.sourced()))
        except _Invalid as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))
    for table in _each("region", file, data, lines, content, "region"):
        try:
            region_id = table.text("id").upper()
            contacts = []
            for index, raw in enumerate(table.tables("contact")):
                header = _nth_nested_header(lines, "region.contact", table.line, index)
                contact = _Table(raw, lines, header, f"region {region_id}, contact {index + 1}")
                contacts.append(Contact(
                    name=contact.text("name"), kind=contact.choice("kind", CONTACT_KINDS),
                    for_=contact.text("for"), ages=contact.text("ages", optional=True),
                    phone=contact.text("phone", optional=True), text=contact.text("text", optional=True),
                    link=contact.link("link", optional=True), hours=contact.text("hours", optional=True),
                    **contact.sourced(),
                ))
            regions.append(Region(region_id, table.text("name"), tuple(c.upper() for c in
                                  table.texts("countries", optional=True)), tuple(contacts)))
        except _Invalid as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))
    content.help_now = HelpNow(tuple(steps), tuple(regions))


def _nth_nested_header(lines: _Lines, name: str, after: int | None, index: int) -> int | None:
    """The index-th ``[[region.contact]]`` after the region's own header."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    seen = -1
    for number in range(after or 1, len(lines.lines) + 1):
        if pattern.match(lines.lines[number - 1]):
            seen += 1
            if seen == index:
                return number
    return after


def _check_unique_ids(content: Content) -> None:
    seen: dict[str, str] = {}
    unique = []
    for check in content.checks:
        if check.id in seen:
            content.errors.append(PackError(check.file, None, f"check {check.id!r} is already defined in "
                                                              f"{seen[check.id]}; ids must be unique"))
            continue
        seen[check.id] = check.file
        unique.append(check)
    content.checks = unique
