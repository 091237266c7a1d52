"""automatic-updates on Linux, against settings and outputs recorded on real machines and real package files."""

import pytest

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.automatic_updates import CHECK
from checks.local.automatic_updates.apt import APT_CONFIG_DUMP, UU_PROGRAM, parse_apt_config_dump, periodic_on
from checks.local.automatic_updates.linux import (
    DISCOVER_NOTIFIER,
    DISCOVER_SYSTEM,
    DISCOVER_USER,
    DNF_AUTOMATIC_CONF,
    MINT_AUTO_FLAG,
    MINTUPDATE,
    RPM_OSTREED_CONF,
    TRANSACTIONAL_UPDATE,
    discover_setting,
)
from checks.local.automatic_updates.services import timer_state
from checks.local.common.conf import parse_ini
from tests.support import fixture, run_check

GNOME = {"XDG_CURRENT_DESKTOP": "GNOME", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}
KDE = {"XDG_CURRENT_DESKTOP": "KDE"}
WANTS = "/etc/systemd/system/timers.target.wants"
APT_TIMER = "apt-daily-upgrade.timer"


def gs(key: str) -> list[str]:
    return ["gsettings", "get", "org.gnome.software", key]


def apt_host(dump: str, *, uu_installed=True, timer="enabled", env=None) -> RecordedHost:
    host = RecordedHost("linux", env=env or {}).add_command(
        APT_CONFIG_DUMP, fixture(f"linux/unattended-upgrades/apt-config-dump-{dump}.txt"))
    if uu_installed:
        host.add_file(UU_PROGRAM, "")
    unit = fixture("linux/unattended-upgrades/apt-daily-upgrade.timer")
    if timer in ("enabled", "disabled"):
        host.add_file(f"/lib/systemd/system/{APT_TIMER}", unit)
    if timer == "enabled":
        host.add_file(f"{WANTS}/{APT_TIMER}", unit)
    if timer == "masked":
        host.add_file(f"/lib/systemd/system/{APT_TIMER}", unit).add_file(f"/etc/systemd/system/{APT_TIMER}", "")
    return host


# -- parsers ----------------------------------------------------------------------------------------------------

def test_apt_config_dump_values_and_lists():
    config = parse_apt_config_dump(fixture("linux/unattended-upgrades/apt-config-dump-uu-enabled.txt"))
    assert config.values["APT::Periodic::Unattended-Upgrade"] == "1"
    assert config.values["APT::Periodic::Update-Package-Lists"] == "1"
    assert len(config.lists["Unattended-Upgrade::Origins-Pattern"]) == 3
    assert "label=Debian-Security" in config.lists["Unattended-Upgrade::Origins-Pattern"][2]
    here = parse_apt_config_dump(fixture("linux/unattended-upgrades/apt-config-dump-debian12-none.txt"))
    assert not any(k.startswith("APT::Periodic::") for k in here.values)
    assert here.values["APT::Architecture"] == "amd64"


@pytest.mark.parametrize(("value", "on"), [("1", True), ("7", True), ("always", True), ("0", False),
                                           ("", False), (None, False), ("yes", False)])
def test_periodic_on(value, on):
    assert periodic_on(value) is on


def test_timer_states_from_links_alone():
    unit = fixture("linux/unattended-upgrades/apt-daily-upgrade.timer")
    host = RecordedHost("linux").add_file(f"/lib/systemd/system/{APT_TIMER}", unit)
    assert timer_state(host, APT_TIMER) == "disabled"
    host.add_file(f"{WANTS}/{APT_TIMER}", unit)
    assert timer_state(host, APT_TIMER) == "enabled"
    host.add_file(f"/etc/systemd/system/{APT_TIMER}", "")
    assert timer_state(host, APT_TIMER) == "masked"
    assert timer_state(host, "no-such.timer") == "absent"


def test_discover_setting_follows_kde_rules():
    unattended = parse_ini(fixture("linux/discover/PlasmaDiscoverUpdates-unattended.txt"))
    default = parse_ini(fixture("linux/discover/PlasmaDiscoverUpdates-notify-only.txt"))
    locked = parse_ini(fixture("linux/discover/PlasmaDiscoverUpdates-xdg-locked.txt"))
    assert discover_setting({}, unattended) == "true"
    assert discover_setting({}, default) is None
    assert discover_setting(locked, default) == "true"


# -- unattended-upgrades ----------------------------------------------------------------------------------------

def test_unattended_upgrades_on_passes():
    found = run_check(CHECK, apt_host("uu-enabled"))
    assert found.status is Status.PASS
    assert found.summary == "Updates install themselves: unattended-upgrades installs security updates every day."
    assert any("Unattended-Upgrade \"1\"" in e.seen for e in found.evidence)


def test_this_machine_without_unattended_upgrades_fails():
    found = run_check(CHECK, apt_host("debian12-none", uu_installed=False))
    assert found.status is Status.FAIL
    assert found.summary == ("Updates do not install themselves: unattended-upgrades, which installs security "
                             "updates by itself, is not installed.")
    assert found.desktop is None


def test_switched_on_but_package_missing_fails():
    found = run_check(CHECK, apt_host("uu-enabled", uu_installed=False))
    assert found.status is Status.FAIL
    assert "package that does it is not installed" in found.summary


def test_switched_off_at_install_time_fails():
    found = run_check(CHECK, apt_host("uu-disabled"))
    assert found.status is Status.FAIL
    assert "installed but switched off" in found.summary


@pytest.mark.parametrize("timer", ["masked", "disabled"])
def test_daily_timer_switched_off_fails(timer):
    found = run_check(CHECK, apt_host("uu-enabled", timer=timer))
    assert found.status is Status.FAIL
    assert f"switched off ({timer})" in found.summary


def test_no_systemd_unit_leaves_it_to_cron_and_passes():
    assert run_check(CHECK, apt_host("uu-enabled", timer="absent")).status is Status.PASS


def test_download_only_is_partial():
    found = run_check(CHECK, apt_host("download-only", uu_installed=False))
    assert found.status is Status.PARTIAL
    assert "downloads updates every day but does not install them" in found.summary


def test_settings_without_security_origins_are_partial():
    found = run_check(CHECK, apt_host("uu-no-security"))
    assert found.status is Status.PARTIAL
    assert "leave out the security updates" in found.summary


def test_periodic_enable_zero_switches_everything_off():
    found = run_check(CHECK, apt_host("periodic-off"))
    assert found.status is Status.FAIL
    assert "APT::Periodic::Enable" in found.summary


def test_apt_config_that_does_not_answer_is_unknown():
    host = RecordedHost("linux").add_command(APT_CONFIG_DUMP, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "could not be read" in found.summary


# -- dnf-automatic, rpm-ostree, transactional-update, Mint -------------------------------------------------------

def dnf_host(conf: str | None, timers=("dnf-automatic.timer",)) -> RecordedHost:
    host = RecordedHost("linux")
    if conf:
        host.add_file(DNF_AUTOMATIC_CONF, fixture(f"linux/dnf/{conf}"))
    for timer in timers:
        host.add_file(f"{WANTS}/{timer}", "")
    return host


def test_dnf_automatic_that_applies_updates_passes():
    found = run_check(CHECK, dnf_host("automatic-apply-yes.conf"))
    assert found.status is Status.PASS
    assert "dnf-automatic installs updates" in found.summary


def test_dnf_automatic_default_settings_only_download():
    found = run_check(CHECK, dnf_host("automatic-upstream.conf"))
    assert found.status is Status.PARTIAL
    assert "downloads updates but does not install them" in found.summary


def test_dnf_automatic_install_timer_installs_whatever_the_file_says():
    assert run_check(CHECK, dnf_host("automatic-upstream.conf", ("dnf-automatic-install.timer",))).status \
        is Status.PASS


def test_dnf_automatic_notify_timer_is_partial():
    found = run_check(CHECK, dnf_host("automatic-upstream.conf", ("dnf-automatic-notifyonly.timer",)))
    assert found.status is Status.PARTIAL


def test_dnf_automatic_without_its_timer_fails():
    found = run_check(CHECK, dnf_host("automatic-apply-yes.conf", timers=()))
    assert found.status is Status.FAIL
    assert "timer is not switched on" in found.summary


def test_dnf_automatic_settings_refused_is_unknown():
    host = dnf_host(None).deny(DNF_AUTOMATIC_CONF)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN


def ostree_host(conf: str, timer: bool) -> RecordedHost:
    host = RecordedHost("linux").add_file(RPM_OSTREED_CONF, fixture(f"linux/rpm-ostree/{conf}"))
    if timer:
        host.add_file(f"{WANTS}/rpm-ostreed-automatic.timer", "")
    return host


def test_rpm_ostree_staging_updates_passes():
    found = run_check(CHECK, ostree_host("rpm-ostreed-bluefin-stage.conf", timer=True))
    assert found.status is Status.PASS
    assert "next restart" in found.summary


def test_rpm_ostree_default_policy_fails():
    assert run_check(CHECK, ostree_host("rpm-ostreed-default.conf", timer=True)).status is Status.FAIL


def test_rpm_ostree_policy_without_its_timer_fails():
    assert run_check(CHECK, ostree_host("rpm-ostreed-bluefin-stage.conf", timer=False)).status is Status.FAIL


def test_transactional_update_timer():
    host = RecordedHost("linux").add_file(TRANSACTIONAL_UPDATE, "")
    assert run_check(CHECK, host).status is Status.FAIL
    host.add_file(f"{WANTS}/transactional-update.timer", "")
    assert run_check(CHECK, host).status is Status.PASS


def test_linux_mint_update_manager():
    host = apt_host("debian12-none", uu_installed=False).add_file(MINTUPDATE, "")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "tells you about updates" in found.summary
    host.add_file(MINT_AUTO_FLAG, "")
    assert run_check(CHECK, host).status is Status.PASS


# -- desktops ---------------------------------------------------------------------------------------------------

def gnome_host(allow: str, download: str) -> RecordedHost:
    host = apt_host("debian12-none", uu_installed=False, env=GNOME)
    host.add_command(gs("allow-updates"), fixture(f"linux/gnome-software/gsettings-get-{allow}.txt"))
    return host.add_command(gs("download-updates"), fixture(f"linux/gnome-software/gsettings-get-{download}.txt"))


def test_gnome_software_downloading_updates_is_partial():
    found = run_check(CHECK, gnome_host("true", "true"))
    assert found.status is Status.PARTIAL
    assert "only install when you restart" in found.summary
    assert found.desktop == "gnome"


def test_gnome_software_that_only_notifies_is_partial():
    found = run_check(CHECK, gnome_host("true", "false"))
    assert found.status is Status.PARTIAL
    assert "does not download them" in found.summary


def test_gnome_software_not_handling_updates_fails():
    found = run_check(CHECK, gnome_host("false", "true"))
    assert found.status is Status.FAIL


def test_gnome_software_missing_is_not_counted():
    host = RecordedHost("linux", env=GNOME).add_command(
        gs("allow-updates"), stderr=fixture("linux/gnome-software/gsettings-no-schema-stderr.txt"), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "found none of the automatic update services" in found.summary


def test_gnome_software_that_does_not_answer_is_unknown():
    host = RecordedHost("linux", env=GNOME).add_command(gs("allow-updates"), outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_gsettings_defaults_are_never_trusted_outside_gnome():
    host = apt_host("debian12-none", uu_installed=False)  # no desktop session at all
    host.add_command(gs("allow-updates"), fixture("linux/gnome-software/gsettings-get-true.txt"))
    host.add_command(gs("download-updates"), fixture("linux/gnome-software/gsettings-get-true.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert not any(argv[0] == "gsettings" for argv in host.asked)
    assert any("only shows built-in defaults" in e.seen for e in found.evidence)


def test_unattended_upgrades_wins_over_a_desktop_that_only_downloads():
    host = gnome_host("true", "true")
    host.add_command(APT_CONFIG_DUMP, fixture("linux/unattended-upgrades/apt-config-dump-uu-enabled.txt"))
    host.add_file(UU_PROGRAM, "")
    assert run_check(CHECK, host).status is Status.PASS


def test_discover_unattended_updates_pass_in_plasma():
    host = RecordedHost("linux", env=KDE).add_file(
        DISCOVER_USER, fixture("linux/discover/PlasmaDiscoverUpdates-unattended.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.desktop == "kde"


def test_discover_default_with_notifier_is_partial():
    host = RecordedHost("linux", env=KDE).add_file(
        DISCOVER_USER, fixture("linux/discover/PlasmaDiscoverUpdates-notify-only.txt"))
    host.add_file(DISCOVER_NOTIFIER, fixture("linux/discover/org.kde.discover.notifier.desktop"))
    assert run_check(CHECK, host).status is Status.PARTIAL


def test_discover_locked_on_by_the_system_file_passes():
    host = RecordedHost("linux", env=KDE).add_file(
        DISCOVER_SYSTEM, fixture("linux/discover/PlasmaDiscoverUpdates-xdg-locked.txt"))
    assert run_check(CHECK, host).status is Status.PASS


def test_discover_off_without_notifier_fails():
    assert run_check(CHECK, RecordedHost("linux", env=KDE)).status is Status.FAIL


def test_discover_settings_refused_is_unknown():
    host = RecordedHost("linux", env=KDE).deny(DISCOVER_USER)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_discover_settings_ignored_outside_plasma():
    host = RecordedHost("linux").add_file(
        DISCOVER_USER, fixture("linux/discover/PlasmaDiscoverUpdates-unattended.txt"))
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_nothing_known_is_unknown():
    found = run_check(CHECK, RecordedHost("linux"))
    assert found.status is Status.UNKNOWN
    assert found.summary.startswith("Could not tell")


def test_only_reads_never_changes_or_goes_online():
    host = gnome_host("true", "true")
    run_check(CHECK, host)
    assert host.asked == [APT_CONFIG_DUMP, tuple(gs("allow-updates")), tuple(gs("download-updates"))]


# -- unattended-upgrades only installs what the package lists know about (issue 10) ------------------------------
# /usr/lib/apt/apt.systemd.daily (apt 2.6.1) runs `apt-get update` only when APT::Periodic::Update-Package-Lists is
# on, in its "update" part (apt-daily.timer), and then runs unattended-upgrade in its "install" part
# (apt-daily-upgrade.timer) against whatever lists are already there. unattended-upgrade never refreshes them.

LIST_TIMER = "apt-daily.timer"


def with_list_timer(host: RecordedHost, state: str) -> RecordedHost:
    unit = fixture(f"linux/unattended-upgrades/{LIST_TIMER}")
    host.add_file(f"/lib/systemd/system/{LIST_TIMER}", unit)
    if state == "enabled":
        host.add_file(f"{WANTS}/{LIST_TIMER}", unit)
    if state == "masked":
        host.add_file(f"/etc/systemd/system/{LIST_TIMER}", "")
    return host


@pytest.mark.parametrize("dump", ["uu-lists-off-later", "uu-lists-off-one-file", "uu-lists-off-block",
                                  "uu-lower-case"])
def test_without_refreshed_lists_it_is_only_partly(dump):
    found = run_check(CHECK, apt_host(dump))
    assert found.status is Status.PARTIAL
    assert found.summary == (
        "Updates do not fully install themselves: unattended-upgrades is switched on, but apt is set not to fetch "
        "the list of new updates (APT::Periodic::Update-Package-Lists \"0\"), so it only installs updates that "
        "something else has found first.")
    assert any('update-package-lists "0"' in e.seen.lower() and 'unattended-upgrade "1"' in e.seen.lower()
               for e in found.evidence)


@pytest.mark.parametrize("state", ["masked", "disabled"])
def test_list_refresh_timer_switched_off_is_only_partly(state):
    found = run_check(CHECK, with_list_timer(apt_host("uu-enabled"), state))
    assert found.status is Status.PARTIAL
    assert found.summary == (
        "Updates do not fully install themselves: unattended-upgrades is switched on, but the daily job that "
        f"fetches the list of new updates is switched off ({state}), so it only installs updates that something "
        "else has found first.")
    assert any(e.looked_at == LIST_TIMER and e.seen == state for e in found.evidence)


def test_list_refresh_timer_on_passes():
    found = run_check(CHECK, with_list_timer(apt_host("uu-enabled"), "enabled"))
    assert found.status is Status.PASS
    assert any(e.looked_at == LIST_TIMER and e.seen == "enabled" for e in found.evidence)


@pytest.mark.parametrize("dump", ["uu-always", "uu-suffixes", "uu-lists-on-later"])
def test_every_form_of_switched_on_passes(dump):
    found = run_check(CHECK, apt_host(dump))
    assert found.status is Status.PASS
    assert found.summary == "Updates install themselves: unattended-upgrades installs security updates every day."


def test_an_earlier_file_is_overridden_by_a_later_one_as_apt_reads_them():
    later = parse_apt_config_dump(fixture("linux/unattended-upgrades/apt-config-dump-uu-lists-on-later.txt"))
    assert later.values["APT::Periodic::Update-Package-Lists"] == "1"  # 10periodic's "0" was read first
    off = parse_apt_config_dump(fixture("linux/unattended-upgrades/apt-config-dump-uu-lists-off-later.txt"))
    assert off.values["APT::Periodic::Update-Package-Lists"] == "0"  # 99local's "0" was read last


@pytest.mark.parametrize(("value", "on"), [("1d", True), ("12h", True), ("30m", True), ("3600s", True),
                                           (" 1 ", True), ("ALWAYS", True), ("0", False), ("-1", False),
                                           ("1w", False), ("one", False)])
def test_periodic_intervals_as_apt_systemd_daily_reads_them(value, on):
    assert periodic_on(value) is on
