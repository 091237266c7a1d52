"""How camera-microphone looks on Windows: which apps used the camera and the microphone, and when.

Windows 10 (1903 and later) and 11 record, per user and per app, the start and end of each app's last use of the
camera and the microphone in the CapabilityAccessManager ConsentStore keys ``webcam`` and ``microphone`` (see
``checks.local.common.consent_store``; detection-catalogue-2 section 1). This user's part is under HKCU, readable
without admin rights; other people's are in their own part of the registry, which a standard user cannot open.

* The switches: HKLM ``Value`` is "Camera access" for the whole computer, HKCU ``Value`` is "Let apps access your
  camera", HKCU ``NonPackaged`` ``Value`` is "Let desktop apps access your camera" (the same for the microphone).
  The ``LetAppsAccessCamera`` / ``LetAppsAccessMicrophone`` policies (2 = force deny) cover Store apps only: shown,
  not relied on.
* An app whose last use has a start but no end, or a start after its end, is taken as using it right now (public
  tools read it so, since Windows clears the end when an app takes the device; not confirmed by Microsoft). A report
  on Windows 11 build 26220 (hass-agent/HASS.Agent pull request 476) says Windows there kept an earlier end while an
  app went on capturing, so "in use now" can be missed on new builds; the last use is still shown.
* Real records (tests/fixtures/windows/consent-store) show a desktop program started from a USB drive under
  ``NonPackaged`` as ``E:#...#update.exe`` with both times, named by its full path like any other; and, on Windows 11,
  values beside the times (LastSetTime, LastUserAnnotatedLabel, PersistedInDatabase) that are not read.
* An app that has since been refused (its own ``Value`` = Deny, or a desktop program when desktop apps are refused)
  is listed in the evidence but not judged: it can no longer use the device.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.consent_store import AppUse, Switch, read_apps, read_switch, store_key, when_local

from .verdict import Use, judge, program_key

DEVICES = {"camera": "webcam", "microphone": "microphone"}
POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\AppPrivacy"
POLICIES = {"camera": "LetAppsAccessCamera", "microphone": "LetAppsAccessMicrophone"}
SHOWN_PER_DEVICE = 40
FOLDER_VARIABLES = ("ProgramData", "ProgramFiles", "ProgramFiles(x86)", "SystemRoot", "LOCALAPPDATA", "APPDATA")
FOLDER_DEFAULTS = {"programdata": r"C:\ProgramData", "programfiles": r"C:\Program Files",
                   "programfiles(x86)": r"C:\Program Files (x86)", "systemroot": r"C:\Windows"}
HOW_TO_REMOVE = ("to take the permission away, open Settings, Privacy & security, Camera (or Microphone) and turn "
                 "it off for that app, or uninstall an app you do not know")


def in_use(app: AppUse) -> bool:
    if app.last_start is None:
        return False
    return app.last_stop is None or app.last_start > app.last_stop


def describe(app: AppUse) -> str:
    if app.last_start is None:
        used = "never used"
    elif in_use(app):
        used = f"in use now (since {when_local(app.last_start)})"
    else:
        used = f"last used {when_local(app.last_start)}"
        if app.last_stop is not None:
            used += f" to {when_local(app.last_stop)}"
    return used + (f"; permission: {app.value}" if app.value else "")


def _folders(host: Host) -> list[tuple[str, str]]:
    found = []
    for name in FOLDER_VARIABLES:
        value = host.env(name) or FOLDER_DEFAULTS.get(name.lower())
        if value is None and name in ("LOCALAPPDATA", "APPDATA"):
            value = host.user().home + ("\\AppData\\Local" if name == "LOCALAPPDATA" else "\\AppData\\Roaming")
        if value:
            found.append((name.lower(), value.rstrip("\\")))
    return found


def _policy(host: Host, name: str, evidence: list[Evidence]) -> None:
    try:
        values = host.registry_values(POLICY_KEY)
    except AccessDenied:
        return
    value = (values or {}).get(name.lower())
    if value is not None:
        number = value.as_int()  # a value that is not a number is shown as it is, never read as 0 ("you decide")
        meaning = {0: "you decide", 1: "always allowed", 2: "always refused"}.get(number, "") if number is not None \
            else ""
        evidence.append(Evidence(f"{POLICY_KEY} {name} (Store apps only)",
                                 value.as_text() + (f" ({meaning})" if meaning else "")))


def _device(host: Host, device: str, evidence: list[Evidence]) -> tuple[list[Use], Switch, Switch]:
    capability = DEVICES[device]
    machine, user = read_switch(host, store_key("HKLM", capability)), read_switch(host, store_key("HKCU", capability))
    desktop = read_switch(host, store_key("HKCU", capability) + "\\NonPackaged")
    evidence += [Evidence(f"{device.capitalize()} for the whole computer (HKLM ConsentStore\\{capability})",
                          machine.seen),
                 Evidence(f"Let apps use your {device} (HKCU ConsentStore\\{capability})", user.seen),
                 Evidence(f"Let desktop apps use your {device} (HKCU ConsentStore\\{capability}\\NonPackaged)",
                          desktop.seen)]
    _policy(host, POLICIES[device], evidence)
    apps = sorted(read_apps(host, store_key("HKCU", capability)),
                  key=lambda a: (not in_use(a), -(a.last_start or 0.0)))
    for app in apps[:SHOWN_PER_DEVICE]:
        kind = "desktop app" if app.desktop else "Store app"
        evidence.append(Evidence(f"{device.capitalize()}, {kind}: {app.name}", describe(app)))
    if len(apps) > SHOWN_PER_DEVICE:
        evidence.append(Evidence(f"{device.capitalize()}: more apps", f"{len(apps) - SHOWN_PER_DEVICE} not shown"))
    uses = [Use(device, app.name, program_key(app.name) if app.desktop else app.name.lower(), app.last_start,
                in_use(app), app.name if app.desktop else "")
            for app in apps
            if app.last_start is not None and not app.denied and not (app.desktop and desktop.denied)]
    return uses, machine, user


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    uses: list[Use] = []
    switches: list[Switch] = []
    for device in DEVICES:
        found, machine, user = _device(host, device, evidence)
        uses += found
        switches += [machine, user]
    if any(s.refused for s in switches[1::2]):
        return finding(Status.UNKNOWN, "Could not tell which apps used the camera or the microphone: Windows did not "
                       "let Homeguard read this user's privacy settings.", evidence)
    if not uses and any(s.refused for s in switches):  # "no use seen" would rest on a switch nobody could read
        return finding(Status.UNKNOWN, "Could not tell which apps used the camera or the microphone: Windows did not "
                       "let Homeguard read the camera and microphone settings for the whole computer.", evidence)
    if not uses and all(s.value is None and not s.refused for s in switches):
        return finding(Status.UNKNOWN, "Could not tell: Windows keeps no record of which apps used the camera or "
                       "the microphone here (Windows older than version 1903 does not).", evidence)
    return judge(uses, evidence, host=host, platform="windows", how_to_remove=HOW_TO_REMOVE,
                 expand=_folders(host))


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Windows' own record of which apps used the camera and the microphone, and when (CapabilityAccessManager\\"
    "ConsentStore\\webcam and \\microphone under HKCU: each app's permission and the start and end of its last use, "
    "shown in this computer's time), the switches for the whole computer (HKLM) and for this user, and the "
    "LetAppsAccessCamera / LetAppsAccessMicrophone policies. Apps used in the last 30 days are judged; an app the "
    "monitoring-software list knows as spying software fails the check."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Settings, Privacy & security, Camera (Windows 10: Settings, Privacy, Camera). \u201cRecent "
            "activity\u201d shows which apps used it and when.",
            "Turn the camera off for any app you do not know or do not want to see you. Desktop apps are listed "
            "under \u201cLet desktop apps access your camera\u201d: uninstall one you do not know.",
            "Do the same in Settings, Privacy & security, Microphone (ms-settings:privacy-microphone).",
            "If an app you do not know keeps coming back, run the monitoring-software check and talk to someone you "
            "trust before removing anything.",
        ),
        settings_url="ms-settings:privacy-webcam",
        more_info="https://support.microsoft.com/windows/manage-app-permissions-for-your-camera-in-windows-"
                  "87ebc757-1f87-7bbf-84b5-0686afb6ca6b",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "The camera's switches, the desktop apps' switch (HKCU NonPackaged) and this user's switch set to Deny "
    "(documented by forensic guides and public .reg files; no real recording found). Seen for real: this user's "
    "microphone switch (Allow, reg query) and the whole computer's (Deny, as Settings wrote it in a Process Monitor "
    "capture)",
    "A desktop app's microphone record with its end time (a real one was printed with its start only; the camera's, "
    "and a Store app's microphone record, are tested on real records)",
    "An app using the camera right now read from a start with no end, or a start after its end (public tools read "
    "it so; not confirmed by Microsoft, and reported not to hold on Windows 11 build 26220)",
)
