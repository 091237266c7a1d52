"""How xprotect looks on macOS: is XProtect there, which version, and when did it last update?

Everything is read from files every user may read, without running a program:

* XProtect's rules: ``/Library/Apple/System/Library/CoreServices/XProtect.bundle`` (macOS 10.15 to 14, and still
  present later; ``/System/Library/CoreServices/XProtect.bundle`` before 10.15). From macOS 15 the copy in use is
  ``/var/protected/xprotect/XProtect.bundle``, updated over iCloud, and the old copy may lag behind it
  (eclecticlight.co, "A simple guide to how XProtect installs and updates in Sequoia", 2024-10-10). Each bundle's
  ``Contents/Info.plist`` gives its version (CFBundleShortVersionString). Whether the new location is readable
  without admin rights is not confirmed, so it is read when it can be and never required.
* XProtect Remediator, the part that scans in the background: ``.../CoreServices/XProtect.app``.
* When they were installed: ``/Library/Receipts/InstallHistory.plist``, the list System Information shows under
  Installations (``system_profiler SPInstallHistoryDataType`` reads the same file): entries named
  XProtectPlistConfigData (rules) and XProtectPayloads (Remediator), with their dates. The time the new-location
  bundle was last written counts as an update too, since iCloud updates may not be listed there.

No version number is built in as "the latest": it would be out of date within a week. Freshness is judged by the
age of the last update instead. Apple ships rules about weekly and Remediator about monthly (eclecticlight.co,
"Security data updates in Sequoia and Tahoe", 2025-09-09), so no update for more than 30 days means updates are
not reaching this Mac (partial), and for more than 90 days that it misses months of new threats (fail).

Whether security data installs by itself ("Install Security Responses and system files") is the automatic-updates
check's question and is not judged twice here. What XProtect blocked in the last 30 days is read from its own
reports in the person's ~/Library/Logs/DiagnosticReports (detections.py): a recent one is said first and makes the
finding at least partial. XProtect Remediator's background scan results are in the unified log, which a standard
account may not read and which takes minutes to search over 30 days, so they are not read (see ADMIN_NOTE).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos import plist_value, read_plist
from checks.local.common.macos_prefs import macos_major
from checks.local.xprotect.detections import read_detections, with_detections

CORESERVICES = "/Library/Apple/System/Library/CoreServices"
RULES_BUNDLES = (
    ("/var/protected/xprotect/XProtect.bundle/Contents/Info.plist", "XProtect rules (in use from macOS 15)"),
    (f"{CORESERVICES}/XProtect.bundle/Contents/Info.plist", "XProtect rules"),
    ("/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist", "XProtect rules (macOS 10.14 and earlier)"),
)
PROTECTED_INFO = RULES_BUNDLES[0][0]
PROTECTED_DIR = "/var/protected/xprotect"
ICLOUD_SINCE = 15  # the first macOS whose XProtect updates over iCloud into PROTECTED_DIR
REMEDIATOR_INFO = f"{CORESERVICES}/XProtect.app/Contents/Info.plist"
INSTALL_HISTORY = "/Library/Receipts/InstallHistory.plist"
UPDATE_NAMES = {"XProtectPlistConfigData": "rules", "XProtectPayloads": "XProtect Remediator"}
PARTIAL_DAYS = 30
FAIL_DAYS = 90
DAY = 86400.0


@dataclass(frozen=True)
class Install:
    what: str  # "rules" or "XProtect Remediator"
    version: str
    when: float  # seconds since the epoch (UTC)


def parse_install_history(raw: bytes) -> list[Install] | None:
    """XProtect's entries in InstallHistory.plist; None when the file is not a list of installs."""
    try:
        data = plist_value(raw)
    except ValueError:
        return None
    if not isinstance(data, list):
        return None
    found = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        name = str(entry.get("displayName", ""))
        ids = entry.get("packageIdentifiers")
        labels = [name] + [str(i).removeprefix("com.apple.pkg.") for i in (ids if isinstance(ids, list) else [])]
        what = next((UPDATE_NAMES[key] for key in UPDATE_NAMES for label in labels if label.startswith(key)), None)
        date = entry.get("date")
        if what is None or not isinstance(date, datetime):
            continue
        when = float(calendar.timegm(date.utctimetuple()))  # plistlib gives UTC times
        found.append(Install(what, str(entry.get("displayVersion", "")), when))
    return found


def _day(when: float) -> str:
    return datetime.fromtimestamp(when, tz=UTC).strftime("%Y-%m-%d") if when > 0 else "?"


def _read_version(host: Host, path: str) -> tuple[str | None, str]:
    """(version, problem) from a bundle's Info.plist; (None, "") when the file is not there."""
    try:
        plist = read_plist(host, path)
    except AccessDenied:
        return None, "not readable without administrator rights"
    if plist.data is None:
        return None, plist.problem
    version = plist.data.get("CFBundleShortVersionString") or plist.data.get("CFBundleVersion")
    return (str(version), "") if version is not None else (None, "no version in it")


def _age_words(days: int) -> str:
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


def probe(ctx: CheckContext) -> Finding:
    """Freshness, then what XProtect blocked lately (detections.py): files only, no program is run."""
    return with_detections(_freshness(ctx), read_detections(ctx.host))


def _freshness(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    versions: list[str] = []
    denied = False
    protected_read = False
    for path, label in RULES_BUNDLES:
        version, problem = _read_version(host, path)
        denied = denied or problem.startswith("not readable")
        if version is not None:
            versions.append(version)
            protected_read = protected_read or path == PROTECTED_INFO
            evidence.append(Evidence(f"{label}: {path}", f"version {version}"))
        elif problem:
            evidence.append(Evidence(f"{label}: {path}", problem))
    remediator, problem = _read_version(host, REMEDIATOR_INFO)
    if remediator is not None or problem:
        evidence.append(Evidence(f"XProtect Remediator: {REMEDIATOR_INFO}",
                                 f"version {remediator}" if remediator else problem))
    present = bool(versions) or remediator is not None or denied or any(
        host.exists(path) for path, _ in RULES_BUNDLES)  # older systems kept it elsewhere: installs count too

    dates: list[float] = []
    try:
        raw = host.read_bytes(INSTALL_HISTORY)
    except AccessDenied as exc:
        raw = None
        evidence.append(Evidence(INSTALL_HISTORY, str(exc)))
    installs = parse_install_history(raw) if raw is not None else None
    if raw is not None and installs is None:
        evidence.append(Evidence(INSTALL_HISTORY, "not a list of installations Homeguard can read"))
    for what in UPDATE_NAMES.values():
        latest = max((i for i in installs or () if i.what == what), key=lambda i: i.when, default=None)
        if latest is not None:
            dates.append(latest.when)
            evidence.append(Evidence(f"{INSTALL_HISTORY}: last {what} update",
                                     f"{_day(latest.when)}, version {latest.version or '?'}"))
        elif installs is not None:
            evidence.append(Evidence(f"{INSTALL_HISTORY}: last {what} update", "none listed"))
    written = host.mtime(PROTECTED_INFO) if protected_read else None
    if written is not None:
        dates.append(written)
        evidence.append(Evidence(f"{PROTECTED_INFO}: last written", _day(written)))
    evidence.append(Evidence("Installing security updates by itself", "judged by the automatic-updates check"))

    if not present and not dates:
        return finding(Status.FAIL, "XProtect, the Mac's built-in malware protection, was not found on this Mac.",
                       evidence)
    if not dates:
        there = f"it is there (version {max(versions, key=_version_key)})" if versions else "it is there"
        return finding(Status.UNKNOWN, f"Could not tell whether XProtect is up to date: {there}, but Homeguard "
                       "found no date for its updates.", evidence)
    newest = max(dates)
    days = int((host.now() - newest) // DAY)
    version = f" (version {max(versions, key=_version_key)})" if versions else ""
    if days > PARTIAL_DAYS and not protected_read and _updates_over_icloud(host):
        # From macOS 15 some XProtect updates come only over iCloud, straight into /var/protected/xprotect
        # (eclecticlight.co, "Last Week on My Mac: Things that go bump in the night", 2025: versions 5273 and 5275
        # went only there), and the installation history may not list them. With that copy unread, an old date in
        # the history does not show that XProtect is out of date.
        evidence.append(Evidence(f"XProtect rules in use: {PROTECTED_INFO}", "not read; on this macOS, updates "
                                 "over iCloud go there and may not be in the installation history"))
        return finding(Status.UNKNOWN, f"Could not tell whether XProtect is up to date: the last update Homeguard "
                       f"can see{version} was {_age_words(days)}, but from macOS 15 XProtect also updates over "
                       "iCloud into a place Homeguard could not read.", evidence)
    if days > FAIL_DAYS:
        return finding(Status.FAIL, f"XProtect{version} last updated {_age_words(days)}, so it does not know "
                       "months of new threats. Apple updates it about every week.", evidence)
    if days > PARTIAL_DAYS:
        return finding(Status.PARTIAL, f"XProtect{version} last updated {_age_words(days)}; Apple updates it about "
                       "every week, so updates are not reaching this Mac.", evidence)
    return finding(Status.PASS, f"XProtect{version} is there and last updated {_age_words(days)}.", evidence)


def _updates_over_icloud(host: Host) -> bool:
    """macOS 15 or later, by the system's version, or by the iCloud copy's folder when the version is not known."""
    major = macos_major(host)
    return major >= ICLOUD_SINCE if major is not None else host.exists(PROTECTED_DIR)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "XProtect's version (the Info.plist of XProtect.bundle in /Library/Apple/System/Library/CoreServices, and in "
    "/var/protected/xprotect from macOS 15 when readable) and when it and XProtect Remediator last updated "
    "(/Library/Receipts/InstallHistory.plist, the list System Information shows under Installations). Older than "
    "30 days is partial, older than 90 days fails. Also XProtect's own reports of harmful apps it stopped from "
    "opening (XProtect_*.diag in your ~/Library/Logs/DiagnosticReports): one from the last 30 days is said first "
    "and makes the result at least partial."
)

ADMIN_NOTE = (
    "What XProtect Remediator's background scans found is kept in the system log, which a standard account may not "
    "read; from an administrator's account (no sudo needed) `log show --last 30d --style ndjson --predicate "
    "'subsystem == \"com.apple.XProtectFramework.PluginAPI\" AND category == \"XPEvent.structured\"'` lists each "
    "scan's result (a non-empty caused_by means it acted on something), but it can take minutes, too long for a "
    "scan, so Homeguard does not run it. Endpoint Security's detection events need root and are only seen live "
    "(`sudo eslogger xp_malware_detected xp_malware_remediated`), and `sudo xprotect check` asks Apple for the "
    "newest version on macOS 15 and later. Homeguard reads only XProtect's reports in your own folder."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open the Apple menu, choose System Settings, then General, then Software Update.",
            "Click the \u24d8 button next to \u201cAutomatic updates\u201d and turn on \u201cInstall Security "
            "Responses and system files\u201d.",
            "Make sure the Mac is connected to the internet for a while; XProtect updates itself in the "
            "background. An administrator can force it in Terminal with: sudo softwareupdate --background-critical "
            "(macOS 14 and earlier) or sudo xprotect update (macOS 15 and later).",
        ),
        settings_url="x-apple.systempreferences:com.apple.Software-Update-Settings.extension",
        more_info="https://support.apple.com/guide/security/protecting-against-malware-sec469d47bd8/web",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "An old installation history on macOS 15 and later with the iCloud copy unread, read as could not tell (from "
    "the documented update paths; not recorded)",
    "XProtect's Info.plist versions (made to the documented CFBundleShortVersionString form)",
    "XProtect Remediator entries and the macOS 15 /var/protected copy (made to the documented formats)",
    "XProtect's reports of apps it blocked (XProtect_*.diag; made to the format osquery and mac_apt read)",
)
