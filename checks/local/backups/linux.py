"""How backups look on Linux: Déjà Dup (GNOME's "Backups" app) and Timeshift.

* Déjà Dup keeps its settings in GSettings, schema ``org.gnome.DejaDup``: ``last-backup`` is the time of the last
  backup that finished (ISO 8601, '' when none has), ``periodic`` whether it runs by itself. (Debian deja-dup 44
  gschema.) The Flatpak app keeps the same keys in its own settings file,
  ~/.var/app/org.gnome.DejaDup/config/glib-2.0/settings/keyfile, under ``[org/gnome/deja-dup]``. The native app
  is installed when its schema file is (org.gnome.DejaDup.gschema.xml in a glib-2.0/schemas folder); only then is
  gsettings asked, and a gsettings that is missing or fails is "could not read", never "no backup". An unset key
  reads as its default (''), which is the truth too: no backup has finished. Run as root (sudo), gsettings reads
  root's own settings, so they are "could not read" then, never "no backup".
* Timeshift writes /etc/timeshift/timeshift.json (older versions /etc/timeshift.json) with string booleans:
  ``backup_device_uuid`` (where snapshots go), ``schedule_monthly/weekly/daily/hourly/boot``, ``btrfs_mode``,
  ``include_btrfs_home_for_backup``, and ``exclude`` filters in which ``+ /home/<user>/**`` brings a home folder
  in. As installed it leaves home folders out: it saves the system, not photos. (Debian timeshift 22.11
  default.json.) Its snapshots, named by date (2024-01-05_10-00-01), are under /timeshift/snapshots on the backup
  disk; where that cannot be seen, when it last ran is "could not tell". The names are the computer's clock time,
  not UTC, and are read in the system's time zone (local_time.py).
"""

from __future__ import annotations

import datetime as dt

from auditor.check import CheckContext
from auditor.host import AccessDenied, Host
from auditor.json_text import load_json
from auditor.model import Evidence, Finding, Fix
from checks.local.common.conf import parse_ini
from checks.local.common.desktop import AS_ROOT, find_desktop, reads_roots_own_settings

from .local_time import LocalZone, system_zone, zone_evidence
from .recent import Backup, verdict, when

DEJA_DUP = "org.gnome.DejaDup"
FLATPAK_KEYFILE = "~/.var/app/org.gnome.DejaDup/config/glib-2.0/settings/keyfile"
TIMESHIFT_CONFIGS = ("/etc/timeshift/timeshift.json", "/etc/timeshift.json")
TIMESHIFT_SNAPSHOTS = ("/timeshift/snapshots", "/run/timeshift/backup/timeshift/snapshots",
                       "/run/timeshift/backup/timeshift-btrfs/snapshots")
SCHEDULES = ("schedule_monthly", "schedule_weekly", "schedule_daily", "schedule_hourly", "schedule_boot")


def parse_time(text: str) -> float | None:
    """An ISO 8601 time as Déjà Dup writes it (with or without separators, Z for UTC), or None."""
    value = text.strip().strip("'\"")
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()


def snapshot_clock(name: str) -> dt.datetime | None:
    """A Timeshift snapshot folder's name (2024-01-05_10-00-01) as the clock time it shows, or None."""
    try:
        return dt.datetime.strptime(name, "%Y-%m-%d_%H-%M-%S")
    except ValueError:
        return None


def snapshot_time(name: str, zone: LocalZone) -> float | None:
    """A Timeshift snapshot folder's name as a moment, its clock time read in the computer's zone; or None."""
    clock = snapshot_clock(name)
    return None if clock is None else zone.timestamp(clock)


def schema_installed(host: Host) -> bool:
    """Whether Déjà Dup's settings schema is installed where GLib looks for schemas (GSETTINGS_SCHEMA_DIR, then
    glib-2.0/schemas under each of XDG_DATA_DIRS). Without it there is no installed Déjà Dup to ask about, and
    gsettings is not run at all."""
    folders = [host.env("GSETTINGS_SCHEMA_DIR") or ""]
    data_dirs = host.env("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    folders += [d.rstrip("/") + "/glib-2.0/schemas" for d in data_dirs.split(":") if d]
    return any(host.exists(f"{folder}/{DEJA_DUP}.gschema.xml") for folder in folders if folder)


def deja_dup(host: Host, evidence: list[Evidence], unread: list[str]) -> Backup | None:
    values = None
    if schema_installed(host):
        values = _deja_dup_gsettings(host, evidence, unread)
    else:
        evidence.append(Evidence("Déjà Dup", "not installed (no org.gnome.DejaDup settings schema)"))
    if values is None:
        values = _deja_dup_flatpak(host, evidence, unread)
    if values is None:
        return None
    last_text, periodic = values
    last = parse_time(last_text)
    if last is None and last_text.strip("'\" "):
        unread.append("Déjà Dup's last backup time")
        evidence.append(Evidence("Déjà Dup", f"last-backup {last_text!r} is not a time Homeguard can read"))
        return None
    if last is None and not periodic:
        return None  # installed, never used
    return Backup("Déjà Dup", last, never_ran=last is None)


def _deja_dup_gsettings(host: Host, evidence: list[Evidence], unread: list[str]) -> tuple[str, bool] | None:
    found: dict[str, str] = {}
    for key in ("last-backup", "periodic"):
        result = host.run(["gsettings", "get", DEJA_DUP, key], timeout=3)
        if result.ran and "No such schema" in f"{result.stderr}{result.stdout}":
            evidence.append(Evidence(f"gsettings get {DEJA_DUP}", "no such schema: Déjà Dup is not installed"))
            return None
        if not result.ok:
            evidence.append(Evidence(f"gsettings get {DEJA_DUP} {key}", result.problem()))
            unread.append("Déjà Dup's settings")
            return None
        found[key] = result.stdout.strip()
    if reads_roots_own_settings(host):  # Déjà Dup is installed, but these are root's own settings
        evidence.append(Evidence(f"gsettings get {DEJA_DUP}", AS_ROOT))
        unread.append("Déjà Dup's settings (run Homeguard without sudo to see them)")
        return None
    periodic = found["periodic"] == "true"
    evidence.append(Evidence(f"gsettings get {DEJA_DUP}", f"last-backup {found['last-backup']}, periodic "
                             f"{found['periodic']}"))
    return found["last-backup"], periodic


def _deja_dup_flatpak(host: Host, evidence: list[Evidence], unread: list[str]) -> tuple[str, bool] | None:
    try:
        text = host.read_text(FLATPAK_KEYFILE)
    except AccessDenied as exc:
        evidence.append(Evidence(FLATPAK_KEYFILE, str(exc)))
        unread.append("the Déjà Dup app's settings")
        return None
    if text is None:
        return None
    group = parse_ini(text).get("org/gnome/deja-dup", {})
    last, periodic = group.get("last-backup", "''"), group.get("periodic", "false")
    evidence.append(Evidence(FLATPAK_KEYFILE, f"last-backup {last}, periodic {periodic}"))
    return last, periodic.strip() == "true"


def timeshift(host: Host, evidence: list[Evidence], unread: list[str]) -> Backup | None:
    for path in TIMESHIFT_CONFIGS:
        try:
            text = host.read_text(path)
        except AccessDenied as exc:
            evidence.append(Evidence(path, str(exc)))
            unread.append("Timeshift's settings")
            return None
        if text is not None:
            break
    else:
        evidence.append(Evidence("Timeshift", "not set up (no /etc/timeshift/timeshift.json)"))
        return None
    try:
        config = load_json(text)
    except ValueError:
        config = None
    if not isinstance(config, dict):
        evidence.append(Evidence(path, "not settings Homeguard can read"))
        unread.append("Timeshift's settings")
        return None
    device = str(config.get("backup_device_uuid", "")).strip()
    schedules = [name.removeprefix("schedule_") for name in SCHEDULES if str(config.get(name)).lower() == "true"]
    btrfs = str(config.get("btrfs_mode")).lower() == "true"
    if btrfs:
        home = str(config.get("include_btrfs_home_for_backup")).lower() == "true"
    else:
        rules = config.get("exclude")
        home = isinstance(rules, list) and any(str(rule).strip().startswith("+ /home/") for rule in rules)
    evidence.append(Evidence(path, f"backup disk {device or 'not chosen'}; schedule: "
                             f"{', '.join(schedules) or 'none'}; mode {'btrfs' if btrfs else 'rsync'}; home folders "
                             f"{'included' if home else 'left out'}"))
    last, why = _latest_snapshot(host, evidence)
    if not device or (not schedules and last is None):
        return None
    return Backup("Timeshift", last, why_no_date=why, files_covered=home)


def _latest_snapshot(host: Host, evidence: list[Evidence]) -> tuple[float | None, str]:
    names: list[str] = []
    for folder in TIMESHIFT_SNAPSHOTS:
        try:
            names += host.list_dir(folder) if host.is_dir(folder) else []
        except AccessDenied:
            continue
    dated = [(name, clock) for name in names if (clock := snapshot_clock(name)) is not None]
    if dated:
        zone = system_zone(host)
        newest_name, newest = max(((name, zone.timestamp(clock)) for name, clock in dated), key=lambda p: p[1])
        how = f"the computer's time, {zone.offset_words(newest)}" if zone.known else "read as UTC"
        evidence.append(Evidence("Timeshift snapshots", f"{len(dated)}, the newest {newest_name} ({how}), that is "
                                 f"{when(newest)}"))
        found = zone_evidence(zone)
        if found is not None:
            evidence.append(found)
        return newest, ""
    evidence.append(Evidence("Timeshift snapshots", "none visible without administrator rights"))
    return None, "the dates of its snapshots are on the backup disk, where only an administrator can look"


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    unread: list[str] = []
    desktop = find_desktop(host).id
    backups = [b for b in (deja_dup(host, evidence, unread), timeshift(host, evidence, unread)) if b is not None]
    return verdict(backups, unread, evidence, host.now(), none_found="No backup was found on this computer: neither "
                   "Déjà Dup nor Timeshift is set up. Set up a backup to an external disk or an online account, so "
                   "that losing or wiping this computer does not mean losing your photos and files.", desktop=desktop)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Déjà Dup's settings (`gsettings get org.gnome.DejaDup last-backup` and `periodic`, or the Flatpak app's "
    "settings file) and Timeshift's (/etc/timeshift/timeshift.json: schedule, backup disk, whether home folders are "
    "included, and the dates of its snapshots where they can be seen, read in the computer's time zone from "
    "/etc/localtime). A backup counts as recent within 14 days. "
    "Other tools (Borg, restic, rsync scripts, Pika Backup) are not recognised yet."
)

ADMIN_NOTE = (
    "Timeshift's snapshots, and so when it last ran, are usually visible only to an administrator; without that "
    "Homeguard can say that Timeshift is set up, not how recent its last snapshot is."
)

_STEPS = (
    "Install Déjà Dup (called Backups in GNOME) from your software centre, choose a folder on an external disk or "
    "an online account, and switch on automatic backups.",
    "If you use Timeshift, remember that as installed it saves the system, not your photos and documents: add your "
    "home folder in its Users settings, or use Déjà Dup as well.",
    "Keep the backup disk somewhere other than the computer's bag, and plug it in at least once a week.",
)

FIXES = {
    "linux": Fix(steps=_STEPS, more_info="https://help.gnome.org/users/deja-dup/stable/"),
    "linux:gnome": Fix(steps=_STEPS, settings_command=("deja-dup",),
                       more_info="https://help.gnome.org/users/deja-dup/stable/"),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Déjà Dup's last-backup key as Déjà Dup itself fills it (its other times were seen, in the same three forms), "
    "and the Flatpak app's own settings file (its keyfile form seen in real dconf dumps)",
)
