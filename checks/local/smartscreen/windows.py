"""How smartscreen looks on Windows: SmartScreen's settings in the registry, readable without admin rights.

* Windows' own SmartScreen (the warning before an unknown app or download opens): the Group Policy value
  ``EnableSmartScreen`` under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\System wins when it is set (0 off,
  1 on); otherwise ``SmartScreenEnabled`` under HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer
  says "Off", or one of the ways it warns ("Warn", "Prompt", "RequireAdmin", "Block"). When neither is set,
  Microsoft's policy documentation says SmartScreen is on by default; the evidence says the default was assumed.
* Microsoft Edge's SmartScreen (the warning before a scam website): the Edge policy ``SmartScreenEnabled`` under
  HKLM or HKCU\\SOFTWARE\\Policies\\Microsoft\\Edge (0 switches it off; the machine-wide policy wins). With no
  policy, the person's own switch ("SmartScreen for Microsoft Edge" in Windows Security), read the way the
  browser-protection check reads it (``checks.local.browser_protection.windows.edge_choice``, which says where it
  lives and why that is unverified), so both checks agree.

Windows' SmartScreen off is a fail. On, but Edge's SmartScreen switched off by policy or by the person, is partial.
A value this check does not know, or a key Windows will not let it read, is "could not tell".
"""

from __future__ import annotations

from auditor.check import CheckContext, CouldNotTell, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from auditor.winreg_reader import RegistryValue

SYSTEM_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\System"
EXPLORER = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Explorer"
EDGE_POLICIES = (r"HKLM\SOFTWARE\Policies\Microsoft\Edge", r"HKCU\SOFTWARE\Policies\Microsoft\Edge")

ON_WORDS = {"warn": "warns", "prompt": "warns", "requireadmin": "asks for an administrator", "block": "blocks",
            "on": "warns"}


def _values(host: Host, key: str) -> dict[str, RegistryValue]:
    try:
        return host.registry_values(key) or {}
    except AccessDenied as exc:
        raise CouldNotTell("Windows did not let Homeguard read the SmartScreen settings",
                           [Evidence(key, "reading was refused")]) from exc


def windows_smartscreen(policy: dict[str, RegistryValue], explorer: dict[str, RegistryValue]) -> tuple[str, str]:
    """("on" | "off" | "unknown", what was seen) for Windows' own SmartScreen."""
    if "enablesmartscreen" in policy:
        value = policy["enablesmartscreen"].as_int()
        level = policy.get("shellsmartscreenlevel")
        level_words = f", level {level.as_text()}" if level is not None else ""
        if value == 0:
            return "off", "switched off by policy (EnableSmartScreen 0)"
        if value == 1:
            return "on", f"switched on by policy (EnableSmartScreen 1{level_words})"
        return "unknown", f"EnableSmartScreen is {policy['enablesmartscreen'].data!r}, a value Homeguard does not know"
    if "smartscreenenabled" in explorer:
        raw = explorer["smartscreenenabled"]
        word = raw.as_text().strip().lower()
        if word == "off":
            return "off", "SmartScreenEnabled is Off"
        if word in ON_WORDS:
            return "on", f"SmartScreenEnabled is {raw.as_text()} (SmartScreen {ON_WORDS[word]} before unknown apps run)"
        return "unknown", f"SmartScreenEnabled is {raw.as_text()!r}, a value Homeguard does not know"
    return "on", "not set, so Windows' default applies (SmartScreen on)"


def edge_smartscreen(machine: dict[str, RegistryValue], user: dict[str, RegistryValue]) -> tuple[str, str]:
    """("on" | "off" | "default" | "unknown", what was seen) for Edge's SmartScreen policy."""
    for scope, values in (("computer", machine), ("user", user)):
        if "smartscreenenabled" in values:
            value = values["smartscreenenabled"].as_int()
            if value == 0:
                return "off", f"switched off by a {scope} policy (SmartScreenEnabled 0)"
            if value == 1:
                return "on", f"switched on by a {scope} policy (SmartScreenEnabled 1)"
            return "unknown", f"SmartScreenEnabled is {values['smartscreenenabled'].data!r} in the {scope} policy"
    return "default", "no policy set (Edge's own setting applies; it is on unless someone turned it off in Edge)"


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    try:
        policy = _values(host, SYSTEM_POLICY)
        explorer = _values(host, EXPLORER)
        edge_machine = _values(host, EDGE_POLICIES[0])
        edge_user = _values(host, EDGE_POLICIES[1])
    except CouldNotTell as exc:
        return exc.finding()

    windows, windows_seen = windows_smartscreen(policy, explorer)
    edge, edge_seen = edge_smartscreen(edge_machine, edge_user)
    evidence = [
        Evidence(f"{SYSTEM_POLICY} and {EXPLORER}", windows_seen),
        Evidence(" and ".join(EDGE_POLICIES), edge_seen),
    ]
    if edge == "default":  # no policy: the person's own switch decides
        from checks.local.browser_protection.windows import edge_choice

        choice = edge_choice(host, evidence)
        edge = choice.state if choice is not None and choice.state in ("off", "unknown") else edge
    if windows == "unknown":
        return finding(Status.UNKNOWN, "Could not tell whether SmartScreen is on: its setting has a value Homeguard "
                       "does not know.", evidence)
    if windows == "off":
        return finding(Status.FAIL, "SmartScreen is switched off, so Windows does not warn before unknown apps and "
                       "downloads open.", evidence)
    if edge == "off":
        who = "the person's own switch" if edge_seen.startswith("no policy") else "a policy"
        return finding(Status.PARTIAL, f"SmartScreen warns about unknown apps, but {who} has switched it off in "
                       "Microsoft Edge, so Edge does not warn about scam websites.", evidence)
    if edge == "unknown":
        return finding(Status.UNKNOWN, "Could not tell whether Microsoft Edge warns about scam websites: its setting "
                       "has a value Homeguard does not know, or could not be read.", evidence)
    return finding(Status.PASS, "SmartScreen is on and warns before unknown apps, downloads and known scam websites.",
                   evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "SmartScreen's settings in the registry: the SmartScreen policy (HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\"
    "System EnableSmartScreen), the \u201cCheck apps and files\u201d setting (HKLM\\SOFTWARE\\Microsoft\\Windows\\"
    "CurrentVersion\\Explorer SmartScreenEnabled) and Microsoft Edge's SmartScreen policy (SOFTWARE\\Policies\\"
    "Microsoft\\Edge SmartScreenEnabled) or, without one, your own switch for Edge (HKCU\\Software\\Microsoft\\"
    "Edge\\SmartScreenEnabled)."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Windows Security and go to \u201cApp & browser control\u201d, then \u201cReputation-based "
            "protection settings\u201d.",
            "Switch on \u201cCheck apps and files\u201d and \u201cSmartScreen for Microsoft Edge\u201d.",
            "If a switch is greyed out, a policy set by a school or workplace (or a tweaking tool) controls it: "
            "ask whoever manages the computer, or undo the tool's change.",
        ),
        settings_url="ms-settings:windowsdefender",
        more_info="https://support.microsoft.com/windows/stay-protected-with-the-windows-security-app-"
                  "2ae0363d-0ada-c064-8b56-6a39afb6a963",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Every SmartScreen value (documented, not recorded)",
    "Edge following the person's switch in HKCU\\Software\\Microsoft\\Edge\\SmartScreenEnabled (public .reg files "
    "set it to 0; not seen on a real PC; see browser-protection)",
    "Windows 11's other reputation-based protection switches are not read",
)
