"""KDE Plasma and Xfce: desktops whose lock settings are files, the user's over the system's, with built-in defaults.

Both are read the same way: the file under /etc/xdg first, then the user's own, and the desktop's own defaults for
any setting neither writes (taken from each project's source). Their formats differ (KConfig's INI for
kscreenlockerrc, xfconf's XML channel for xfce4-screensaver), so each has its own small parser here, testable on
its own.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from auditor.check import CouldNotTell
from auditor.host import Host
from auditor.model import Evidence
from checks.local.common.conf import parse_ini

from .lock_plan import LockPlan, config_home, read_setting_file, user_processes

# KDE's own defaults for [Daemon] in kscreenlockerrc, from kscreenlocker's settings/kscreenlockersettings.kcfg:
# Autolock=true, Timeout=5 (minutes), LockGrace=5 (seconds).
KDE_AUTOLOCK, KDE_TIMEOUT_MINUTES, KDE_GRACE_SECONDS = True, 5.0, 5  # when kscreenlockerrc does not say

# xfce4-screensaver's defaults when a property is not in its xfconf channel, from src/gs-prefs.h.
XFCE_DEFAULTS = {
    "/saver/enabled": "true",
    "/saver/idle-activation/enabled": "true",
    "/saver/idle-activation/delay": "5",  # minutes
    "/lock/enabled": "true",
    "/lock/saver-activation/enabled": "true",
    "/lock/saver-activation/delay": "0",  # minutes after the screensaver starts
}
XFCE_CHANNEL = "xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml"


def kde_bool(value: str) -> bool:
    """KConfig's reading of a boolean: true, on, yes or 1 (any case) are true; anything else is false."""
    return value.strip().lower() in ("true", "on", "yes", "1")


def parse_xfconf_channel(text: str) -> dict[str, str]:
    """An xfconf channel file as ``{"/saver/idle-activation/delay": "10", ...}``. Raises ValueError if it is not
    a channel file."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ValueError(f"not well-formed XML ({exc})") from exc
    if root.tag != "channel":
        raise ValueError(f"the top element is <{root.tag}>, not <channel>")
    values: dict[str, str] = {}

    def walk(element: ET.Element, prefix: str) -> None:
        for prop in element.findall("property"):
            path = f"{prefix}/{prop.get('name', '')}"
            if prop.get("type") != "empty" and prop.get("value") is not None:
                values[path] = prop.get("value", "")
            walk(prop, path)

    walk(root, "")
    return values


def kde_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """KDE Plasma: kscreenlockerrc's [Daemon] group, the user's file over the system one, KDE's defaults for any
    key neither sets. The screen locks after Timeout minutes; a password is needed LockGrace seconds later."""
    values: dict[str, str] = {}
    for path in ("/etc/xdg/kscreenlockerrc", f"{config_home(host)}/kscreenlockerrc"):
        text = read_setting_file(host, path, evidence)
        if text is None:
            continue
        daemon = parse_ini(text).get("Daemon", {})
        evidence.append(Evidence(path, ", ".join(f"{k}={v}" for k, v in daemon.items()) or "no [Daemon] settings"))
        values.update({k.lower(): v for k, v in daemon.items()})
    if not values:
        evidence.append(Evidence("kscreenlockerrc", "no settings written, so KDE's defaults apply "
                                 "(lock after 5 minutes, password after 5 more seconds)"))
    autolock = kde_bool(values["autolock"]) if "autolock" in values else KDE_AUTOLOCK
    try:
        timeout = float(values["timeout"]) if "timeout" in values else KDE_TIMEOUT_MINUTES
        grace = int(values["lockgrace"]) if "lockgrace" in values else KDE_GRACE_SECONDS
    except ValueError as exc:
        raise CouldNotTell("kscreenlockerrc has a Timeout or LockGrace that is not a number") from exc
    if not autolock:
        return LockPlan(False, why_not="\u201cLock screen automatically\u201d is turned off")
    if timeout <= 0:
        return LockPlan(False, why_not="the lock timeout is set to never")
    return LockPlan(True, math.ceil(timeout * 60) + max(grace, 0))


def xfce_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """Xfce: xfce4-screensaver's xfconf channel (the user's file over the system one, then its built-in
    defaults). Other lockers on Xfce follow the X screen-saver timer, which is not read here."""
    if user_processes(host, "xfce4-screensaver"):
        evidence.append(Evidence("running programs", "xfce4-screensaver is running"))
        values = dict(XFCE_DEFAULTS)
        for path in (f"/etc/xdg/{XFCE_CHANNEL}", f"{config_home(host)}/{XFCE_CHANNEL}"):
            text = read_setting_file(host, path, evidence)
            if text is None:
                continue
            try:
                found = parse_xfconf_channel(text)
            except ValueError as exc:
                evidence.append(Evidence(path, f"could not be read: {exc}"))
                raise CouldNotTell(f"the screensaver settings file {path} could not be understood") from exc
            evidence.append(Evidence(path, ", ".join(f"{k}={v}" for k, v in sorted(found.items())) or "no settings"))
            values.update({k: v for k, v in found.items() if k in XFCE_DEFAULTS})

        def on(key: str) -> bool:
            return values[key].strip().lower() == "true"

        if not on("/lock/enabled") or not on("/lock/saver-activation/enabled"):
            return LockPlan(False, why_not="locking with the screensaver is turned off")
        if not on("/saver/enabled") or not on("/saver/idle-activation/enabled"):
            return LockPlan(False, why_not="the screensaver is set never to start when the computer is idle")
        try:
            idle = int(values["/saver/idle-activation/delay"])
            delay = int(values["/lock/saver-activation/delay"])
        except ValueError as exc:
            raise CouldNotTell("the screensaver delay settings are not numbers") from exc
        return LockPlan(True, (max(idle, 0) + max(delay, 0)) * 60)
    for other in ("light-locker", "xscreensaver"):
        if user_processes(host, other):
            evidence.append(Evidence("running programs", f"{other} is running"))
            raise CouldNotTell(f"{other} locks when the X screen saver timer starts, and Homeguard cannot read that "
                               "timer yet")
    evidence.append(Evidence("running programs", "none of xfce4-screensaver, light-locker or xscreensaver"))
    return LockPlan(False, why_not="no screen locker is running in this Xfce session")
