"""password-manager on macOS: app bundles, browser files recorded by real browsers, and iCloud Keychain's record."""

import plistlib

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.browser_profiles import MACOS_FIREFOX_ROOT as FIREFOX_ROOT
from checks.local.common.browser_profiles import firefox_profile_paths as firefox_profiles
from checks.local.password_manager import CHECK
from checks.local.password_manager.browsers import chromium_extension_states as extension_states
from checks.local.password_manager.browsers import count_chromium_logins, count_firefox_logins, firefox_addon_states
from checks.local.password_manager.macos import MOBILE_ME, keychain_sync_on
from tests.support import fixture, fixture_bytes, run_check

BROWSERS = "linux/browsers/"  # the same file formats as on macOS; see tests/fixtures/macos/password-managers
CHROME = "~/Library/Application Support/Google/Chrome"
BITWARDEN = "nngceckbapebfimnlniiiahkandclblb"
KEYCHAIN_ON = "macos/password-managers/mobilemeaccounts-keychain-sync-on.plist"
KEYCHAIN_OFF = "macos/password-managers/mobilemeaccounts-keychain-sync-off.plist"


def mac(keychain: str | None = KEYCHAIN_OFF) -> RecordedHost:
    host = RecordedHost("macos", os_name="macOS 26.5.2")
    if keychain:
        host.add_file(MOBILE_ME, fixture_bytes(keychain))
    return host


def with_firefox(host: RecordedHost, extensions: str | None = None, logins: str | None = None) -> RecordedHost:
    host.add_file(f"{FIREFOX_ROOT}/profiles.ini", "[Profile0]\nName=default-release\nIsRelative=1\n"
                  "Path=Profiles/abcd1234.default-release\n")
    profile = f"{FIREFOX_ROOT}/Profiles/abcd1234.default-release"
    host.add_dir(profile)
    if extensions:
        host.add_file(f"{profile}/extensions.json", fixture(BROWSERS + extensions))
    if logins:
        host.add_file(f"{profile}/logins.json", fixture(BROWSERS + logins))
    return host


# -- parsers ------------------------------------------------------------------------------------------------------

def test_extension_states_come_from_both_preference_files_the_later_winning():
    on = fixture(BROWSERS + "chromium150-preferences-bitwarden-key-on.json")
    off = fixture(BROWSERS + "chromium150-preferences-bitwarden-key-turned-off.json")
    assert extension_states(on)[BITWARDEN] is True
    assert extension_states(on, off)[BITWARDEN] is False
    assert extension_states(off, on)[BITWARDEN] is True
    assert extension_states('{"extensions": {"settings": {"x": {"state": 0}, "y": {}, "z": 3}}}') == \
        {"x": False, "y": True}
    with pytest.raises(ValueError):
        extension_states("[]")


def test_saved_passwords_are_counted_never_read():
    assert count_chromium_logins(fixture_bytes(BROWSERS + "chromium150-login-data-one-row.sqlite")) == 1
    assert count_chromium_logins(fixture_bytes(BROWSERS + "chromium150-login-data-empty.sqlite")) == 0
    assert count_firefox_logins(fixture(BROWSERS + "firefox140-logins-1.json")) == 1
    with pytest.raises(ValueError):
        count_chromium_logins(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(ValueError):
        count_firefox_logins("{}")


def test_firefox_profiles_and_addons_are_read():
    assert firefox_profiles(fixture(BROWSERS + "firefox140-profiles.ini"))[0] == ("logins.default", True)
    assert firefox_profiles(fixture(BROWSERS + "firefox140-profiles-absolute.ini"))[0][1] is False
    states = firefox_addon_states(fixture(BROWSERS + "firefox140-extensions-keepassxc-sideloaded-off.json"))
    assert states["keepassxc-browser@keepassxc.org"] is False
    with pytest.raises(ValueError):
        firefox_profiles("Path=without a section\n")


def test_keychain_sync_is_read_from_the_icloud_record():
    assert keychain_sync_on(plistlib.loads(fixture_bytes(KEYCHAIN_ON))) is True
    assert keychain_sync_on(plistlib.loads(fixture_bytes(KEYCHAIN_OFF))) is False
    assert keychain_sync_on({"Accounts": ["odd", {"Services": ["odd"]}]}) is False


# -- verdicts -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("folder", ["/Applications", "~/Applications"])
def test_an_installed_password_manager_app_passes(folder):
    host = mac()
    host.add_dir(f"{folder}/Bitwarden.app")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "Bitwarden" in found.summary
    assert host.asked == []  # only files and folders are looked at


def test_a_turned_on_chrome_extension_passes():
    host = mac()
    host.add_dir(f"{CHROME}/Default/Extensions/{BITWARDEN}/2025.2.0_0")
    host.add_file(f"{CHROME}/Default/Secure Preferences",
                  fixture(BROWSERS + "chromium150-preferences-bitwarden-key-on.json"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.seen == "the Bitwarden extension is installed" for e in found.evidence)


def test_a_turned_off_extension_does_not_count_but_saved_passwords_do():
    host = mac()
    profile = f"{CHROME}/Profile 1"
    host.add_dir(f"{profile}/Extensions/{BITWARDEN}/2025.2.0_0")
    host.add_file(f"{profile}/Secure Preferences",
                  fixture(BROWSERS + "chromium150-preferences-bitwarden-key-turned-off.json"))
    host.add_file(f"{profile}/Login Data", fixture_bytes(BROWSERS + "chromium150-login-data-one-row.sqlite"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "Google Chrome's own password saving" in found.summary and "1 saved password" in found.summary
    assert any("turned off" in e.seen for e in found.evidence)


def test_brave_extension_folders_without_preferences_are_in_doubt():
    host = mac()
    root = "~/Library/Application Support/BraveSoftware/Brave-Browser"
    for line in fixture(BROWSERS + "brave133-extensions-folders.txt").split():
        host.add_dir(f"{root}/{line}")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary == ("A password manager was found, but Homeguard could not read whether it is switched on: "
                             "the Bitwarden extension in Brave (Default profile). Check on the browser's Extensions "
                             "page that it is turned on.")
    assert any("could not be read" in e.seen for e in found.evidence)


def test_opera_keeps_its_profile_in_the_top_folder():
    host = mac()
    root = "~/Library/Application Support/com.operasoftware.Opera"
    host.add_file(f"{root}/Preferences", fixture(BROWSERS + "chromium150-preferences-fresh.json"))
    host.add_dir(f"{root}/Extensions/ccnckbpmaceehanjmeomladnmlffdjgn/2025.2.0_0")  # Bitwarden's Opera add-on id
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("Opera (com.operasoftware.Opera profile)" in e.seen for e in found.evidence)


def test_a_firefox_addon_passes():
    host = with_firefox(mac(), extensions="firefox140-extensions-keepassxc-on.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "KeePassXC" in found.summary


def test_a_turned_off_firefox_addon_with_saved_logins_is_partial():
    host = with_firefox(mac(), extensions="firefox140-extensions-keepassxc-sideloaded-off.json",
                        logins="firefox140-logins-1.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "Firefox's own password saving" in found.summary


def test_icloud_keychain_alone_is_a_kind_partial():
    found = run_check(CHECK, mac(KEYCHAIN_ON))
    assert found.status is Status.PARTIAL
    assert "iCloud Keychain (Apple's Passwords app) is switched on" in found.summary and "good start" in found.summary


def test_nothing_at_all_fails():
    found = run_check(CHECK, mac(KEYCHAIN_OFF))
    assert found.status is Status.FAIL
    assert "iCloud Keychain is not switched on" in found.summary


def test_no_icloud_account_counts_as_keychain_off():
    found = run_check(CHECK, mac(None))
    assert found.status is Status.FAIL
    assert any("no iCloud account" in e.seen for e in found.evidence)


def test_a_password_file_that_cannot_be_counted_is_unknown():
    host = mac()
    host.add_file(f"{CHROME}/Default/Login Data", b"SQLite format 3\x00" + b"\x00" * 200)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "could not look at everything" in found.summary


def test_unreadable_addon_and_login_lists_are_unknown():
    host = mac()
    with_firefox(host)
    profile = f"{FIREFOX_ROOT}/Profiles/abcd1234.default-release"
    host.add_file(f"{profile}/extensions.json", "{}")
    host.add_file(f"{profile}/logins.json", "{}")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "extensions.json" in found.summary and "logins.json" in found.summary


def test_a_missing_or_broken_firefox_profile_list_is_unknown():
    host = mac()
    host.add_dir(f"{FIREFOX_ROOT}/Profiles")
    assert run_check(CHECK, host).status is Status.UNKNOWN
    host.add_file(f"{FIREFOX_ROOT}/profiles.ini", "Path=without a section\n")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_refused_folders_and_files_are_unknown():
    host = mac()
    host.add_dir(CHROME)
    host.deny(CHROME)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not allowed" in found.summary

    host = mac(None)
    host.add_dir(FIREFOX_ROOT)
    host.deny(f"{FIREFOX_ROOT}/profiles.ini")
    assert run_check(CHECK, host).status is Status.UNKNOWN

    host = mac(None)
    host.deny(MOBILE_ME)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_an_icloud_record_that_is_not_a_property_list_is_unknown():
    host = mac(None)
    host.add_file(MOBILE_ME, b"not a plist")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_a_database_in_write_ahead_log_mode_is_still_counted():
    data = bytearray(fixture_bytes(BROWSERS + "chromium150-login-data-one-row.sqlite"))
    data[18] = data[19] = 2  # how the header reads while Chrome has the file open in WAL mode
    assert count_chromium_logins(bytes(data)) == 1


def test_a_file_that_is_not_a_password_database_is_unknown():
    host = mac()
    host.add_file(f"{CHROME}/Default/Login Data", fixture(BROWSERS + "firefox140-logins-1.json"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not an SQLite database" in found.summary


def test_unreadable_preferences_leave_the_extension_in_doubt_with_a_note():
    host = mac()
    host.add_dir(f"{CHROME}/Default/Extensions/{BITWARDEN}/2025.2.0_0")
    host.add_file(f"{CHROME}/Default/Secure Preferences", "{")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "could not read whether it is switched on" in found.summary
    assert any("could not be read" in e.seen for e in found.evidence)
