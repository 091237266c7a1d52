"""The check contract, enforced where a check's work enters Homeguard: its spec when it loads, its finding when it
answers, and the longest it may take.

A plugin is someone else's code. Whatever it declares or gives back is checked here, once, before anything else
(the score, the store, a report) sees it: a field of the wrong kind turns that check's row into an ``error`` with
the reason in plain words, text that is too long is cut, and no check may ask for more than ``MAX_CHECK_TIMEOUT``.
The registry calls ``check_spec`` while loading; the runner calls ``checked_finding`` and ``effective_timeout``.
"""

from __future__ import annotations

import math

from auditor.model import CheckSpec, Evidence, Finding, Severity, Status

# The longest any check may run, whatever its spec declares. The slowest built-in (os-updates, which waits on the
# package manager) declares 30 seconds; a scan ends when its slowest check does.
MAX_CHECK_TIMEOUT = 30.0
# Lengths a finding's text is cut to: a summary is one sentence; evidence is short enough to read (the same limit
# a report from another computer gets, see auditor.intake).
SUMMARY_CHARS = 1_000
LOOKED_AT_CHARS = 300
SEEN_CHARS = 4_000
EVIDENCE_ITEMS = 50
DESKTOP_CHARS = 40
TITLE_CHARS = 200


class BrokenContract(ValueError):
    """What a check declared or gave back is not what Homeguard accepts. The message is the reason, in plain words
    and without a full stop, for a row's summary."""


def effective_timeout(spec: CheckSpec) -> float:
    """The seconds a check is given: its own timeout, never more than ``MAX_CHECK_TIMEOUT`` (and the maximum when
    what it declared is not a usable number)."""
    declared = spec.timeout
    if isinstance(declared, bool) or not isinstance(declared, int | float) or not math.isfinite(declared):
        return MAX_CHECK_TIMEOUT
    return MAX_CHECK_TIMEOUT if declared <= 0 else min(float(declared), MAX_CHECK_TIMEOUT)


def check_spec(spec: object) -> None:
    """Raise BrokenContract when a spec's fields are not what every front end expects to show."""
    if not isinstance(spec, CheckSpec):
        raise BrokenContract(f"its spec is {_kind(spec)}, not a CheckSpec")
    for name in ("id", "title", "strategy", "why"):
        value = getattr(spec, name)
        if not isinstance(value, str) or (name != "why" and not value.strip()):
            raise BrokenContract(f"its {name} is {_kind(value)}, not text")
    if len(spec.title) > TITLE_CHARS:
        raise BrokenContract(f"its title is longer than {TITLE_CHARS} characters")
    if not isinstance(spec.severity, Severity):
        raise BrokenContract(f"its severity is {_kind(spec.severity)}, not one of Homeguard's severities")
    if not isinstance(spec.platforms, tuple) or not all(isinstance(p, str) for p in spec.platforms):
        raise BrokenContract("its platforms are not a tuple of system names")


def checked_finding(value: object) -> Finding:
    """A plain Finding rebuilt from ``value`` with every field checked and its text cut to length.

    Raises BrokenContract with the reason. Anything beyond the four fields (a subclass's extras) is left behind.
    """
    if not isinstance(value, Finding):
        raise BrokenContract(f"it gave back {_kind(value)} instead of a finding")
    status, summary, evidence, desktop = value.status, value.summary, value.evidence, value.desktop
    if not isinstance(status, Status):
        raise BrokenContract(f"its status is {_kind(status)}, not one of Homeguard's statuses")
    if not isinstance(summary, str):
        raise BrokenContract(f"its summary is {_kind(summary)}, not a sentence of text")
    if not summary.strip():
        raise BrokenContract("its summary is empty")
    if not isinstance(evidence, tuple | list):
        raise BrokenContract(f"its evidence is {_kind(evidence)}, not a list of what it looked at")
    items: list[Evidence] = []
    for item in evidence[:EVIDENCE_ITEMS]:
        if not isinstance(item, Evidence):
            raise BrokenContract(f"an item of its evidence is {_kind(item)}, not an Evidence")
        for part in (item.looked_at, item.seen):
            if not isinstance(part, str):
                raise BrokenContract(f"an item of its evidence holds {_kind(part)} where text belongs")
        items.append(Evidence(_cut(item.looked_at, LOOKED_AT_CHARS), _cut(item.seen, SEEN_CHARS)))
    if len(evidence) > EVIDENCE_ITEMS:
        items.append(Evidence("more evidence", f"{len(evidence) - EVIDENCE_ITEMS} more items were left out"))
    if desktop is not None and not isinstance(desktop, str):
        raise BrokenContract(f"its desktop is {_kind(desktop)}, not text")
    return Finding(status, _cut(summary, SUMMARY_CHARS), tuple(items),
                   _cut(desktop, DESKTOP_CHARS) if desktop is not None else None)


def _cut(text: str, limit: int) -> str:
    """Plain text (a str subclass becomes a str) of at most ``limit`` characters, an ellipsis marking a cut."""
    plain = str.__str__(text)
    return plain if len(plain) <= limit else plain[: limit - 1] + "\u2026"


_KINDS = {bool: "true or false", int: "a number", float: "a number", bytes: "bytes", list: "a list",
          tuple: "a list", dict: "a mapping", str: "a text"}


def _kind(value: object) -> str:
    """What a value is, in words for a summary: "a number", "empty", "a Widget"."""
    if value is None:
        return "empty"
    for kind, words in _KINDS.items():
        if type(value) is kind:
            return words
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"
