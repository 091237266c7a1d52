"""How screen-lock looks on Windows: every way Windows locks by itself, and the soonest of them.

Windows can lock an unattended computer three ways, and Homeguard counts the soonest one that is set up:

* the policy "Interactive logon: Machine inactivity limit" (``InactivityTimeoutSecs`` under HKLM\\SOFTWARE\\
  Microsoft\\Windows\\CurrentVersion\\Policies\\System), which locks after that many seconds;
* a screen saver with "On resume, display logon screen" (HKCU\\Control Panel\\Desktop ``ScreenSaveActive`` 1,
  ``ScreenSaverIsSecure`` 1, ``ScreenSaveTimeOut`` seconds; the same names under HKCU\\Software\\Policies\\
  Microsoft\\Windows\\Control Panel\\Desktop win when a policy sets them);
* going to sleep (``powercfg`` SUB_SLEEP STANDBYIDLE) when a password is required on waking (SUB_NONE
  CONSOLELOCK 1, Windows' default). Plugged in and on battery can differ; the longer of the two is used, since
  the computer may be either.

Turning the display off (SUB_VIDEO VIDEOIDLE) does not by itself lock Windows, so it is shown but not counted.

``powercfg`` prints its labels in the computer's language, but never translates a setting's GUID, its alias
(``STANDBYIDLE``) or its hexadecimal values, and some builds print no "GUID Alias" lines at all. So the reader finds
the setting by its GUID (SETTING_GUIDS, the same in every language and build), or by its alias when no GUID line is
there, then takes the English "Current AC/DC Power Setting Index" lines when they are there; otherwise the last two
of the five values a timeout setting always prints (minimum, maximum, step, plugged in, on battery), or the only
two a list-of-choices setting prints (its choices are numbered 000, 001 ... in decimal, then plugged in, on
battery). Any other shape is "could not tell". A CONSOLELOCK that powercfg does not show (Windows hides it on some
computers) is taken as Windows' default, on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from auditor.check import CheckContext, CouldNotTell, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from auditor.winreg_reader import RegistryValue

from .delay_words import describe_time as describe_time

POLICY_SYSTEM = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System"
DESKTOP = r"HKCU\Control Panel\Desktop"
DESKTOP_POLICY = r"HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop"
WINLOGON_USER = r"HKCU\Software\Microsoft\Windows NT\CurrentVersion\Winlogon"

STANDBY = ("powercfg", "/query", "SCHEME_CURRENT", "SUB_SLEEP", "STANDBYIDLE")
CONSOLELOCK = ("powercfg", "/query", "SCHEME_CURRENT", "SUB_NONE", "CONSOLELOCK")
VIDEOIDLE = ("powercfg", "/query", "SCHEME_CURRENT", "SUB_VIDEO", "VIDEOIDLE")

_HEX = re.compile(r":\s*0x([0-9a-fA-F]{1,8})\s*$")
_CHOICE_NUMBER = re.compile(r":\s*\d{3}\s*$")  # "Possible Setting Index: 001" of a list-of-choices setting

# The settings' GUIDs: Microsoft Learn, "Sleep idle timeout" (PowerCfg STANDBYIDLE, GUID 29f6c1db-...,
# https://learn.microsoft.com/windows-hardware/customize/power-settings/sleep-settings-sleep-idle-timeout); the other
# two as every recorded powercfg output in tests/fixtures/windows/powercfg prints them beside their alias.
SETTING_GUIDS = {
    "STANDBYIDLE": "29f6c1db-86da-48c5-9fdb-f2b67b1f44da",
    "CONSOLELOCK": "0e796bdb-100d-47d6-a2d5-f7d2daa51f51",
    "VIDEOIDLE": "3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e",
}


@dataclass(frozen=True)
class PowerValue:
    ac: int  # plugged in
    dc: int  # on battery


def parse_power_setting(text: str, alias: str) -> PowerValue | None:
    """The plugged-in and on-battery values of one setting in ``powercfg /query`` output.

    None when the output does not mention the setting at all (powercfg shows nothing for a hidden setting).
    Raises CouldNotTell when it is there but not in a shape Homeguard understands.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    guid = SETTING_GUIDS.get(alias, "")
    start = next((i for i, line in enumerate(lines) if guid and guid in line.lower()), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if line.strip().endswith(alias)
                      and ":" in line and alias in line.split(":", 1)[1].split()), None)
    if start is None:
        return None
    block = lines[start + 1:]
    english: dict[str, int] = {}
    values: list[int] = []
    choices = False
    for line in block:
        if not line.strip():
            if values:
                break
            continue
        if "GUID" in line and values:  # the next setting begins
            break
        choices = choices or bool(_CHOICE_NUMBER.search(line))
        match = _HEX.search(line)
        if not match:
            continue
        value = int(match[1], 16)
        values.append(value)
        label = line.split(":", 1)[0].strip().lower()
        if label == "current ac power setting index":
            english["ac"] = value
        elif label == "current dc power setting index":
            english["dc"] = value
    if "ac" in english and "dc" in english:
        return PowerValue(english["ac"], english["dc"])
    if len(values) == 5 and not choices:
        return PowerValue(values[3], values[4])
    if len(values) == 2 and choices:
        return PowerValue(values[0], values[1])
    raise CouldNotTell(f"powercfg's answer for {alias} is not in a form Homeguard understands (it may be in another "
                       "language Homeguard cannot read)")


def _seconds(value: int) -> float:
    return math.inf if value == 0 else float(value)


def _int(values: dict[str, RegistryValue], name: str) -> int | None:
    value = values.get(name.lower())
    return value.as_int() if value is not None else None


def _power(host: Host, argv: tuple[str, ...], alias: str, evidence: list[Evidence]) -> PowerValue | None:
    result = host.run(list(argv), timeout=5)
    command = " ".join(argv)
    if not result.ok:
        evidence.append(Evidence(command, result.problem()))
        raise CouldNotTell(f"the power settings could not be read ({result.problem()})")
    value = parse_power_setting(result.stdout, alias)
    if value is None:
        evidence.append(Evidence(command, "the setting is not shown"))
    else:
        evidence.append(Evidence(command, f"plugged in {describe_time(_seconds(value.ac))}, "
                                          f"on battery {describe_time(_seconds(value.dc))}"
                        if alias != "CONSOLELOCK" else
                        f"password on waking: plugged in {'yes' if value.ac else 'no'}, "
                        f"on battery {'yes' if value.dc else 'no'}"))
    return value


@dataclass
class Lock:
    seconds: float
    how: str


def _policy_lock(host: Host, evidence: list[Evidence]) -> Lock | None:
    limit = _int(host.registry_values(POLICY_SYSTEM) or {}, "InactivityTimeoutSecs")
    if limit:
        evidence.append(Evidence(f"{POLICY_SYSTEM} InactivityTimeoutSecs", f"{limit} seconds"))
        return Lock(float(limit), "a policy locks it")
    evidence.append(Evidence(f"{POLICY_SYSTEM} InactivityTimeoutSecs", "not set"))
    return None


def _screensaver_lock(host: Host, evidence: list[Evidence]) -> Lock | None:
    user = host.registry_values(DESKTOP) or {}
    policy = host.registry_values(DESKTOP_POLICY) or {}
    settings = {name: _int(policy, name) if name.lower() in policy else _int(user, name)
                for name in ("ScreenSaveActive", "ScreenSaverIsSecure", "ScreenSaveTimeOut")}
    source = " (set by a policy)" if policy else ""
    shown = ", ".join(f"{name} {value}" for name, value in settings.items() if value is not None)
    evidence.append(Evidence(DESKTOP + (f" and {DESKTOP_POLICY}" if policy else ""), shown or "no screen saver set"))
    if settings["ScreenSaveActive"] == 1 and settings["ScreenSaverIsSecure"] == 1 and settings["ScreenSaveTimeOut"]:
        return Lock(float(settings["ScreenSaveTimeOut"]), f"the screen saver locks it{source}")
    return None


def _display_note(host: Host, evidence: list[Evidence]) -> None:
    """When the screen turns off: shown for reference, as it does not lock Windows by itself."""
    scratch: list[Evidence] = []
    try:
        display = _power(host, VIDEOIDLE, "VIDEOIDLE", scratch)
    except CouldNotTell:
        display = None
    if display is not None:
        longest = max(_seconds(display.ac), _seconds(display.dc))
        evidence.append(Evidence(" ".join(VIDEOIDLE), f"the screen turns off after {describe_time(longest)} "
                                 "(this alone does not lock Windows)"))


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    locks: list[Lock] = []
    power_problem = ""
    try:
        for look in (_policy_lock, _screensaver_lock):
            lock = look(host, evidence)
            if lock:
                locks.append(lock)
        goodbye = _int(host.registry_values(WINLOGON_USER) or {}, "EnableGoodbye")
    except AccessDenied as exc:
        return finding(Status.UNKNOWN, "Could not tell: Windows did not let Homeguard read the screen lock settings.",
                       [*evidence, Evidence(exc.what, "reading was refused")])
    try:
        sleep = _power(host, STANDBY, "STANDBYIDLE", evidence)
        if sleep is None:
            raise CouldNotTell("powercfg did not show the sleep setting")
        password = _power(host, CONSOLELOCK, "CONSOLELOCK", evidence)
        asks = password is None or (password.ac == 1 and password.dc == 1)
        if password is None:
            evidence[-1] = Evidence(evidence[-1].looked_at, "not shown, so Windows' default applies: a password is "
                                    "needed on waking")
        longest = max(_seconds(sleep.ac), _seconds(sleep.dc))
        if asks and not math.isinf(longest):
            locks.append(Lock(longest, "it goes to sleep and asks for the password on waking"))
        elif not asks and not math.isinf(longest):
            evidence.append(Evidence("sleep", "does not lock the computer: no password is asked on waking"))
    except CouldNotTell as exc:
        power_problem = str(exc)
    _display_note(host, evidence)
    if goodbye == 1:
        evidence.append(Evidence(f"{WINLOGON_USER} EnableGoodbye", "Dynamic lock is on: Windows also locks when "
                                 "the paired phone goes out of range"))

    limit = ctx.settings.screen_lock_max_minutes
    soonest = min(locks, key=lambda lock: lock.seconds) if locks else None
    if soonest and soonest.seconds <= limit * 60:
        return finding(Status.PASS, f"The screen locks after {describe_time(soonest.seconds)} without use "
                       f"({soonest.how}).", evidence)
    if power_problem:
        return finding(Status.UNKNOWN, f"Could not tell how soon the screen locks: {power_problem}.", evidence)
    if soonest is None:
        return finding(Status.FAIL, "The screen never locks by itself: no screen saver with a password, no lock "
                       "policy, and the computer does not go to sleep with a password.", evidence)
    return finding(Status.PARTIAL, f"The screen locks only after {describe_time(soonest.seconds)} without use "
                   f"({soonest.how}); {limit} minutes or less is safer.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The machine inactivity limit policy (InactivityTimeoutSecs), your screen saver settings (HKCU\\Control Panel\\"
    "Desktop: ScreenSaveActive, ScreenSaverIsSecure, ScreenSaveTimeOut, and their policy versions), and the power "
    "plan: when the computer goes to sleep and whether it asks for the password on waking (`powercfg /query "
    "SCHEME_CURRENT SUB_SLEEP STANDBYIDLE`, `... SUB_NONE CONSOLELOCK`), with the screen-off time shown for "
    "reference."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Settings, go to System, then Power & battery (Power & sleep on Windows 10), and set the computer "
            "to sleep after 5 to 15 minutes, plugged in and on battery.",
            "In Settings, go to Accounts, then Sign-in options, and under \u201cIf you've been away, when should "
            "Windows require you to sign in again?\u201d choose \u201cWhen PC wakes up from sleep\u201d (or "
            "\u201cEvery Time\u201d).",
            "Or: open Settings, Personalization, Lock screen, Screen saver; pick a screen saver, set the wait to "
            "5 to 15 minutes and tick \u201cOn resume, display logon screen\u201d.",
            "Get into the habit of pressing the Windows key and L together whenever you step away.",
        ),
        settings_url="ms-settings:powersleep",
        more_info="https://support.microsoft.com/windows/how-to-adjust-power-and-sleep-settings-in-windows-"
                  "26f623b5-4fcc-4194-863d-b824e5ec7e3c",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Screen saver, InactivityTimeoutSecs and Dynamic Lock values (documented)",
    "Non-English powercfg outputs whose capture is not confirmed",
    "powercfg outputs without “GUID Alias” lines (read by the settings' GUIDs)",
)
