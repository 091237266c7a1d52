"""How airdrop-receiving looks on macOS: who AirDrop lets find this Mac, read from the user's own settings.

``defaults read com.apple.sharingd DiscoverableMode`` holds the choice made in Finder, Control Center or General >
AirDrop & Handoff. Its values are the strings "Off" (No One), "Contacts Only" and "Everyone" (the ProfileManifests
manifest for com.apple.sharingd; Kevin M. Cox, "Managing AirDrop Discoverability Options", 2022). When the key was
never written, AirDrop uses its default, Contacts Only (ParetoSecurity/pareto-mac#120: Macs on the default were
wrongly flagged until the missing key was read as Contacts Only).

Newer macOS offers "Everyone for 10 Minutes" and then returns to Contacts Only on its own. How that choice is
stored could not be confirmed: "Everyone" is a fail whenever it is seen, because it is open to strangers at that
moment; any value not listed above is "could not tell".

The setting belongs to the signed-in person, so it must be read as that person: run as root (sudo), ``defaults``
would read root's own settings instead, and the answer is "could not tell".
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos_prefs import read_pref

DOMAIN = "com.apple.sharingd"
KEY = "DiscoverableMode"
VALUES = {"everyone": "Everyone", "contacts only": "Contacts Only", "off": "Off"}


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    looked_at = f"defaults read {DOMAIN} {KEY}"
    user = host.user()
    if user.uid == 0 or user.name == "root":
        return finding(Status.UNKNOWN, "Could not tell: Homeguard is running as the system administrator (root), "
                       "so it would read root's AirDrop setting, not yours. Run it from your own account.",
                       [Evidence("account", user.name or "root")])
    answer = read_pref(host, DOMAIN, KEY)
    if answer.problem:
        return finding(Status.UNKNOWN, f"Could not tell who can send files with AirDrop: {answer.problem}.",
                       [Evidence(looked_at, answer.problem)])
    if not answer.is_set:
        return finding(Status.PASS, "AirDrop uses its standard setting, Contacts Only: strangers nearby cannot "
                       "send you files.", [Evidence(looked_at, "not set (the default, Contacts Only, applies)")])
    value = VALUES.get((answer.value or "").strip().lower())
    evidence = [Evidence(looked_at, answer.value or "")]
    if value == "Everyone":
        return finding(Status.FAIL, "AirDrop is open to everyone: any stranger nearby can send pictures to this "
                       "Mac. Choose Contacts Only or Off.", evidence)
    if value == "Contacts Only":
        return finding(Status.PASS, "AirDrop is set to Contacts Only: strangers nearby cannot send you files.",
                       evidence)
    if value == "Off":
        return finding(Status.PASS, "AirDrop receiving is off.", evidence)
    return finding(Status.UNKNOWN, f"Could not tell: AirDrop's setting has a value Homeguard does not know "
                   f"(\u201c{answer.value}\u201d).", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Your AirDrop setting \u201cAllow me to be discovered by\u201d (`defaults read com.apple.sharingd "
    "DiscoverableMode`): Everyone, Contacts Only or No One. Read as you; no administrator rights are needed."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open Control Center (the switches icon in the menu bar), click AirDrop, and choose Contacts Only, or "
            "turn AirDrop off.",
            "Or open System Settings, click General, then AirDrop & Handoff, and set AirDrop to Contacts Only.",
            "Or, in a Finder window, click AirDrop in the sidebar and set \u201cAllow me to be discovered by\u201d to "
            "Contacts Only or No One.",
            "If you ever switch to Everyone to receive something, switch back as soon as it has arrived.",
        ),
        settings_url="x-apple.systempreferences:com.apple.AirDrop-Handoff-Settings.extension",
        more_info="https://support.apple.com/guide/mac-help/mh35868/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "All three DiscoverableMode values (documented, not recorded)",
    "How “Everyone for 10 Minutes” is stored",
)
