"""How guest-account looks on macOS: the Guest User switch, and guest access to shared folders.

* ``GuestEnabled`` in /Library/Preferences/com.apple.loginwindow is the "Allow guests to log in to this computer"
  switch (CIS "Ensure Guest Account Is Disabled" reads it; `sysadminctl -guestAccount on|off` writes it). Guests need
  no password (Apple, "Set up users, guests, and groups on Mac").
* ``AllowGuestAccess`` in /Library/Preferences/SystemConfiguration/com.apple.smb.server is "Allow guest users to
  connect to shared folders" (usnistgov/macos_security#74). It matters only while File Sharing is on, so it makes
  the answer partial, not a fail.

When GuestEnabled was never written, the answer depends on the release. On OS X 10.8 a missing key meant the guest
user was ON (aiyodk/Alfred-Extensions#2, 2013); on current macOS the guest user ships switched off ("the guest
account is inactive by default", SigmaHQ/sigma#4054, 2023). So a missing key is a pass on macOS 11 and later and
"could not tell" on OS X 10.x. The exact release where the default changed was not found.

Both files are readable without admin rights. The older AFP file-server setting (com.apple.AppleFileServer
guestAccess) is not read: AFP file sharing is gone from current macOS.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos_prefs import macos_major, pref_bool, read_pref

LOGINWINDOW = "/Library/Preferences/com.apple.loginwindow"
SMB_SERVER = "/Library/Preferences/SystemConfiguration/com.apple.smb.server"
DEFAULT_OFF_FROM = 11  # the first release taken to ship with the guest user off when nothing is written


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    looked_at = f"defaults read {LOGINWINDOW} GuestEnabled"
    answer = read_pref(host, LOGINWINDOW, "GuestEnabled")
    if answer.problem:
        return finding(Status.UNKNOWN, f"Could not tell whether the guest user is on: {answer.problem}.",
                       [Evidence(looked_at, answer.problem)])
    if answer.is_set:
        enabled = pref_bool(answer.value)
        evidence.append(Evidence(looked_at, answer.value or ""))
        if enabled is None:
            return finding(Status.UNKNOWN, f"Could not tell: the guest user setting has a value Homeguard does not "
                           f"know (\u201c{answer.value}\u201d).", evidence)
        if enabled:
            return finding(Status.FAIL, "The guest user is on: anyone can use this Mac without a password.",
                           evidence)
    else:
        major = macos_major(host)
        evidence.append(Evidence(looked_at, "not set"))
        if major is not None and major < DEFAULT_OFF_FROM:
            return finding(Status.UNKNOWN, f"Could not tell: the guest user setting was never changed, and on this "
                           f"older macOS ({host.os_name()}) that can mean it is on.", evidence)

    shares = read_pref(host, SMB_SERVER, "AllowGuestAccess")
    smb_looked_at = f"defaults read {SMB_SERVER} AllowGuestAccess"
    if shares.problem:
        evidence.append(Evidence(smb_looked_at, f"could not be read: {shares.problem}"))
    elif not shares.is_set:
        evidence.append(Evidence(smb_looked_at, "not set"))
    else:
        evidence.append(Evidence(smb_looked_at, shares.value or ""))
        if pref_bool(shares.value):
            return finding(Status.PARTIAL, "The guest user cannot sign in, but guests may open shared folders "
                           "without a password whenever File Sharing is on.", evidence)
    if answer.is_set:
        return finding(Status.PASS, "The guest user is off: nobody can use this Mac without a password.", evidence)
    return finding(Status.PASS, "The guest user is off (it was never switched on): nobody can use this Mac "
                   "without a password.", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "The Guest User switch (`defaults read /Library/Preferences/com.apple.loginwindow GuestEnabled`) and guest "
    "access to shared folders (`AllowGuestAccess` in /Library/Preferences/SystemConfiguration/"
    "com.apple.smb.server). No administrator rights are needed."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open System Settings and click Users & Groups in the sidebar.",
            "Click the Info button next to Guest User and turn off \u201cAllow guests to log in to this computer\u201d "
            "and \u201cAllow guests to connect to shared folders\u201d. Your Mac may ask for your password.",
            "macOS 12 and older: System Preferences, Users & Groups, click the lock, select Guest User and untick "
            "both options.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Users-Groups-Settings.extension",
        more_info="https://support.apple.com/guide/mac-help/mtusr001/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "GuestEnabled and SMB AllowGuestAccess values (documented)",
    "The macOS release where a missing GuestEnabled began to mean off",
)
