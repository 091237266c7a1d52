"""Loading the guided-check content packs in ``checks/manual`` (the format is in checks/manual/FORMAT.md).

Packs are written by people, so mistakes will happen. A file with a mistake gives a PackError naming the file,
the line and what is wrong, and every other file still loads. A guided check with a mistake is left out rather
than shown half-right; the rest of its file still loads.

This module reads the folder, one reader per kind of file: the service catalogue, the quiz, the help-now contacts,
and the packs of guided checks. The values it builds are in ``auditor.pack_content``; reading one table so that
each mistake names its line is ``auditor.pack_toml``. Callers import all of it from here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from auditor.advice import STRATEGY_IDS
from auditor.bounded_read import MB, FileRefused, read_limited_text
from auditor.contact_topics import CONTACT_TOPICS, DEVICE_MONITORING
from auditor.model import Severity, Status
from auditor.pack_content import (
    Choice,
    Contact,
    Content,
    DeviceKind,
    Guide,
    GuidedCheck,
    HelpNow,
    PackError,
    Quiz,
    QuizQuestion,
    Region,
    ResponseStep,
    Service,
    Sourced,
)
from auditor.pack_toml import ID_PATTERN, InvalidEntry, SourceLines, Table, nth_nested_header
from auditor.plural import word_for

__all__ = [
    "ASKED",
    "AUDIENCES",
    "CONTACT_AUDIENCES",
    "CONTACT_KINDS",
    "CONTACT_TOPICS",
    "DEVICE_MONITORING",
    "FORMAT_VERSION",
    "HELP_FILE",
    "MANUAL_DIR",
    "MAX_PACK_BYTES",
    "QUIZ_FILE",
    "SERVICES_FILE",
    "Choice",
    "Contact",
    "Content",
    "DeviceKind",
    "Guide",
    "GuidedCheck",
    "HelpNow",
    "PackError",
    "Quiz",
    "QuizQuestion",
    "Region",
    "ResponseStep",
    "Service",
    "Sourced",
    "load_content",
]

MANUAL_DIR = Path(__file__).resolve().parent.parent / "checks" / "manual"
FORMAT_VERSION = 1
# A pack is text a person wrote: the largest that comes with Homeguard is under 50 kB. A file far bigger is a
# mistake (or made to waste the reader's time) and is refused from its size, before it is read.
MAX_PACK_BYTES = 5 * MB
SERVICES_FILE, QUIZ_FILE, HELP_FILE = "services.toml", "quiz.toml", "help-now.toml"
AUDIENCES = ("parent", "teen", "everyone")
ASKED = ("person", "device", "household")
CONTACT_KINDS = ("emergency", "report", "support", "removal")
# Who a contact is for: young people (under 18; some lines go up to 19 or 25, see its ages), adults, or both.
CONTACT_AUDIENCES = ("young-people", "adults", "everyone")


def load_content(folder: Path | str = MANUAL_DIR) -> Content:
    """Every file in the folder. Never raises for a broken file: its errors are in ``Content.errors``."""
    folder = Path(folder)
    content = Content()
    files = sorted(folder.glob("*.toml"))
    order = {SERVICES_FILE: 0}  # the catalogue first: packs are checked against it
    for path in sorted(files, key=lambda p: (order.get(p.name, 1), p.name)):
        content.files.append(path.name)
        try:
            text = read_limited_text(path, MAX_PACK_BYTES, what="pack")
        except FileRefused as exc:
            content.errors.append(PackError(path.name, None, f"this pack {exc.reason}"))
            continue
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"at line (\d+)", str(exc))
            content.errors.append(PackError(path.name, int(match.group(1)) if match else None,
                                            f"is not valid TOML: {exc}"))
            continue
        lines = SourceLines(text)
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


def _each(name: str, file: str, data: Mapping[str, Any], lines: SourceLines, content: Content,
          label: str) -> Iterator[Table]:
    """Yield each ``[[name]]`` table; a broken one is reported and skipped, the others go on."""
    items = data.get(name, [])
    if not isinstance(items, list):
        content.errors.append(PackError(file, lines.key(name, 1), f"'{name}' should be written as [[{name}]]"))
        return
    for index, item in enumerate(items):
        line = lines.header(name, index)
        ident = item.get("id") if isinstance(item, Mapping) else None
        yield Table(item, lines, line, f"{label} {ident!r}" if ident else f"{label} {index + 1}")


def _read_services(file: str, data: Mapping[str, Any], lines: SourceLines, content: Content) -> None:
    for table in _each("service", file, data, lines, content, "service"):
        try:
            service = Service(table.ident("id"), table.text("name"), table.text("kind"),
                              table.integer("min_age", optional=True))
            content.services[service.id] = service
        except InvalidEntry as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))
    for table in _each("device_kind", file, data, lines, content, "device kind"):
        try:
            kind = DeviceKind(table.ident("id"), table.text("name"))
            content.device_kinds[kind.id] = kind
        except InvalidEntry as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))


def _read_pack(file: str, data: Mapping[str, Any], lines: SourceLines, content: Content) -> None:
    pack_line = lines.key("pack", 1)
    pack = data.get("pack")
    if not isinstance(pack, str) or not ID_PATTERN.match(pack):
        content.errors.append(PackError(file, pack_line, "'pack' should name the pack in lower-case-hyphenated form"))
        return
    for table in _each("check", file, data, lines, content, "check"):
        try:
            content.checks.append(_read_check(table, pack, file, content))
        except InvalidEntry as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))


def _read_check(table: Table, pack: str, file: str, content: Content) -> GuidedCheck:
    services = table.texts("services", optional=True)
    kinds = table.texts("device_kinds", optional=True)
    if content.services:
        unknown = [s for s in services if s not in content.services]
        if unknown:
            raise table.fail("services", f"unknown {word_for(len(unknown), 'service')} {', '.join(unknown)}: add "
                             f"{word_for(len(unknown), 'it', 'them')} to {SERVICES_FILE}")
    if content.device_kinds:
        unknown = [k for k in kinds if k not in content.device_kinds]
        if unknown:
            raise table.fail("device_kinds", f"unknown {word_for(len(unknown), 'device kind')} {', '.join(unknown)}")
    asked = table.choice("asked", ASKED)
    if asked == "device" and not kinds:
        raise table.fail("device_kinds", "a check asked per device needs 'device_kinds'")
    guides = []
    for index, raw in enumerate(table.tables("guide")):
        guide = Table(raw, table.lines, nth_nested_header(table.lines, "check.guide", table.line, index),
                      f"{table.label}, guide {index + 1}")
        guides.append(Guide(for_=guide.text("for"), steps=guide.texts("steps"), link=guide.link("link"),
                            **guide.sourced()))
    choices = []
    for index, raw in enumerate(table.tables("choice")):
        choice = Table(raw, table.lines, nth_nested_header(table.lines, "check.choice", table.line, index),
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


def _read_quiz(file: str, data: Mapping[str, Any], lines: SourceLines, content: Content) -> None:
    top = Table(data, lines, 1, "quiz")
    questions = []
    try:
        valid_days = top.integer("valid_days", minimum=1, optional=True, default=365)
        pass_share, partial_share = top.share("pass_share", 0.8), top.share("partial_share", 0.5)
    except InvalidEntry as exc:
        content.errors.append(PackError(file, exc.line, str(exc)))
        return
    for table in _each("question", file, data, lines, content, "question"):
        try:
            choices = table.texts("choices")
            answer = table.integer("answer")
            if answer >= len(choices):
                raise table.fail("answer", f"'answer' is {answer} but there are only {len(choices)} choices "
                                           "(counting from 0)")
            questions.append(QuizQuestion(
                id=table.ident("id"), strategy=table.choice("strategy", ("educate", "phishing")),
                audience=table.choice("audience", AUDIENCES), text=table.text("text"), choices=choices,
                answer=answer, explanation=table.text("explanation"), **table.sourced(),
            ))
        except InvalidEntry as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))
    content.quiz = Quiz(valid_days, pass_share, partial_share, tuple(questions))


def _read_help(file: str, data: Mapping[str, Any], lines: SourceLines, content: Content) -> None:
    steps, regions = [], []
    for table in _each("step", file, data, lines, content, "step"):
        try:
            steps.append(ResponseStep(id=table.ident("id"), title=table.text("title"), text=table.text("text"),
                                      **table.sourced()))
        except InvalidEntry as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))
    for table in _each("region", file, data, lines, content, "region"):
        try:
            region_id = table.text("id").upper()
            contacts = []
            for index, raw in enumerate(table.tables("contact")):
                header = nth_nested_header(lines, "region.contact", table.line, index)
                contact = Table(raw, lines, header, f"region {region_id}, contact {index + 1}")
                contacts.append(Contact(
                    name=contact.text("name"), kind=contact.choice("kind", CONTACT_KINDS),
                    for_=contact.text("for"), ages=contact.text("ages", optional=True),
                    phone=contact.text("phone", optional=True), text=contact.text("text", optional=True),
                    link=contact.link("link", optional=True), hours=contact.text("hours", optional=True),
                    audience=contact.choice("audience", CONTACT_AUDIENCES),
                    topics=_topics(contact), **contact.sourced(),
                ))
            regions.append(Region(region_id, table.text("name"), tuple(c.upper() for c in
                                  table.texts("countries", optional=True)), tuple(contacts)))
        except InvalidEntry as exc:
            content.errors.append(PackError(file, exc.line, str(exc)))
    content.help_now = HelpNow(tuple(steps), tuple(regions))


def _topics(contact: Table) -> tuple[str, ...]:
    """A contact's optional ``topics``: each one of CONTACT_TOPICS, so that a misspelt tag is reported rather than
    silently leaving the contact out of the help a check points to."""
    topics = contact.texts("topics", optional=True)
    unknown = [t for t in topics if t not in CONTACT_TOPICS]
    if unknown:
        raise contact.fail("topics", f"unknown topic {', '.join(repr(t) for t in unknown)}: topics can be "
                                     f"{', '.join(CONTACT_TOPICS)}")
    return topics


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
