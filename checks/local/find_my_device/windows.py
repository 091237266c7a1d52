"""How find-my-device looks on Windows: the "Find my device" switch, location, and a Microsoft account.

Windows' "Find my device" (Settings, Privacy & security) shows a lost computer's last place on
account.microsoft.com/devices and can lock it. It needs a Microsoft account and location switched on for the
computer (Microsoft's "Find and lock a lost Windows device").

Where the switch is kept is not documented by Microsoft, and public scripts disagree. Homeguard reads it the way
Windows' own library does (``MdmIsFindMyDeviceEnabled`` in the mdmcommon library, onecoreuap\\shell\\
devicedirectory\\mdmcommon, as decompiled in public notes: search index file ids 56065862444, 55843650070 and
55750945720):

* A policy decides first: ``AllowFindMyDevice`` under ``HKLM\\SOFTWARE\\Policies\\Microsoft\\FindMyDevice`` (group
  policy), or the device-management policy ``Experience/AllowFindMyDevice``, which Windows keeps under
  ``HKLM\\SOFTWARE\\Microsoft\\PolicyManager\\current\\device\\Experience``. Any value but 0 is on, 0 is off.
* Without a policy, the first of these that is set decides (any value but 0 is on): ``LocationSyncEnabledOverride``
  under ``HKLM\\SOFTWARE\\Microsoft\\Settings\\FindMyPhone``, then ``LocationSyncEnabled`` under
  ``...\\MdmCommon\\SettingValues`` (where the same library writes the switch when it is changed),
  ``...\\Settings\\FindMyDevice`` and ``...\\Settings\\FindMyPhone``. When none is set, Windows takes Find my device
  as off.

Windows asks for the ``MdmCommon\\SettingValues`` path through ``GetPersistedRegistryLocationW``, which could send it
elsewhere on an edition that keeps its state apart; on ordinary Windows 10 and 11 the path is the one read here.
A key Windows will not let Homeguard read could hold the deciding value, so it is never taken as "not set".

Whether an account on this computer is a Microsoft account comes from ``Get-LocalUser``'s ``PrincipalSource``
(Local, ActiveDirectory, AzureAD or MicrosoftAccount; a real Windows 11 listing shows MicrosoftAccount for each
account signed in with one). ConvertTo-Json writes it as a number: 1 for Local, as in the recorded
d-strobel/gowindows output, so 4 for MicrosoftAccount. All of it is readable without admin rights.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.consent_store import read_switch, store_key
from checks.local.common.windows import powershell_json

POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\FindMyDevice"
MDM_POLICY_KEY = r"HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Experience"
POLICIES = ((POLICY_KEY, "AllowFindMyDevice"), (MDM_POLICY_KEY, "AllowFindMyDevice"))
FIND_MY_PHONE = r"HKLM\SOFTWARE\Microsoft\Settings\FindMyPhone"
SETTING_VALUES = r"HKLM\SOFTWARE\Microsoft\MdmCommon\SettingValues"
SETTINGS_FIND_MY_DEVICE = r"HKLM\SOFTWARE\Microsoft\Settings\FindMyDevice"
# In the order Windows reads them when no policy is set; the first one set decides.
SWITCHES = (
    (FIND_MY_PHONE, "LocationSyncEnabledOverride"),
    (SETTING_VALUES, "LocationSyncEnabled"),
    (SETTINGS_FIND_MY_DEVICE, "LocationSyncEnabled"),
    (FIND_MY_PHONE, "LocationSyncEnabled"),
)
DEVICE_LOCATION = store_key("HKLM", "location")
ACCOUNTS_SCRIPT = "Get-LocalUser | Select-Object Name, Enabled, PrincipalSource"
ACCOUNTS_LOOKED_AT = "PowerShell: Get-LocalUser (which accounts are Microsoft accounts)"
TIMEOUT = 8.0
_MICROSOFT_ACCOUNT = {"microsoftaccount", "4"}


@dataclass(frozen=True)
class Reading:
    """One registry value Windows looks at: its number, or why there is none."""

    value: int | None
    refused: bool = False  # Windows would not let Homeguard read the key: the value may be there


@dataclass(frozen=True)
class Accounts:
    microsoft: tuple[str, ...] | None  # names of enabled Microsoft accounts; None when PowerShell could not say
    seen: str


def read_dword(host: Host, key: str, name: str, evidence: list[Evidence]) -> Reading:
    looked_at = f"{key} {name}"
    try:
        values = host.registry_values(key)
    except AccessDenied:
        evidence.append(Evidence(looked_at, "could not be read (Windows refused)"))
        return Reading(None, refused=True)
    value = (values or {}).get(name.lower())
    evidence.append(Evidence(looked_at, "not set" if value is None else value.as_text()))
    return Reading(value.as_int() if value is not None else None)


def deciding(readings: list[Reading]) -> Reading | None:
    """The reading that decides, as Windows reads them in order: the first one set. None when none is set; a
    refused one before any set one decides as "could not tell" (it may hold the value)."""
    for reading in readings:
        if reading.refused or reading.value is not None:
            return reading
    return None


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


def _account_note(accounts: Accounts) -> str:
    return " It also needs you to sign in with a Microsoft account." if accounts.microsoft == () else ""


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    policy = deciding([read_dword(host, key, name, evidence) for key, name in POLICIES])
    switch = deciding([read_dword(host, key, name, evidence) for key, name in SWITCHES])
    location = read_switch(host, DEVICE_LOCATION)
    evidence.append(Evidence(f"{DEVICE_LOCATION} (location for the whole computer)", location.seen))
    accounts = read_accounts(host)
    evidence.append(Evidence(ACCOUNTS_LOOKED_AT, accounts.seen))

    if policy is not None and policy.value == 0:
        return finding(Status.FAIL, "Find my device is switched off by a policy on this computer (set by a "
                       "school, a workplace or a settings tool), so a lost computer cannot be found.", evidence)
    if policy is not None and policy.refused:
        return finding(Status.UNKNOWN, "Could not tell whether Find my device is on: Windows did not let Homeguard "
                       "read the policy that can switch it on or off.", evidence)
    if policy is None and switch is not None and switch.refused:
        return finding(Status.UNKNOWN, "Could not tell whether Find my device is on: Windows did not let Homeguard "
                       "read where it keeps the switch.", evidence)
    on = policy.value != 0 if policy is not None else switch is not None and switch.value != 0
    if on:
        if location.denied:
            return finding(Status.PARTIAL, "Find my device is on, but location is off for this computer, so it "
                           "cannot show where the computer is.", evidence)
        return finding(Status.PASS, "Find my device is on: this computer can be found and locked from "
                       "account.microsoft.com/devices.", evidence)
    if switch is None:
        return finding(Status.FAIL, "Find my device has never been turned on here, so a lost computer cannot be "
                       f"found or locked.{_account_note(accounts)}", evidence)
    return finding(Status.FAIL, f"Find my device is off, so a lost computer cannot be found or locked."
                   f"{_account_note(accounts)}", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The Find my device switch where Windows itself reads it, in its order (`LocationSyncEnabledOverride` under "
    "HKLM\\SOFTWARE\\Microsoft\\Settings\\FindMyPhone, then `LocationSyncEnabled` under HKLM\\SOFTWARE\\Microsoft\\"
    "MdmCommon\\SettingValues, ...\\Settings\\FindMyDevice and ...\\Settings\\FindMyPhone), the policies that come "
    "before it (`AllowFindMyDevice` under HKLM\\SOFTWARE\\Policies\\Microsoft\\FindMyDevice and, set by device "
    "management, under PolicyManager\\current\\device\\Experience), whether location is on for the computer (it "
    "needs it), and whether an account here is a Microsoft account (`Get-LocalUser`, it needs one)."
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
    "The Find my device switch and its policies: where Windows keeps them is read from its own library, decompiled "
    "(MdmIsFindMyDeviceEnabled); no real machine's values were found",
    "The location switch for the whole computer set to Allow (only its Deny is tested, as Settings wrote it in a "
    "Process Monitor capture)",
    "A Microsoft account in Get-LocalUser's JSON: a real Windows 11 listing shows PrincipalSource MicrosoftAccount, "
    "but only as a table; its JSON number (4) is composed from it",
)
