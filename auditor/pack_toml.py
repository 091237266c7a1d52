"""Reading one TOML table that a person wrote, so that every mistake points at its line.

tomllib gives the values but not where they were written, and a pack author needs "quiz.toml, line 42: 'answer'
should be a whole number", not a traceback. ``Table`` reads one table's keys with the types and rules of the pack
format and raises ``InvalidEntry`` naming the key's line; ``SourceLines`` finds those lines in the file's text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # ids are lower-case words joined by hyphens


class InvalidEntry(Exception):
    """One entry breaks the pack format; ``line`` is where it was written (None when that is not known)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class SourceLines:
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


class SourcedFields(TypedDict):
    """Where a fact comes from and when it was last checked: every guide, question and contact carries both."""

    source: str
    checked: dt.date


class Table:
    """One TOML table with typed, validated accessors that raise InvalidEntry pointing at the right line."""

    def __init__(self, data: Mapping[str, Any], lines: SourceLines, line: int | None, label: str) -> None:
        self.data, self.lines, self.line, self.label = data, lines, line, label

    def fail(self, key: str, message: str) -> InvalidEntry:
        return InvalidEntry(f"{self.label}: {message}", self.lines.key(key, self.line) if key else self.line)

    def text(self, key: str, *, optional: bool = False, default: str = "") -> str:
        if key not in self.data:
            if optional:
                return default
            raise self.fail("", f"'{key}' is missing")
        value = self.data[key]
        if not isinstance(value, str):
            raise self.fail(key, f"'{key}' should be text in quotes")
        if not optional and not value.strip():
            raise self.fail(key, f"'{key}' is empty")
        return value.strip()

    def ident(self, key: str) -> str:
        value = self.text(key)
        if not ID_PATTERN.match(value):
            raise self.fail(key, f"'{key}' = {value!r} should be lower-case words joined by hyphens")
        return value

    def choice(self, key: str, allowed: Iterable[str], *, optional: bool = False, default: str = "") -> str:
        allowed = tuple(allowed)
        value = self.text(key, optional=optional, default=default)
        if value not in allowed:
            raise self.fail(key, f"'{key}' = {value!r} should be one of {', '.join(allowed)}")
        return value

    def integer(self, key: str, *, minimum: int = 0, optional: bool = False, default: int = 0) -> int:
        if key not in self.data and optional:
            return default
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(key, f"'{key}' should be a whole number of at least {minimum}")
        return value

    def share(self, key: str, default: float) -> float:
        value = self.data.get(key, default)
        if not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.fail(key, f"'{key}' should be a number from 0 to 1")
        return float(value)

    def texts(self, key: str, *, optional: bool = False) -> tuple[str, ...]:
        value = self.data.get(key, [] if optional else None)
        if value is None:
            raise self.fail("", f"'{key}' is missing")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, f"'{key}' should be a list of texts in quotes")
        if not optional and not value:
            raise self.fail(key, f"'{key}' is empty")
        return tuple(v.strip() for v in value)

    def link(self, key: str, *, optional: bool = False) -> str:
        value = self.text(key, optional=optional)
        if value and not value.startswith("https://"):
            raise self.fail(key, f"'{key}' should be an https:// link, not {value!r}")
        return value

    def sourced(self) -> SourcedFields:
        checked = self.data.get("checked")
        if isinstance(checked, dt.datetime):
            checked = checked.date()
        if not isinstance(checked, dt.date):
            raise self.fail("checked" if "checked" in self.data else "",
                            "'checked' should be the date the facts were last checked, like 2026-11-27")
        return {"source": self.link("source"), "checked": checked}

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(key, f"'{key}' should be written as [[...{key}]] tables")
        return value


def nth_nested_header(lines: SourceLines, name: str, after: int | None, index: int) -> int | None:
    """The line of the index-th nested ``[[name]]`` table (like ``[[region.contact]]``) after its parent's header."""
    pattern = re.compile(rf"^\s*\[\[\s*{re.escape(name)}\s*\]\]")
    seen = -1
    for number in range(after or 1, len(lines.lines) + 1):
        if pattern.match(lines.lines[number - 1]):
            seen += 1
            if seen == index:
                return number
    return after
