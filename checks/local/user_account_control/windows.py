"""How user-account-control looks on Windows: the UAC values in the registry, readable without admin rights.

Everything lives in one key, HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System, whether it was
set with the User Account Control slider, by Group Policy or by a "tweak" tool:

* ``EnableLUA`` 0 switches UAC off altogether: every program an administrator starts runs with full rights.
  Microsoft documents 0 (off) and 1 (on) ([MS-GPSB] 2.2.11.6 EnableLUA,
  https://learn.microsoft.com/openspecs/windows_protocols/ms-gpsb/958053ae-5397-4f96-977f-b7700ee461ec). Any other
  number is read as on: only 0 switches UAC off (issue 10's set of outputs from real machines), so a stray value
  never makes a working UAC "could not tell". Microsoft's pages do not describe other values, so the evidence says
  the value is unusual.
* ``ConsentPromptBehaviorAdmin`` says what happens when a program asks an administrator for more rights. 0 is
  "Elevate without prompting", the bottom of the slider ("Never notify"). Microsoft's own description of that
  value says to use it "only in the most constrained environments", because a program can then take over the
  computer without anyone being asked. It fails here, like UAC switched off: the question UAC exists to ask is
  never asked. 1-5 all ask (5, "Prompt for consent for non-Windows binaries", is Windows' default).
* ``PromptOnSecureDesktop`` 0 still asks, but on the ordinary desktop ("do not dim my desktop"), where another
  program can see or click the question. That is partial.

A value that is not there has its documented default: EnableLUA 1, i.e. on ("User Account Control: Run all
administrators in Admin Approval Mode", whose effective default is Enabled on stand-alone servers, member servers,
domain controllers and client computers, https://learn.microsoft.com/previous-versions/mt634236(v=vs.85); and the
unattend setting EnableLUA, "true ... This is the default value",
https://learn.microsoft.com/previous-versions/windows/it-pro/windows-8.1-and-8/ff715520(v=win.10)),
ConsentPromptBehaviorAdmin 5, PromptOnSecureDesktop 1. A key that is not there at all, or
that the system will not let Homeguard read, is "could not tell": a working Windows always has it. A value that is
there but is not a number (a text or binary value) is "could not tell" too.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied
from auditor.model import Evidence, Finding, Fix, Status
from auditor.winreg_reader import RegistryValue

SYSTEM_POLICIES = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System"

DEFAULTS = {"enablelua": 1, "consentpromptbehavioradmin": 5, "promptonsecuredesktop": 1}

ADMIN_PROMPTS = {
    0: "elevate without asking",
    1: "ask for a password on the protected screen",
    2: "ask for permission on the protected screen",
    3: "ask for a password",
    4: "ask for permission",
    5: "ask for permission for programs that are not part of Windows (the Windows default)",
}


def uac_values(values: dict[str, RegistryValue]) -> dict[str, int | None]:
    """The three values that decide how UAC behaves, with Windows' defaults where a value is not set.

    A value that is set but is not a number comes back as None, so it can be reported as not understood.
    """
    found: dict[str, int | None] = {}
    for name, default in DEFAULTS.items():
        value = values.get(name)
        found[name] = default if value is None else value.as_int()
    return found


def _describe(settings: dict[str, int | None], values: dict[str, RegistryValue]) -> str:
    parts = []
    for name, label in (("enablelua", "EnableLUA"), ("consentpromptbehavioradmin", "ConsentPromptBehaviorAdmin"),
                        ("promptonsecuredesktop", "PromptOnSecureDesktop")):
        shown = settings[name] if settings[name] is not None else repr(values[name].data)
        parts.append(f"{label} {shown}" + ("" if name in values else " (not set: the Windows default)"))
    return ", ".join(parts)


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    try:
        values = host.registry_values(SYSTEM_POLICIES)
    except AccessDenied as exc:
        return finding(Status.UNKNOWN, "Could not tell: Windows did not let Homeguard read the User Account "
                       "Control settings.", [Evidence(SYSTEM_POLICIES, str(exc))])
    if values is None:
        return finding(Status.UNKNOWN, "Could not tell: the registry key that holds the User Account Control "
                       "settings was not found.", [Evidence(SYSTEM_POLICIES, "the key does not exist")])

    settings = uac_values(values)
    evidence = [Evidence(SYSTEM_POLICIES, _describe(settings, values))]
    broken = [name for name, value in settings.items() if value is None]
    if broken:
        return finding(Status.UNKNOWN, f"Could not tell: the User Account Control value {broken[0]} is not a "
                       "number Homeguard understands.", evidence)

    lua, admin = settings["enablelua"], settings["consentpromptbehavioradmin"]
    secure = settings["promptonsecuredesktop"]
    if lua == 0:
        return finding(Status.FAIL, "User Account Control is switched off, so any program can make changes to "
                       "the computer without asking.", evidence)
    if lua != 1:
        evidence.append(Evidence("EnableLUA", f"{lua} is not a value Microsoft documents; Windows switches User "
                                 "Account Control off only for 0, so it is on"))
    if admin not in ADMIN_PROMPTS:
        return finding(Status.UNKNOWN, f"Could not tell: ConsentPromptBehaviorAdmin is {admin}, a value Homeguard "
                       "does not know.", evidence)
    evidence.append(Evidence("when a program asks an administrator for more rights", ADMIN_PROMPTS[admin]))
    if admin == 0:
        return finding(Status.FAIL, "User Account Control is set to never notify: programs run by an "
                       "administrator get full control of the computer without anyone being asked.", evidence)
    if secure == 0 and admin not in (1, 2):
        return finding(Status.PARTIAL, "User Account Control asks before apps make changes, but not on the "
                       "protected, dimmed screen, so another program could interfere with the question.", evidence)
    return finding(Status.PASS, "User Account Control asks before apps make changes to the computer.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The User Account Control settings in the registry (HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\"
    "Policies\\System: EnableLUA, ConsentPromptBehaviorAdmin and PromptOnSecureDesktop), which any user can read."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open the Start menu, type \u201cUAC\u201d and choose \u201cChange User Account Control settings\u201d.",
            "Move the slider to the second position from the top, \u201cNotify me only when apps try to make "
            "changes to my computer (default)\u201d, or to the top.",
            "Press OK and answer Yes. If UAC was switched off completely, restart the computer so it takes effect.",
        ),
        settings_command=("control", "/name", "Microsoft.UserAccounts"),
        more_info="https://learn.microsoft.com/windows/security/application-security/application-control/"
                  "user-account-control/settings-and-configuration",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "PromptOnSecureDesktop 0 (documented slider position)",
    "EnableLUA values other than 0 and 1 (counted as on, as seen on real machines; Microsoft documents 0 and 1)",
)
