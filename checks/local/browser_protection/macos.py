"""How browser-protection looks on macOS: every browser profile in this account, and the managed policies.

Profiles: checks.local.common.browser_profiles (Chrome, Edge, Brave, Vivaldi, Opera and Chromium under
~/Library/Application Support, reading Preferences and Secure Preferences; Firefox's profiles.ini). Policies: the
managed preference files a management profile installs, readable without admin rights (/Library/Managed
Preferences/<domain>.plist and /Library/Managed Preferences/<user>/<domain>.plist, where Chrome's and Edge's
documentation say policies set by a configuration profile land), and Firefox's policies.json in its app bundle.
"""

from __future__ import annotations

from auditor.check import CheckContext
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix
from checks.local.common.browser_profiles import MACOS_FOLDERS
from checks.local.common.macos import read_plist

from .fixes import MORE_INFO, STEPS
from .looking import Policies, look, verdict
from .policies import firefox_policies_json, refused, take_policy
from .prefs import Protection

MANAGED = "/Library/Managed Preferences"
POLICY_DOMAINS = (
    ("Google Chrome", "com.google.Chrome"),
    ("Microsoft Edge", "com.microsoft.Edge"),
    ("Brave", "com.brave.Browser"),
    ("Chromium", "org.chromium.Chromium"),
)
FIREFOX_POLICIES = ("/Applications/Firefox.app/Contents/Resources/distribution/policies.json",)


def _managed_policies(host: Host, evidence: list[Evidence]) -> dict[str, Protection]:
    forced: dict[str, Protection] = {}
    user = host.user().name
    for browser, domain in POLICY_DOMAINS:
        paths = [f"{MANAGED}/{domain}.plist"] + ([f"{MANAGED}/{user}/{domain}.plist"] if user else [])
        for path in paths:  # the per-user file wins, as it is read last
            try:
                plist = read_plist(host, path)
            except AccessDenied:
                refused(forced, evidence, browser, path, f"Homeguard was not allowed to read {path}")
                continue
            if plist.problem:
                forced[browser] = Protection("unknown", plist.problem)
                evidence.append(Evidence(path, plist.problem))
            elif plist.data is not None:
                take_policy(forced, evidence, browser, plist.data, path)
    return forced


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    policies = Policies()
    policies.chromium = _managed_policies(host, policies.evidence)
    policies.firefox = firefox_policies_json(host, FIREFOX_POLICIES, policies.evidence)
    return verdict(look(host, MACOS_FOLDERS, policies))


LOOKS_AT = (
    "Every Chrome, Edge, Brave, Vivaldi, Opera, Chromium and Firefox profile in your account: whether Safe Browsing, "
    "Microsoft Defender SmartScreen or Firefox's \u201cBlock dangerous and deceptive content\u201d is on "
    "(Preferences and Secure Preferences, Edge's Local State, prefs.js and user.js), the browser policies a "
    "management profile installed (/Library/Managed Preferences) and Firefox's policies.json, and which extensions "
    "can read every site you visit. Safari is not looked at: its fraudulent website warning is on unless turned off "
    "in Safari's settings, which Homeguard cannot read without Full Disk Access."
)

FIXES = {"macos": Fix(steps=STEPS, more_info=MORE_INFO)}

UNVERIFIED = (
    "Browser profile files in macOS's folders (the same files were seen from Linux and Windows), and Secure "
    "Preferences holding the Safe Browsing switch",
    "A managed property list that turns protection off, or one an MDM installed (only a script-written one setting "
    "Standard was seen)",
    "Edge's SmartScreen switched off in Local State (smartscreen.enabled false: real Local State files copied from "
    "Edge show the switch on only)",
)
