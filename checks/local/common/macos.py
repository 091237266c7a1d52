"""Asking macOS: preference files read with plistlib, and ``defaults`` run through the Host.

Preference files can be binary or XML; plistlib reads both from the bytes the Host returns, so recorded real
files stand in for the machine. ``defaults read`` answers a missing key with exit code 1 and a sentence on stderr:
that is "not set" (the system default applies), not a failure. Any other complaint is a problem, never a value.
"""

from __future__ import annotations

import plistlib
from dataclasses import dataclass

from auditor.host import CommandResult, Host

# Both mean "this key is not set, so the system default applies": "The domain/default pair of (...) does not exist"
# (macOS 12, wazuh/wazuh-qa#3043) and "Could not find key '<name>'" (recorded on recent macOS).
_NOT_SET_WORDINGS = ("does not exist", "could not find key")


@dataclass(frozen=True)
class Plist:
    data: dict[str, object] | None  # the parsed file; None when missing or unreadable
    problem: str  # why data is None ("" when the file simply does not exist)


def plist_value(raw: bytes) -> object:
    """``plistlib.loads(raw)``; ValueError, naming what plistlib raised, when it is not a property list.

    A damaged file makes plistlib raise nearly anything (ExpatError, struct.error, AttributeError on a malformed
    <date>...): each means "not a property list Homeguard can read", so callers catch one error, not all."""
    try:
        return plistlib.loads(raw)
    except Exception as exc:
        raise ValueError(type(exc).__name__) from exc


def read_plist(host: Host, path: str) -> Plist:
    """A property list file, parsed. Raises AccessDenied (through the Host) when the system refuses."""
    raw = host.read_bytes(path)
    if raw is None:
        return Plist(None, "")
    try:
        data = plist_value(raw)
    except ValueError as exc:
        return Plist(None, f"{path} is not a property list Homeguard can read ({exc})")
    if not isinstance(data, dict):
        return Plist(None, f"{path} does not hold settings in the expected form")
    return Plist(data, "")


@dataclass(frozen=True)
class DefaultsAnswer:
    value: str | None  # the printed value, stripped; None when not set or not readable
    is_set: bool
    problem: str  # why there is no answer when the key may be set ("" otherwise)
    result: CommandResult


def defaults_read(host: Host, domain: str, key: str, *, current_host: bool = False,
                  timeout: float = 5.0) -> DefaultsAnswer:
    argv = ["defaults", *(["-currentHost"] if current_host else []), "read", domain, key]
    result = host.run(argv, timeout=timeout)
    if not result.ran:
        return DefaultsAnswer(None, False, result.problem(), result)
    if result.returncode == 0:
        return DefaultsAnswer(result.stdout.strip(), True, "", result)
    said = f"{result.stderr}\n{result.stdout}".lower()
    if any(wording in said for wording in _NOT_SET_WORDINGS):
        return DefaultsAnswer(None, False, "", result)
    return DefaultsAnswer(None, False, result.problem(), result)
