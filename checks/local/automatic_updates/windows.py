"""How automatic-updates looks on Windows: what stops Windows Update from installing updates by itself.

Windows 10 and 11 download and install updates by themselves unless something stops them, and on Windows Home
there is no switch for that in Settings. So this check looks for the things that do stop them, all in the
registry and readable without admin rights:

* the Group Policy key HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU: ``NoAutoUpdate`` 1 turns
  automatic updates off; ``AUOptions`` 2 only notifies, 3 downloads but waits for someone to install, 7 notifies
  before installing and restarting (Windows Server); 4 (scheduled install) and 5 (the administrator chooses, the
  default is automatic) install by themselves;
* the Windows Update service (HKLM\\SYSTEM\\CurrentControlSet\\Services\\wuauserv ``Start`` 4 means disabled),
  which "tweak" tools switch off;
* a pause set in Settings (see checks.local.common.windows_update), which is partial, with the date it ends. A
  pause value that is set but cannot be read as a date (garbled, or of a type Settings never writes) makes the
  answer "could not tell": it may be a pause, and an unreadable value must never count as Windows' default.

When none of these is set, Windows' default applies: updates install themselves. The Windows Update Agent's own
``NotificationLevel`` (COM ``Microsoft.Update.AutoUpdate``) reflects the same policy and is not asked, which keeps
this check free of PowerShell.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied
from auditor.model import Evidence, Finding, Fix, Status
from auditor.winreg_reader import RegistryValue
from checks.local.common.windows_update import PAUSE_VALUES, UX_SETTINGS, describe_date, parse_windows_time, pause_state

AU_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU"
WU_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate"
SERVICE = r"HKLM\SYSTEM\CurrentControlSet\Services\wuauserv"

AU_OPTIONS = {
    2: (Status.PARTIAL, "Windows only tells you when updates are available; it does not download or install them "
                        "by itself (a policy sets \u201cnotify for download and install\u201d)."),
    3: (Status.PARTIAL, "Windows downloads updates but waits for someone to install them (a policy sets "
                        "\u201cauto download and notify for install\u201d)."),
    7: (Status.PARTIAL, "Windows downloads updates but waits for someone to install them and restart (a policy "
                        "sets \u201cnotify for install and notify for restart\u201d)."),
}
INSTALLS_OPTIONS = {4: "auto download and schedule the install", 5: "allow the administrator to choose"}
START_TYPES = {2: "starts automatically", 3: "starts when needed (the default)", 4: "disabled"}


def unreadable_pause_values(values: dict[str, RegistryValue]) -> list[str]:
    """The pause values that are set but are not a date Homeguard can read. Settings only ever writes a date
    there, so such a value is damage or an encoding Homeguard cannot read, and it may hide a pause."""
    unreadable = []
    for name in PAUSE_VALUES:
        value = values.get(name.lower())
        if value is None:
            continue
        if not isinstance(value.data, str) or parse_windows_time(value.data) is None:
            unreadable.append(name)
    return unreadable


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    try:
        policy = host.registry_values(AU_POLICY) or {}
        service = host.registry_values(SERVICE)
        wu_policy = host.registry_values(WU_POLICY) or {}
        pause = pause_state(host)
        unreadable = unreadable_pause_values(host.registry_values(UX_SETTINGS) or {})
    except AccessDenied as exc:
        return finding(Status.UNKNOWN, "Could not tell: Windows did not let Homeguard read the Windows Update "
                       "settings.", [Evidence(exc.what, "reading was refused")])

    no_auto = policy["noautoupdate"].as_int() if "noautoupdate" in policy else None
    options = policy["auoptions"].as_int() if "auoptions" in policy else None
    shown = [f"NoAutoUpdate {no_auto}" if no_auto is not None else "",
             f"AUOptions {options}" if options is not None else ""]
    evidence.append(Evidence(AU_POLICY, ", ".join(s for s in shown if s) or "no policy set (Windows' default)"))
    start = service["start"].as_int() if service and "start" in service else None
    evidence.append(Evidence(SERVICE, f"Start {start}: {START_TYPES.get(start, 'a start type Homeguard does not know')}"
                             if start is not None else "not found"))
    if "usewuserver" in policy and policy["usewuserver"].as_int() == 1:
        server = wu_policy["wuserver"].as_text() if "wuserver" in wu_policy else "not named"
        evidence.append(Evidence(WU_POLICY, f"updates come from an organisation's update server ({server})"))
    evidence.append(Evidence(UX_SETTINGS, pause.seen))

    if no_auto == 1:
        return finding(Status.FAIL, "Automatic updates are switched off by a policy (NoAutoUpdate), so Windows does "
                       "not install updates by itself.", evidence)
    if start == 4:
        return finding(Status.FAIL, "The Windows Update service is disabled, so Windows cannot install updates by "
                       "itself.", evidence)
    if options in AU_OPTIONS:
        status, words = AU_OPTIONS[options]
        return finding(status, words, evidence)
    if options is not None and options not in INSTALLS_OPTIONS:
        return finding(Status.UNKNOWN, f"Could not tell: the update policy AUOptions is {options}, a value Homeguard "
                       "does not know.", evidence)
    if pause.until is not None:
        return finding(Status.PARTIAL, f"Updates are paused until {describe_date(pause.until)}; until then Windows "
                       "installs no updates, not even security fixes.", evidence)
    if unreadable:
        return finding(Status.UNKNOWN, "Could not tell whether updates are paused: Homeguard could not read the "
                       f"pause date Windows keeps ({', '.join(unreadable)}).", evidence)
    how = f" (a policy sets \u201c{INSTALLS_OPTIONS[options]}\u201d)" if options in INSTALLS_OPTIONS else ""
    return finding(Status.PASS, f"Windows installs updates by itself{how}.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The Windows Update policies (HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU: NoAutoUpdate, "
    "AUOptions), whether the Windows Update service is disabled (wuauserv Start), and whether updates are paused "
    "in Settings (HKLM\\SOFTWARE\\Microsoft\\WindowsUpdate\\UX\\Settings)."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Settings and go to Windows Update.",
            "If updates are paused, press \u201cResume updates\u201d.",
            "If a message says \u201cSome settings are managed by your organization\u201d and this is a home "
            "computer, a tweaking tool probably switched updates off: undo its change, or ask someone you trust to "
            "remove the Windows Update policy and set the Windows Update service back to Manual.",
            "Press \u201cCheck for updates\u201d and install what it offers.",
        ),
        settings_url="ms-settings:windowsupdate",
        more_info="https://support.microsoft.com/windows/windows-update-faq-8a903416-6f45-0718-f5c7-375e92dddeb2",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "AUOptions values and the disabled update service (documented)",
)
