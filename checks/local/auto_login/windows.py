"""How auto-login looks on Windows: the Winlogon values that make Windows sign someone in by itself.

Everything is in ``HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon``, which every user can read:

* ``AutoAdminLogon`` "1" signs ``DefaultUserName`` (in ``DefaultDomainName``) in at start-up: fail. Any way of
  switching it on sets this value: the "Users must enter a user name and password" box in netplwiz, Sysinternals
  Autologon, or editing the registry.
* The password either sits in ``DefaultPassword`` in plain text, where any program on the computer can read it
  (the old, documented way), or is kept by Windows as a hidden LSA secret (netplwiz and Autologon do this; only an
  administrator's program running as SYSTEM can read it). Homeguard says which, and never shows a password.
* ``AutoAdminLogon`` "0" or not set: nobody is signed in automatically (pass). But a ``DefaultPassword`` left
  behind from an earlier automatic sign-in is still a readable password: partial.

A Winlogon key that is missing or that the system will not let Homeguard read is "could not tell": every working
Windows has it.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied
from auditor.model import Evidence, Finding, Fix, Status
from auditor.winreg_reader import RegistryValue

WINLOGON = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"


def _text(values: dict[str, RegistryValue], name: str) -> str | None:
    value = values.get(name.lower())
    if value is None:
        return None
    if isinstance(value.data, int):
        return str(value.data)
    return value.data.strip() if isinstance(value.data, str) else None


def auto_admin_logon(values: dict[str, RegistryValue]) -> bool | None:
    """True for "1", False for "0", empty or not set, None for anything else."""
    raw = _text(values, "AutoAdminLogon")
    if raw is None and "autoadminlogon" in values:
        return None
    if raw in (None, "", "0"):
        return False
    return True if raw == "1" else None


def account_name(values: dict[str, RegistryValue]) -> str:
    """DOMAIN\\user as Windows would sign in, or just the user name, or "" when none is set."""
    user = _text(values, "DefaultUserName") or ""
    domain = _text(values, "DefaultDomainName") or ""
    return f"{domain}\\{user}" if user and domain else user


def has_plain_password(values: dict[str, RegistryValue]) -> bool:
    return bool(_text(values, "DefaultPassword"))


def probe(ctx: CheckContext) -> Finding:
    try:
        values = ctx.host.registry_values(WINLOGON)
    except AccessDenied as exc:
        return finding(Status.UNKNOWN, "Could not tell: Windows did not let Homeguard read its sign-in settings.",
                       [Evidence(WINLOGON, str(exc))])
    if values is None:
        return finding(Status.UNKNOWN, "Could not tell: the registry key that holds Windows' sign-in settings was "
                       "not found.", [Evidence(WINLOGON, "the key does not exist")])

    auto = auto_admin_logon(values)
    account = account_name(values)
    password = has_plain_password(values)
    raw = values.get("autoadminlogon")
    raw_shown = repr(raw.data) if raw is not None else "not set"
    seen = [f"AutoAdminLogon {raw_shown}",
            f"DefaultUserName {account!r}" if account else "DefaultUserName not set",
            "DefaultPassword set (not shown)" if password else "no DefaultPassword"]
    count = _text(values, "AutoLogonCount")
    if count:
        seen.append(f"AutoLogonCount {count}")
    evidence = [Evidence(WINLOGON, ", ".join(seen))]

    if auto is None:
        return finding(Status.UNKNOWN, f"Could not tell: AutoAdminLogon is {raw_shown}, a value Homeguard does "
                       "not know.", evidence)
    who = account or "Someone"
    if auto and password:
        return finding(Status.FAIL, f"{who} is signed in automatically when the computer starts, and the account's "
                       "password is stored in plain text in the registry, where any program on this computer can "
                       "read it.", evidence)
    if auto:
        return finding(Status.FAIL, f"{who} is signed in automatically when the computer starts, so anyone who "
                       "switches it on gets in. (Windows keeps the password hidden, not in plain text.)", evidence)
    if password:
        name = f" for {account}" if account else ""
        return finding(Status.PARTIAL, f"Nobody is signed in automatically, but an old password{name} is still "
                       "stored in plain text in the registry, where any program on this computer can read it.",
                       evidence)
    return finding(Status.PASS, "Windows asks for a password when it starts: nobody is signed in automatically.",
                   evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Windows' sign-in settings in the registry (HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon: "
    "AutoAdminLogon, DefaultUserName and whether a DefaultPassword is stored). The password itself is never "
    "shown or kept."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Press Windows key + R, type netplwiz and press Enter.",
            "Tick \u201cUsers must enter a user name and password to use this computer\u201d and press OK. (If the "
            "box is missing, first switch off \u201cFor improved security, only allow Windows Hello sign-in\u201d "
            "in Settings, Accounts, Sign-in options.)",
            "If Sysinternals Autologon was used to set it up, run Autologon again and press Disable: that also "
            "removes the hidden password.",
            "If a password was stored in plain text, an administrator can delete the DefaultPassword value in "
            "Registry Editor under HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon, "
            "and should then change that account's password.",
        ),
        settings_url="ms-settings:signinoptions",
        settings_command=("netplwiz",),
        more_info="https://learn.microsoft.com/troubleshoot/windows-server/user-profiles-and-logon/"
                  "turn-on-automatic-logon",
    ),
}
