"""What each Linux firewall reader answers (a ``Signal``), and how they all tell whether a service starts at boot.

ufw, firewalld and the kernel's rule tables are each read by a module of their own (``ufw``, ``firewalld``,
``kernel_rules``); each gives its findings as signals of one shared kind, and ``linux`` weighs them into one
verdict. This module holds only that shared vocabulary, so the readers depend on it and never on each other.

``systemctl is-active`` is not used: ufw.service is a oneshot unit that reports "active" even when ufw is
switched off (its script only loads rules when ENABLED=yes), firewalld is seen directly as a running daemon,
and nftables.service only says a file was loaded once at start-up. Whether a unit starts with the computer is
read from the ``/etc/systemd/system/*.wants/`` links ``systemctl enable`` makes, which works whether or not
systemd is running (on some machines, such as containers, systemctl cannot answer at all).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from auditor.host import Host
from auditor.model import Evidence

COMMAND_TIMEOUT = 5.0


class Kind(StrEnum):
    BLOCKS = "blocks"  # on, and turns away unsolicited incoming connections
    NOT_AT_BOOT = "not_at_boot"  # on now, but will not start again after a restart
    UNSURE = "unsure"  # could not tell (with the reason)
    OPEN = "open"  # on, but lets every incoming connection in
    OFF = "off"  # installed but switched off
    EMPTY = "empty"  # no firewall rules at all


@dataclass(frozen=True)
class Signal:
    """One thing a reader saw about incoming connections, in words a person can read."""

    kind: Kind
    tool: str
    words: str
    live: bool = False  # from the running system (rules, daemon), not from a settings file


def unit_enabled(host: Host, unit: str, evidence: list[Evidence], note_missing: bool = True) -> bool:
    """Whether ``unit`` is set to start with the computer: a ``systemctl enable`` link in a *.wants folder."""
    links = host.glob(f"/etc/systemd/system/*.wants/{unit}")
    if links:
        evidence.append(Evidence(links[0], f"{unit} is set to start with the computer"))
    elif note_missing:
        evidence.append(Evidence(f"/etc/systemd/system/*.wants/{unit}", f"{unit} is not set to start with the "
                                 "computer"))
    return bool(links)
