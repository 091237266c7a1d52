"""How browser-protection looks on Windows: every browser profile in this account, and the policies in the registry.

Profiles: checks.local.common.browser_profiles (%LOCALAPPDATA% and %APPDATA%, reading Preferences and Secure
Preferences, Edge's Local State, Firefox's profiles.ini). Policies, readable without admin rights: the browsers'
Group Policy keys under HKLM and HKCU\\SOFTWARE\\Policies (Google\\Chrome, Microsoft\\Edge, BraveSoftware\\Brave,
Chromium; the computer's policy wins), and Firefox's policies.json beside firefox.exe.
"""

from __future__ import annotations

from auditor.check import CheckContext
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix
from checks.local.common.browser_profiles import windows_folders

from .fixes import MORE_INFO, STEPS
from .looking import Policies, look, verdict
from .policies import firefox_policies_json, refused, take_policy
from .prefs import Protection

POLICY_KEYS = (
    ("Google Chrome", r"Google\Chrome"),
    ("Microsoft Edge", r"Microsoft\Edge"),
    ("Brave", r"BraveSoftware\Brave"),
    ("Chromium", "Chromium"),
)
FIREFOX_POLICIES = (r"C:\Program Files\Mozilla Firefox\distribution\policies.json",
                    r"C:\Program Files (x86)\Mozilla Firefox\distribution\policies.json")


def _registry_policies(host: Host, evidence: list[Evidence]) -> dict[str, Protection]:
    forced: dict[str, Protection] = {}
    for browser, key in POLICY_KEYS:
        for hive in ("HKCU", "HKLM"):  # the computer's policy is read last, so it wins
            path = rf"{hive}\SOFTWARE\Policies\{key}"
            try:
                values = host.registry_values(path)
            except AccessDenied:
                refused(forced, evidence, browser, path, f"Windows did not let Homeguard read {path}")
                continue
            if values is not None:
                take_policy(forced, evidence, browser, {name: value.data for name, value in values.items()}, path)
    return forced


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    policies = Policies()
    policies.chromium = _registry_policies(host, policies.evidence)
    policies.firefox = firefox_policies_json(host, FIREFOX_POLICIES, policies.evidence)
    return verdict(look(host, windows_folders(host), policies))


LOOKS_AT = (
    "Every Chrome, Edge, Brave, Vivaldi, Chromium, Opera and Firefox profile in your account: whether Safe Browsing, "
    "Microsoft Defender SmartScreen or Firefox's \u201cBlock dangerous and deceptive content\u201d is on "
    "(Preferences and Secure Preferences, Edge's Local State, prefs.js and user.js), the browser policies in the "
    "registry (HKLM and HKCU\\SOFTWARE\\Policies) and Firefox's policies.json, and which extensions can read every "
    "site you visit."
)

FIXES = {"windows": Fix(steps=STEPS, more_info=MORE_INFO)}

UNVERIFIED = (
    "Secure Preferences holding the Safe Browsing switch (only an extension's record in it was seen)",
    "Chrome's SafeBrowsingProtectionLevel 1 (Standard) in the registry (real policy files seen set 0 and 2; Edge's "
    "SmartScreenEnabled seen set 0 and 1)",
    "Edge's SmartScreen switched off in Local State (smartscreen.enabled false: real Local State files copied from "
    "Edge show the switch on only)",
)
