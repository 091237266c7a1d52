"""Reading single macOS settings with ``defaults read``, and knowing which macOS this is.

Shared by the macOS modules of auto-login, guest-account, airdrop-receiving and firewall.

``checks.local.common.macos.defaults_read`` reads both wordings macOS uses for a key that is not set ("does not
exist", "Could not find key") as "not set"; any other complaint stays a problem (unknown), never a value.
"""

from __future__ import annotations

import re

from auditor.host import Host
from checks.local.common.macos import DefaultsAnswer, defaults_read

_VERSION = re.compile(r"\b(\d{2})(?:\.\d+)*\b")


def read_pref(host: Host, domain: str, key: str, *, timeout: float = 5.0) -> DefaultsAnswer:
    """One preference value; every known "this key is not set" wording reads as not set (see defaults_read)."""
    return defaults_read(host, domain, key, timeout=timeout)


def pref_bool(value: str | None) -> bool | None:
    """What ``defaults read`` prints for a boolean ("1"/"0", or "true"/"false" when written as text)."""
    if value is None:
        return None
    word = value.strip().lower()
    if word in ("1", "true", "yes"):
        return True
    if word in ("0", "false", "no"):
        return False
    return None


def macos_major(host: Host) -> int | None:
    """The macOS major version (10 for every OS X 10.x, then 11, 12 ... 15, 26) from the host's system name, or
    None when the name does not say (``RealHost.os_name()`` gives "macOS 14.4" on a Mac)."""
    match = _VERSION.search(host.os_name() or "")
    return int(match.group(1)) if match else None
