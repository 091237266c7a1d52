"""How guest-account looks on Windows: whether the built-in Guest account is switched on.

Every Windows has a built-in Guest account, switched off unless someone switches it on (``net user guest
/active:yes``; Windows 10 and 11 no longer offer it in Settings). Its name is translated ("Gast" on German Windows,
"Invité" on French), but its security identifier always ends in -501, so the account is found by that, never by its
name. ``Get-LocalUser`` (PowerShell 5.1's LocalAccounts module, which any user may run) gives ``Enabled`` as a
JSON true or false and the SID as an object whose ``Value`` is the text form; recorded in d-strobel/gowindows'
test data for ``Get-LocalUser | ConvertTo-Json -Compress``.

The 32-bit PowerShell and very old Windows lack Get-LocalUser ("is not recognized as the name of a cmdlet",
MicrosoftDocs/PowerShell-Docs issue 5314): that, like any other failure, is "could not tell" with the reason.
"""

from __future__ import annotations

from typing import Any

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.windows import command_not_found, powershell_json

SCRIPT = "Get-LocalUser | Where-Object { $_.SID.Value -like '*-501' } | Select-Object Name, Enabled, SID"
LOOKED_AT = "PowerShell: Get-LocalUser (the account whose SID ends in -501)"
TIMEOUT = 8.0


def sid_text(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("Value")
    return value.strip() if isinstance(value, str) else ""


def find_guest(data: object) -> dict[str, Any] | None:
    """The built-in Guest account (SID S-1-5-21-...-501) from Get-LocalUser's JSON: one object or a list."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        if isinstance(item, dict):
            sid = sid_text(item.get("SID"))
            if sid.startswith("S-1-5-21-") and sid.endswith("-501"):
                return item
    return None


def probe(ctx: CheckContext) -> Finding:
    answer = powershell_json(ctx.host, SCRIPT, timeout=TIMEOUT)
    if answer.problem:
        reason = answer.problem
        if command_not_found(answer.result):
            reason = "this computer's PowerShell does not have the Get-LocalUser command"
        return finding(Status.UNKNOWN, f"Could not tell whether the guest account is on: {reason}.",
                       [Evidence(LOOKED_AT, answer.problem)])
    if answer.data is None:
        return finding(Status.UNKNOWN, "Could not tell: Windows listed no built-in Guest account, which every "
                       "Windows has.", [Evidence(LOOKED_AT, "no account listed")])
    guest = find_guest(answer.data)
    if guest is None:
        return finding(Status.UNKNOWN, "Could not tell: Windows' list of accounts was not in the form Homeguard "
                       "expects.", [Evidence(LOOKED_AT, "no account with a SID ending in -501 in the answer")])
    name = str(guest.get("Name") or "Guest")
    enabled = guest.get("Enabled")
    evidence = [Evidence(LOOKED_AT, f"{name} ({sid_text(guest.get('SID'))}): Enabled {enabled!r}")]
    if enabled is True:
        return finding(Status.FAIL, f"The built-in guest account ({name}) is switched on, so anyone can use this "
                       "computer without a password.", evidence)
    if enabled is False:
        return finding(Status.PASS, f"The built-in guest account ({name}) is switched off.", evidence)
    return finding(Status.UNKNOWN, f"Could not tell: Windows gave {enabled!r} for whether the guest account is on.",
                   evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Whether the built-in Guest account (the account whose security identifier ends in -501, whatever its name in "
    "your language) is switched on, with `Get-LocalUser` in PowerShell."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open the Start menu, type \u201cTerminal\u201d (or \u201cPowerShell\u201d), right-click it and choose "
            "\u201cRun as administrator\u201d.",
            "Type: Get-LocalUser | Where-Object { $_.SID.Value -like '*-501' } | Disable-LocalUser   and press "
            "Enter. (On English Windows, net user guest /active:no does the same.)",
            "Anyone who needs to use the computer can have their own account: Settings, Accounts, Other users.",
        ),
        settings_url="ms-settings:otherusers",
        more_info="https://learn.microsoft.com/windows/security/identity-protection/access-control/local-accounts",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "The guest account switched on (a real recording edited)",
)
