"""auto-login on Linux, against real login-manager and getty files."""

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.auto_login import CHECK
from checks.local.auto_login.linux import (
    gdm_autologins,
    getty_autologin_user,
    greetd_initial_session,
    lightdm_autologins,
    merge_ini,
    sddm_autologin,
)
from tests.support import fixture, run_check

GETTY_DIR = "/etc/systemd/system/getty@tty1.service.d"


def host_with(*files: tuple[str, str], env=None) -> RecordedHost:
    host = RecordedHost("linux", env=env or {})
    for path, name in files:
        host.add_file(path, fixture(name))
    return host


# -- parsers ------------------------------------------------------------------------------------------------------

def test_gdm_default_file_has_only_commented_settings():
    assert gdm_autologins(fixture("linux/gdm/daemon.conf-debian12-default")) == []


def test_gdm_automatic_and_timed_login_are_read():
    assert gdm_autologins(fixture("linux/gdm/daemon.conf-debian12-autologin-modified")) == [("automatic", "user1", "")]
    assert gdm_autologins(fixture("linux/gdm/daemon.conf-debian12-timed-modified")) == [("timed", "user1", "10")]


def test_sddm_later_files_override_earlier_ones():
    merged = merge_ini([fixture("linux/sddm/kde_settings-hyprdots-issue715.conf"),
                        fixture("linux/sddm/kde_settings-no-user-modified.conf")])
    assert sddm_autologin(merged) == ("", "hyprland")
    assert sddm_autologin(merge_ini([fixture("linux/sddm/kde_settings-hyprdots-issue715.conf")])) == ("wasif",
                                                                                                      "hyprland")


def test_lightdm_seat_sections_old_and_new():
    assert lightdm_autologins(merge_ini([fixture("linux/lightdm/lightdm.conf-ubuntu-lightdm-issue210")])) == [
        ("seat:*", "openboxauto", "1")
    ]
    assert lightdm_autologins(merge_ini([fixture("linux/lightdm/lightdm.conf-rootpages-issue846")])) == [
        ("seatdefaults", "<USER>", "")
    ]
    assert lightdm_autologins(merge_ini([fixture("linux/lightdm/lightdm.conf-debian12-default")])) == []


def test_greetd_initial_session_with_and_without_valid_toml():
    assert greetd_initial_session(fixture("linux/greetd/config.toml-debian12-default")) is None
    assert greetd_initial_session(fixture("linux/greetd/config.toml-manpage-autologin")) == ("john", "sway")
    assert greetd_initial_session(fixture("linux/greetd/config.toml-manpage-autologin-unquoted-modified")) == (
        "john", "sway")


def test_getty_autologin_user_and_comments():
    assert getty_autologin_user(fixture("linux/getty/autologin-deckifier.conf")) == "deck"
    assert getty_autologin_user(fixture("linux/getty/autologin-beastofrock.conf")) == "rt"
    assert getty_autologin_user(fixture("linux/getty/autologin-deckifier-commented-modified.conf")) is None


# -- GDM ------------------------------------------------------------------------------------------------------------

def test_gdm_default_passes_and_runs_nothing():
    host = host_with(("/etc/gdm3/daemon.conf", "linux/gdm/daemon.conf-debian12-default"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "GDM asks for a password" in found.summary
    assert host.asked == []


def test_gdm_automatic_login_fails_naming_the_user():
    host = host_with(("/etc/gdm3/custom.conf", "linux/gdm/daemon.conf-debian12-autologin-modified"),
                     env={"XDG_CURRENT_DESKTOP": "GNOME"})
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert found.summary == "user1 is signed in automatically, without a password, by GDM."
    assert found.desktop == "gnome"  # so the GNOME Users panel is offered


def test_gdm_timed_login_fails_with_its_delay():
    found = run_check(CHECK, host_with(("/etc/gdm/custom.conf", "linux/gdm/daemon.conf-debian12-timed-modified")))
    assert found.status is Status.FAIL
    assert "after 10 seconds" in found.summary
    assert found.desktop is None


# -- SDDM -----------------------------------------------------------------------------------------------------------

def test_sddm_autologin_fails():
    host = host_with(("/etc/sddm.conf.d/kde_settings.conf", "linux/sddm/kde_settings-hyprdots-issue715.conf"),
                     env={"XDG_CURRENT_DESKTOP": "KDE"})
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "wasif" in found.summary and "SDDM" in found.summary
    assert found.desktop == "kde"


def test_sddm_system_dir_autologin_fails():
    host = host_with(("/usr/lib/sddm/sddm.conf.d/autologin.conf", "linux/sddm/autologin-arch-setup-script.conf"))
    assert "antrax" in run_check(CHECK, host).summary


def test_sddm_etc_file_overrides_conf_d():
    host = host_with(("/etc/sddm.conf.d/kde_settings.conf", "linux/sddm/kde_settings-hyprdots-issue715.conf"),
                     ("/etc/sddm.conf", "linux/sddm/kde_settings-no-user-modified.conf"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "SDDM" in found.summary


# -- LightDM --------------------------------------------------------------------------------------------------------

def test_lightdm_debian_default_passes():
    host = host_with(("/usr/share/lightdm/lightdm.conf.d/01_debian.conf", "linux/lightdm/01_debian.conf-debian12"),
                     ("/etc/lightdm/lightdm.conf", "linux/lightdm/lightdm.conf-debian12-default"))
    assert run_check(CHECK, host).status is Status.PASS


def test_lightdm_autologin_user_fails():
    found = run_check(CHECK, host_with(("/etc/lightdm/lightdm.conf",
                                        "linux/lightdm/lightdm.conf-ubuntu-lightdm-issue210")))
    assert found.status is Status.FAIL
    assert "openboxauto" in found.summary and "after 1 second)" in found.summary


def test_lightdm_guest_autologin_fails():
    found = run_check(CHECK, host_with(("/etc/lightdm/lightdm.conf",
                                        "linux/lightdm/lightdm.conf-debian12-guest-modified")))
    assert found.status is Status.FAIL
    assert found.summary.startswith("The guest account is signed in automatically")


def test_lightdm_conf_d_file_counts():
    host = host_with(("/etc/lightdm/lightdm.conf.d/50-auto.conf", "linux/lightdm/lightdm.conf-rootpages-issue846"))
    assert run_check(CHECK, host).status is Status.FAIL


# -- greetd, LXDM, nodm ---------------------------------------------------------------------------------------------

def test_greetd_default_passes():
    found = run_check(CHECK, host_with(("/etc/greetd/config.toml", "linux/greetd/config.toml-debian12-default")))
    assert found.status is Status.PASS
    assert "greetd" in found.summary


def test_greetd_initial_session_fails():
    found = run_check(CHECK, host_with(("/etc/greetd/config.toml", "linux/greetd/config.toml-manpage-autologin")))
    assert found.status is Status.FAIL
    assert "john" in found.summary and "greetd" in found.summary


def test_greetd_file_that_is_not_valid_toml_still_shows_the_autologin():
    found = run_check(CHECK, host_with(("/etc/greetd/config.toml",
                                        "linux/greetd/config.toml-manpage-autologin-unquoted-modified")))
    assert found.status is Status.FAIL


def test_lxdm_default_passes_and_autologin_fails():
    assert run_check(CHECK, host_with(("/etc/lxdm/lxdm.conf", "linux/lxdm/lxdm.conf-debian12-default"))).status \
        is Status.PASS
    found = run_check(CHECK, host_with(("/etc/lxdm/lxdm.conf", "linux/lxdm/lxdm.conf-debian12-autologin-modified")))
    assert found.status is Status.FAIL
    assert "dgod" in found.summary


def test_nodm_enabled_fails_and_disabled_passes():
    found = run_check(CHECK, host_with(("/etc/default/nodm", "linux/nodm/nodm-debian12-debconf-defaults")))
    assert found.status is Status.FAIL
    assert found.summary.startswith("root is signed in automatically")
    assert run_check(CHECK, host_with(("/etc/default/nodm", "linux/nodm/nodm-debian12-disabled-modified"))).status \
        is Status.PASS


# -- the text console -----------------------------------------------------------------------------------------------

def test_getty_autologin_fails():
    found = run_check(CHECK, host_with((f"{GETTY_DIR}/autologin.conf", "linux/getty/autologin-deckifier.conf")))
    assert found.status is Status.FAIL
    assert "deck" in found.summary and "text console" in found.summary


def test_commented_getty_line_is_not_a_setting():
    found = run_check(CHECK, host_with((f"{GETTY_DIR}/autologin.conf",
                                        "linux/getty/autologin-deckifier-commented-modified.conf")))
    assert found.status is Status.PASS


def test_getty_for_every_tty_counts():
    host = host_with(("/etc/systemd/system/getty@.service.d/override.conf", "linux/getty/autologin-beastofrock.conf"))
    assert "rt" in run_check(CHECK, host).summary


def test_autologged_marker_fails_without_a_name():
    host = RecordedHost("linux").add_file("/run/agetty.autologged", b"")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert found.summary.startswith("Someone was signed in automatically")


def test_several_autologins_are_all_counted():
    host = host_with(("/etc/gdm3/daemon.conf", "linux/gdm/daemon.conf-debian12-autologin-modified"),
                     (f"{GETTY_DIR}/autologin.conf", "linux/getty/autologin-deckifier.conf"))
    found = run_check(CHECK, host)
    assert "1 more automatic sign-in is set up too" in found.summary
    assert len([e for e in found.evidence if "deck" in e.seen]) == 1


# -- nothing found, nothing readable --------------------------------------------------------------------------------

def test_no_login_manager_and_no_console_autologin_passes_saying_what_was_looked_at():
    found = run_check(CHECK, RecordedHost("linux"))
    assert found.status is Status.PASS
    assert "no login manager was found" in found.summary
    assert any("GDM, SDDM, LightDM" in e.seen for e in found.evidence)


def test_unreadable_config_is_unknown():
    host = host_with(("/etc/gdm3/daemon.conf", "linux/gdm/daemon.conf-debian12-default"))
    host.deny("/etc/greetd/config.toml")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "/etc/greetd/config.toml" in found.summary


def test_unreadable_folder_is_unknown():
    host = RecordedHost("linux").deny("/etc/sddm.conf.d")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_an_autologin_found_decides_even_when_something_else_is_unreadable():
    host = host_with(("/etc/lightdm/lightdm.conf", "linux/lightdm/lightdm.conf-ubuntu-lightdm-issue210"))
    host.deny("/etc/gdm3/custom.conf")
    assert run_check(CHECK, host).status is Status.FAIL
