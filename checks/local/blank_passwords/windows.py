"""How blank-passwords looks on Windows: the rule that keeps accounts without a password to the keyboard.

The security option "Accounts: Limit local account use of blank passwords to console logon only" is the registry
value ``LimitBlankPasswordUse`` under ``HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa`` (learn.microsoft.com,
security policy settings reference). 1, the default, means a local account with an empty password can only sign in
at the computer itself, never over the network (file sharing, Remote Desktop): pass. 0 lets such an account be
used from another computer with no password at all: fail. When the value is not there Windows uses its default, 1,
and the summary says so. The Lsa key exists on every Windows; a missing key or a refused read is "could not tell".
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied
from auditor.model import Evidence, Finding, Fix, Status

LSA = r"HKLM\SYSTEM\CurrentControlSet\Control\Lsa"
VALUE = "LimitBlankPasswordUse"


def probe(ctx: CheckContext) -> Finding:
    try:
        values = ctx.host.registry_values(LSA)
    except AccessDenied as exc:
        return finding(Status.UNKNOWN, "Could not tell: Windows did not let Homeguard read its account security "
                       "settings.", [Evidence(LSA, str(exc))])
    if values is None:
        return finding(Status.UNKNOWN, "Could not tell: the registry key that holds Windows' account security "
                       "settings was not found.", [Evidence(LSA, "the key does not exist")])
    raw = values.get(VALUE.lower())
    if raw is None:
        return finding(Status.PASS, "Accounts without a password can only be used at the computer itself, not over "
                       "the network (Windows' default, as the setting is not changed here).",
                       [Evidence(LSA, f"{VALUE} not set: Windows' default, 1")])
    evidence = [Evidence(LSA, f"{VALUE} {raw.data!r} ({raw.type})")]
    number = raw.as_int() if raw.type in ("REG_DWORD", "REG_QWORD") else None
    if number == 1:
        return finding(Status.PASS, "Accounts without a password can only be used at the computer itself, not over "
                       "the network.", evidence)
    if number == 0:
        return finding(Status.FAIL, "Accounts without a password can be used from other computers on the network, "
                       "with no password at all.", evidence)
    return finding(Status.UNKNOWN, f"Could not tell: {VALUE} is {raw.data!r}, a value Homeguard does not know.",
                   evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The security option \u201cLimit local account use of blank passwords to console logon only\u201d, in the "
    "registry (HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa, LimitBlankPasswordUse), which any user can read."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Give every account on the computer a password: Settings, Accounts, Sign-in options, Password.",
            "On Windows Pro: open Local Security Policy (Start menu, \u201csecpol.msc\u201d), go to Local Policies, "
            "Security Options, and set \u201cAccounts: Limit local account use of blank passwords to console logon "
            "only\u201d to Enabled.",
            "On Windows Home, an administrator can set LimitBlankPasswordUse back to 1 in Registry Editor under "
            "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa.",
        ),
        settings_url="ms-settings:signinoptions",
        more_info="https://learn.microsoft.com/previous-versions/windows/it-pro/windows-10/security/threat-protection/"
                  "security-policy-settings/accounts-limit-local-account-use-of-blank-passwords-to-console-logon-only",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "LimitBlankPasswordUse (documented values only)",
)
