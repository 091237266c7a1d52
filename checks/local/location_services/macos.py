"""How location-services looks on macOS: locationd's own settings, which only the system may read.

macOS keeps the Location Services switch as ``LocationServicesEnabled`` in
``/var/db/locationd/Library/Preferences/ByHost/com.apple.locationd.<hardware UUID>.plist`` and the apps that asked
for location, each with ``Authorized``, in ``/var/db/locationd/clients.plist``. Both belong to the system's
``_locationd`` account: Apple's own security baseline (usnistgov/macos_security,
``system_settings_location_services_enable.yaml``) reads the switch as that account with sudo, and automation that
reads it as a standard user has to use sudo too ("SIP protects the locationd pref file"). No copy readable by a
standard user was found. So without administrator rights this check honestly says "could not tell" and where to
look; run as an administrator it reads both files.

clients.plist also holds parts of the system itself (for instance the time zone and weather services, listed by
their path in /System and without a bundle id, as a real iOS 7 copy of the same locationd file shows); those are
named as the system's own services, not as apps the person has to recognise.

The ByHost folder may hold more than one com.apple.locationd file: each is named for a hardware UUID, so a system
moved from another Mac (or a Mac whose logic board was replaced) can keep the old one beside its own, and locationd
also keeps a ``notbackedup`` file. Every one is read (a few at most); those holding the switch must agree, or the
answer is "could not tell", never the first file's word.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos import read_plist

LOCATIOND = "/var/db/locationd"
BYHOST = f"{LOCATIOND}/Library/Preferences/ByHost"
CLIENTS = f"{LOCATIOND}/clients.plist"
NAMED_IN_SUMMARY = 5
MOST_SETTINGS_FILES = 4  # one per hardware UUID this system has had, plus locationd's "notbackedup" file
_CANNOT_READ = ("macOS lets only the system read Location Services' settings (in /var/db/locationd). Look in "
                "System Settings, Privacy & Security, Location Services")


def _is_system_service(entry: dict[object, object]) -> bool:
    """A part of the system itself (time zone, Siri, weather data...), not an app: locationd lists these by their
    bundle or program inside /System, which System Integrity Protection keeps other software out of, and without
    a bundle id. Apple's own apps (Maps, Weather) carry a bundle id and stay apps the person can switch off."""
    where = entry.get("BundlePath") or entry.get("Executable") or ""
    return not entry.get("BundleId") and isinstance(where, str) and where.startswith("/System/")


def _authorized(clients: dict[str, object], system: bool) -> list[str]:
    names = []
    for key, entry in clients.items():
        if isinstance(entry, dict) and entry.get("Authorized") is True and _is_system_service(entry) == system:
            name = entry.get("BundleId") or entry.get("BundlePath") or entry.get("Executable") or key
            names.append(str(name))
    return sorted(set(names), key=str.lower)


def authorized_apps(clients: dict[str, object]) -> list[str]:
    """The apps clients.plist marks as allowed to use location, by bundle id where it gives one."""
    return _authorized(clients, system=False)


def authorized_system_services(clients: dict[str, object]) -> list[str]:
    """The system's own services clients.plist marks as allowed, by their path in /System."""
    return _authorized(clients, system=True)


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    try:
        names = host.list_dir(BYHOST)
    except AccessDenied:
        return finding(Status.UNKNOWN, f"Could not tell: {_CANNOT_READ}.",
                       [Evidence(BYHOST, "not readable without administrator rights")])
    files = sorted(n for n in names if n.startswith("com.apple.locationd.") and n.endswith(".plist"))
    if not files:
        return finding(Status.UNKNOWN, f"Could not tell: {_CANNOT_READ}.",
                       [Evidence(BYHOST, "no com.apple.locationd settings file found")])
    evidence: list[Evidence] = []
    switches: list[bool] = []
    for name in files[:MOST_SETTINGS_FILES]:
        path = f"{BYHOST}/{name}"
        try:
            plist = read_plist(host, path)
        except AccessDenied:
            return finding(Status.UNKNOWN, f"Could not tell: {_CANNOT_READ}.",
                           [Evidence(path, "not readable without administrator rights")])
        value = (plist.data or {}).get("LocationServicesEnabled")
        if plist.data is None:
            seen = plist.problem or "could not be read"
        else:
            seen = "not set" if value is None else str(value)
        evidence.append(Evidence(f"{path} LocationServicesEnabled", seen))
        if isinstance(value, bool | int):
            switches.append(bool(value))
    if len(files) > MOST_SETTINGS_FILES:
        evidence.append(Evidence(BYHOST, f"{len(files) - MOST_SETTINGS_FILES} more com.apple.locationd files not "
                                 "read"))
    if not switches:
        return finding(Status.UNKNOWN, "Could not tell whether Location Services is on: its setting is missing "
                       "or not in the form Homeguard knows.", evidence)
    if len(set(switches)) > 1:  # a file named for another Mac (moved here, or an older logic board) disagrees
        return finding(Status.UNKNOWN, "Could not tell whether Location Services is on: its settings files "
                       "disagree (one may come from another Mac). Look in System Settings, Privacy & Security, "
                       "Location Services.", evidence)
    enabled = switches[0]
    if not enabled:
        return finding(Status.PASS, "Location Services is off, so no app can use this Mac's location.", evidence)
    try:
        clients = read_plist(host, CLIENTS)
    except AccessDenied:
        evidence.append(Evidence(CLIENTS, "not readable"))
        return finding(Status.UNKNOWN, "Location Services is on; Homeguard could not read which apps may use it. "
                       "Look in System Settings, Privacy & Security, Location Services.", evidence)
    if clients.data is None:
        evidence.append(Evidence(CLIENTS, clients.problem or "not found"))
        return finding(Status.UNKNOWN, "Location Services is on; Homeguard could not read which apps may use it.",
                       evidence)
    apps = authorized_apps(clients.data)
    services = authorized_system_services(clients.data)
    evidence.append(Evidence(f"{CLIENTS} (apps allowed)", ", ".join(apps) or "none"))
    if services:
        evidence.append(Evidence(f"{CLIENTS} (macOS's own services allowed)", ", ".join(services)))
    if not apps:
        return finding(Status.PASS, "Location Services is on, but no app is allowed to use it"
                       + (" (only parts of macOS itself, such as setting the time zone)." if services else "."),
                       evidence)
    shown = ", ".join(apps[:NAMED_IN_SUMMARY]) + (f" and {len(apps) - NAMED_IN_SUMMARY} more"
                                                  if len(apps) > NAMED_IN_SUMMARY else "")
    return finding(Status.PARTIAL, f"Location Services is on and {len(apps)} app{'s are' if len(apps) > 1 else ' is'}"
                   f" allowed to use it: {shown}. Check that you know each one.", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Location Services' own settings: the switch (`LocationServicesEnabled` in /var/db/locationd/Library/"
    "Preferences/ByHost/com.apple.locationd.*.plist) and the apps allowed to use it (/var/db/locationd/"
    "clients.plist). macOS lets only the system read them, so without administrator rights the answer is "
    "\u201cCould not tell\u201d."
)

ADMIN_NOTE = (
    "macOS lets only the system read Location Services' settings. Run as an administrator (sudo), Homeguard can "
    "read whether Location Services is on and which apps are allowed to use it; without, it says where to look."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open System Settings, Privacy & Security, Location Services (macOS 12 and older: System Preferences, "
            "Security & Privacy, Privacy, Location Services).",
            "Turn off location for any app you do not know or do not want to know where you are. An arrow next to "
            "an app means it used your location recently.",
            "If no app needs it, turn off Location Services altogether.",
        ),
        settings_url="x-apple.systempreferences:com.apple.settings.PrivacySecurity.extension?Privacy_LocationServices",
        more_info="https://support.apple.com/guide/mac-help/mh35873/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "LocationServicesEnabled read as an administrator (documented by Apple's security baseline)",
    "Several com.apple.locationd files in the ByHost folder (each read; files that disagree give could not tell)",
    "The apps allowed in clients.plist on a Mac (Authorized, BundleId and BundlePath per entry: a real iOS 7 "
    "clients.plist of the same locationd format is recorded, not a Mac's)",
)
