"""How password-hints looks on macOS: does the login window offer a hint after wrong passwords?

The switch "Show password hints" (System Settings > Lock Screen since macOS 13; Users & Groups > Login Options
before) is kept as ``RetriesUntilHint`` in ``/Library/Preferences/com.apple.loginwindow``: the number of wrong
passwords after which the hint appears; 0 means never. Apple's Mac User Guide ("Change Lock Screen settings on
Mac", mh11784): the hint "is shown if the user clicks the question mark in the password field or enters a password
incorrectly three times in a row". mSCP (``system_settings_password_hints_disable``) and the CIS benchmark
(2.11.5) expect the integer 0. The file may be read by every user, so no administrator rights are needed.

A Mac managed by a school or employer may set the same key with a configuration profile (mSCP's fix for this rule
is one); macOS writes it to ``/Library/Managed Preferences/com.apple.loginwindow.plist``, which other tools read at
that path, and a managed value wins over the one in /Library/Preferences. So that file is read first, and a value
in it decides.

A key that is not set at all is the case Homeguard cannot settle: Apple does not document the default of the
switch for a Mac where nobody has changed it (research catalogue 2, section 8: "not confirmed"), so that reads as
"could not tell", with the fix that makes the answer certain. Whether an account actually has a hint
(``dscl . -list /Users hint``, mSCP ``os_password_hint_remove``) is not read here.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from auditor.plural import word_for
from checks.local.common.macos import read_plist
from checks.local.common.macos_prefs import read_pref

DOMAIN = "/Library/Preferences/com.apple.loginwindow"
KEY = "RetriesUntilHint"
LOOKED_AT = f"defaults read {DOMAIN} {KEY}"
MANAGED = "/Library/Managed Preferences/com.apple.loginwindow.plist"


def parse_retries(text: str) -> int | None:
    """The number ``defaults`` printed (an integer on its own line), or None for anything else."""
    word = text.strip()
    if word.isdigit():
        return int(word)
    return None


def managed_retries(host: Host) -> tuple[int | None, Evidence | None]:
    """RetriesUntilHint as a management profile sets it (None when no profile sets it), and what was seen."""
    looked_at = f"{MANAGED} {KEY}"
    try:
        plist = read_plist(host, MANAGED)
    except AccessDenied:
        return None, Evidence(looked_at, "not readable (a management profile may set it)")
    if plist.data is None:
        return None, Evidence(looked_at, plist.problem) if plist.problem else None
    value = plist.data.get(KEY)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value, Evidence(looked_at, f"{value}, set by a management profile")
    said = "not set by a management profile" if value is None else f"not a count Homeguard reads: {value!r}"[:80]
    return None, Evidence(looked_at, said)


def _judge(retries: int, evidence: list[Evidence], managed: bool) -> Finding:
    if retries == 0:
        return finding(Status.PASS, "The login window never shows a password hint.", evidence)
    tries = word_for(retries, "try", "tries")
    who = (" This is set by the profile of whoever manages this Mac (a school or employer): ask them to change it."
           if managed else "")
    return finding(Status.FAIL, f"The login window shows a password hint after {retries} wrong {tries}; a hint can "
                   f"give the password away to anyone at the computer.{who}", evidence)


def probe(ctx: CheckContext) -> Finding:
    forced, seen = managed_retries(ctx.host)
    if forced is not None and seen is not None:
        return _judge(forced, [seen], managed=True)
    answer = read_pref(ctx.host, DOMAIN, KEY)
    profile_seen = [seen] if seen else []
    if answer.problem:
        return finding(Status.UNKNOWN, f"Could not tell whether password hints are shown: {answer.problem}.",
                       [Evidence(LOOKED_AT, answer.problem), *profile_seen])
    if not answer.is_set:
        return finding(Status.UNKNOWN, "Could not tell whether password hints are shown: the setting has never "
                       "been changed on this Mac, and Apple does not say what it does then. Turning \u201cShow "
                       "password hints\u201d off makes sure.", [Evidence(LOOKED_AT, "not set"), *profile_seen])
    retries = parse_retries(answer.value or "")
    if retries is None:
        shown = (answer.value or "")[:80]
        return finding(Status.UNKNOWN, "Could not tell whether password hints are shown: the setting holds a value "
                       f"Homeguard does not understand (\u201c{shown}\u201d).",
                       [Evidence(LOOKED_AT, shown), *profile_seen])
    said = ("0: hints are never shown" if retries == 0
            else f"{retries}: a hint is shown after {retries} wrong {word_for(retries, 'try', 'tries')}")
    return _judge(retries, [Evidence(LOOKED_AT, said), *profile_seen], managed=False)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Whether the login window shows a password hint after wrong passwords (RetriesUntilHint in "
    "/Library/Preferences/com.apple.loginwindow, which every user may read, or as a management profile sets it in "
    "/Library/Managed Preferences/com.apple.loginwindow.plist, which wins)."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open the Apple menu, choose System Settings, then Lock Screen (on macOS 12 and earlier: Users & "
            "Groups, then Login Options).",
            "Turn off \u201cShow password hints\u201d. An administrator's password may be needed.",
            "If your password hint says anything about the password, change the password in Users & Groups and "
            "leave the hint empty.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Lock-Screen-Settings.extension",
        more_info="https://support.apple.com/guide/mac-help/mh11784/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "RetriesUntilHint set by a management profile (/Library/Managed Preferences; the path other tools read, no real "
    "file recorded)",
    "RetriesUntilHint 0, hints off, as printed by defaults (made to the documented format: mSCP expects the integer "
    "0; a real Mac's 3 is recorded)",
    "The setting never changed (macOS's default is not documented: read as could not tell)",
)
