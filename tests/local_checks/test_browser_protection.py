"""browser-protection on Linux, and the readers every system shares.

The Preferences and prefs.js files are the real ones Chromium 155 and Firefox ESR 153 wrote on the development
machine, with their settings changed through the browsers' own settings APIs (fixtures/linux/browser-protection/
SOURCES.toml); the older Chromium 150 / Firefox 140 files and KeePassXC's extensions.json are the password-manager
recordings (fixtures/linux/browsers/). Inputs labelled "unverified: made to the documented format of ..." were
written for the test and are listed in the check's UNVERIFIED.
"""

import json

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.browser_protection import CHECK, SPEC
from checks.local.browser_protection.extensions import ExtensionFolders, reads_every_site
from checks.local.browser_protection.linux import POLICY_FOLDERS
from checks.local.browser_protection.looking import Policies, look, verdict
from checks.local.browser_protection.prefs import (
    OFF,
    ON,
    UNKNOWN,
    chromium_safe_browsing,
    firefox_protection,
    firefox_user_prefs,
)
from checks.local.common.browser_profiles import LINUX_FOLDERS
from tests.support import fixture, run_check

BP = "linux/browser-protection/"
BR = "linux/browsers/"
CHROMIUM = "~/.config/chromium"
CHROME = "~/.config/google-chrome"
FIREFOX = "~/.mozilla/firefox"
PAGE_READER = "mfhppmhiachpmaakbpojheingfkmpaha"  # the stand-in extension with <all_urls>


def chromium(preferences: str, *, root: str = CHROMIUM, profile: str = "Default",
             host: RecordedHost | None = None) -> RecordedHost:
    host = host or RecordedHost("linux")
    host.add_file(f"{root}/{profile}/Preferences", fixture(BP + preferences) if "/" not in preferences
                  else fixture(preferences))
    return host


def firefox(prefs_js: str | None, *, user_js: str | None = None, extensions: str | None = None,
            host: RecordedHost | None = None, root: str = FIREFOX) -> RecordedHost:
    host = host or RecordedHost("linux")
    host.add_file(f"{root}/profiles.ini", "[Profile0]\nName=default\nIsRelative=1\nPath=abc.default\n")
    host.add_dir(f"{root}/abc.default")
    if prefs_js is not None:
        host.add_file(f"{root}/abc.default/prefs.js", fixture(prefs_js))
    if user_js is not None:
        host.add_file(f"{root}/abc.default/user.js", user_js)
    if extensions is not None:
        host.add_file(f"{root}/abc.default/extensions.json", fixture(extensions))
    return host


def add_page_reader(host: RecordedHost) -> RecordedHost:
    """The stand-in extension's own files, where the recorded Preferences say it was loaded from."""
    host.add_file("/tmp/bp/ext-all/manifest.json", fixture(BP + "stand-in-extension-manifest.json"))
    host.add_file("/tmp/bp/ext-all/_locales/en/messages.json", fixture(BP + "stand-in-extension-messages.json"))
    return host


# -- Chromium's Safe Browsing ------------------------------------------------------------------------------------

def test_spec_is_the_same_check_everywhere() -> None:
    assert SPEC.id == "browser-protection" and SPEC.strategy == "phishing"
    assert set(SPEC.platforms) == {"linux", "macos", "windows"}
    for system in ("linux", "macos", "windows"):
        fix = SPEC.fixes[system]
        assert fix.settings_url is None and any("Settings" in step for step in fix.steps)


def test_a_new_profile_has_no_key_and_passes_on_chromiums_default() -> None:
    result = run_check(CHECK, chromium("chromium155-preferences-default.json"))
    assert result.status is Status.PASS
    assert "Chromium (Default profile)" in result.summary
    assert any("Chromium's default" in e.seen for e in result.evidence)


def test_an_older_chromium_profile_without_the_key_passes_too() -> None:
    assert run_check(CHECK, chromium(BR + "chromium150-preferences-fresh.json")).status is Status.PASS


def test_no_protection_fails_and_names_the_browser_and_profile() -> None:
    result = run_check(CHECK, chromium("chromium155-preferences-safebrowsing-off.json"))
    assert result.status is Status.FAIL
    assert "switched off in Chromium (Default profile)" in result.summary
    assert any("safebrowsing.enabled is false" in e.seen for e in result.evidence)


def test_enhanced_protection_passes_and_is_named_as_stronger() -> None:
    result = run_check(CHECK, chromium("chromium155-preferences-enhanced.json"))
    assert result.status is Status.PASS
    assert "Enhanced protection, which is stronger, is on in Chromium (Default profile)" in result.summary


def test_standard_protection_is_a_pass_that_mentions_enhanced() -> None:
    result = run_check(CHECK, chromium("chromium155-preferences-default.json"))
    assert "Enhanced protection would be stronger still" in result.summary


def test_one_profile_off_among_several_fails_naming_only_that_one() -> None:
    host = chromium("chromium155-preferences-default.json", root=CHROME)
    chromium("chromium155-preferences-safebrowsing-off.json", root=CHROME, profile="Profile 2", host=host)
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert "Google Chrome (Profile 2 profile)" in result.summary and "(Default profile)" not in result.summary


def test_later_preference_file_wins_and_a_damaged_later_file_leaves_it_unknown() -> None:
    off = json.loads(fixture(BP + "chromium155-preferences-safebrowsing-off.json"))
    enhanced = json.loads(fixture(BP + "chromium155-preferences-enhanced.json"))
    assert chromium_safe_browsing([("Preferences", off), ("Secure Preferences", enhanced)]).state == OFF
    assert chromium_safe_browsing([("Preferences", off), ("Secure Preferences", None)]).state == UNKNOWN
    assert chromium_safe_browsing([("Preferences", None), ("Secure Preferences", off)]).state == OFF


def test_a_damaged_preferences_file_is_could_not_tell_with_the_reason() -> None:
    text = fixture(BP + "chromium155-preferences-default.json")
    host = RecordedHost("linux").add_file(f"{CHROMIUM}/Default/Preferences", text[: len(text) // 2])
    result = run_check(CHECK, host)
    assert result.status is Status.UNKNOWN
    assert "damaged or cut short" in result.summary


def test_a_damaged_profile_beside_a_good_one_never_passes() -> None:
    host = chromium("chromium155-preferences-default.json", root=CHROME)
    host.add_file(f"{CHROMIUM}/Default/Preferences", "{\"safebrowsing\": {")
    result = run_check(CHECK, host)
    assert result.status is Status.UNKNOWN
    assert "It is on in Google Chrome (Default profile)" in result.summary


def test_an_oversize_preferences_file_is_not_read() -> None:
    host = chromium("chromium155-preferences-safebrowsing-off.json")
    seen = look(host, LINUX_FOLDERS, Policies(), limit=4096)
    assert seen.profiles[0][1].state == UNKNOWN and "larger than" in seen.profiles[0][1].how
    assert verdict(seen).status is Status.UNKNOWN


def test_an_unreadable_profile_is_could_not_tell() -> None:
    host = chromium("chromium155-preferences-default.json")
    host.deny(f"{CHROMIUM}/Default/Preferences")
    result = run_check(CHECK, host)
    assert result.status is Status.UNKNOWN and "not allowed" in result.summary


def test_no_browser_is_not_applicable() -> None:
    result = run_check(CHECK, RecordedHost("linux"))
    assert result.status is Status.NOT_APPLICABLE


# -- policies ----------------------------------------------------------------------------------------------------

def test_a_real_policy_that_sets_standard_protection_wins_over_the_profile() -> None:
    host = chromium("chromium155-preferences-safebrowsing-off.json")
    host.add_file("/etc/chromium/policies/managed/brace.json", fixture(BP + "brace-chromium-policy-excerpt.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS
    assert any("SafeBrowsingProtectionLevel 1" in e.seen for e in result.evidence)


def test_a_real_policy_file_without_safe_browsing_changes_nothing() -> None:
    host = chromium("chromium155-preferences-default.json", root="~/.config/BraveSoftware/Brave-Browser")
    host.add_file("/etc/brave/policies/managed/p.json", fixture(BP + "p2ndemic-brave-policies.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS
    assert any(e.seen == "sets no Safe Browsing policy" for e in result.evidence)


@pytest.mark.parametrize("policy", ['{"SafeBrowsingProtectionLevel": 0}', '{"SafeBrowsingEnabled": false}'])
def test_a_policy_that_turns_protection_off_fails(policy: str) -> None:
    # unverified: made to the documented format of Chromium's SafeBrowsingProtectionLevel.yaml / policy_paths.cc
    host = chromium("chromium155-preferences-default.json", root=CHROME)
    host.add_file("/etc/opt/chrome/policies/managed/school.json", policy)
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL and "Google Chrome (Default profile)" in result.summary
    assert any("policy" in e.seen for e in result.evidence)


def test_a_damaged_policy_file_is_could_not_tell() -> None:
    host = chromium("chromium155-preferences-default.json", root=CHROME)
    host.add_file("/etc/opt/chrome/policies/managed/broken.json", '{"SafeBrowsingProtectionLevel": ')
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_every_linux_policy_folder_is_under_etc() -> None:
    assert all(folder.startswith("/etc/") for _, folders in POLICY_FOLDERS for folder in folders)


# -- extensions that can read every site ------------------------------------------------------------------------

def test_an_all_site_extension_is_named_from_its_locale_messages() -> None:
    host = add_page_reader(chromium("chromium155-preferences-all-sites-extension.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS
    assert "1 extension can read every site you visit: Page Reader (Homeguard stand-in)." in result.summary
    assert "One Site Helper" not in result.summary  # https://example.org/* only


def test_an_all_site_extension_without_its_folder_is_named_by_its_id() -> None:
    result = run_check(CHECK, chromium("chromium155-preferences-all-sites-extension.json"))
    assert f"read every site you visit: {PAGE_READER}." in result.summary


def test_on_click_site_access_and_a_turned_off_extension_are_not_listed() -> None:
    host = add_page_reader(chromium("chromium155-preferences-on-click-and-turned-off.json"))
    result = run_check(CHECK, host)
    assert result.status is Status.PASS and "No extension can read every site" in result.summary


def test_many_all_site_extensions_still_pass_and_are_all_listed() -> None:
    host = add_page_reader(chromium("chromium155-preferences-all-sites-extension.json"))
    firefox(BP + "firefox153-prefs-fresh.js", extensions=BR + "firefox140-extensions-keepassxc-on.json", host=host)
    result = run_check(CHECK, host)
    assert result.status is Status.PASS
    assert ("2 extensions can read every site you visit: Page Reader (Homeguard stand-in) and KeePassXC-Browser."
            in result.summary)


def test_reads_every_site_follows_what_chromium_granted() -> None:
    data = json.loads(fixture(BP + "chromium155-preferences-on-click-and-turned-off.json"))
    entries = data["extensions"]["settings"]
    assert not reads_every_site(entries[PAGE_READER], None)  # withheld: runtime grants are empty
    assert not reads_every_site(entries["keanjgcbeiipjckmgppjjhijgkhnhgag"], None)  # turned off
    assert not reads_every_site(entries["mhjfbmdgcfjbbpaeojofohoefgiehjai"], None)  # built-in PDF viewer
    # with nothing granted on record, the manifest's own patterns decide
    assert reads_every_site({}, json.loads(fixture(BP + "stand-in-extension-manifest.json")))


def test_a_messages_file_over_the_size_limit_leaves_the_id() -> None:
    host = RecordedHost("linux").add_file("/x/_locales/en/messages.json",
                                          '{"extName": {"message": "' + "A" * (1024 * 1024) + '"}}')
    manifest = json.loads(fixture(BP + "stand-in-extension-manifest.json"))
    assert ExtensionFolders(host, "/").name("someid", manifest, "/x") == "someid"


# -- Firefox -----------------------------------------------------------------------------------------------------

def test_a_new_firefox_profile_passes_on_firefoxs_default() -> None:
    result = run_check(CHECK, firefox(BP + "firefox153-prefs-fresh.js"))
    assert result.status is Status.PASS and "Firefox (abc.default profile)" in result.summary
    assert any("Firefox's default" in e.seen for e in result.evidence)


def test_firefox_with_the_switches_off_in_prefs_js_fails() -> None:
    result = run_check(CHECK, firefox(BR + "firefox140-prefs.js"))
    assert result.status is Status.FAIL and "Firefox (abc.default profile)" in result.summary
    assert any("phishing off (prefs.js)" in e.seen for e in result.evidence)


def test_user_js_turning_protection_off_wins_over_prefs_js() -> None:
    user_js = fixture(BP + "firefox153-user-js-protection-off.js")
    result = run_check(CHECK, firefox(BP + "firefox153-prefs-fresh.js", user_js=user_js))
    assert result.status is Status.FAIL
    assert any("phishing off (user.js)" in e.seen for e in result.evidence)


def test_the_prefs_js_firefox_wrote_after_that_user_js_fails_too() -> None:
    assert run_check(CHECK, firefox(BP + "firefox153-prefs-after-user-js.js")).status is Status.FAIL


def test_user_js_turning_protection_back_on_wins() -> None:
    user_js = 'user_pref("browser.safebrowsing.malware.enabled", true);\n' \
              'user_pref("browser.safebrowsing.phishing.enabled", true);\n'
    assert run_check(CHECK, firefox(BR + "firefox140-prefs.js", user_js=user_js)).status is Status.PASS


def test_user_prefs_are_read_line_by_line_later_lines_winning() -> None:
    prefs = firefox_user_prefs(fixture(BR + "firefox140-prefs.js"))
    assert prefs["browser.safebrowsing.phishing.enabled"] is False
    assert prefs["browser.safebrowsing.provider.mozilla.lastupdatetime"] == "1795814717563"
    assert firefox_user_prefs('user_pref("a", true);\nuser_pref("a", false);\nuser_pref("b", tru') == {"a": False}


def test_librewolf_is_off_unless_turned_on() -> None:
    assert firefox_protection("LibreWolf", {}, {}, {}).state == OFF
    on = {"browser.safebrowsing.phishing.enabled": True, "browser.safebrowsing.malware.enabled": True}
    assert firefox_protection("LibreWolf", {}, on, {}).state == ON


def test_a_locked_firefox_policy_wins_over_user_js() -> None:
    # unverified: made to the documented format of Mozilla's policy-templates (Preferences policy)
    host = firefox(BP + "firefox153-prefs-fresh.js")
    host.add_file("/etc/firefox/policies/policies.json", json.dumps({"policies": {"Preferences": {
        "browser.safebrowsing.phishing.enabled": {"Value": False, "Status": "locked"}}}}))
    result = run_check(CHECK, host)
    assert result.status is Status.FAIL
    assert any("phishing off (a policy (locked))" in e.seen for e in result.evidence)


def test_a_firefox_profile_never_opened_has_every_default() -> None:
    result = run_check(CHECK, firefox(None))
    assert result.status is Status.PASS
    assert any("a profile never opened" in e.seen for e in result.evidence)


def test_an_unreadable_prefs_js_is_could_not_tell() -> None:
    host = firefox(BP + "firefox153-prefs-fresh.js")
    host.deny(f"{FIREFOX}/abc.default/prefs.js")
    result = run_check(CHECK, host)
    assert result.status is Status.UNKNOWN and "abc.default" in result.summary


def test_firefoxs_own_add_ons_are_not_listed() -> None:
    result = run_check(CHECK, firefox(BP + "firefox153-prefs-fresh.js",
                                      extensions=BR + "firefox140-extensions-no-addons.json"))
    assert result.status is Status.PASS and "No extension can read every site" in result.summary


# -- damaged input never crashes the readers ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["chromium155-preferences-all-sites-extension.json",
                                  "chromium155-preferences-on-click-and-turned-off.json"])
def test_cut_and_mangled_preferences_only_ever_give_could_not_tell_or_a_verdict(name: str) -> None:
    text = fixture(BP + name)
    for cut in range(0, len(text), 997):
        for damaged in (text[:cut], text[:cut] + "}" * 40, text.replace('"', "'", cut % 7)):
            host = RecordedHost("linux").add_file(f"{CHROMIUM}/Default/Preferences", damaged)
            result = run_check(CHECK, host)
            assert result.status in (Status.PASS, Status.UNKNOWN), damaged[:80]


def test_preferences_of_the_wrong_shape_are_not_trusted() -> None:
    for text in ("[]", '"text"', '{"safebrowsing": {"enabled": "yes"}}', '{"extensions": {"settings": []}}',
                 '{"extensions": {"settings": {"x": {"granted_permissions": {"explicit_host": 5}}}}}'):
        host = RecordedHost("linux").add_file(f"{CHROMIUM}/Default/Preferences", text)
        assert run_check(CHECK, host).status in (Status.PASS, Status.UNKNOWN), text


def test_damaged_or_odd_firefox_files_never_crash() -> None:
    for extensions in ("{", "[]", '{"addons": {}}', '{"addons": [{"id": "x", "active": true, "userPermissions": '
                       '{"origins": "<all_urls>"}}, 5]}'):
        host = firefox(BP + "firefox153-prefs-fresh.js")
        host.add_file(f"{FIREFOX}/abc.default/extensions.json", extensions)
        result = run_check(CHECK, host)
        assert result.status is Status.PASS and "No extension can read every site" in result.summary
    host = firefox(None)
    host.add_file(f"{FIREFOX}/abc.default/prefs.js", 'user_pref("browser.safebrowsing.phishing.enabled", 7);\n')
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_a_chromium_profile_folder_without_preferences_has_every_default() -> None:
    result = run_check(CHECK, RecordedHost("linux").add_dir(f"{CHROME}/Profile 1"))
    assert result.status is Status.PASS
    assert any("no Preferences file yet" in e.seen for e in result.evidence)


def test_an_oversize_prefs_js_is_not_read() -> None:
    seen = look(firefox(BR + "firefox140-prefs.js"), LINUX_FOLDERS, Policies(), limit=4096)
    assert seen.profiles[0][1].state == UNKNOWN and "prefs.js is larger than" in seen.profiles[0][1].how
