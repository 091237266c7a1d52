"""The one answer every Linux desktop reader gives (a ``LockPlan``), and the few ways they all look at the machine.

Each desktop keeps its lock settings in its own place and its own units, so each has a reader module of its own
(``gsettings``, ``kde_xfce``, ``idle_tools``). They share only what is here: the shape of the answer, reading a
settings file that may be missing, where the user's settings folder is, and which programs this user runs. Keeping
that apart lets the readers depend on this module alone, never on each other or on the verdict in ``linux``.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CouldNotTell
from auditor.host import AccessDenied, Host, ProcessInfo
from auditor.model import Evidence


@dataclass(frozen=True)
class LockPlan:
    """What the settings say. ``seconds`` is the idle time until a password is needed, when it locks at all."""

    locks: bool
    seconds: int | None = None
    why_not: str = ""  # when it never locks: the reason, as the end of a sentence


def read_setting_file(host: Host, path: str, evidence: list[Evidence]) -> str | None:
    """A settings file's text, or None when it is not there; a file that may not be read is a "could not tell"."""
    try:
        return host.read_text(path)
    except AccessDenied as exc:
        evidence.append(Evidence(path, "not allowed to read it"))
        raise CouldNotTell(str(exc)) from exc


def config_home(host: Host) -> str:
    """The user's settings folder: $XDG_CONFIG_HOME, else ~/.config."""
    return (host.env("XDG_CONFIG_HOME") or "").rstrip("/") or "~/.config"


def user_processes(host: Host, *names: str) -> list[ProcessInfo]:
    """The running programs with one of ``names`` that belong to this user (or whose owner cannot be seen)."""
    user = host.user().name
    return [
        p for p in host.processes()
        if p.name in names and (not user or not p.username or p.username == user)
    ]
