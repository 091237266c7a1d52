"""What XProtect blocked on this Mac lately, read from the reports this account may read.

Where XProtect and XProtect Remediator record what they found, and who may read it:

* When XProtect blocks a known harmful app as it is opened (the "... will damage your computer" alert; Apple's
  platform guide says XProtect blocks it, moves it to the Trash and tells the person), it may write a report into
  the person's own ``~/Library/Logs/DiagnosticReports``, named ``XProtect_YYYY-MM-DD-HHMMSS_<computer>.diag``: a
  property list holding a list of entries with ``XProtectSignatureName`` (Apple's name for the threat),
  ``UserAction`` (what was chosen in the alert) and the download's quarantine facts
  (``LSQuarantineAgentBundleIdentifier``, ``LSQuarantineDataURL``, ``LSQuarantineOriginURL``,
  ``LSQuarantineTimeStamp``). osquery's ``xprotect_reports`` table and mac_apt's XProtect plugin read the same
  files; osquery's table lists them as matches for which the person generated or sent an XProtect report, so
  XProtect may block something without leaving one: no report is not proof that nothing was blocked, and the
  evidence says so. They are the account's own files: no administrator rights and no program are needed, so
  reading them costs one folder listing and a few small files. This is what this module reads. No real report has
  been seen yet (the check's UNVERIFIED says so), and the values ``UserAction`` takes are not documented, so it is
  shown as written and never judged.
* XProtect Remediator's background scans write a small JSON result per scanning module to the unified log
  (subsystem ``com.apple.XProtectFramework.PluginAPI``, category ``XPEvent.structured``; a non-empty
  ``caused_by`` means it acted on something). ``log show`` refuses a standard account ("Could not open local log
  store: Operation not permitted") and works for an administrator's account without sudo; over the 30 days that
  matter it takes far longer than a scan may (tools that read it allow 30 seconds to 7 minutes), and a short,
  bounded read would mostly end in "could not tell in time". It is not read here: the check's ADMIN_NOTE says what
  an administrator can run.
* Endpoint Security's ``xp_malware_detected`` and ``xp_malware_remediated`` events (macOS 13 and later) need root
  and are only seen live; XProtect Behavior Service's database ``/var/protected/xprotect/XPdb`` needs root.

A report from the last 30 days is said plainly. XProtect stopped the app from opening, so it is "partly done":
the person should empty the Trash and, if it keeps happening (something on the Mac may keep trying to open it),
remove login items they do not know and stop using the place the app came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Status
from checks.local.common.macos import plist_value

REPORTS_FOLDER = "Library/Logs/DiagnosticReports"  # under the person's home folder
REPORT_GLOB = "XProtect_*.diag"
RECENT_DAYS = 30
MOST_READ = 20  # reports read at most, newest first: enough to say "it keeps happening" and bounded
MOST_SHOWN = 5  # reports listed one by one in the evidence
REPORT_CAP_BYTES = 256 * 1024  # one report is a small property list
TEXT_CAP = 80  # characters of text from a report shown at most
DAY = 86400.0
_NAME = re.compile(r"^XProtect_(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})_.*\.diag$")


@dataclass(frozen=True)
class Report:
    """One XProtect report: which threats it named, when, what was chosen, where the download came from."""

    name: str  # the file's name
    when: float | None  # from the file's name (written in the Mac's local time, read as UTC: a day's accuracy)
    threats: tuple[str, ...]
    action: str = ""  # UserAction, as written
    source: str = ""  # the web site (or app) the download came from, when the report says

    @property
    def day(self) -> str:
        return datetime.fromtimestamp(self.when, UTC).strftime("%Y-%m-%d") if self.when is not None \
            else "an unknown day"


@dataclass(frozen=True)
class Detections:
    """XProtect's reports of the last 30 days, and the evidence for what was and was not found."""

    recent: tuple[Report, ...] = ()
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


def plain(text: object, cap: int = TEXT_CAP) -> str:
    """Text from a report, made safe to show: one line, printable characters only, at most ``cap`` long."""
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())
    return cleaned if len(cleaned) <= cap else cleaned[: cap - 1] + "\u2026"


def _source(entry: dict[object, object]) -> str:
    """Where the download came from: the web site's name from its address, else the app that downloaded it."""
    for key in ("LSQuarantineOriginURL", "LSQuarantineDataURL"):
        value = entry.get(key)
        if isinstance(value, str) and value:
            try:
                site = urlsplit(value.strip()).hostname or ""
            except ValueError:
                site = ""
            if site:
                return plain(site)
    agent = entry.get("LSQuarantineAgentBundleIdentifier")
    return plain(agent) if isinstance(agent, str) else ""


def parse_report(name: str, raw: bytes) -> Report | None:
    """One ``XProtect_*.diag`` file; None when it is not a report Homeguard can read or names no threat."""
    try:
        data = plist_value(raw)
    except ValueError:
        return None
    entries = [data] if isinstance(data, dict) else data if isinstance(data, list) else []
    threats: list[str] = []
    action = source = ""
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        threat = entry.get("XProtectSignatureName")
        if not isinstance(threat, str) or not plain(threat):
            continue
        if plain(threat) not in threats:
            threats.append(plain(threat))
        action = action or plain(entry.get("UserAction", ""))
        source = source or _source(entry)
    if not threats:
        return None
    return Report(plain(name, 120), _when(name), tuple(threats), action, source)


def _when(name: str) -> float | None:
    """The time in a report's file name; None when there is none or it is not a real date (names are untrusted)."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        stamp = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    return stamp.timestamp()


def _describe(report: Report) -> str:
    parts = [f"{report.day}: {', '.join(report.threats)}"]
    if report.action:
        parts.append(f"choice in the alert: {report.action}")
    if report.source:
        parts.append(f"downloaded from {report.source}")
    return "; ".join(parts)


def read_detections(host: Host) -> Detections:
    """XProtect's reports in this account's DiagnosticReports folder, the last 30 days' kept. Never raises."""
    home = host.user().home.rstrip("/")
    if not home:
        return Detections(evidence=(Evidence("XProtect's reports of what it blocked",
                                             "not read: the system did not say which home folder is yours"),))
    folder = f"{home}/{REPORTS_FOLDER}"
    paths = sorted(host.glob(f"{folder}/{REPORT_GLOB}"), reverse=True)  # names start with the date: newest first
    evidence: list[Evidence] = []
    recent: list[Report] = []
    older = unreadable = 0
    now = host.now()
    for path in paths[:MOST_READ]:
        name = path.rsplit("/", 1)[-1]
        try:
            raw = host.read_bytes(path, limit=REPORT_CAP_BYTES)
        except AccessDenied:
            raw = None
        report = parse_report(name, raw) if raw is not None else None
        if report is None:
            unreadable += 1
            continue
        when = report.when if report.when is not None else host.mtime(path)
        if when is not None and now - when > RECENT_DAYS * DAY:
            older += 1
            continue
        recent.append(report)
    recent.sort(key=lambda r: (r.when is not None, r.when or 0.0), reverse=True)  # dated newest first, undated last
    looked_at = f"XProtect's reports of what it blocked: {folder}/{REPORT_GLOB}"
    if not paths:
        evidence.append(Evidence(looked_at, "none (XProtect does not leave one every time it blocks something)"))
    else:
        counts = [f"{len(recent)} from the last {RECENT_DAYS} days"]
        if older:
            counts.append(f"{older} older")
        if unreadable:
            counts.append(f"{unreadable} Homeguard could not read")
        if len(paths) > MOST_READ:
            counts.append(f"{len(paths) - MOST_READ} more not read")
        evidence.append(Evidence(looked_at, ", ".join(counts)))
    for report in recent[:MOST_SHOWN]:
        evidence.append(Evidence(f"{folder}/{report.name}", _describe(report)))
    evidence.append(Evidence("XProtect Remediator's background scan results (the system log)",
                             "not read: a standard account may not read them, and reading 30 days takes minutes"))
    return Detections(tuple(recent), tuple(evidence))


def with_detections(found: Finding, detections: Detections) -> Finding:
    """The freshness finding with what XProtect blocked lately added: said first, and at least partial."""
    evidence = (*found.evidence, *detections.evidence)
    if not detections.recent:
        return Finding(found.status, found.summary, evidence, found.desktop)
    newest = detections.recent[0]
    threats = sorted({t for r in detections.recent for t in r.threats})
    quoted = [f"\u201c{t}\u201d" for t in threats[:3]] + (["others"] if len(threats) > 3 else [])
    named = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    times = len(detections.recent)
    again = f", {times} times in the last {RECENT_DAYS} days" if times > 1 else ""
    app, pronoun, they = ("a harmful app", "it", "it") if len(threats) == 1 else ("harmful apps", "them", "they")
    said = (f"XProtect found {app} ({named}) and stopped {pronoun} from opening (last on {newest.day}{again}); "
            "Apple moves such apps to the Trash, so empty the Trash. If this keeps happening, remove login items you "
            "do not know (System Settings, General, Login Items) and stop using the place "
            f"{they} came from.")
    status = Status.FAIL if found.status is Status.FAIL else Status.PARTIAL
    return Finding(status, f"{said} {found.summary}", evidence, found.desktop)
