"""GNOME, Budgie, Cinnamon and MATE: the desktops whose lock settings are read through ``gsettings``.

They are one module because they share one way of asking and one set of output rules (``gsettings get`` prints
``true``/``false`` and ``uint32 300``); only the keys and units differ (seconds on GNOME and Cinnamon, minutes on
MATE). ``gsettings`` is only ever asked inside a GNOME-family session: outside one it prints the schema defaults
(lock on, 5 minutes) whatever the machine really does, so ``linux`` picks these readers by the running desktop.
"""

from __future__ import annotations

from auditor.check import CouldNotTell
from auditor.host import Host
from auditor.model import Evidence

from .lock_plan import LockPlan

GSETTINGS_TIMEOUT = 4.0


def parse_gsettings_bool(text: str) -> bool | None:
    """``gsettings get`` prints a boolean as ``true`` or ``false``."""
    value = text.strip()
    return {"true": True, "false": False}.get(value)


def parse_gsettings_number(text: str) -> int | None:
    """``gsettings get`` prints ``uint32 300`` for unsigned keys and a bare ``5`` for int keys."""
    words = text.split()
    if len(words) == 2 and words[0] in ("uint32", "int32", "uint64", "int64", "uint16", "int16"):
        words = words[1:]
    if len(words) != 1:
        return None
    try:
        return int(words[0])
    except ValueError:
        return None


def _gsettings(host: Host, schema: str, key: str, evidence: list[Evidence]) -> str:
    argv = ["gsettings", "get", schema, key]
    result = host.run(argv, timeout=GSETTINGS_TIMEOUT)
    looked_at = " ".join(argv)
    if not result.ok:
        evidence.append(Evidence(looked_at, result.problem()))
        raise CouldNotTell(result.problem())
    evidence.append(Evidence(looked_at, result.stdout.strip() or "(nothing)"))
    return result.stdout


def _gs_bool(host: Host, schema: str, key: str, evidence: list[Evidence]) -> bool:
    value = parse_gsettings_bool(_gsettings(host, schema, key, evidence))
    if value is None:
        raise CouldNotTell(f"`gsettings get {schema} {key}` printed something that is not true or false")
    return value


def _gs_number(host: Host, schema: str, key: str, evidence: list[Evidence]) -> int:
    value = parse_gsettings_number(_gsettings(host, schema, key, evidence))
    if value is None or value < 0:
        raise CouldNotTell(f"`gsettings get {schema} {key}` printed something that is not a number of the kind "
                           "expected")
    return value


def gnome_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """GNOME (and Budgie, which uses GNOME's keys): the screen blanks after ``idle-delay`` seconds and locks
    ``lock-delay`` seconds later when ``lock-enabled`` is on, unless an administrator disabled the lock screen."""
    if _gs_bool(host, "org.gnome.desktop.lockdown", "disable-lock-screen", evidence):
        return LockPlan(False, why_not="the lock screen is switched off for this account (disable-lock-screen)")
    if not _gs_bool(host, "org.gnome.desktop.screensaver", "lock-enabled", evidence):
        return LockPlan(False, why_not="automatic screen lock is turned off")
    idle = _gs_number(host, "org.gnome.desktop.session", "idle-delay", evidence)
    if idle == 0:
        return LockPlan(False, why_not="the screen is set never to go blank, so it never locks by itself")
    delay = _gs_number(host, "org.gnome.desktop.screensaver", "lock-delay", evidence)
    return LockPlan(True, idle + delay)


def cinnamon_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """Cinnamon: the screensaver starts after ``idle-delay`` seconds and locks ``lock-delay`` seconds later."""
    if not _gs_bool(host, "org.cinnamon.desktop.screensaver", "lock-enabled", evidence):
        return LockPlan(False, why_not="locking when the screensaver starts is turned off")
    idle = _gs_number(host, "org.cinnamon.desktop.session", "idle-delay", evidence)
    if idle == 0:
        return LockPlan(False, why_not="the screensaver is set never to start, so the screen never locks by itself")
    delay = _gs_number(host, "org.cinnamon.desktop.screensaver", "lock-delay", evidence)
    return LockPlan(True, idle + delay)


def mate_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """MATE: the screensaver starts after ``idle-delay`` minutes when idle activation is on, and locks
    ``lock-delay`` minutes later when ``lock-enabled`` is on."""
    if not _gs_bool(host, "org.mate.screensaver", "idle-activation-enabled", evidence):
        return LockPlan(False, why_not="the screensaver is set never to start when the computer is idle")
    if not _gs_bool(host, "org.mate.screensaver", "lock-enabled", evidence):
        return LockPlan(False, why_not="locking when the screensaver starts is turned off")
    idle = _gs_number(host, "org.mate.session", "idle-delay", evidence)
    if idle == 0:
        return LockPlan(False, why_not="the screensaver is set never to start, so the screen never locks by itself")
    delay = _gs_number(host, "org.mate.screensaver", "lock-delay", evidence)
    return LockPlan(True, (idle + delay) * 60)
