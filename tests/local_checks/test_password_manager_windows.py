"""password-manager on Windows: installed apps (files and the Uninstall keys) and browser profiles.

The browser files are the real ones Chromium 150 and Firefox ESR 140 wrote (fixtures/linux/browsers/; the formats
are the same on Windows), placed in the folders Windows browsers use. The KeePass Uninstall key is real `reg query`
output (fixtures/windows/password-managers/). Bitwarden's per-user Uninstall key is recorded with add_registry_value
from winget's installation reports (microsoft/winget-pkgs pull requests #101810 and others list its Add/Remove
Programs name "Bitwarden" and product code 173a9bac-6f0d-50c4-8202-4744c69d091a), and the 1Password and KeePassXC
program paths from Pareto Security's agent (checks/windows/password_manager.go): those are UNVERIFIED against a
real registry export or folder listing.
"""

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.browser_profiles import firefox_profile_paths as firefox_profiles
from checks.local.password_manager import CHECK
from checks.local.password_manager.browsers import chromium_extension_states as extension_states
from checks.local.password_manager.browsers import count_chromium_logins, count_firefox_logins
from checks.local.password_manager.browsers import firefox_addon_states as firefox_active_addons
from checks.local.password_manager.windows import UNINSTALL_KEYS, manager_for_display_name
from tests.support import fixture, fixture_bytes, run_check

BR = "linux/browsers/"
PM = "windows/password-managers/"
LOCAL = r"C:\Users\alex\AppData\Local"
ROAMING = r"C:\Users\alex\AppData\Roaming"
ENV = {"LOCALAPPDATA": LOCAL, "APPDATA": ROAMING, "ProgramFiles": r"C:\Program Files",
       "ProgramFiles(x86)": r"C:\Program Files (x86)"}
BITWARDEN = "nngceckbapebfimnlniiiahkandclblb"
HKCU_UNINSTALL = UNINSTALL_KEYS[2]


def windows() -> RecordedHost:
    return RecordedHost("windows", env=ENV)


def add_chromium(host: RecordedHost, root: str, *, preferences: str | None = None, login_data: str | None = None,
                 folders: bool = False) -> RecordedHost:
    host.add_dir(f"{root}\\Default")
    if folders:
        for line in fixture(BR + "brave133-extensions-folders.txt").splitlines():
            host.add_dir(f"{root}\\{line}".replace("/", "\\"))
    if preferences:
        host.add_file(f"{root}\\Default\\Preferences", fixture(BR + preferences))
    if login_data:
        host.add_file(f"{root}\\Default\\Login Data", fixture_bytes(BR + login_data))
    return host


def add_firefox(host: RecordedHost, profile: str, *, extensions: str | None = None,
                logins: str | None = None) -> RecordedHost:
    root = f"{ROAMING}\\Mozilla\\Firefox"
    host.add_file(f"{root}\\profiles.ini", fixture(BR + "firefox140-profiles.ini"))
    host.add_dir(f"{root}\\{profile}")
    if extensions:
        host.add_file(f"{root}\\{profile}\\extensions.json", fixture(BR + extensions))
    if logins:
        host.add_file(f"{root}\\{profile}\\logins.json", fixture(BR + logins))
    return host


# -- readers on their own ------------------------------------------------------------------------------------------

def test_display_names_of_password_managers():
    assert manager_for_display_name("KeePass Password Safe 2.40") == "KeePass 2"
    assert manager_for_display_name("Bitwarden") == "Bitwarden"
    assert manager_for_display_name("KeePassXC") == "KeePassXC"
    assert manager_for_display_name("Keeper Password Manager") == "Keeper"
    assert manager_for_display_name("Microsoft Edge") is None
    assert manager_for_display_name("Keeper Security SSO Connect") is None


def test_browser_file_readers_on_real_files():
    assert extension_states(fixture(BR + "chromium150-preferences-bitwarden-key-on.json"))[BITWARDEN] is True
    assert extension_states(fixture(BR + "chromium150-preferences-bitwarden-key-turned-off.json"))[BITWARDEN] is False
    assert count_chromium_logins(fixture_bytes(BR + "chromium150-login-data-one-row.sqlite")) == 1
    assert count_chromium_logins(fixture_bytes(BR + "chromium150-login-data-empty.sqlite")) == 0
    assert firefox_active_addons(fixture(BR + "firefox140-extensions-keepassxc-on.json"))[
        "keepassxc-browser@keepassxc.org"] is True
    assert count_firefox_logins(fixture(BR + "firefox140-logins-1.json")) == 1
    assert ("logins.default", True) in firefox_profiles(fixture(BR + "firefox140-profiles.ini"))
    assert firefox_profiles("[Profile0]\nPath=Profiles/x1y2.default-release\nIsRelative=1\n") == [
        ("Profiles/x1y2.default-release", True)]


def test_older_chromium_preferences_and_broken_files():
    assert extension_states('{"extensions":{"settings":{"a":{"state":0},"b":{"state":1},"c":{},"d":1}}}') == {
        "a": False, "b": True, "c": True}
    for bad, reader in ((b"not sqlite", count_chromium_logins), ("{}", count_firefox_logins),
                        ("{}", firefox_active_addons)):
        try:
            reader(bad)
        except ValueError:
            continue
        raise AssertionError(f"{reader.__name__} accepted {bad!r}")


# -- verdicts -------------------------------------------------------------------------------------------------------

def test_keepass_in_the_installed_apps_list_passes():
    host = windows().add_registry(fixture(PM + "reg-query-uninstall-keepass-2.40.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "A password manager is set up on this computer: KeePass 2."
    assert any("KeePass Password Safe 2.40" in e.seen for e in found.evidence)


def test_bitwarden_installed_for_one_user_passes():
    host = windows().add_registry_value(HKCU_UNINSTALL + r"\173a9bac-6f0d-50c4-8202-4744c69d091a", "DisplayName",
                                        "REG_SZ", "Bitwarden")
    assert run_check(CHECK, host).summary.endswith("Bitwarden.")


def test_program_files_are_found():
    host = windows().add_file(LOCAL + r"\1Password\app\8\1Password.exe", b"MZ")
    host.add_file(r"C:\Program Files\KeePassXC\KeePassXC.exe", b"MZ")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary.endswith("1Password and KeePassXC.")


def test_bitwarden_extension_in_brave_passes():
    host = add_chromium(windows(), LOCAL + r"\BraveSoftware\Brave-Browser\User Data", folders=True,
                        preferences="chromium150-preferences-bitwarden-key-on.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "Bitwarden" in found.summary
    assert any(e.seen == "the Bitwarden extension is installed" for e in found.evidence)


def test_an_extension_turned_off_does_not_count_but_saved_passwords_are_partial():
    host = add_chromium(windows(), LOCAL + r"\Microsoft\Edge\User Data", folders=True,
                        preferences="chromium150-preferences-bitwarden-key-turned-off.json",
                        login_data="chromium150-login-data-one-row.sqlite")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "Microsoft Edge's own password saving" in found.summary
    assert any("turned off" in e.seen for e in found.evidence)


def test_an_extension_without_readable_preferences_is_in_doubt():
    host = add_chromium(windows(), LOCAL + r"\Google\Chrome\User Data", folders=True)
    host.add_file(LOCAL + r"\Google\Chrome\User Data\Default\Preferences", "{not json")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "could not read whether it is switched on" in found.summary
    assert any("could not be read" in e.seen for e in found.evidence)


def test_opera_keeps_its_profile_in_the_top_folder():
    root = ROAMING + r"\Opera Software\Opera Stable"
    host = windows().add_file(root + r"\Preferences", fixture(BR + "chromium150-preferences-fresh.json"))
    host.add_file(root + r"\Login Data", fixture_bytes(BR + "chromium150-login-data-empty.sqlite"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "Opera (Opera Stable profile)" in found.evidence[-1].seen


def test_firefox_with_keepassxc_passes():
    host = add_firefox(windows(), "enabled.default", extensions="firefox140-extensions-keepassxc-on.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "KeePassXC" in found.summary


def test_firefox_with_an_add_on_turned_off_and_saved_passwords_is_partial():
    host = add_firefox(windows(), "sideload.default", extensions="firefox140-extensions-keepassxc-sideloaded-off.json",
                       logins="firefox140-logins-1.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "Firefox's own password saving is in use (1 saved password)" in found.summary


def test_browsers_without_managers_or_passwords_fail():
    host = add_chromium(windows(), LOCAL + r"\Google\Chrome\User Data",
                        preferences="chromium150-preferences-fresh.json",
                        login_data="chromium150-login-data-empty.sqlite")
    add_firefox(host, "plain.default", extensions="firefox140-extensions-no-addons.json",
                logins="firefox140-logins-emptied.json")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "no passwords are saved" in found.summary


def test_nothing_at_all_fails():
    found = run_check(CHECK, windows())
    assert found.status is Status.FAIL
    assert found.summary == "No password manager was found on this computer."


def test_a_refused_apps_list_is_unknown_when_nothing_else_was_found():
    found = run_check(CHECK, windows().deny_registry(UNINSTALL_KEYS[0]))
    assert found.status is Status.UNKNOWN
    assert "list of installed apps" in found.summary


def test_refused_browser_folders_and_files_are_unknown():
    root = LOCAL + r"\Google\Chrome\User Data"
    host = windows().add_dir(root + r"\Default")
    host.deny(root)
    assert run_check(CHECK, host).status is Status.UNKNOWN
    host = windows().add_dir(root + r"\Default").deny(root + r"\Default\Login Data")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    ff = ROAMING + r"\Mozilla\Firefox"
    assert run_check(CHECK, windows().deny(ff + r"\profiles.ini")).status is Status.UNKNOWN
    host = add_firefox(windows(), "plain.default").deny(ff + r"\plain.default\extensions.json")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_files_that_are_not_what_they_should_be_are_unknown():
    host = add_chromium(windows(), LOCAL + r"\Google\Chrome\User Data")
    host.add_file(LOCAL + r"\Google\Chrome\User Data\Default\Login Data", b"garbage")
    assert run_check(CHECK, host).status is Status.UNKNOWN
    host = add_firefox(windows(), "plain.default")
    host.add_file(ROAMING + r"\Mozilla\Firefox\plain.default\extensions.json", "[]")
    host.add_file(ROAMING + r"\Mozilla\Firefox\plain.default\logins.json", "{}")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "could not be counted" in found.summary


def test_nothing_is_run():
    host = add_firefox(windows(), "enabled.default", extensions="firefox140-extensions-keepassxc-on.json")
    run_check(CHECK, host)
    assert host.asked == []


def test_write_ahead_log_databases_and_broken_databases():
    data = bytearray(fixture_bytes(BR + "chromium150-login-data-one-row.sqlite"))
    data[18] = data[19] = 2  # how the header reads while Chromium runs in WAL mode
    assert count_chromium_logins(bytes(data)) == 1
    try:
        count_chromium_logins(b"SQLite format 3\x00" + b"\x00" * 200)
    except ValueError as exc:
        assert "could not be read" in str(exc)
    else:
        raise AssertionError("a broken database was accepted")


def test_an_unreadable_app_entry_is_skipped():
    host = windows().add_registry(fixture(PM + "reg-query-uninstall-keepass-2.40.txt"))
    host.deny_registry(UNINSTALL_KEYS[0] + r"\SomethingPrivate")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("2 installed apps listed" in e.seen for e in found.evidence)


# -- an Uninstall entry that cannot be read is a doubt, never "no password manager" (fault injection, issue 10) -----

KEEPASS_KEY = UNINSTALL_KEYS[0] + r"\KeePassPasswordSafe2_is1"


def keepass_listed() -> RecordedHost:
    return windows().add_registry(fixture(PM + "reg-query-uninstall-keepass-2.40.txt"))


def test_a_refused_uninstall_entry_is_could_not_tell_not_no_manager():
    found = run_check(CHECK, keepass_listed().deny_registry(KEEPASS_KEY))
    assert found.status is Status.UNKNOWN  # was "No password manager was found on this computer."
    assert found.summary == ("Could not tell: no password manager was found, but Homeguard could not look at "
                             "everything: 1 entry in the list of installed apps.")
    assert any(e.looked_at == UNINSTALL_KEYS[0] and "Windows did not let Homeguard read 1" in e.seen
               for e in found.evidence)


def test_a_display_name_that_is_not_readable_text_is_could_not_tell():
    # The real DisplayName as a program writing UTF-16 gives it, read as UTF-8.
    garbled = (b"\xff\xfe" + "KeePass Password Safe 2.40".encode("utf-16-le")).decode("utf-8", errors="replace")
    host = keepass_listed().add_registry_value(KEEPASS_KEY, "DisplayName", "REG_SZ", garbled)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("1 had a name that is not readable text" in e.seen for e in found.evidence)


def test_a_refused_entry_does_not_hide_a_manager_found_another_way():
    host = keepass_listed().deny_registry(KEEPASS_KEY)
    host.add_file(r"C:\Program Files\KeePass Password Safe 2\KeePass.exe", b"MZ")
    assert run_check(CHECK, host).status is Status.PASS


def test_a_refused_entry_is_not_outweighed_by_the_browser_s_own_saving():
    # The refused entry may be the password manager, so "only Edge's own password saving" cannot be said.
    host = add_chromium(keepass_listed().deny_registry(KEEPASS_KEY), LOCAL + r"\Microsoft\Edge\User Data",
                        preferences="chromium150-preferences-fresh.json",
                        login_data="chromium150-login-data-one-row.sqlite")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert found.summary.endswith("It did find passwords saved in Microsoft Edge.")


def test_a_password_file_that_cannot_be_counted_does_not_outweigh_another_browser_s_saving():
    # A damaged Login Data can hold no password manager: Firefox's saved password still makes it partly done.
    host = add_chromium(windows(), LOCAL + r"\Google\Chrome\User Data")
    host.add_file(LOCAL + r"\Google\Chrome\User Data\Default\Login Data", b"garbage")
    add_firefox(host, "plain.default", extensions="firefox140-extensions-no-addons.json",
                logins="firefox140-logins-1.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "Firefox's own password saving" in found.summary
