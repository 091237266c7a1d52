"""Taking one field at a time out of an untrusted JSON object: its type checked, its text cleaned.

``auditor.intake`` says which fields a report has; this module says how each kind of field is read, so the
rules for text (which characters go, when a name is too long, when free text is shortened) are written once.
Every problem raises ``Refusal`` with the reason in words that follow the file's name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

T = TypeVar("T")

ELLIPSIS = "…"
TIME_CHARS = 64


class Refusal(Exception):
    """Why a report cannot be used, in words that follow its file name ("… is not valid JSON")."""


def printable(text: str) -> str:
    """The text without control or formatting characters (a tab or an odd space becomes a plain space)."""
    if text.isprintable():  # nearly every text is; asking costs one pass in C instead of one per character
        return text
    return "".join(ch if ch.isprintable() else " " if ch.isspace() else "" for ch in text)


def clean_line(text: str) -> str:
    """One line of plain text: printable characters, runs of spaces made one."""
    return " ".join(printable(text).split())


def clean_lines(text: str) -> str:
    """Plain text that keeps its line breaks and spacing (evidence can be a program's aligned output)."""
    if text.isprintable():
        return text.rstrip()
    lines = [printable(line).rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip("\n")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def timestamp(text: str) -> float:
    """An ISO 8601 time with its zone, as a timestamp (ValueError for anything else)."""
    if len(text) > TIME_CHARS:
        raise ValueError("it is far too long for a time")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("it has no time zone")
    value = moment.timestamp()
    if not math.isfinite(value):
        raise ValueError("it is not a time")
    return value


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Fields:
    """One JSON object from the file, and where it sits in it (for messages: ``results[3].status``)."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    @classmethod
    def of(cls, value: object, where: str) -> Fields:
        if not isinstance(value, dict):
            raise Refusal(f"is a Homeguard report with a missing or damaged part ({where} is not an object)")
        return cls(value, where)

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def damaged(self, key: str, problem: str) -> Refusal:
        return Refusal(f"is a Homeguard report with a missing or damaged part ({self._path(key)} {problem})")

    def _get(self, key: str) -> object:
        try:
            return self.data[key]
        except KeyError:
            raise self.damaged(key, "is missing") from None

    # -- containers -----------------------------------------------------------------------------------------------
    def section(self, key: str) -> Fields:
        return Fields.of(self._get(key), self._path(key))

    def optional_section(self, key: str) -> Fields | None:
        value = self.data.get(key)
        return None if value is None else Fields.of(value, self._path(key))

    def items(self, key: str) -> list[Any]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self.damaged(key, "is not a list")
        return value

    def each(self, key: str, limit: int) -> list[Fields]:
        """The objects of a list that may be missing; only the first ``limit`` are kept."""
        if self.data.get(key) is None:
            return []
        return [Fields.of(item, f"{self._path(key)}[{i}]") for i, item in enumerate(self.items(key)[:limit])]

    def text_items(self, key: str, chars: int, limit: int) -> Iterable[str]:
        if self.data.get(key) is None:
            return []
        found = []
        for i, item in enumerate(self.items(key)[:limit]):
            if not isinstance(item, str):
                raise self.damaged(f"{key}[{i}]", "is not text")
            found.append(shorten(clean_lines(item), chars))
        return found

    # -- values ---------------------------------------------------------------------------------------------------
    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.damaged(key, "is not true or false")
        return value

    def _string(self, key: str) -> str:
        value = self._get(key)
        if type(value) is not str:
            raise self.damaged(key, "is not text")
        return value

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        value = self._string(key)
        if value not in allowed:
            raise self.damaged(key, "is not a value Homeguard knows")  # the value itself is never repeated
        return value

    def member(self, key: str, members: Mapping[str, T]) -> T:
        """The known value (a Status, a Severity) that the text names."""
        found = members.get(self._string(key))
        if found is None:
            raise self.damaged(key, "is not a value Homeguard knows")
        return found

    def matching(self, key: str, pattern: re.Pattern[str]) -> str:
        value = self._string(key)
        if not pattern.fullmatch(value):
            raise self.damaged(key, "is not in the form Homeguard writes it")
        return value

    def text(self, key: str, chars: int, *, lines: bool = False) -> str:
        """Free text: cleaned, and shortened with "…" past ``chars`` (the gist is enough for a report)."""
        value = self._string(key)
        return shorten(clean_lines(value) if lines else clean_line(value), chars)

    def name(self, key: str, chars: int) -> str:
        """A name: one clean line, refused when longer than ``chars`` (a name cut short could pass for another)."""
        value = clean_line(self._string(key))
        if len(value) > chars:
            raise self.damaged(key, f"is {len(value):,} characters long; Homeguard writes at most {chars}")
        return value

    def raw_text(self, key: str) -> str:
        """Text exactly as written (the caller cleans it)."""
        return self._string(key)

    def optional_text(self, key: str) -> str | None:
        """Text exactly as written, or None when missing or null (the caller checks its form)."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.damaged(key, "is not text")
        return value

    def optional_count(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.damaged(key, "is not a whole number")
        return value

    def seconds(self, key: str) -> float:
        value = self.data.get(key, 0.0)
        if not _number(value) or not math.isfinite(float(value)) or float(value) < 0:
            raise self.damaged(key, "is not a number of seconds")
        return float(value)

    def when(self, key: str) -> float:
        value = self._string(key)
        try:
            return timestamp(value)
        except (ValueError, OverflowError, OSError) as exc:
            raise self.damaged(key, f"is not a time Homeguard writes ({exc})") from None
