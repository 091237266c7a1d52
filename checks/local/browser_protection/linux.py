"""How browser-protection looks on Linux: every browser profile in this account, and the managed policies in /etc.

Profiles: checks.local.common.browser_profiles (native, snap and flatpak Chrome, Chromium, Edge, Brave, Vivaldi,
Opera, Firefox and LibreWolf). Policies: every JSON file in the browsers' managed policy folders, which any user can
read (Chromium's policy_paths.cc and docs/enterprise/policies.md: /etc/opt/chrome/policies/managed and
/etc/chromium/policies/managed; Edge's /etc/opt/edge/policies/managed; Brave's /etc/brave/policies/managed), and
Firefox's policies.json (/etc/firefox/policies, or the distribution folder beside Firefox; for the Flatpak Firefox,
the one inside its app folder, which governs only its own profiles).
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
# The Flatpak Firefox runs from its own app folder (/app is the install's "files"), so the policies.json in its
# distribution folder governs only its profiles; a real setup script installs one there for the per-user install.
FLATPAK_FIREFOX_PROFILES = "~/.var/app/org.mozilla.firefox/"
FLATPAK_FIREFOX_POLICIES = tuple(
    f"{apps}/org.mozilla.firefox/current/active/files/lib/firefox/distribution/policies.json"
    for apps in ("~/.local/share/flatpak/app", "/var/lib/flatpak/app"))


def probe(ctx: CheckContext) -> Finding:
    # Imported here, in the probe's own thread beside the slowest check, not on the main thread as the checks load.
    from .looking import Policies, look, verdict
    from .policies import chromium_policy_folders, firefox_policies_json

    host = ctx.host
    policies = Policies()
    policies.chromium = chromium_policy_folders(host, POLICY_FOLDERS, policies.evidence)
    policies.firefox = firefox_policies_json(host, FIREFOX_POLICIES, policies.evidence)
    if any(host.exists(path) for path in FLATPAK_FIREFOX_POLICIES):
        flatpak = firefox_policies_json(host, FLATPAK_FIREFOX_POLICIES, policies.evidence)
        policies.firefox_installs = ((FLATPAK_FIREFOX_PROFILES, flatpak),)
    return verdict(look(host, LINUX_FOLDERS, policies))


LOOKS_AT = (
    "Every Chrome, Chromium, Edge, Brave, Vivaldi, Opera, Firefox and LibreWolf profile in your account (including "
    "snap and flatpak browsers): whether Safe Browsing, Microsoft Defender SmartScreen or Firefox's \u201cBlock "
    "dangerous and deceptive content\u201d is on (Preferences, Edge's Local State, prefs.js and user.js), the managed "
    "policies in /etc/opt/chrome, /etc/chromium, /etc/opt/edge, /etc/brave and /etc/firefox (and the Flatpak "
    "Firefox's own policies.json), and which extensions can read every site you visit (their names, from the "
    "browser's own records)."
)

FIXES = {"linux": Fix(steps=STEPS, more_info=MORE_INFO)}

UNVERIFIED = (
    "Edge's SmartScreenEnabled in a Linux policy file (seen only in Windows registry files)",
    "Edge's SmartScreen switched off in Local State (smartscreen.enabled false: real Local State files copied from "
    "Edge show the switch on only)",
    "Opera and Brave assumed to keep Chromium's Safe Browsing switch in their Preferences (seen for Vivaldi)",
    "The Flatpak Firefox reading the policies.json inside its app folder (where a real setup script puts it)",
)
