"""How screen-lock looks on Linux: find the desktop that is really running, then read that desktop's own settings.

Every desktop keeps its lock settings in its own place and its own units. Each reader below turns them into one
answer, a ``LockPlan``: does the screen lock by itself when nobody uses the computer, and after how long until a
password is needed. ``gsettings`` is only ever asked inside a GNOME-family session: outside one it prints the
schema defaults (lock on, 5 minutes) whatever the machine really does.
"""

from __future__ import annotations

import contextlib
import math
import shlex
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.check import CheckContext, CouldNotTell, finding
from auditor.host import AccessDenied, Host, ProcessInfo
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import parse_ini
from checks.local.common.desktop import find_desktop

GSETTINGS_TIMEOUT = 4.0

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

# Programs that lock a Wayland session when they are run; a timeout that runs one of them locks the screen.
LOCKERS = ("swaylock", "hyprlock", "gtklock", "waylock", "swaylock-effects", "i3lock", "physlock")
LOCK_SESSION = "loginctl lock-session"  # asks logind, which then runs the idle tool's own lock command


@dataclass(frozen=True)
class LockPlan:
    """What the settings say. ``seconds`` is the idle time until a password is needed, when it locks at all."""

    locks: bool
    seconds: int | None = None
    why_not: str = ""  # when it never locks: the reason, as the end of a sentence


# -- small parsers, each testable on its own ----------------------------------------------------------------------

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


@dataclass(frozen=True)
class IdleRule:
    """One idle timeout of swayidle or hypridle: after ``seconds`` idle, it runs ``command``."""

    seconds: int
    command: str


def parse_swayidle_args(args: Iterable[str]) -> tuple[list[IdleRule], dict[str, str]]:
    """swayidle's events from its argument list (or a config file's words): the timeouts, and the other events
    (``lock``, ``before-sleep``, ...) mapped to their commands."""
    words = list(args)
    rules: list[IdleRule] = []
    events: dict[str, str] = {}
    i = 0
    while i < len(words):
        word = words[i]
        if word == "timeout" and i + 2 < len(words):
            with contextlib.suppress(ValueError):
                rules.append(IdleRule(int(words[i + 1]), words[i + 2]))
            i += 3
            if i + 1 < len(words) and words[i] == "resume":
                i += 2
            continue
        if word in ("before-sleep", "after-resume", "lock", "unlock") and i + 1 < len(words):
            events[word] = words[i + 1]
            i += 2
            continue
        if word in ("idlehint", "-C", "-S") and i + 1 < len(words):
            i += 2
            continue
        i += 1
    return rules, events


def parse_swayidle_config(text: str) -> tuple[list[IdleRule], dict[str, str]]:
    """A swayidle config file: one event a line, written like the command line, ``#`` starts a comment."""
    words: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words.extend(shlex.split(line, comments=True))
        except ValueError:
            continue
    return parse_swayidle_args(words)


def parse_hypridle_config(text: str) -> tuple[list[IdleRule], dict[str, str]]:
    """hypridle.conf: ``general { lock_cmd = ... }`` and ``listener { timeout = N  on-timeout = ... }`` blocks.
    Returns the listeners as rules and the general section's keys."""
    rules: list[IdleRule] = []
    general: dict[str, str] = {}
    block = ""
    current: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.endswith("{"):
            block = line[:-1].strip()
            current = {}
            continue
        if line.startswith("}"):
            if block == "listener" and "timeout" in current and "on-timeout" in current:
                with contextlib.suppress(ValueError):
                    rules.append(IdleRule(int(current["timeout"]), current["on-timeout"]))
            elif block == "general":
                general.update(current)
            block = ""
            continue
        if "=" in line:
            key, value = line.split("=", 1)
            current[key.strip()] = value.strip()
    return rules, general


def is_locker(command: str) -> bool:
    words = command.replace("'", " ").replace('"', " ").replace(";", " ").replace("|", " ").replace("&", " ").split()
    return any(word.rsplit("/", 1)[-1] in LOCKERS for word in words)


def first_lock_rule(rules: list[IdleRule], lock_command: str) -> IdleRule | None:
    """The earliest timeout that locks: it runs a locker itself, or asks logind to lock when the tool's own lock
    command runs a locker."""
    locking = [
        rule for rule in rules
        if is_locker(rule.command) or (LOCK_SESSION in " ".join(rule.command.split()) and is_locker(lock_command))
    ]
    return min(locking, key=lambda rule: rule.seconds) if locking else None


def describe_time(seconds: int) -> str:
    """Plain words for a delay: "5 minutes", "1 minute", "45 seconds", "about 5 minutes"."""
    if seconds < 60:
        return f"{seconds} second" + ("" if seconds == 1 else "s")
    minutes = seconds / 60
    if seconds % 60 == 0:
        whole = int(minutes)
        return f"{whole} minute" + ("" if whole == 1 else "s")
    rounded = max(1, round(minutes))
    return f"about {rounded} minute" + ("" if rounded == 1 else "s")


# -- readers, one per desktop -------------------------------------------------------------------------------------

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


def _read(host: Host, path: str, evidence: list[Evidence]) -> str | None:
    try:
        return host.read_text(path)
    except AccessDenied as exc:
        evidence.append(Evidence(path, "not allowed to read it"))
        raise CouldNotTell(str(exc)) from exc


def _config_home(host: Host) -> str:
    return (host.env("XDG_CONFIG_HOME") or "").rstrip("/") or "~/.config"


def kde_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """KDE Plasma: kscreenlockerrc's [Daemon] group, the user's file over the system one, KDE's defaults for any
    key neither sets. The screen locks after Timeout minutes; a password is needed LockGrace seconds later."""
    values: dict[str, str] = {}
    for path in ("/etc/xdg/kscreenlockerrc", f"{_config_home(host)}/kscreenlockerrc"):
        text = _read(host, path, evidence)
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


def _running(host: Host, *names: str) -> list[ProcessInfo]:
    user = host.user().name
    return [
        p for p in host.processes()
        if p.name in names and (not user or not p.username or p.username == user)
    ]


def xfce_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """Xfce: xfce4-screensaver's xfconf channel (the user's file over the system one, then its built-in
    defaults). Other lockers on Xfce follow the X screen-saver timer, which is not read here."""
    if _running(host, "xfce4-screensaver"):
        evidence.append(Evidence("running programs", "xfce4-screensaver is running"))
        values = dict(XFCE_DEFAULTS)
        for path in (f"/etc/xdg/{XFCE_CHANNEL}", f"{_config_home(host)}/{XFCE_CHANNEL}"):
            text = _read(host, path, evidence)
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
        if _running(host, other):
            evidence.append(Evidence("running programs", f"{other} is running"))
            raise CouldNotTell(f"{other} locks when the X screen saver timer starts, and Homeguard cannot read that "
                               "timer yet")
    evidence.append(Evidence("running programs", "none of xfce4-screensaver, light-locker or xscreensaver"))
    return LockPlan(False, why_not="no screen locker is running in this Xfce session")


def wayland_idle_plan(host: Host, evidence: list[Evidence]) -> LockPlan:
    """sway, Hyprland and similar: nothing locks unless an idle tool (swayidle or hypridle) is running with a
    timeout that starts a locker."""
    for process in _running(host, "hypridle"):
        args = list(process.cmdline[1:])
        path = args[args.index("-c") + 1] if "-c" in args[:-1] else (
            args[args.index("--config") + 1] if "--config" in args[:-1] else f"{_config_home(host)}/hypr/hypridle.conf"
        )
        evidence.append(Evidence("running programs", "hypridle is running"))
        text = _read(host, path, evidence)
        if text is None:
            evidence.append(Evidence(path, "not found"))
            raise CouldNotTell(f"hypridle is running but its settings file {path} was not found")
        rules, general = parse_hypridle_config(text)
        evidence.append(Evidence(path, _rules_text(rules, {"lock_cmd": general.get("lock_cmd", "")})))
        rule = first_lock_rule(rules, general.get("lock_cmd", ""))
        if rule:
            return LockPlan(True, rule.seconds)
        return LockPlan(False, why_not="hypridle is running, but none of its timeouts locks the screen")
    for process in _running(host, "swayidle"):
        args = list(process.cmdline[1:])
        evidence.append(Evidence("swayidle (running)", " ".join(shlex.quote(a) for a in args) or "no arguments"))
        rules, events = parse_swayidle_args(args)
        if "-C" in args[:-1]:
            config_path = args[args.index("-C") + 1]
        elif not rules and not events:
            config_path = f"{_config_home(host)}/swayidle/config"
        else:
            config_path = ""
        if config_path:
            text = _read(host, config_path, evidence)
            if text is not None:
                more_rules, more_events = parse_swayidle_config(text)
                evidence.append(Evidence(config_path, _rules_text(more_rules, more_events)))
                rules += more_rules
                events.update(more_events)
            else:
                evidence.append(Evidence(config_path, "not found"))
        rule = first_lock_rule(rules, events.get("lock", ""))
        if rule:
            return LockPlan(True, rule.seconds)
        if is_locker(events.get("before-sleep", "")):
            return LockPlan(False, why_not="swayidle locks the screen only before the computer sleeps, not when "
                            "it is left idle")
        return LockPlan(False, why_not="swayidle is running, but none of its timeouts locks the screen")
    evidence.append(Evidence("running programs", "neither swayidle nor hypridle"))
    return LockPlan(False, why_not="no idle tool (swayidle or hypridle) is running to lock it")


def _rules_text(rules: list[IdleRule], events: dict[str, str]) -> str:
    parts = [f"after {rule.seconds} s: {rule.command}" for rule in rules]
    parts += [f"{name}: {command}" for name, command in events.items() if command]
    return "; ".join(parts) or "no timeouts"


READERS = {
    "gnome": gnome_plan,
    "budgie": gnome_plan,
    "cinnamon": cinnamon_plan,
    "mate": mate_plan,
    "kde": kde_plan,
    "xfce": xfce_plan,
    "sway": wayland_idle_plan,
    "hyprland": wayland_idle_plan,
}


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    desktop = find_desktop(host)
    evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))
    if desktop.id is None:
        return finding(Status.NOT_APPLICABLE, "There is no desktop session here, so there is no screen to lock.",
                       evidence)
    reader = READERS.get(desktop.id)
    if reader is None:
        return finding(Status.UNKNOWN, f"Could not tell: Homeguard cannot read the screen lock settings of "
                       f"{desktop.name} yet.", evidence, desktop.id)
    try:
        plan = reader(host, evidence)
    except CouldNotTell as exc:
        return finding(Status.UNKNOWN, f"Could not tell how the screen locks on {desktop.name}: {exc}.",
                       evidence, desktop.id)
    if not plan.locks or plan.seconds is None:
        return finding(Status.FAIL, f"The screen never locks by itself: {plan.why_not}.", evidence, desktop.id)
    limit = ctx.settings.screen_lock_max_minutes
    if plan.seconds <= limit * 60:
        return finding(Status.PASS, f"The screen locks after {describe_time(plan.seconds)} without use.",
                       evidence, desktop.id)
    return finding(Status.PARTIAL, f"The screen locks only after {describe_time(plan.seconds)} without use; "
                   f"{limit} minutes or less is safer.", evidence, desktop.id)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Which desktop is running, then that desktop's own lock settings: GNOME, Budgie, Cinnamon and MATE "
    "through `gsettings` (only inside such a session), KDE Plasma's kscreenlockerrc, Xfce's "
    "xfce4-screensaver settings, and for sway or Hyprland the running swayidle or hypridle and its "
    "timeouts. The time counted is until a password is needed."
)

FIXES = {
    "linux": Fix(
        steps=(
            "Open your desktop's settings and look for \u201cScreen Lock\u201d, \u201cScreensaver\u201d or "
            "\u201cPrivacy\u201d.",
            "Turn on locking the screen automatically.",
            "Set it to lock after 5 to 15 minutes without use, and to ask for your password.",
        ),
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Settings and choose Privacy & Security, then Screen Lock (on GNOME 43 and older, Screen Lock "
            "is its own page in Settings).",
            "Set Blank Screen Delay to 5 minutes, turn on Automatic Screen Lock and set its delay to "
            "\u201cScreen Turns Off\u201d.",
        ),
        settings_command=("gnome-control-center", "privacy"),
        more_info="https://help.gnome.org/users/gnome-help/stable/privacy-screen-lock.html",
    ),
    "linux:kde": Fix(
        steps=(
            "Open System Settings and choose Screen Locking.",
            "Tick \u201cLock screen automatically\u201d and set it to 5 minutes.",
            "Keep \u201cAllow unlocking without password\u201d (the grace time) short, a few seconds at most.",
        ),
        settings_command=("systemsettings", "kcm_screenlocker"),
    ),
    "linux:cinnamon": Fix(
        steps=(
            "Open System Settings and choose Screensaver.",
            "Set \u201cDelay before starting the screensaver\u201d to 5 minutes.",
            "Turn on \u201cLock the computer after the screensaver starts\u201d, with a short delay.",
        ),
        settings_command=("cinnamon-settings", "screensaver"),
    ),
    "linux:mate": Fix(
        steps=(
            "Open Control Center, then Screensaver.",
            "Tick \u201cActivate screensaver when computer is idle\u201d and \u201cLock screen when screensaver "
            "is active\u201d.",
            "Set \u201cRegard the computer as idle after\u201d to 5 minutes.",
        ),
        settings_command=("mate-screensaver-preferences",),
    ),
    "linux:xfce": Fix(
        steps=(
            "Install and start Xfce Screensaver (xfce4-screensaver) if it is not there.",
            "Open Settings, then Screensaver: turn the screensaver on and set it to start after 5 minutes.",
            "On the Lock Screen tab, turn on \u201cLock Screen with Screensaver\u201d.",
        ),
        settings_command=("xfce4-screensaver-preferences",),
        more_info="https://docs.xfce.org/apps/xfce4-screensaver/start",
    ),
    "linux:sway": Fix(
        steps=(
            "Make sure swayidle and swaylock are installed.",
            "In your sway config, start swayidle with a timeout that runs the locker, for example: "
            "exec swayidle -w timeout 300 'swaylock -f' before-sleep 'swaylock -f'",
            "Reload sway (or sign out and back in).",
        ),
        more_info="https://github.com/swaywm/swayidle",
    ),
    "linux:hyprland": Fix(
        steps=(
            "Make sure hypridle and hyprlock are installed, and that Hyprland starts hypridle.",
            "In ~/.config/hypr/hypridle.conf, set lock_cmd = pidof hyprlock || hyprlock in the general "
            "section, and add a listener with timeout = 300 and on-timeout = loginctl lock-session.",
            "Restart hypridle (or sign out and back in).",
        ),
        more_info="https://wiki.hyprland.org/Hypr-Ecosystem/hypridle/",
    ),
}
