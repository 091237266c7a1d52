"""browser-protection on policy files and profile records people really deployed (fixtures/linux/browser-protection/
SOURCES.toml): managed policies that turn protection off on Linux, Windows and macOS, a Vivaldi profile with Safe
Browsing off, Edge's own Local State, and the record Chrome keeps for an extension added without the browser.

The Chromium and Firefox profiles the policies are tested against are the recordings made on the development
machine (test_browser_protection.py); where a file is placed somewhere other than where its source put it, the test
says so.
"""

import json
from collections.abc import Sequence

from auditor.model import Evidence, Status
from auditor.recorded import RecordedHost
from checks.local.browser_protection import CHECK
from checks.local.browser_protection.macos import MANAGED
from checks.local.browser_protection.prefs import firefox_policy_prefs
from tests.support import fixture, fixture_bytes, run_check

BP = "linux/browser-protection/"
DEFAULT_PREFS = BP + "chromium155-preferences-default.json"
FRESH_PREFS_JS = BP + "firefox153-prefs-fresh.js"
CHROMIUM_POLICY = BP + "chromium-policy-telemetry-off.json"
ALL_SITES_ID = "eljagiodakpnjbaceijefgmidmpmfimg"  # the extension in the Secure Preferences record


def chromium_profile(host: RecordedHost, root: str, preferences: str = DEFAULT_PREFS, sep: str = "/") -> RecordedHost:
    host.add_file(sep.join((root, "Default", "Preferences")), fixture(preferences))
    return host


def firefox_profile(host: RecordedHost, root: str, user_js: str | None = None) -> RecordedHost:
    host.add_file(f"{root}/profiles.ini", "[Profile0]\nName=default\nIsRelative=1\nPath=abc.default\n")
    host.add_file(f"{root}/abc.default/prefs.js", fixture(FRESH_PREFS_JS))
    if user_js is not None:
        host.add_file(f"{root}/abc.default/user.js", user_js)
    return host


def seen(result_evidence: Sequence[Evidence], text: str) -> bool:
    return any(text in e.seen for e in result_evidence)


# -- Linux: managed policy folders -----------------------------------------------------------------------------

def test_a_real_chromium_policy_setting_no_protection_fails_the_chromium_profile() -> None:
    host = chromium_profile(RecordedHost("linux"), "~/.config/chromium")
    host.add_file("/etc/chromium/policies/managed/telemetry-off.json", fixture(CHROMIUM_POLICY))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert "switched off in Chromium (Default profile)" in result.summary
    assert seen(result.evidence, "No protection (SafeBrowsingProtectionLevel 0, /etc/chromium/policies/managed")


def test_chromiums_policy_folder_does_not_govern_google_chrome() -> None:
    host = chromium_profile(RecordedHost("linux"), "~/.config/google-chrome")
    host.add_file("/etc/chromium/policies/managed/telemetry-off.json", fixture(CHROMIUM_POLICY))
    assert run_check(CHECK, host).status is Status.PASS


def test_a_real_brave_policy_with_the_older_switch_off_fails_brave() -> None:
    host = chromium_profile(RecordedHost("linux"), "~/.config/BraveSoftware/Brave-Browser")
    host.add_file("/etc/brave/policies/managed/policy.json", fixture(BP + "brave-policy-debloat.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL and "Brave (Default profile)" in result.summary
    assert seen(result.evidence, "switched off by a policy (SafeBrowsingEnabled false")


def test_a_real_locked_firefox_policy_fails_even_when_user_js_turns_it_back_on() -> None:
    back_on = ('user_pref("browser.safebrowsing.malware.enabled", true);\n'
               'user_pref("browser.safebrowsing.phishing.enabled", true);\n')
    host = firefox_profile(RecordedHost("linux"), "~/.mozilla/firefox", user_js=back_on)
    host.add_file("/etc/firefox/policies/policies.json", fixture(BP + "firefox-policies-no-egress.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL and "Firefox (abc.default profile)" in result.summary
    assert seen(result.evidence, "phishing off (a policy (locked))")
    assert seen(result.evidence, "malware off (a policy (locked))")


def test_a_real_default_status_policy_turns_a_new_profile_off_but_the_persons_choice_wins() -> None:
    policies = json.loads(fixture(BP + "firefox-policies-flatpak-default-status.json"))
    assert firefox_policy_prefs(policies)["browser.safebrowsing.phishing.enabled"] == (False, "default")
    root = "~/.var/app/org.mozilla.firefox/config/mozilla/firefox"  # where the same script keeps profiles.ini
    policy_path = ("~/.local/share/flatpak/app/org.mozilla.firefox/current/active/files/lib/firefox/distribution/"
                   "policies.json")  # where the script writes the policy
    host = firefox_profile(RecordedHost("linux"), root)
    host.add_file(policy_path, fixture(BP + "firefox-policies-flatpak-default-status.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert seen(result.evidence, "phishing off (a policy (default))")
    # unverified: the person ticking the box again is written as Firefox writes a changed pref (user_pref lines)
    back_on = ('user_pref("browser.safebrowsing.malware.enabled", true);\n'
               'user_pref("browser.safebrowsing.phishing.enabled", true);\n')
    host.add_file(f"{root}/abc.default/prefs.js", back_on)
    assert run_check(CHECK, host).status is Status.PASS


def test_the_flatpak_firefoxs_own_policy_does_not_govern_the_native_firefox() -> None:
    host = firefox_profile(RecordedHost("linux"), "~/.mozilla/firefox")
    host.add_file("~/.local/share/flatpak/app/org.mozilla.firefox/current/active/files/lib/firefox/distribution/"
                  "policies.json", fixture(BP + "firefox-policies-flatpak-default-status.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS and seen(result.evidence, "Firefox's default")


# -- Linux: profile files of other Chromium-family browsers --------------------------------------------------------

def test_a_real_vivaldi_profile_keeps_chromiums_switch_and_fails_when_it_is_off() -> None:
    vivaldi = BP + "vivaldi-preferences-safebrowsing-off.json"
    host = chromium_profile(RecordedHost("linux"), "~/.config/vivaldi", vivaldi)
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL and "Vivaldi (Default profile)" in result.summary
    assert seen(result.evidence, "safebrowsing.enabled is false in Preferences")


def test_edges_real_local_state_with_smartscreen_on_passes() -> None:
    host = chromium_profile(RecordedHost("linux"), "~/.config/microsoft-edge")
    host.add_file("~/.config/microsoft-edge/Local State", fixture(BP + "edge-local-state-smartscreen-on.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS and "Microsoft Edge (Default profile)" in result.summary
    assert seen(result.evidence, "smartscreen.enabled is true in Local State")


# -- Windows: policies as regedit files write them -----------------------------------------------------------------

LOCAL = r"C:\Users\alex\AppData\Local"
ENV = {"LOCALAPPDATA": LOCAL, "APPDATA": r"C:\Users\alex\AppData\Roaming"}
EDGE_WIN = rf"{LOCAL}\Microsoft\Edge\User Data"
CHROME_WIN = rf"{LOCAL}\Google\Chrome\User Data"


def windows(root: str) -> RecordedHost:
    return chromium_profile(RecordedHost("windows", env=ENV), root, sep="\\")


def test_a_real_edge_policy_turning_smartscreen_off_wins_over_edges_own_switch() -> None:
    host = windows(EDGE_WIN)
    host.add_file(rf"{EDGE_WIN}\Local State", fixture(BP + "edge-local-state-smartscreen-on.json"))
    host.add_registry(fixture(BP + "edge-policies-hklm-debloat.reg"))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL and "Microsoft Edge (Default profile)" in result.summary
    assert seen(result.evidence, r"SmartScreenEnabled 0, HKLM\SOFTWARE\Policies\Microsoft\Edge")


def test_a_real_per_user_policy_file_turns_off_chrome_and_edge() -> None:
    host = windows(CHROME_WIN)
    chromium_profile(host, EDGE_WIN, sep="\\")
    host.add_registry(fixture(BP + "browser-policies-hkcu.reg"))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert "Google Chrome (Default profile) and Microsoft Edge (Default profile)" in result.summary
    assert seen(result.evidence, r"SafeBrowsingProtectionLevel 0, HKCU\SOFTWARE\Policies\Google\Chrome")


def test_an_extension_added_without_the_browser_is_listed_from_secure_preferences() -> None:
    host = windows(CHROME_WIN)
    host.add_file(rf"{CHROME_WIN}\Default\Secure Preferences",
                  fixture(BP + "chrome-secure-preferences-sideloaded-extension-entry.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS  # the protection is on; the extension is named for the person to judge
    assert f"1 extension can read every site you visit: {ALL_SITES_ID}." in result.summary


# -- macOS: a managed property list ------------------------------------------------------------------------------

def test_a_real_managed_brave_plist_setting_standard_wins_over_the_profile() -> None:
    host = chromium_profile(RecordedHost("macos"), "~/Library/Application Support/BraveSoftware/Brave-Browser",
                            BP + "chromium155-preferences-safebrowsing-off.json")
    host.add_file(f"{MANAGED}/com.brave.Browser.plist", fixture_bytes(BP + "brave-macos-managed-hardening.plist"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS and "Brave (Default profile)" in result.summary
    assert seen(result.evidence, "Standard protection (SafeBrowsingProtectionLevel 1, /Library/Managed Preferences")


def test_the_same_profile_without_the_policy_fails() -> None:
    host = chromium_profile(RecordedHost("macos"), "~/Library/Application Support/BraveSoftware/Brave-Browser",
                            BP + "chromium155-preferences-safebrowsing-off.json")
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert seen(result.evidence, "protection OFF: safebrowsing.enabled is false")
