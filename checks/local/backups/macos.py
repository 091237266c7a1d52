"""How backups look on macOS: Time Machine.

* ``tmutil destinationinfo`` lists the backup disks set up, as blocks of "Name : ...", "Kind : Local/Network",
  "ID : ..." lines under a row of "=" signs, or says "tmutil: No destinations configured." It is readable without
  administrator rights (real outputs in SOURCES.toml).
* ``tmutil latestbackup`` prints the newest backup's path, whose last part carries its time
  (.../2012-06-19-023144 on HFS+ disks, .../2026-08-01-005134.backup on APFS ones), a clock time on the Mac,
  read in the Mac's own zone from /etc/localtime (local_time.py; UTC, said in the evidence, when it cannot be read).
  Recent macOS answers "tmutil: latestbackup requires Full Disk Access privileges." to a program without Full Disk
  Access, and "Failed to mount backup destination" when the disk is not connected.
* Time Machine's own record, /Library/Preferences/com.apple.TimeMachine.plist, lists each destination's
  ``SnapshotDates`` (the times of finished backups, in UTC; a real OS X 10.9 record is in the fixtures); Pareto
  Security reads it and notes that it may need Full Disk Access. Homeguard reads it when ``latestbackup`` gives no
  date, and when ``destinationinfo`` itself asks for Full Disk Access ("tmutil: destinationinfo requires Full Disk
  Access privileges.", the wording other Time Machine tools handle), so that a refusal is never read as "no backup".
When both refuse, the answer is "could not tell", saying that Full Disk Access is what is missing.
"""

from __future__ import annotations

import datetime as dt
import re

from auditor.check import CheckContext
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix
from auditor.plural import plural
from checks.local.common.macos import read_plist

from .local_time import LocalZone, system_zone, zone_evidence
from .recent import Backup, verdict, when

TM_PLIST = "/Library/Preferences/com.apple.TimeMachine.plist"
_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})")
_NEEDS_FDA = "full disk access"


def parse_destinations(text: str) -> list[dict[str, str]]:
    """Each destination block of ``tmutil destinationinfo`` as {field: value}."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip().startswith("===="):
            if current:
                blocks.append(current)
            current = {}
            continue
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.strip().startswith("tmutil"):
            current[key.strip()] = value.strip()
    if current:
        blocks.append(current)
    return [b for b in blocks if "ID" in b or "Name" in b]


def backup_time(path: str, zone: LocalZone) -> float | None:
    """The time in a backup's path (its last dated part: the Mac's clock time when it was made), or None."""
    found = _STAMP.findall(path)
    if not found:
        return None
    year, month, day, hour, minute, second = (int(part) for part in found[-1])
    try:
        return zone.timestamp(dt.datetime(year, month, day, hour, minute, second))
    except ValueError:
        return None


def plist_last_backup(data: dict[str, object]) -> float | None:
    """The newest of every destination's SnapshotDates in Time Machine's own record."""
    newest: float | None = None
    destinations = data.get("Destinations")
    for destination in destinations if isinstance(destinations, list) else []:
        dates = destination.get("SnapshotDates") if isinstance(destination, dict) else None
        for date in dates if isinstance(dates, list) else []:
            if isinstance(date, dt.datetime):
                stamp = (date if date.tzinfo else date.replace(tzinfo=dt.UTC)).timestamp()
                newest = stamp if newest is None else max(newest, stamp)
    return newest


def _from_record_only(host: Host, evidence: list[Evidence], unread: list[str]) -> Backup | None:
    """When tmutil will not list the backup disks (it asks for Full Disk Access): Time Machine's own record, if
    readable, says whether a disk is set up and when it last backed up; otherwise the answer is "could not tell"."""
    try:
        record = read_plist(host, TM_PLIST)
    except AccessDenied as exc:
        evidence.append(Evidence(TM_PLIST, str(exc)))
        record = None
    data = record.data if record is not None else None
    destinations = data.get("Destinations") if data is not None else None
    if data is not None and isinstance(destinations, list) and destinations:
        last = plist_last_backup(data)
        evidence.append(Evidence(TM_PLIST, f"{plural(len(destinations), 'backup disk')} set up; "
                                 + (f"last backup {when(last)}" if last is not None else "no backup times recorded")))
        return Backup("Time Machine", last, never_ran=last is None)
    if record is not None:
        evidence.append(Evidence(TM_PLIST, record.problem or ("no backup disk listed" if data is not None
                                                               else "not found")))
    unread.append("Time Machine's settings (macOS shows them only to apps with Full Disk Access: System Settings, "
                  "Privacy & Security, Full Disk Access)")
    return None


def time_machine(host: Host, evidence: list[Evidence], unread: list[str]) -> Backup | None:
    result = host.run(["tmutil", "destinationinfo"], timeout=5)
    said = f"{result.stdout}\n{result.stderr}"
    if result.ran and "no destinations configured" in said.lower():
        evidence.append(Evidence("tmutil destinationinfo", "No destinations configured"))
        return None
    if result.ran and _NEEDS_FDA in said.lower() and not parse_destinations(result.stdout):
        evidence.append(Evidence("tmutil destinationinfo", said.strip()[:300]))
        return _from_record_only(host, evidence, unread)
    destinations = parse_destinations(result.stdout) if result.ok else []
    if not destinations:
        evidence.append(Evidence("tmutil destinationinfo", result.problem() or "an answer Homeguard does not "
                                 "understand"))
        unread.append("Time Machine's settings")
        return None
    evidence.append(Evidence("tmutil destinationinfo", "; ".join(
        f"{d.get('Name', '?')} ({d.get('Kind', '?')})" for d in destinations)))
    latest = host.run(["tmutil", "latestbackup"], timeout=8)
    zone = system_zone(host) if latest.ok and _STAMP.search(latest.stdout) else LocalZone(dt.UTC, True)
    last = backup_time(latest.stdout, zone) if latest.ok else None
    if last is not None:
        evidence.append(Evidence("tmutil latestbackup", f"{latest.stdout.strip()} ({when(last)})"))
        unsure = zone_evidence(zone)
        if unsure is not None:
            evidence.append(unsure)
        return Backup("Time Machine", last)
    needs_fda = _NEEDS_FDA in f"{latest.stdout}\n{latest.stderr}".lower()
    evidence.append(Evidence("tmutil latestbackup", (latest.stderr.strip() or latest.stdout.strip())[:300]
                             or latest.problem() or "no backup"))
    try:
        record = read_plist(host, TM_PLIST)
    except AccessDenied as exc:
        evidence.append(Evidence(TM_PLIST, str(exc)))
        needs_fda = True
    else:
        last = plist_last_backup(record.data) if record.data is not None else None
        evidence.append(Evidence(TM_PLIST, f"last backup {when(last)}" if last is not None
                                 else record.problem or "no backup times recorded"))
        if last is not None:
            return Backup("Time Machine", last)
        if record.data is not None:
            return Backup("Time Machine", None, never_ran=True)
    not_mounted = "mount" in f"{latest.stdout}\n{latest.stderr}".lower()  # "Failed to mount (backup) destination"
    why = ("macOS shows when it last ran only to apps with Full Disk Access (System Settings, Privacy & Security, "
           "Full Disk Access)" if needs_fda else "its backup disk is not connected and its record could not be read"
           if not_mounted else "tmutil did not say when it last backed up and its record could not be read")
    return Backup("Time Machine", None, why_no_date=why)


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    unread: list[str] = []
    found = time_machine(host, evidence, unread)
    return verdict([found] if found else [], unread, evidence, host.now(), none_found="Time Machine is not set up, "
                   "so nothing on this Mac is backed up. Set it up with an external disk, so that losing or wiping "
                   "this Mac does not mean losing your photos and files.")


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Time Machine: the backup disks set up (`tmutil destinationinfo`) and when it last backed up (`tmutil "
    "latestbackup`, or Time Machine's record in /Library/Preferences/com.apple.TimeMachine.plist). A backup counts "
    "as recent within 14 days. Copies kept only in iCloud Drive are not counted."
)

ADMIN_NOTE = (
    "On recent macOS, when Time Machine last ran is shown only to apps with Full Disk Access. Without it, Homeguard "
    "can tell that Time Machine is set up but not how recent the last backup is; give the app you run Homeguard "
    "from Full Disk Access in System Settings, Privacy & Security, for the full answer."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Connect an external disk, open System Settings, click General, then Time Machine, and click Add Backup "
            "Disk. Choose to encrypt the backup.",
            "Leave Time Machine on: it backs up every hour while the disk is connected. Plug the disk in at least "
            "once a week.",
            "If the last backup is old, connect the disk and choose Back Up Now from the Time Machine menu.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Time-Machine-Settings.extension",
        more_info="https://support.apple.com/104984",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "tmutil destinationinfo asking for Full Disk Access (its wording is the one other tools' tests use and matches "
    "latestbackup's real refusal; not recorded here): then Time Machine's record alone decides, else could not tell",
    "Time Machine's record with a backup disk but no finished backup (no SnapshotDates); a real record with "
    "SnapshotDates is recorded",
    "The time in tmutil latestbackup's path read as the Mac's clock time, in its zone from /etc/localtime (real "
    "paths were seen; that macOS writes them in local time, not UTC, is not confirmed by a source)",
)
