"""How browser-protection looks on Windows: every browser profile in this account, and the policies in the registry.

Profiles: checks.local.common.browser_profiles (%LOCALAPPDATA% and %APPDATA%, reading Preferences and Secure
Preferences, Edge's Local State, Firefox's profiles.ini). Policies, readable without admin rights: the browsers'
Group Policy keys under HKLM and HKCU\\SOFTWARE\\Policies (Google\\Chrome, Microsoft\\Edge, BraveSoftware\\Brave,
Chromium; the computer's policy wins), and Firefox's policies.json beside firefox.exe.

Edge's SmartScreen as the person set it: besides Local State, Windows keeps each user's switch as the default value
of HKCU\\Software\\Microsoft\\Edge\\SmartScreenEnabled, a DWORD, 1 on and 0 off. That is the value public .reg files
label "App & browser control > Reputation-based protection > SmartScreen for Microsoft Edge" (Windows Security's
switch) and that setup scripts and Windows answer files (autounattend.xml, for every new user) write to turn it
off; a policy under SOFTWARE\\Policies\\Microsoft\\Edge wins over it (Microsoft's SmartScreenEnabled policy: once
set, users cannot change it). Microsoft documents the policy, not this value, so it is listed in UNVERIFIED.
"""

from __future__ import annotations

from auditor.check import CheckContext
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix
from checks.local.common.browser_profiles import windows_folders

from .fixes import MORE_INFO, STEPS
from .looking import Policies, look, verdict
from .policies import firefox_policies_json, refused, take_policy
from .prefs import OFF, ON, UNKNOWN, Protection

POLICY_KEYS = (
    ("Google Chrome", r"Google\Chrome"),
    ("Microsoft Edge", r"Microsoft\Edge"),
    ("Brave", r"BraveSoftware\Brave"),
    ("Chromium", "Chromium"),
)
EDGE_CHOICE_KEY = r"HKCU\Software\Microsoft\Edge\SmartScreenEnabled"
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


def edge_choice(host: Host, evidence: list[Evidence]) -> Protection | None:
    """The person's own Edge SmartScreen switch in the registry, or None when it is not set (then Local State and
    Edge's default decide). A key Windows will not let Homeguard read is "could not tell"."""
    try:
        values = host.registry_values(EDGE_CHOICE_KEY)
    except AccessDenied:
        evidence.append(Evidence(EDGE_CHOICE_KEY, "reading was refused"))
        return Protection(UNKNOWN, f"Windows did not let Homeguard read {EDGE_CHOICE_KEY}")
    value = (values or {}).get("")  # the key's default value; a value *named* "(Default)" is another thing
    if value is None:
        return None
    number = value.as_int() if value.type == "REG_DWORD" else None
    if number == 0:
        found = Protection(OFF, f"switched off in Windows ({EDGE_CHOICE_KEY} is 0: SmartScreen for Microsoft Edge "
                           "off)")
    elif number == 1:
        found = Protection(ON, f"{EDGE_CHOICE_KEY} is 1 (SmartScreen for Microsoft Edge on)")
    else:
        found = Protection(UNKNOWN, f"{EDGE_CHOICE_KEY} holds {value.type} {value.as_text()!r}, a value Homeguard "
                           "does not know")
    evidence.append(Evidence(EDGE_CHOICE_KEY, found.how))
    return found


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    policies = Policies()
    policies.chromium = _registry_policies(host, policies.evidence)
    policies.firefox = firefox_policies_json(host, FIREFOX_POLICIES, policies.evidence)
    choice = edge_choice(host, policies.evidence)
    return verdict(look(host, windows_folders(host), policies, edge_choice=choice))


LOOKS_AT = (
    "Every Chrome, Edge, Brave, Vivaldi, Chromium, Opera and Firefox profile in your account: whether Safe Browsing, "
    "Microsoft Defender SmartScreen or Firefox's \u201cBlock dangerous and deceptive content\u201d is on "
    "(Preferences and Secure Preferences, Edge's Local State and your SmartScreen switch for Edge in the registry, "
    "HKCU\\Software\\Microsoft\\Edge\\SmartScreenEnabled, prefs.js and user.js), the browser policies in the "
    "registry (HKLM and HKCU\\SOFTWARE\\Policies) and Firefox's policies.json, and which extensions can read every "
    "site you visit."
)

WINDOWS_STEP = (
    "On Windows, Edge's switch is also in Windows Security: App & browser control, Reputation-based protection "
    "settings, \u201cSmartScreen for Microsoft Edge\u201d. Switch it on there if it is off."
)
FIXES = {"windows": Fix(steps=(*STEPS[:2], WINDOWS_STEP, *STEPS[2:]), more_info=MORE_INFO)}

UNVERIFIED = (
    "Secure Preferences holding the Safe Browsing switch (only an extension's record in it was seen)",
    "Chrome's SafeBrowsingProtectionLevel 1 (Standard) in the registry (real policy files seen set 0 and 2; Edge's "
    "SmartScreenEnabled seen set 0 and 1)",
    "Edge's SmartScreen switched off in Local State (smartscreen.enabled false: real Local State files copied from "
    "Edge show the switch on only)",
    "Edge following the person's registry switch (HKCU\\Software\\Microsoft\\Edge\\SmartScreenEnabled): public .reg "
    "files and scripts set it to 0, none was seen set to 1, and no source says which of it and Local State Edge "
    "follows when they disagree (off in either counts as off)",
)
