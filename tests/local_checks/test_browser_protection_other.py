"""browser-protection on Windows and macOS.

The profile files are the real ones Chromium 155 and Firefox ESR 153 wrote on Linux (the formats are the same on
every system), placed where Windows and macOS browsers keep them; that placement, and the policy values in the
registry and in managed property lists, are unverified: made to the documented formats (Chromium's policy list,
Microsoft's Edge policy SmartScreenEnabled), and listed in each module's UNVERIFIED. Edge's Local State switch is
made to the format seen in a public script's copy of Edge's Local State. Two registry policy files are real
(tests/fixtures/windows/browser-protection): Eric Lawrence's SSNoOverride.reg (Edge SmartScreenEnabled 1) and a
guide's .reg for Chrome (SafeBrowsingProtectionLevel 2); the values in the other tests are still made to the formats.
"""

import json
import plistlib

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.browser_protection import CHECK
from checks.local.browser_protection.macos import MANAGED
from tests.support import fixture, run_check

BP = "linux/browser-protection/"
LOCAL = r"C:\Users\alex\AppData\Local"
ROAMING = r"C:\Users\alex\AppData\Roaming"
ENV = {"LOCALAPPDATA": LOCAL, "APPDATA": ROAMING}
CHROME_WIN = rf"{LOCAL}\Google\Chrome\User Data"
EDGE_WIN = rf"{LOCAL}\Microsoft\Edge\User Data"
SUPPORT = "~/Library/Application Support"


def windows(root: str = CHROME_WIN, preferences: str = "chromium155-preferences-default.json",
            secure: str | None = None) -> RecordedHost:
    host = RecordedHost("windows", env=ENV)
    host.add_file(rf"{root}\Default\Preferences", fixture(BP + preferences))
    if secure:
        host.add_file(rf"{root}\Default\Secure Preferences", fixture(BP + secure))
    return host


def edge_local_state(enabled: bool) -> str:
    # unverified: made to the format of Edge's Local State as copied in a public script ("smartscreen": {...})
    return json.dumps({"smartscreen": {"enabled": enabled, "pua_protection_enabled": False}})


# -- Windows -------------------------------------------------------------------------------------------------------

def test_windows_chrome_default_passes() -> None:
    result = run_check(CHECK, windows())
    assert result.status is Status.PASS and "Google Chrome (Default profile)" in result.summary


def test_windows_secure_preferences_is_read_after_preferences() -> None:
    host = windows(secure="chromium155-preferences-safebrowsing-off.json")
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert any("in Secure Preferences" in e.seen for e in result.evidence)


def test_windows_all_site_extension_listed_from_secure_preferences() -> None:
    host = windows(secure="chromium155-preferences-all-sites-extension.json")
    result = run_check(CHECK, host)
    assert result.status is Status.PASS and "mfhppmhiachpmaakbpojheingfkmpaha" in result.summary


def test_windows_edge_smartscreen_off_in_local_state_fails() -> None:
    host = windows(root=EDGE_WIN)
    host.add_file(rf"{EDGE_WIN}\Local State", edge_local_state(False))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL and "Microsoft Edge (Default profile)" in result.summary
    assert any("SmartScreen off" in e.seen for e in result.evidence)


def test_windows_edge_without_local_state_passes_on_the_default() -> None:
    result = run_check(CHECK, windows(root=EDGE_WIN, preferences="chromium155-preferences-safebrowsing-off.json"))
    # Edge does not use Google's Safe Browsing switch: its protection is SmartScreen
    assert result.status is Status.PASS
    assert any("Edge's default" in e.seen for e in result.evidence)


def test_windows_edge_policy_off_wins_over_local_state() -> None:
    host = windows(root=EDGE_WIN)
    host.add_file(rf"{EDGE_WIN}\Local State", edge_local_state(True))
    host.add_registry_value(r"HKLM\SOFTWARE\Policies\Microsoft\Edge", "SmartScreenEnabled", "REG_DWORD", 0)
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert any("SmartScreenEnabled 0" in e.seen for e in result.evidence)


def test_windows_machine_policy_wins_over_user_policy() -> None:
    host = windows()
    host.add_registry_value(r"HKCU\SOFTWARE\Policies\Google\Chrome", "SafeBrowsingProtectionLevel", "REG_DWORD", 0)
    host.add_registry_value(r"HKLM\SOFTWARE\Policies\Google\Chrome", "SafeBrowsingProtectionLevel", "REG_DWORD", 2)
    result = run_check(CHECK, host)
    assert result.status is Status.PASS and "Enhanced protection, which is stronger" in result.summary


def test_windows_edge_smartscreen_forced_on_by_a_real_policy_file() -> None:
    host = windows(root=EDGE_WIN, preferences="chromium155-preferences-safebrowsing-off.json")
    host.add_registry(fixture("windows/browser-protection/edge-smartscreen-no-override-policies.reg"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS
    seen = {e.looked_at: e.seen for e in result.evidence}
    assert seen[r"HKLM\SOFTWARE\Policies\Microsoft\Edge"] == (
        r"switched on by a policy (SmartScreenEnabled 1, HKLM\SOFTWARE\Policies\Microsoft\Edge)")


def test_windows_chrome_enhanced_protection_from_a_real_policy_file() -> None:
    host = windows()
    host.add_registry(fixture("windows/browser-protection/chrome-enhanced-protection-blocklist-policies.reg"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS and "Enhanced protection, which is stronger" in result.summary
    assert any("SafeBrowsingProtectionLevel 2" in e.seen for e in result.evidence)


def test_windows_policy_key_refused_is_could_not_tell() -> None:
    host = windows()
    host.deny_registry(r"HKLM\SOFTWARE\Policies\Google\Chrome")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_windows_firefox_off_fails() -> None:
    host = RecordedHost("windows", env=ENV)
    root = rf"{ROAMING}\Mozilla\Firefox"
    host.add_file(rf"{root}\profiles.ini", "[Profile0]\nName=default\nIsRelative=1\nPath=Profiles/abc.default\n")
    host.add_file(rf"{root}\Profiles\abc.default\prefs.js", fixture(BP + "firefox153-prefs-after-user-js.js"))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL and "Firefox (abc.default profile)" in result.summary


# -- macOS -------------------------------------------------------------------------------------------------------

def mac(preferences: str = "chromium155-preferences-default.json") -> RecordedHost:
    host = RecordedHost("macos")
    host.add_file(f"{SUPPORT}/Google/Chrome/Default/Preferences", fixture(BP + preferences))
    return host


def test_macos_chrome_default_passes_and_off_fails() -> None:
    assert run_check(CHECK, mac()).status is Status.PASS
    result = run_check(CHECK, mac("chromium155-preferences-safebrowsing-off.json"))
    assert result.status is Status.FAIL and "Google Chrome (Default profile)" in result.summary


def test_macos_managed_policy_off_fails() -> None:
    host = mac()
    host.add_file(f"{MANAGED}/com.google.Chrome.plist", plistlib.dumps({"SafeBrowsingProtectionLevel": 0}))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert any("SafeBrowsingProtectionLevel 0" in e.seen for e in result.evidence)


def test_macos_per_user_policy_is_read_after_the_computer_one() -> None:
    host = mac()
    host.add_file(f"{MANAGED}/com.google.Chrome.plist", plistlib.dumps({"SafeBrowsingProtectionLevel": 0}))
    host.add_file(f"{MANAGED}/alex/com.google.Chrome.plist", plistlib.dumps({"SafeBrowsingProtectionLevel": 1}))
    assert run_check(CHECK, host).status is Status.PASS


def test_macos_damaged_policy_plist_is_could_not_tell() -> None:
    host = mac()
    host.add_file(f"{MANAGED}/com.google.Chrome.plist", b"<?xml version='1.0'?><plist><dict><key>")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_macos_firefox_folder_without_profiles_ini_is_could_not_tell() -> None:
    host = mac()
    host.add_dir(f"{SUPPORT}/Firefox/Profiles")
    result = run_check(CHECK, host)
    assert result.status is Status.UNKNOWN and "list of profiles is missing" in result.summary
