"""How find-my-device looks on Windows: the "Find my device" switch, location, and a Microsoft account.

Windows' "Find my device" (Settings, Privacy & security) shows a lost computer's last place on
account.microsoft.com/devices and can lock it. It needs a Microsoft account and location switched on for the
computer (Microsoft's "Find and lock a lost Windows device"), and is off until someone turns it on.

Where the switch is kept has not been confirmed by Microsoft, and public scripts disagree (detection-catalogue-2
section 5): ``LocationSyncEnabled`` (REG_DWORD 1 on, 0 off) under ``HKLM\\SOFTWARE\\Microsoft\\MdmCommon\\
SettingValues`` (the Windows 11 tweak tools, whose "restore default" writes 1) and under ``HKLM\\SOFTWARE\\Microsoft\\
Settings\\FindMyDevice`` (older Windows 10 scripts). Homeguard reads both; either one at 1 is on. A policy,
``HKLM\\SOFTWARE\\Policies\\Microsoft\\FindMyDevice`` ``AllowFindMyDevice`` = 0, switches it off for everyone.

Whether an account on this computer is a Microsoft account comes from ``Get-LocalUser``'s ``PrincipalSource``
(Local, ActiveDirectory, AzureAD or MicrosoftAccount; PowerShell 5.1's ConvertTo-Json writes it as the number 1
for Local, as in the recorded d-strobel/gowindows output, so MicrosoftAccount is 4). All of it is readable without
admin rights.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.consent_store import read_switch, store_key
from checks.local.common.windows import powershell_json

SETTING_KEYS = (
    r"HKLM\SOFTWARE\Microsoft\MdmCommon\SettingValues",
    r"HKLM\SOFTWARE\Microsoft\Settings\FindMyDevice",
)
POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\FindMyDevice"
DEVICE_LOCATION = store_key("HKLM", "location")
ACCOUNTS_SCRIPT = "Get-LocalUser | Select-Object Name, Enabled, PrincipalSource"
ACCOUNTS_LOOKED_AT = "PowerShell: Get-LocalUser (which accounts are Microsoft accounts)"
TIMEOUT = 8.0
_MICROSOFT_ACCOUNT = {"microsoftaccount", "4"}


@dataclass(frozen=True)
class Accounts:
    microsoft: tuple[str, ...] | None  # names of enabled Microsoft accounts; None when PowerShell could not say
    seen: str


def read_dword(host: Host, key: str, name: str, evidence: list[Evidence]) -> int | None:
    looked_at = f"{key} {name}"
    try:
        values = host.registry_values(key)
    except AccessDenied:
        evidence.append(Evidence(looked_at, "could not be read (Windows refused)"))
        return None
    value = (values or {}).get(name.lower())
    number = value.as_int() if value is not None else None
    evidence.append(Evidence(looked_at, "not set" if value is None else value.as_text()))
    return number


def microsoft_accounts(data: object) -> tuple[str, ...]:
    """The enabled accounts whose PrincipalSource is MicrosoftAccount, from Get-LocalUser's JSON."""
    items = data if isinstance(data, list) else [data]
    names = []
    for item in items:
        if not isinstance(item, dict) or item.get("Enabled") is False:
            continue
        if str(item.get("PrincipalSource", "")).strip().lower() in _MICROSOFT_ACCOUNT:
            names.append(str(item.get("Name") or "?"))
    return tuple(names)


def read_accounts(host: Host) -> Accounts:
    answer = powershell_json(host, ACCOUNTS_SCRIPT, timeout=TIMEOUT)
    if answer.problem or answer.data is None:
        return Accounts(None, answer.problem or "no accounts listed")
    found = microsoft_accounts(answer.data)
    if not found:
        return Accounts(found, "no account on this computer is a Microsoft account")
    return Accounts(found, f"{len(found)} Microsoft account{'s' if len(found) > 1 else ''}: {', '.join(found)}")


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    policy = read_dword(host, POLICY_KEY, "AllowFindMyDevice", evidence)
    settings = [read_dword(host, key, "LocationSyncEnabled", evidence) for key in SETTING_KEYS]
    location = read_switch(host, DEVICE_LOCATION)
    evidence.append(Evidence(f"{DEVICE_LOCATION} (location for the whole computer)", location.seen))
    accounts = read_accounts(host)
    evidence.append(Evidence(ACCOUNTS_LOOKED_AT, accounts.seen))

    if policy == 0:
        return finding(Status.FAIL, "Find my device is switched off by a policy on this computer (set by a "
                       "school, a workplace or a settings tool), so a lost computer cannot be found.", evidence)
    known = [value for value in settings if value is not None]
    on = policy == 1 or 1 in known
    if on:
        if location.denied:
            return finding(Status.PARTIAL, "Find my device is on, but location is off for this computer, so it "
                           "cannot show where the computer is.", evidence)
        return finding(Status.PASS, "Find my device is on: this computer can be found and locked from "
                       "account.microsoft.com/devices.", evidence)
    if known and all(value == 0 for value in known):
        extra = "" if accounts.microsoft else " It also needs you to sign in with a Microsoft account."
        return finding(Status.FAIL, f"Find my device is off, so a lost computer cannot be found or locked.{extra}",
                       evidence)
    if accounts.microsoft == ():
        return finding(Status.FAIL, "Find my device cannot work here: it needs a Microsoft account, and no "
                       "account on this computer is one.", evidence)
    return finding(Status.UNKNOWN, "Could not tell whether Find my device is on: Windows keeps no record of its "
                   "switch that Homeguard can read.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The Find my device switch in the registry (`LocationSyncEnabled` under HKLM\\SOFTWARE\\Microsoft\\MdmCommon\\"
    "SettingValues and HKLM\\SOFTWARE\\Microsoft\\Settings\\FindMyDevice), the policy that can switch it off "
    "(HKLM\\SOFTWARE\\Policies\\Microsoft\\FindMyDevice `AllowFindMyDevice`), whether location is on for the "
    "computer (it needs it), and whether an account here is a Microsoft account (`Get-LocalUser`, it needs one)."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Sign in to Windows with a Microsoft account (Settings, Accounts, Your info), as an administrator.",
            "Open Settings, Privacy & security, Find my device, and turn it on. Windows 10: Settings, Update & "
            "Security, Find my device, Change.",
            "Make sure Location is on (Settings, Privacy & security, Location).",
            "Check it works: on a phone or another computer, open account.microsoft.com/devices.",
        ),
        settings_url="ms-settings:findmydevice",
        more_info="https://support.microsoft.com/windows/find-and-lock-a-lost-windows-device-890bf25e-b8ba-d3fe-"
                  "8253-e98a12f26316",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "The Find my device switch (LocationSyncEnabled) and its policy (documented by public scripts)",
    "The location switch for the whole computer (documented by a Process Monitor trace)",
    "A Microsoft account in Get-LocalUser's PrincipalSource (a real recording has local accounts only)",
)
