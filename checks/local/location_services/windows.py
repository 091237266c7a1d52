"""How location-services looks on Windows: the location switches, and which apps used location and when.

Everything comes from the CapabilityAccessManager ConsentStore ``location`` keys (see
``checks.local.common.consent_store``): the switch for the whole computer (HKLM), "Let apps access your location"
and "Let desktop apps access your location" for this user (HKCU), and per app its own permission and the start
and end of its last use. Two policies can switch location off above them: ``DisableLocation`` = 1 under
``HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\LocationAndSensors`` (the "Turn off location" policy of
Sensors.admx; Microsoft's "Manage connections from Windows operating system components to Microsoft services" gives
this registry value for it) and ``LetAppsAccessLocation`` = 2 under ``...\\Windows\\AppPrivacy`` (Store apps only;
shown, not relied on).

The switches, the per-app layout and the times are read by the same code as the camera's and the microphone's, which
is tested on real records (a user's switch, a Store app's and a desktop program's records with both QWORD times:
tests/fixtures/windows/consent-store). The three location switches are tested as Settings wrote them when location was
switched off (a Process Monitor capture: all three Deny); no reading of the ``location`` keys with apps was found.

Only this user's apps are read (other people's records are in their own part of the registry, which a standard user
cannot open). An app that used location is listed by its program path or Store name with the date of its last use,
so the person can recognise it; a location that is on with no app ever using it is fine.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.consent_store import (
    AppUse,
    Switch,
    describe_use,
    read_apps,
    read_switch,
    store_key,
    when,
)

MACHINE = store_key("HKLM", "location")
USER = store_key("HKCU", "location")
USER_DESKTOP = f"{USER}\\NonPackaged"
SENSORS_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\LocationAndSensors"
PRIVACY_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\AppPrivacy"
NAMED_IN_SUMMARY = 5


def _policy(host: Host, key: str, name: str, evidence: list[Evidence]) -> int | None:
    try:
        values = host.registry_values(key)
    except AccessDenied:
        evidence.append(Evidence(f"{key} {name}", "could not be read (Windows refused)"))
        return None
    value = (values or {}).get(name.lower())
    if value is None:
        return None
    evidence.append(Evidence(f"{key} {name}", value.as_text()))
    return value.as_int()


def readable_switch(switch: Switch) -> bool:
    """Whether a switch's value reads as text (one garbled into NULs and replacement characters does not)."""
    return switch.value is None or ("\x00" not in switch.value and "\ufffd" not in switch.value)


def apps_that_can_use(apps: list[AppUse], desktop_denied: bool) -> list[AppUse]:
    """Apps that have used location and still may: not denied on their own, nor desktop programs when desktop
    apps as a whole are denied. Most recent first."""
    found = [a for a in apps if a.last_start is not None and not a.denied and not (a.desktop and desktop_denied)]
    return sorted(found, key=lambda a: a.last_start or 0.0, reverse=True)


def _count(apps: list[AppUse]) -> str:
    return "1 app has" if len(apps) == 1 else f"{len(apps)} apps have"


def _named(apps: list[AppUse]) -> str:
    shown = [f"{a.name} ({when(a.last_start)})" for a in apps[:NAMED_IN_SUMMARY] if a.last_start is not None]
    more = len(apps) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    if _policy(host, SENSORS_POLICY, "DisableLocation", evidence) == 1:
        return finding(Status.PASS, "Location is switched off for this computer by a policy, so no app can "
                       "use it.", evidence)
    _policy(host, PRIVACY_POLICY, "LetAppsAccessLocation", evidence)
    machine = read_switch(host, MACHINE)
    user = read_switch(host, USER)
    desktop = read_switch(host, USER_DESKTOP)
    evidence += [Evidence(f"{MACHINE} (location for the whole computer)", machine.seen),
                 Evidence(f"{USER} (let apps use your location)", user.seen),
                 Evidence(f"{USER_DESKTOP} (let desktop apps use your location)", desktop.seen)]
    if machine.denied:
        return finding(Status.PASS, "Location is off for this computer, so no app can use it.", evidence)
    if user.denied:
        return finding(Status.PASS, "Apps are not allowed to use your location.", evidence)
    # A switch Windows would not let Homeguard read, or whose value is not readable text, may be the "Deny" that
    # switches location off, or the "Allow" that lets apps use it: never taken as either, and never as "not there".
    if user.refused or not readable_switch(user):
        return finding(Status.UNKNOWN, "Could not tell which apps may use location: Windows did not let Homeguard "
                       "read this user's location settings." if user.refused else "Could not tell which apps may "
                       "use location: this user's location setting could not be read.", evidence)
    machine_unread = machine.refused or not readable_switch(machine)
    if machine.value is None and user.value is None and not machine_unread:
        return finding(Status.UNKNOWN, "Could not tell: Windows keeps no record of the location settings here "
                       "(Windows older than version 1903 does not).", evidence)
    apps = read_apps(host, USER)
    for app in apps[:40]:
        evidence.append(Evidence(f"{'Desktop app' if app.desktop else 'Store app'}: {app.name}", describe_use(app)))
    using = apps_that_can_use(apps, desktop.denied)
    if machine_unread:
        # Off for the whole computer would be a pass, whatever the apps did before: the apps are named, not judged.
        why = ("Windows did not let Homeguard read the location setting for the whole computer" if machine.refused
               else "the location setting for the whole computer could not be read")
        used = f" {_count(using)} used it: {_named(using)}." if using else ""
        return finding(Status.UNKNOWN, f"Could not tell whether location is on: {why}.{used}", evidence)
    # A refused desktop-apps key hides both its switch and the desktop apps under it; a garbled switch matters only
    # when desktop apps used location. Either way a Store app that used it still makes the answer partly done.
    if not any(not a.desktop for a in using) and (desktop.refused or (using and not readable_switch(desktop))):
        return finding(Status.UNKNOWN, "Could not tell whether desktop apps may still use location: the setting "
                       "\u201cLet desktop apps access your location\u201d could not be read.", evidence)
    if using:
        return finding(Status.PARTIAL, f"Location is on and {_count(using)} used it: {_named(using)}. Check that you "
                       "know each one, and take the permission away from any you do not.", evidence)
    if not apps:
        evidence.append(Evidence(f"{USER} (apps)", "no app recorded"))
    return finding(Status.PASS, "Location is on, but no app that may still use it has used it.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The location switches in the registry (CapabilityAccessManager\\ConsentStore\\location: for the whole "
    "computer under HKLM, and \u201cLet apps\u201d / \u201cLet desktop apps access your location\u201d under HKCU), "
    "the \u201cTurn off location\u201d policy, and for each app this user has, its permission and when it last "
    "used location (LastUsedTimeStart and LastUsedTimeStop)."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Settings, Privacy & security, Location (Windows 10: Settings, Privacy, Location).",
            "Look at \u201cRecent activity\u201d and the list of apps: turn off location for any app you do not know "
            "or do not want to know where you are.",
            "If no app needs it, turn off \u201cLocation services\u201d altogether.",
        ),
        settings_url="ms-settings:privacy-location",
        more_info="https://support.microsoft.com/windows/windows-location-service-and-privacy-3a8eee0a-5b0b-dc07-"
                  "eede-2a5ca1c49088",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Each app's location record (documented by forensic guides; no real recording of the location keys with apps "
    "found, though the same reading is tested on a real camera record), and the location switches set to Allow "
    "(the three switches are tested only as Settings wrote them when switching location off, Deny, in a Process "
    "Monitor capture)",
    "The \u201cTurn off location\u201d policy (DisableLocation, from Sensors.admx and Microsoft's documentation; no "
    "real recording found)",
)
