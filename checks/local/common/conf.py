"""Tolerant readers for the INI-like and key=value files that Linux login managers and desktops use.

Real files have duplicate keys, keys before any section, comments with ``#`` or ``;`` and odd spacing; a strict
parser would raise on files that the programs themselves read happily. These readers never raise: later values
win, as they do for the programs that read them.
"""

from __future__ import annotations


def is_text(text: str) -> bool:
    """Whether a settings file reads as text. One written in UTF-16 (as a Windows editor may save it) or damaged
    into binary is full of NULs once read as UTF-8: no setting in it can be read, so none can be said to be off."""
    return "\x00" not in text


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """Sections (as written) mapping keys (as written) to values. Keys before any section go under ``""``."""
    sections: dict[str, dict[str, str]] = {"": {}}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and "]" in line:
            current = line[1 : line.index("]")].strip()
            sections.setdefault(current, {})
            continue
        if "=" not in line:
            continue
        key, value = line.split("=", 1)
        sections.setdefault(current, {})[key.strip()] = value.strip()
    return sections


def ini_value(sections: dict[str, dict[str, str]], section: str, key: str) -> str | None:
    """A value looked up without caring about the case of the section or key name."""
    for name, values in sections.items():
        if name.lower() != section.lower():
            continue
        for k, v in values.items():
            if k.lower() == key.lower():
                return v
    return None


def parse_shell_vars(text: str) -> dict[str, str]:
    """``KEY=value`` lines as in /etc/os-release or /etc/default/* files, quotes removed."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def is_true(value: str | None) -> bool:
    return value is not None and value.strip().strip("\"'").lower() in ("1", "true", "yes", "on")
