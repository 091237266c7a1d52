"""How browser-protection looks on Linux: every browser profile in this account, and the managed policies in /etc.

Profiles: checks.local.common.browser_profiles (native, snap and flatpak Chrome, Chromium, Edge, Brave, Vivaldi,
Opera, Firefox and LibreWolf). Policies: every JSON file in the browsers' managed policy folders, which any user can
read (Chromium's policy_paths.cc and docs/enterprise/policies.md: /etc/opt/chrome/policies/managed and
/etc/chromium/policies/managed; Edge's /etc/opt/edge/policies/managed; Brave's /etc/brave/policies/managed), and
Firefox's policies.json (/etc/firefox/policies, or the distribution folder beside Firefox).
"""

from __future__ import annotations

from auditor.check import CheckContext
from auditor.model import Finding, Fix
from checks.local.common.browser_profiles import LINUX_FOLDERS

from .fixes import MORE_INFO, STEPS

POLICY_FOLDERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Google Chrome", ("/etc/opt/chrome/policies/managed",)),
    ("Chromium", ("/etc/chromium/policies/managed", "/etc/chromium-browser/policies/managed")),
    ("Microsoft Edge", ("/etc/opt/edge/policies/managed",)),
    ("Brave", ("/etc/brave/policies/managed",)),
)
FIREFOX_POLICIES = ("/etc/firefox/policies/policies.json", "/usr/lib/firefox/distribution/policies.json",
                    "/usr/lib/firefox-esr/distribution/policies.json", "/usr/lib64/firefox/distribution/policies.json")


def probe(ctx: CheckContext) -> Finding:
    # Imported here, in the probe's own thread beside the slowest check, not on the main thread as the checks load.
    from .looking import Policies, look, verdict
    from .policies import chromium_policy_folders, firefox_policies_json

    host = ctx.host
    policies = Policies()
    policies.chromium = chromium_policy_folders(host, POLICY_FOLDERS, policies.evidence)
    policies.firefox = firefox_policies_json(host, FIREFOX_POLICIES, policies.evidence)
    return verdict(look(host, LINUX_FOLDERS, policies))


LOOKS_AT = (
    "Every Chrome, Chromium, Edge, Brave, Vivaldi, Opera, Firefox and LibreWolf profile in your account (including "
    "snap and flatpak browsers): whether Safe Browsing, Microsoft Defender SmartScreen or Firefox's \u201cBlock "
    "dangerous and deceptive content\u201d is on (Preferences, Edge's Local State, prefs.js and user.js), the managed "
    "policies in /etc/opt/chrome, /etc/chromium, /etc/opt/edge, /etc/brave and /etc/firefox, and which extensions "
    "can read every site you visit (their names, from the browser's own records)."
)

FIXES = {"linux": Fix(steps=STEPS, more_info=MORE_INFO)}

UNVERIFIED = (
    "Policies that turn protection off (SafeBrowsingProtectionLevel 0, SafeBrowsingEnabled false, Edge's "
    "SmartScreenEnabled, Firefox's Preferences policy): documented formats; only a real file setting Standard is "
    "recorded",
    "Edge's SmartScreen switch in Local State (seen in a public script's copy of Edge's file, not recorded)",
    "Vivaldi, Opera and Brave assumed to keep Chromium's Safe Browsing settings and default",
)
