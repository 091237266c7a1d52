"""How os-updates looks on macOS: read what macOS itself last learnt about waiting updates, never ask Apple.

Choices, and why:

* ``softwareupdate --list`` asks Apple's servers every time, can take minutes and has been reported to hang the
  ``softwareupdated`` daemon. Homeguard never goes online, so it reads the record macOS keeps of its own checks
  instead: ``/Library/Preferences/com.apple.SoftwareUpdate.plist``, which every user may read. macOS checks in
  the background several times a day when automatic checking is on, and writes what it found there.
* ``RecommendedUpdates`` (one entry per waiting update, with its name, version and whether it is a macOS update)
  is the list trusted for the verdict. The counters beside it are not: ``LastUpdatesAvailable`` is no longer kept
  up to date from macOS 15.4 (Root3's Support app had to move off it), and ``LastRecommendedUpdatesAvailable``
  has been seen to stay at 1 on macOS 26 after everything was installed. The counter is only used, and said to
  be only a count, when the list itself is missing.
* A waiting update counts as a security fix when its name says Security ("Security Update 2021-001",
  "macOS Security Response 13.4.1 (a)", Background Security Improvements), or when it is an update of the macOS
  version already installed (a point release such as 26.7 on 26.5.2): Apple ships security fixes in those.
  A new major version (macOS 27 offered to a Mac on 26) is an upgrade, not a waiting fix, and an entry for a
  version that is already installed is an old leftover and is not counted. Safari, Command Line Tools and the
  like are other updates.
* When the last successful check (``LastSuccessfulDate``, ``LastFullSuccessfulDate``,
  ``LastBackgroundSuccessfulDate``) is more than a week old, or not recorded, "nothing waiting" is not trusted
  as a pass: macOS may simply not have looked. ``LastFullSuccessfulDate`` moves on every check, even one that
  found updates, so it only ever tells when macOS last looked, never that the Mac is up to date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos import read_plist

SOFTWARE_UPDATE_PLIST = "/Library/Preferences/com.apple.SoftwareUpdate.plist"
CHECK_DATE_KEYS = ("LastSuccessfulDate", "LastFullSuccessfulDate", "LastBackgroundSuccessfulDate")
DAY = 86400.0
STALE_DAYS = 7

SECURITY = "security"  # names itself a security update, response or improvement
POINT = "macos-point"  # an update of the installed macOS version: carries security fixes
UPGRADE = "macos-upgrade"  # a new major version of macOS
OTHER = "other"  # Safari, Command Line Tools, printer software, ...
INSTALLED = "installed"  # a leftover entry for a version that is already installed

_VERSION = re.compile(r"\d+(?:\.\d+)*")


@dataclass(frozen=True)
class Pending:
    """One entry of ``RecommendedUpdates``, and what kind of update it is on this Mac."""

    name: str
    version: str
    kind: str

    @property
    def security(self) -> bool:
        return self.kind in (SECURITY, POINT)

    def describe(self) -> str:
        label = {SECURITY: "security", POINT: "macOS update", UPGRADE: "new macOS version",
                 INSTALLED: "already installed"}.get(self.kind, "")
        shown = f"{self.name} {self.version}" if self.version and self.version not in self.name else self.name
        return f"{shown} ({label})" if label else shown


# -- small parsers, each testable on its own ------------------------------------------------------------------------

def parse_version(text: str) -> tuple[int, ...] | None:
    """``"26.5.2"`` -> (26, 5, 2); the first version-looking run in a text such as ``"macOS 26.5.2"``."""
    match = _VERSION.search(text or "")
    if not match:
        return None
    return tuple(int(part) for part in match.group(0).split("."))


def _major(version: tuple[int, ...]) -> tuple[int, ...]:
    """macOS 10.x counts its majors in the second number (10.15); macOS 11 and later in the first."""
    return version[:2] if version and version[0] == 10 else version[:1]


def is_os_update(entry: dict[str, object]) -> bool:
    flag = entry.get("MobileSoftwareUpdate")
    identifier = str(entry.get("Identifier", "") or entry.get("Product Key", ""))
    return bool(flag) or identifier.startswith("MSU_UPDATE_")


def classify(entry: dict[str, object], installed: tuple[int, ...] | None) -> Pending:
    """What kind of update one ``RecommendedUpdates`` entry is, on a Mac running ``installed``."""
    name = str(entry.get("Display Name") or entry.get("Identifier") or "an unnamed update").strip()
    version = str(entry.get("Display Version") or "").strip()
    words = f"{name} {entry.get('Identifier', '')}".lower()
    if "security" in words:
        return Pending(name, version, SECURITY)
    if is_os_update(entry):
        offered = parse_version(version) or parse_version(name)
        if installed is None or offered is None:
            return Pending(name, version, POINT)
        if _major(offered) > _major(installed):
            return Pending(name, version, UPGRADE)
        if offered <= installed:
            return Pending(name, version, INSTALLED)
        return Pending(name, version, POINT)
    if name.lower().startswith("macos") or "supplemental update" in words:
        return Pending(name, version, POINT)  # older macOS releases: supplemental updates keep the version number
    return Pending(name, version, OTHER)


def recommended_updates(data: dict[str, object], installed: tuple[int, ...] | None) -> list[Pending] | None:
    """The waiting updates, or None when the file has no list. Raises ValueError when the list is malformed."""
    entries = data.get("RecommendedUpdates")
    if entries is None:
        return None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError("its list of recommended updates is not in the expected form")
    return [classify(entry, installed) for entry in entries]


def last_check(data: dict[str, object]) -> datetime | None:
    """When macOS last checked for updates successfully (the newest of the dates it keeps), as UTC."""
    found = []
    for key in CHECK_DATE_KEYS:
        value = data.get(key)
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
        if isinstance(value, datetime):
            found.append(value if value.tzinfo else value.replace(tzinfo=UTC))
    return max(found) if found else None


def describe_age(days: float) -> str:
    if days < 1:
        return "today"
    if days < 2:
        return "yesterday"
    return f"{int(days)} days ago"


def _updates(n: int) -> str:
    return "1 update is" if n == 1 else f"{n} updates are"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# -- looking --------------------------------------------------------------------------------------------------------

def probe(ctx: CheckContext) -> Finding:
    host: Host = ctx.host
    evidence: list[Evidence] = []
    installed = parse_version(host.os_name())
    evidence.append(Evidence("macOS version", ".".join(map(str, installed)) if installed
                             else f"not known ({host.os_name() or 'no name given'})"))
    try:
        plist = read_plist(host, SOFTWARE_UPDATE_PLIST)
    except AccessDenied:
        evidence.append(Evidence(SOFTWARE_UPDATE_PLIST, "Homeguard was not allowed to read it"))
        return finding(Status.UNKNOWN, "Could not tell which updates are waiting: Homeguard was not allowed to read "
                       "macOS's record of its update checks.", evidence)
    if plist.data is None:
        why = plist.problem or "the file does not exist, so macOS has not recorded any check for updates"
        evidence.append(Evidence(SOFTWARE_UPDATE_PLIST, why))
        return finding(Status.UNKNOWN, f"Could not tell which updates are waiting: {why}.", evidence)
    data = plist.data

    try:
        pending = recommended_updates(data, installed)
    except ValueError as exc:
        evidence.append(Evidence(SOFTWARE_UPDATE_PLIST, str(exc)))
        return finding(Status.UNKNOWN, f"Could not tell which updates are waiting: macOS's record of its update "
                       f"checks was not understood ({exc}).", evidence)
    counter = data.get("LastRecommendedUpdatesAvailable")
    counter = counter if isinstance(counter, int) and not isinstance(counter, bool) else None

    checked = last_check(data)
    age: float | None = None
    if checked is not None:
        age = max(0.0, (host.now() - checked.timestamp()) / DAY)
        evidence.append(Evidence(f"{SOFTWARE_UPDATE_PLIST}: last successful check",
                                 f"{checked:%Y-%m-%d %H:%M} UTC ({describe_age(age)})"))
    else:
        evidence.append(Evidence(f"{SOFTWARE_UPDATE_PLIST}: last successful check", "not recorded"))
    if data.get("LastSessionSuccessful") is False:
        evidence.append(Evidence(f"{SOFTWARE_UPDATE_PLIST}: LastSessionSuccessful", "false: the last check failed"))

    if pending is None:
        evidence.append(Evidence(f"{SOFTWARE_UPDATE_PLIST}: RecommendedUpdates", "not in the file"))
        if counter is None:
            return finding(Status.UNKNOWN, "Could not tell which updates are waiting: macOS's record of its update "
                           "checks holds neither the list of updates nor their number.", evidence)
        evidence.append(Evidence(f"{SOFTWARE_UPDATE_PLIST}: LastRecommendedUpdatesAvailable", str(counter)))
        if counter > 0:
            return finding(Status.PARTIAL, f"{_updates(counter)} waiting; Homeguard could not tell whether any are "
                           "security fixes, because macOS kept only their number.", evidence)
        waiting: list[Pending] = []
    else:
        waiting = [p for p in pending if p.kind != INSTALLED]
        shown = "; ".join(p.describe() for p in pending) if pending else "none"
        evidence.append(Evidence(f"{SOFTWARE_UPDATE_PLIST}: RecommendedUpdates", shown))
        if counter is not None and counter != len(waiting):
            evidence.append(Evidence(f"{SOFTWARE_UPDATE_PLIST}: LastRecommendedUpdatesAvailable",
                                     f"{counter} (not used: this counter is known to go stale; the list is trusted)"))

    security = [p for p in waiting if p.security]
    stale = age is None or age > STALE_DAYS
    when = (" Homeguard could not tell when your Mac last checked, so there may be more" if age is None
            else f" Your Mac last checked {describe_age(age)}, so there may be more" if stale else "")
    if security:
        names = _and([p.name for p in security])
        which = ("it is a security fix" if len(waiting) == 1 else "1 of them a security fix" if len(security) == 1
                 else f"{len(security)} of them security fixes")
        return finding(Status.FAIL, f"{_updates(len(waiting))} waiting, {which} ({names}).{when}"
                       f"{'.' if when else ''}", evidence)
    if waiting:
        names = _and([p.describe() for p in waiting])
        return finding(Status.PARTIAL, f"{_updates(len(waiting))} waiting ({names}); none is marked as a security "
                       f"fix.{when}{'.' if when else ''}", evidence)
    if age is None:
        return finding(Status.PARTIAL, "No updates are waiting, but Homeguard could not tell when your Mac last "
                       "checked for them, so newer updates may not show yet.", evidence)
    if stale:
        return finding(Status.PARTIAL, f"No updates are waiting, but your Mac last checked for them "
                       f"{describe_age(age)}, so newer updates may not show yet.", evidence)
    return finding(Status.PASS, f"All available updates are installed (your Mac last checked {describe_age(age)}).",
                   evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "macOS's own record of its last check for updates (/Library/Preferences/com.apple.SoftwareUpdate.plist): the "
    "updates it found waiting, which of them are security fixes or macOS updates, and when it last checked. "
    "Homeguard does not ask Apple's servers itself."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open the Apple menu, choose System Settings, then General, then Software Update.",
            "Install what it offers, starting with any macOS update or security response. Your Mac restarts to "
            "finish, so save your work first.",
            "Keep the Mac plugged in and connected to the internet until it is done.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Software-Update-Settings.extension",
        more_info="https://support.apple.com/en-us/108382",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Security Response / Background Security Improvement entries in RecommendedUpdates "
    "(recognised by the word Security)",
)
