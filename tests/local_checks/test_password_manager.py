"""password-manager on Linux, against package databases and browser profiles written by real programs.

See fixtures/linux/password-managers/SOURCES.toml and fixtures/linux/browsers/SOURCES.toml for where each file came
from (Firefox ESR 140 and Chromium 150 run on the development machine, dpkg and rpm, public dotfiles).
"""

import pytest

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.browser_profiles import firefox_profile_paths
from checks.local.password_manager import CHECK, SPEC
from checks.local.password_manager.browsers import (
    chromium_extension_states,
    firefox_addons,
)
from checks.local.password_manager.browsers import count_chromium_logins as chromium_login_count
from checks.local.password_manager.browsers import count_firefox_logins as firefox_login_count
from checks.local.password_manager.known import BY_CHROMIUM_ID, BY_FIREFOX_ID
from checks.local.password_manager.linux import (
    PACKAGE_NAMES,
    RPM_QUERY,
    dpkg_installed,
    pacman_installed,
    rpm_installed,
)
from tests.support import fixture, fixture_bytes, run_check

PM = "linux/password-managers/"
BR = "linux/browsers/"
GNOME = {"XDG_CURRENT_DESKTOP": "GNOME"}
FIREFOX = "~/.mozilla/firefox"
BRAVE = "~/.config/BraveSoftware/Brave-Browser"
BITWARDEN = "nngceckbapebfimnlniiiahkandclblb"
DOUBT = ("A password manager was found, but Homeguard could not read whether it is switched on: {where}. Check on "
         "the browser's Extensions page that it is turned on.")


def desktop_host(**env) -> RecordedHost:
    return RecordedHost("linux", env={**GNOME, **env})


def add_firefox(host: RecordedHost, profile: str, *, extensions: str | None = None, logins: str | None = None,
                root: str = FIREFOX) -> RecordedHost:
    """A Firefox folder with the real profiles.ini and one of its profiles filled from fixtures."""
    host.add_file(f"{root}/profiles.ini", fixture(BR + "firefox140-profiles.ini"))
    host.add_dir(f"{root}/{profile}")
    if extensions:
        host.add_file(f"{root}/{profile}/extensions.json", fixture(BR + extensions))
    if logins:
        host.add_file(f"{root}/{profile}/logins.json", fixture(BR + logins))
    return host


def add_brave(host: RecordedHost, *, preferences: str | None = None, login_data: str | None = None,
              folders: bool = True, root: str = BRAVE) -> RecordedHost:
    """A Brave profile with the real extension folders of a Brave 1.75 profile that has Bitwarden."""
    host.add_dir(f"{root}/Default")
    if folders:
        for line in fixture(BR + "brave133-extensions-folders.txt").splitlines():
            host.add_dir(f"{root}/{line}")
    if preferences:
        host.add_file(f"{root}/Default/Preferences", fixture(BR + preferences))
    if login_data:
        host.add_file(f"{root}/Default/Login Data", fixture_bytes(BR + login_data))
    return host


# -- the parsers on their own ------------------------------------------------------------------------------------

def test_dpkg_status_lists_only_installed_wanted_packages():
    assert dpkg_installed(fixture(PM + "dpkg-status-keepassxc.txt"), frozenset(PACKAGE_NAMES)) == {
        "keepassxc": "2.7.4+dfsg.1-2"}
    assert dpkg_installed(fixture(PM + "dpkg-status-no-manager.txt"), frozenset(PACKAGE_NAMES)) == {}
    assert dpkg_installed(fixture(PM + "dpkg-status-no-manager.txt"), {"putty-tools"}) == {
        "putty-tools": "0.78-2+deb12u2"}


def test_pacman_folder_names_split_into_name_and_version():
    names = fixture(PM + "pacman-local-archlinux-20200106.txt").splitlines()
    assert pacman_installed(names, {"libcap", "libcap-ng", "keepassxc"}) == {
        "libcap": "2.28-1", "libcap-ng": "0.7.10-1"}


def test_rpm_query_lines_are_read():
    asked = RPM_QUERY[4:]
    assert rpm_installed(fixture(PM + "rpm-q-keepassxc.txt"), asked) == {"keepassxc"}
    assert rpm_installed(fixture(PM + "rpm-q-none.txt"), asked) == set()
    with pytest.raises(ValueError):
        rpm_installed("error: rpmdb: damaged header\n", asked)


def test_firefox_profiles_ini_lists_every_profile():
    paths = firefox_profile_paths(fixture(BR + "firefox140-profiles.ini"))
    assert sorted(paths) == [("enabled.default", True), ("logins.default", True), ("plain.default", True),
                             ("sideload.default", True)]


def test_firefox_profile_outside_its_folder_is_followed():
    assert firefox_profile_paths(fixture(BR + "firefox140-profiles-absolute.ini")) == [
        ("/tmp/h3work/ff2/elsewhere", False)]
    host = desktop_host().add_file(f"{FIREFOX}/profiles.ini", fixture(BR + "firefox140-profiles-absolute.ini"))
    host.add_file("/tmp/h3work/ff2/elsewhere/extensions.json", fixture(BR + "firefox140-extensions-keepassxc-on.json"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == "/tmp/h3work/ff2/elsewhere/extensions.json" for e in found.evidence)


def test_firefox_profiles_are_found_without_profiles_ini():
    host = desktop_host().add_file(f"{FIREFOX}/abc123.default-release/prefs.js", fixture(BR + "firefox140-prefs.js"))
    host.add_file(f"{FIREFOX}/abc123.default-release/logins.json", fixture(BR + "firefox140-logins-1.json"))
    host.add_dir(f"{FIREFOX}/Crash Reports")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert any("abc123.default-release profile" in e.seen for e in found.evidence)


def test_firefox_add_on_state_is_firefoxs_own():
    on = {a.id: a.active for a in firefox_addons(fixture(BR + "firefox140-extensions-keepassxc-on.json"))}
    off = {a.id: a.active for a in firefox_addons(fixture(BR + "firefox140-extensions-keepassxc-sideloaded-off.json"))}
    plain = {a.id for a in firefox_addons(fixture(BR + "firefox140-extensions-no-addons.json"))}
    assert on["keepassxc-browser@keepassxc.org"] is True
    assert off["keepassxc-browser@keepassxc.org"] is False
    assert "formautofill@mozilla.org" in plain and not plain & set(BY_FIREFOX_ID)


def test_firefox_logins_are_counted():
    assert firefox_login_count(fixture(BR + "firefox140-logins-1.json")) == 1
    assert firefox_login_count(fixture(BR + "firefox140-logins-emptied.json")) == 0


def test_chromium_logins_are_counted_without_never_save_entries():
    assert chromium_login_count(fixture_bytes(BR + "chromium150-login-data-empty.sqlite")) == 0
    assert chromium_login_count(fixture_bytes(BR + "chromium150-login-data-for-account-empty.sqlite")) == 0
    assert chromium_login_count(fixture_bytes(BR + "chromium150-login-data-one-row.sqlite")) == 1
    with pytest.raises(ValueError):
        chromium_login_count(fixture_bytes(BR + "chromium150-preferences-fresh.json"))


def test_chromium_preferences_say_which_extensions_are_on():
    assert chromium_extension_states(fixture(BR + "chromium150-preferences-bitwarden-key-on.json"))[BITWARDEN] is True
    assert chromium_extension_states(
        fixture(BR + "chromium150-preferences-bitwarden-key-turned-off.json"))[BITWARDEN] is False
    assert BITWARDEN not in chromium_extension_states(fixture(BR + "chromium150-preferences-fresh.json"))


def test_known_ids_have_the_right_shape():
    assert all(len(i) == 32 and set(i) <= set("abcdefghijklmnop") for i in BY_CHROMIUM_ID)
    assert BY_CHROMIUM_ID[BITWARDEN] == "Bitwarden"
    assert BY_FIREFOX_ID["{446900e4-71c2-419f-a6a7-df9c091e268b}"] == "Bitwarden"


# -- pass: a dedicated manager ------------------------------------------------------------------------------------

def test_a_manager_package_in_dpkg_passes_without_running_anything():
    host = desktop_host().add_file("/var/lib/dpkg/status", fixture(PM + "dpkg-status-keepassxc.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "A password manager is set up on this computer: KeePassXC."
    assert any(e.looked_at == "/var/lib/dpkg/status" and "keepassxc 2.7.4" in e.seen for e in found.evidence)
    assert host.asked == []
    assert found.desktop == "gnome"


def test_an_active_firefox_add_on_passes():
    host = add_firefox(desktop_host(), "enabled.default", extensions="firefox140-extensions-keepassxc-on.json",
                       logins="firefox140-logins-1.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "KeePassXC" in found.summary
    assert any("add-on is turned on" in e.seen for e in found.evidence)


def test_a_snap_firefox_profile_is_looked_at_too():
    host = add_firefox(desktop_host(), "enabled.default", extensions="firefox140-extensions-keepassxc-on.json",
                       root="~/snap/firefox/common/.mozilla/firefox")
    assert run_check(CHECK, host).status is Status.PASS


def test_a_chromium_extension_that_is_on_passes():
    host = add_brave(desktop_host(), preferences="chromium150-preferences-bitwarden-key-on.json",
                     login_data="chromium150-login-data-empty.sqlite")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "A password manager is set up on this computer: Bitwarden."


def test_a_chromium_extension_folder_alone_is_partly_and_says_what_it_could_not_read():
    host = add_brave(desktop_host())
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL  # issue 10: the doubt was only in the evidence, and it passed
    assert found.summary == DOUBT.format(where="the Bitwarden extension in Brave (Default profile)")
    assert any("could not be read" in e.seen for e in found.evidence)


def test_opera_keeps_its_profile_in_the_top_folder():
    host = desktop_host()
    host.add_file("~/.config/opera/Preferences", fixture(BR + "chromium150-preferences-bitwarden-key-on.json"))
    assert run_check(CHECK, host).status is Status.PASS


@pytest.mark.parametrize(
    ("where", "what"),
    [
        ("/var/lib/flatpak/app/org.keepassxc.KeePassXC", "KeePassXC"),
        ("~/.local/share/flatpak/app/com.bitwarden.desktop", "Bitwarden"),
        ("/snap/nordpass", "NordPass"),
        ("/opt/1Password", None),
    ],
)
def test_flatpaks_snaps_and_vendor_folders_are_found(where, what):
    host = desktop_host()
    if what is None:
        host.add_file("/opt/1Password/1password", b"\x7fELF")
        what = "1Password"
    else:
        host.add_dir(where)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert what in found.summary


def test_a_command_line_manager_on_the_path_passes():
    host = desktop_host().add_tool("pass")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == "PATH: pass" for e in found.evidence)


def test_rpm_is_asked_once_for_every_name_on_rpm_systems():
    host = desktop_host().add_dir("/var/lib/rpm")
    host.add_command(RPM_QUERY, fixture(PM + "rpm-q-keepassxc.txt"), returncode=20)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [RPM_QUERY]


# -- partial: only the browser's own password saving --------------------------------------------------------------

def test_firefox_saved_passwords_with_the_add_on_turned_off_is_partial():
    host = add_firefox(desktop_host(), "sideload.default",
                       extensions="firefox140-extensions-keepassxc-sideloaded-off.json",
                       logins="firefox140-logins-1.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary.startswith("Only Firefox's own password saving is in use (1 saved password)")
    assert any("installed but turned off" in e.seen for e in found.evidence)


def test_chromium_saved_passwords_are_partial_and_never_shown():
    host = add_brave(desktop_host(), preferences="chromium150-preferences-bitwarden-key-turned-off.json",
                     login_data="chromium150-login-data-one-row.sqlite")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "Brave" in found.summary
    assert any("installed but turned off" in e.seen for e in found.evidence)
    assert not any("example.org" in e.seen for e in found.evidence)


def test_passwords_kept_in_the_browser_account_count_too():
    host = add_brave(desktop_host(), folders=False, login_data="chromium150-login-data-empty.sqlite")
    one_row = fixture_bytes(BR + "chromium150-login-data-one-row.sqlite")
    host.add_file(f"{BRAVE}/Default/Login Data For Account", one_row)
    assert run_check(CHECK, host).status is Status.PARTIAL


# -- fail ---------------------------------------------------------------------------------------------------------

def test_nothing_on_a_desktop_fails():
    host = desktop_host().add_file("/var/lib/dpkg/status", fixture(PM + "dpkg-status-no-manager.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert found.summary == "No password manager was found on this computer."


def test_browsers_without_saved_passwords_fail():
    host = add_firefox(desktop_host(), "plain.default", extensions="firefox140-extensions-no-addons.json",
                       logins="firefox140-logins-emptied.json")
    add_brave(host, folders=False, preferences="chromium150-preferences-fresh.json",
              login_data="chromium150-login-data-empty.sqlite")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "no passwords are saved" in found.summary


def test_a_browser_without_a_desktop_session_is_still_judged():
    host = add_firefox(RecordedHost("linux"), "plain.default", extensions="firefox140-extensions-no-addons.json")
    assert run_check(CHECK, host).status is Status.FAIL


def test_an_rpm_system_without_a_manager_fails():
    host = desktop_host().add_dir("/usr/lib/sysimage/rpm")
    host.add_command(RPM_QUERY, fixture(PM + "rpm-q-none.txt"), returncode=21)
    assert run_check(CHECK, host).status is Status.FAIL


def test_an_arch_system_without_a_manager_fails():
    host = desktop_host()
    for name in fixture(PM + "pacman-local-archlinux-20200106.txt").splitlines():
        host.add_dir(f"/var/lib/pacman/local/{name}")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert any(e.looked_at == "/var/lib/pacman/local" for e in found.evidence)


# -- not applicable -----------------------------------------------------------------------------------------------

def test_no_desktop_no_browser_and_no_manager_does_not_apply():
    host = RecordedHost("linux").add_file("/var/lib/dpkg/status", fixture(PM + "dpkg-status-no-manager.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.NOT_APPLICABLE
    assert "no desktop session" in found.summary


# -- unknown ------------------------------------------------------------------------------------------------------

def test_an_rpm_timeout_is_unknown_never_fail():
    host = desktop_host().add_dir("/var/lib/rpm")
    host.add_command(RPM_QUERY, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert found.summary == ("Could not tell: no password manager was found, but Homeguard could not look at "
                             "everything: rpm did not answer in time.")


def test_rpm_output_that_is_not_understood_is_unknown():
    host = desktop_host().add_dir("/var/lib/rpm")
    host.add_command(RPM_QUERY, fixture(PM + "pacman-local-archlinux-20200106.txt"), returncode=0)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_an_unreadable_browser_folder_is_unknown():
    host = desktop_host()
    host.add_dir("~/.config/google-chrome")
    host.deny("~/.config/google-chrome")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "~/.config/google-chrome" in found.summary


def test_an_unreadable_firefox_password_file_is_unknown():
    host = add_firefox(desktop_host(), "plain.default", extensions="firefox140-extensions-no-addons.json")
    host.deny(f"{FIREFOX}/plain.default/logins.json")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_a_password_database_that_cannot_be_read_is_unknown():
    host = add_brave(desktop_host(), folders=False)
    host.add_file(f"{BRAVE}/Default/Login Data", fixture_bytes(BR + "firefox140-logins-1.json"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "could not be counted" in found.summary


def test_a_firefox_add_on_list_that_cannot_be_read_is_unknown():
    host = add_firefox(desktop_host(), "plain.default")
    host.add_file(f"{FIREFOX}/plain.default/extensions.json", fixture_bytes(BR + "chromium150-login-data-empty.sqlite"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "add-ons was not understood" in found.summary


def test_chromium_preferences_that_cannot_be_read_leave_the_extension_in_doubt():
    host = add_brave(desktop_host())
    host.add_file(f"{BRAVE}/Default/Preferences", fixture_bytes(BR + "chromium150-login-data-empty.sqlite"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "could not read whether it is switched on" in found.summary
    assert any("could not be read" in e.seen for e in found.evidence)


def test_an_extension_in_doubt_does_not_hide_a_manager_that_is_surely_there():
    host = add_brave(desktop_host())
    add_firefox(host, "enabled.default", extensions="firefox140-extensions-keepassxc-on.json")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "KeePassXC" in found.summary and "Bitwarden" not in found.summary


def test_an_extension_in_doubt_is_named_before_the_browser_s_own_saving():
    host = add_brave(desktop_host(), login_data="chromium150-login-data-one-row.sqlite")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary == DOUBT.format(where="the Bitwarden extension in Brave (Default profile)")
    assert any("1 saved password" in e.seen for e in found.evidence)


def test_a_password_database_too_big_to_read_counts_as_used(monkeypatch):
    from checks.local.password_manager import linux

    monkeypatch.setattr(linux, "BIG_FILE", 4096)  # the real 40 kB database is then cut short, like a huge one
    host = add_brave(desktop_host(), folders=False, login_data="chromium150-login-data-empty.sqlite")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert any("very large password file" in e.seen for e in found.evidence)
    assert "(a great many saved passwords)" in found.summary


def test_an_unreadable_package_database_is_unknown():
    host = desktop_host()
    host.deny("/var/lib/dpkg/status")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_what_could_not_be_read_does_not_hide_a_manager():
    host = desktop_host().add_tool("keepassxc")
    host.deny("/var/lib/dpkg/status")
    assert run_check(CHECK, host).status is Status.PASS


# -- never the network, never a refresh -------------------------------------------------------------------------

def test_no_command_is_run_on_a_system_without_rpm():
    host = add_firefox(desktop_host(), "plain.default", extensions="firefox140-extensions-no-addons.json")
    host.add_tool("flatpak").add_tool("snap").add_tool("apt")
    run_check(CHECK, host)
    assert host.asked == []


def test_spec_reads_well():
    assert SPEC.title == "A password manager is in use"
    assert SPEC.fix_for("linux", "gnome").settings_command[0] == "gnome-software"


# -- what could not be looked at, beside what was found (fault injection, issue 10) --------------------------------

def test_a_folder_that_may_hold_the_manager_outweighs_the_browser_s_own_saving():
    # Chrome's folder may hold the very extension, switched on: "only Firefox's own saving" cannot be said.
    host = add_firefox(desktop_host(), "sideload.default",
                       extensions="firefox140-extensions-keepassxc-sideloaded-off.json",
                       logins="firefox140-logins-1.json")
    host.add_dir("~/.config/google-chrome")
    host.deny("~/.config/google-chrome")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN  # was "Only Firefox's own password saving is in use"
    assert found.summary.endswith("It did find passwords saved in Firefox.")


def test_a_folder_that_may_hold_the_manager_outweighs_an_extension_in_doubt():
    host = add_brave(desktop_host())  # Bitwarden's folder, with no Preferences to say whether it is on
    host.add_dir("~/.config/google-chrome")
    host.deny("~/.config/google-chrome")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert found.summary.endswith("It did find Bitwarden, but could not read whether it is switched on.")


def test_a_password_file_that_cannot_be_counted_does_not_outweigh_another_browser_s_saving():
    # A password file can hold no password manager, so Firefox's saved password still decides.
    host = add_firefox(desktop_host(), "sideload.default",
                       extensions="firefox140-extensions-keepassxc-sideloaded-off.json",
                       logins="firefox140-logins-1.json")
    add_brave(host, preferences="chromium150-preferences-bitwarden-key-turned-off.json")
    host.add_file(f"{BRAVE}/Default/Login Data", b"not a database")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert any("could not be counted" in e.seen for e in found.evidence)
