"""How auto-login looks on macOS: the login window's autoLoginUser setting, read without admin rights.

When "Automatically log in as" is set in Users & Groups, macOS writes the account's short name to ``autoLoginUser``
in /Library/Preferences/com.apple.loginwindow.plist and a scrambled copy of its password to /etc/kcpassword
(the pair every tool that turns automatic login on writes; CIS and mSCP check the key). When the key is not set,
nobody is signed in automatically. ``defaults read`` answers a missing key with exit code 1 and a "does not exist"
sentence, which is "not set" (see checks/local/common/macos_prefs.py for the wordings).

Apple: "If FileVault is turned on, manual login is required" (support.apple.com/102316), so a leftover
autoLoginUser on a Mac with FileVault on does not sign anyone in. ``fdesetup status`` (no admin rights needed)
tells which; its first line is "FileVault is On." or "FileVault is Off." (more lines may follow:
jamf/Jamf-Environment-Test#9).

/etc/kcpassword itself is readable only by root; Homeguard only looks at whether it exists.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import first_line
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos_prefs import read_pref

LOGINWINDOW = "/Library/Preferences/com.apple.loginwindow"
KCPASSWORD = "/etc/kcpassword"


def filevault_on(text: str) -> bool | None:
    """Whether ``fdesetup status`` says FileVault is on; None when its first line says neither."""
    line = first_line(text)
    if line.startswith("FileVault is On"):
        return True
    if line.startswith("FileVault is Off"):
        return False
    return None


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    answer = read_pref(host, LOGINWINDOW, "autoLoginUser")
    looked_at = f"defaults read {LOGINWINDOW} autoLoginUser"
    if answer.problem:
        return finding(Status.UNKNOWN, f"Could not tell whether this Mac signs someone in automatically: "
                       f"{answer.problem}.", [Evidence(looked_at, answer.problem)])
    kcpassword = host.exists(KCPASSWORD)
    if not answer.is_set:
        evidence.append(Evidence(looked_at, "not set"))
        evidence.append(Evidence(KCPASSWORD, "present" if kcpassword else "not present"))
        if kcpassword:
            return finding(Status.PARTIAL, "Nobody is signed in automatically, but a file from when automatic login "
                           "was on is still there (/etc/kcpassword): it keeps a lightly scrambled copy of a "
                           "password.", evidence)
        return finding(Status.PASS, "Nobody is signed in automatically: this Mac asks for a password at start-up.",
                       evidence)

    user = answer.value or ""
    if not user:
        return finding(Status.UNKNOWN, "Could not tell: the automatic login setting is there but names nobody.",
                       [Evidence(looked_at, "set, but empty")])
    evidence.append(Evidence(looked_at, user))
    evidence.append(Evidence(KCPASSWORD, "present" if kcpassword else "not present"))
    status = host.run(["fdesetup", "status"], timeout=5)
    on = filevault_on(status.stdout) if status.ran else None
    evidence.append(Evidence("fdesetup status", first_line(status.stdout) or status.problem() or "no answer"))
    if on:
        return finding(Status.PARTIAL, f"Automatic login is still set for \u201c{user}\u201d, but FileVault is on, so "
                       "macOS asks for the password at start-up anyway. Turn the setting off so it stays that way.",
                       evidence)
    return finding(Status.FAIL, f"This Mac signs \u201c{user}\u201d in automatically, so anyone who switches it on "
                   "gets into that account.", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "The login window's automatic login setting (`defaults read /Library/Preferences/com.apple.loginwindow "
    "autoLoginUser`), whether /etc/kcpassword exists, and, when automatic login is set, `fdesetup status` "
    "(FileVault on means macOS asks for the password anyway). No administrator rights are needed."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open System Settings and click Users & Groups in the sidebar.",
            "Set \u201cAutomatically log in as\u201d to Off. Your Mac may ask for your password.",
            "macOS 12 and older: System Preferences, Users & Groups, click the lock, then Login Options, and set "
            "Automatic login to Off.",
            "Turning on FileVault (Privacy & Security) also makes macOS ask for a password at start-up.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Users-Groups-Settings.extension",
        more_info="https://support.apple.com/102316",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "autoLoginUser set (documented value)",
    "The “Could not find key” wording of defaults",
)
