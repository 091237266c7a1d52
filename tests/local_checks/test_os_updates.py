"""os-updates on Linux, against package-manager outputs recorded on real machines."""

import pytest

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.os_updates import CHECK
from checks.local.os_updates.linux import (
    APT_LIST,
    DNF_CHECK,
    DNF_SECURITY,
    PACMAN_QU,
    SNAP_TIME,
    ZYPPER_PATCHES,
    ZYPPER_UPDATES,
    describe_age,
    parse_pacman_updates,
    parse_zypper_security_patches,
    parse_zypper_updates,
)
from checks.local.os_updates.package_lists import (
    is_security_suite,
    parse_apt_upgradable,
    parse_dnf_check_update,
    parse_dnf_security,
)
from tests.support import fixture, run_check

DAY = 86400.0
NOW = 1_795_000_000.0
LISTS = "/var/lib/apt/lists"
INRELEASE = f"{LISTS}/deb.debian.org_debian_dists_bookworm_InRelease"


def apt_host(stdout: str, *, os_release="linux/apt/os-release-debian12.txt", lists_age_days: float | None = 0.5,
             **kwargs) -> RecordedHost:
    host = RecordedHost("linux").add_command(APT_LIST, stdout, stderr=fixture(
        "linux/apt/list-upgradable-stderr-debian12.txt"), **kwargs)
    if os_release:
        host.add_file("/etc/os-release", fixture(os_release))
    if lists_age_days is not None:
        host.add_dir(LISTS, mtime=NOW - lists_age_days * DAY)
        host.add_file(INRELEASE, "", mtime=NOW - (lists_age_days + 30) * DAY)
    return host


# -- parsers ----------------------------------------------------------------------------------------------------

def test_parses_every_line_of_this_machines_106_updates():
    listing = parse_apt_upgradable(fixture("linux/apt/list-upgradable-debian12-106.txt"))
    assert len(listing.upgrades) == 106
    assert listing.unrecognised == []
    assert listing.upgrades[0].name == "appstream"
    assert listing.upgrades[0].suites == ("oldstable",)
    assert not any(u.security for u in listing.upgrades)


def test_security_pockets_are_recognised_in_ubuntu_and_debian_outputs():
    ubuntu = parse_apt_upgradable(fixture("linux/apt/list-upgradable-ubuntu2204-forum.txt"))
    assert [u.name for u in ubuntu.upgrades if u.security] == ["libgnutls30", "tar"]
    assert len(ubuntu.upgrades) == 5
    debian = parse_apt_upgradable(fixture("linux/apt/list-upgradable-debian13-security.txt"))
    assert [u.security for u in debian.upgrades] == [True, True]


def test_an_empty_listing_has_no_updates_and_nothing_unexplained():
    listing = parse_apt_upgradable(fixture("linux/apt/list-upgradable-debian12-none.txt"))
    assert listing.upgrades == [] and listing.unrecognised == []


@pytest.mark.parametrize(("suite", "security"), [
    ("jammy-security", True), ("stable-security", True), ("noble-apps-security", True),
    ("jammy-updates", False), ("oldstable", False), ("bookworm", False),
])
def test_is_security_suite(suite, security):
    assert is_security_suite(suite) is security


def test_dnf_parsers_count_real_outputs():
    assert len(parse_dnf_check_update(fixture("linux/dnf/check-update-fedora34.txt"))) == 11
    assert parse_dnf_check_update(fixture("linux/dnf/check-update-fedora25.txt"))[0] == "PackageKit.x86_64"
    assert parse_dnf_security(fixture("linux/dnf/updateinfo-security-bodhi.txt")) == {
        "TurboGears-1.0.2.2-2.fc17.noarch"}
    assert parse_dnf_security(fixture("linux/dnf/updateinfo-dnf5-list.txt")) is None


def test_zypper_parsers_count_real_outputs():
    assert parse_zypper_updates(fixture("linux/zypper/list-updates-sle12sp1-salt.xml")) == [
        "SUSEConnect", "bind-libs", "bind-utils"]
    assert len(parse_zypper_updates(fixture("linux/zypper/list-updates-leap16.xml"))) == 4
    assert parse_zypper_security_patches(fixture("linux/zypper/list-patches-security-leap16-first.xml")) == [
        "openSUSE-Leap-16.0-112"]


def test_pacman_parser_marks_skipped_packages_in_any_language():
    german = parse_pacman_updates(fixture("linux/pacman/qu-de-ignored-i3status.txt"))
    assert [(u.name, u.skipped) for u in german] == [("linux", True), ("linux-headers", True)]
    demo = parse_pacman_updates(fixture("linux/pacman/qu-demo-two.txt"))
    assert [(u.name, u.old, u.new, u.skipped) for u in demo] == [
        ("demo", "1.0-1", "1.1-1", False), ("demo-extra", "2.3-2", "2.4-1", True)]


def test_describe_age():
    assert describe_age(0.2) == "today"
    assert describe_age(1.5) == "yesterday"
    assert describe_age(41.9) == "41 days ago"


# -- apt --------------------------------------------------------------------------------------------------------

def test_this_machine_106_updates_with_stale_lists_is_partial():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-106.txt"), lists_age_days=41.2)
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary.startswith("106 updates are waiting; none is marked as a security fix")
    assert "last refreshed 41 days ago, so there may be more" in found.summary
    assert any("106 waiting; 0 security" in e.seen for e in found.evidence)


def test_security_updates_waiting_fail():
    found = run_check(CHECK, apt_host(fixture("linux/apt/list-upgradable-ubuntu2204-forum.txt")))
    assert found.status is Status.FAIL
    assert found.summary == "5 updates are waiting, 2 of them are security fixes."


def test_debian_stable_security_pocket_fails():
    found = run_check(CHECK, apt_host(fixture("linux/apt/list-upgradable-debian13-security.txt")))
    assert found.status is Status.FAIL
    assert "2 of them are security fixes" in found.summary


def test_ubuntu_family_mentions_phased_updates():
    host = apt_host(fixture("linux/apt/list-upgradable-ubuntu2204-forum.txt"),
                    os_release="linux/apt/os-release-linuxmint21.txt")
    found = run_check(CHECK, host)
    assert any("phased updates" in e.seen for e in found.evidence)


def test_no_updates_with_fresh_lists_passes():
    found = run_check(CHECK, apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"), lists_age_days=0.3))
    assert found.status is Status.PASS
    assert found.summary == "All available updates are installed (the list of updates was refreshed today)."


def test_no_updates_with_week_old_lists_is_only_partial():
    found = run_check(CHECK, apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"), lists_age_days=9))
    assert found.status is Status.PARTIAL
    assert "last refreshed 9 days ago" in found.summary


def test_success_stamp_counts_as_a_refresh():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"), lists_age_days=30)
    host.add_file("/var/lib/apt/periodic/update-success-stamp", "", mtime=NOW - 2 * DAY)
    assert run_check(CHECK, host).status is Status.PASS


def test_no_updates_and_lists_never_downloaded_is_partial():
    found = run_check(CHECK, apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"), lists_age_days=None))
    assert found.status is Status.PARTIAL
    assert "has never been downloaded" in found.summary


def test_restart_needed_after_updates_is_partial_and_names_packages():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"))
    host.add_file("/var/run/reboot-required", fixture("linux/apt/reboot-required-p10k.txt"))
    host.add_file("/var/run/reboot-required.pkgs", fixture("linux/apt/reboot-required-pkgs-p10k.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary == "Updates are installed, but the computer needs a restart to finish them."
    assert any(e.seen == "present (for libssl1.0.0, linux-base, libc6)" for e in found.evidence)


def test_restart_and_security_updates_fail_and_say_both():
    host = apt_host(fixture("linux/apt/list-upgradable-ubuntu2204-forum.txt"))
    host.add_file("/var/run/reboot-required", fixture("linux/apt/reboot-required-p10k.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert found.summary.endswith("the computer also needs a restart to finish earlier updates.")


def test_apt_timeout_is_unknown():
    host = apt_host("", outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not answer in time" in found.summary


def test_apt_output_in_another_form_is_unknown_never_pass():
    # A real output of another tool stands in for an apt that answers in a form Homeguard does not know.
    found = run_check(CHECK, apt_host(fixture("linux/dnf/check-update-fedora25.txt")))
    assert found.status is Status.UNKNOWN
    assert "not in a form Homeguard understands" in found.summary


# -- dnf --------------------------------------------------------------------------------------------------------

def dnf_host(check_stdout: str, returncode: int, **kwargs) -> RecordedHost:
    host = RecordedHost("linux").add_file("/etc/os-release", fixture("linux/dnf/os-release-fedora37.txt"))
    return host.add_command(DNF_CHECK, check_stdout, returncode=returncode, **kwargs)


def test_dnf_security_advisory_fails():
    host = dnf_host(fixture("linux/dnf/check-update-fedora34.txt"), 100)
    host.add_command(DNF_SECURITY, fixture("linux/dnf/updateinfo-security-bodhi.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert found.summary == "11 updates are waiting, 1 of them is a security fix."
    assert all("--cacheonly" in argv for argv in host.asked)


def test_dnf_security_list_in_unknown_form_is_partial_with_the_reason():
    host = dnf_host(fixture("linux/dnf/check-update-fedora25.txt"), 100)
    host.add_command(DNF_SECURITY, fixture("linux/dnf/updateinfo-dnf5-list.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary == ("10 updates are waiting; the security list was not in a form Homeguard "
                             "understands.")


def test_dnf_without_a_cache_is_unknown():
    host = dnf_host("", 0, stderr=fixture("linux/dnf/cacheonly-no-cache-stderr.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "cannot check without going online" in found.summary


def test_dnf_quiet_empty_answer_with_code_0_passes():
    # `dnf -q check-update` prints nothing and exits 0 when nothing is waiting (dnf's documented exit codes;
    # rpm-software-management/ci-dnf-stack checks exactly this: "stdout is empty", "exit code is 0").
    found = run_check(CHECK, dnf_host("", 0))
    assert found.status is Status.PASS
    assert found.summary == "All available updates are installed."


def test_dnf_error_code_is_unknown():
    found = run_check(CHECK, dnf_host("", 1, stderr=fixture("linux/dnf/cacheonly-no-cache-stderr.txt")))
    assert found.status is Status.UNKNOWN


# -- zypper -----------------------------------------------------------------------------------------------------

def zypper_host(updates: str) -> RecordedHost:
    host = RecordedHost("linux").add_file("/etc/os-release", fixture("linux/zypper/os-release-tumbleweed.txt"))
    return host.add_command(ZYPPER_UPDATES, updates, returncode=0)


def test_zypper_security_patch_fails():
    host = zypper_host(fixture("linux/zypper/list-updates-sle12sp1-salt.xml"))
    host.add_command(ZYPPER_PATCHES, fixture("linux/zypper/list-patches-security-leap16-first.xml"), returncode=101)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert found.summary == "3 updates are waiting, 1 of them is a security fix."
    assert all("--no-refresh" in argv for argv in host.asked)


def test_zypper_without_a_security_list_is_partial():
    host = zypper_host(fixture("linux/zypper/list-updates-leap16.xml"))
    host.add_command(ZYPPER_PATCHES, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary.startswith("4 updates are waiting; the security list could not be read")


def test_zypper_answer_that_is_not_xml_is_unknown():
    found = run_check(CHECK, zypper_host(fixture("linux/apt/list-upgradable-debian12-106.txt")))
    assert found.status is Status.UNKNOWN


# -- pacman -----------------------------------------------------------------------------------------------------

def pacman_host(stdout: str, returncode: int, *, db_age_days: float | None = 0.5, **kwargs) -> RecordedHost:
    host = RecordedHost("linux").add_file("/etc/os-release", fixture("linux/pacman/os-release-manjaro.txt"))
    host.add_command(PACMAN_QU, stdout, returncode=returncode, **kwargs)
    if db_age_days is not None:
        for repo in ("core", "extra"):
            host.add_file(f"/var/lib/pacman/sync/{repo}.db", b"", mtime=NOW - db_age_days * DAY)
    return host


def test_pacman_updates_are_partial_and_say_arch_marks_no_security_fixes():
    found = run_check(CHECK, pacman_host(fixture("linux/pacman/qu-demo-two.txt"), 0))
    assert found.status is Status.PARTIAL
    assert found.summary == "2 updates are waiting; Arch Linux does not mark which updates are security fixes."
    assert any("1 of them set to be skipped" in e.seen for e in found.evidence)


def test_pacman_never_syncs():
    host = pacman_host(fixture("linux/pacman/qu-demo-two.txt"), 0)
    run_check(CHECK, host)
    assert host.asked == [PACMAN_QU]


def test_pacman_without_a_sync_database_is_unknown():
    host = pacman_host("", 1, stderr=fixture("linux/pacman/qu-no-sync-db-stderr.txt"), db_age_days=None)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "database file for 'core' does not exist" in found.summary


def test_pacman_nothing_waiting_with_old_database_is_partial():
    found = run_check(CHECK, pacman_host("", 1, db_age_days=20))
    assert found.status is Status.PARTIAL
    assert "last refreshed 20 days ago" in found.summary


def test_pacman_nothing_waiting_with_fresh_database_passes():
    assert run_check(CHECK, pacman_host("", 1)).status is Status.PASS


# -- which managers, and the rest ------------------------------------------------------------------------------

def test_a_tool_from_another_family_is_not_asked():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"))
    host.add_command(PACMAN_QU, "", stderr=fixture("linux/pacman/qu-no-sync-db-stderr.txt"), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert PACMAN_QU not in host.asked


def test_without_os_release_every_manager_present_is_asked_and_a_failure_is_unknown():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"), os_release=None)
    host.add_command(PACMAN_QU, "", stderr=fixture("linux/pacman/qu-no-sync-db-stderr.txt"), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert found.summary.startswith("No updates are waiting in apt, but Homeguard could not check pacman")


def test_no_package_manager_is_unknown():
    found = run_check(CHECK, RecordedHost("linux").add_file("/etc/os-release",
                                                            fixture("linux/apt/os-release-debian12.txt")))
    assert found.status is Status.UNKNOWN
    assert "did not find a package manager" in found.summary


def test_image_based_system_is_unknown_with_the_reason():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt")).add_file("/run/ostree-booted", "")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert host.asked == []


def test_flatpak_apps_are_counted_but_never_checked_online():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt")).add_tool("flatpak")
    host.add_dir("/var/lib/flatpak/app/org.mozilla.firefox").add_dir("~/.local/share/flatpak/app/org.gimp.GIMP")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == "Flatpak apps" and e.seen.startswith("2 installed") for e in found.evidence)
    assert not any(argv[0] == "flatpak" for argv in host.asked)


def test_snap_schedule_is_read_without_asking_the_store():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"))
    host.add_command(SNAP_TIME, fixture("linux/snap/refresh-time-default.txt")).add_file("/run/snapd.socket", "")
    found = run_check(CHECK, host)
    assert any(e.seen.startswith("snaps update themselves; timer: 00:00~24:00/4") for e in found.evidence)
    assert ("snap", "refresh", "--list") not in host.asked


def test_snap_is_left_alone_when_snapd_is_not_running():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt")).add_tool("snap")
    found = run_check(CHECK, host)
    assert any(e.looked_at == "snapd" for e in found.evidence)
    assert not any(argv[0] == "snap" for argv in host.asked)


def test_snap_that_does_not_answer_is_only_noted():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"))
    host.add_command(SNAP_TIME, outcome=CommandOutcome.TIMEOUT).add_file("/run/snapd.socket", "")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("could not read the snap update schedule" in e.seen for e in found.evidence)


def test_nothing_run_refreshes_or_goes_online():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-none.txt"), os_release=None)
    host.add_command(DNF_CHECK, "", returncode=0)
    host.add_command(ZYPPER_UPDATES, fixture("linux/zypper/list-updates-leap16.xml"))
    host.add_command(ZYPPER_PATCHES, fixture("linux/zypper/list-patches-security-leap16-first.xml"))
    host.add_command(PACMAN_QU, fixture("linux/pacman/qu-demo-two.txt"))
    host.add_command(SNAP_TIME, fixture("linux/snap/refresh-time-default.txt")).add_file("/run/snapd.socket", "")
    run_check(CHECK, host)
    forbidden = {"update", "refresh", "makecache", "-Sy", "-Syu", "--refresh"}
    for argv in host.asked:
        assert not forbidden & set(argv[1:]) or argv == SNAP_TIME, argv
    assert {argv[0] for argv in host.asked} == {"apt", "dnf", "zypper", "pacman", "snap"}


# -- security pockets that were configured but never downloaded ---------------------------------------------------

def with_lists_dir(host: RecordedHost, listing: str) -> RecordedHost:
    for name in listing.split():
        if name.endswith(("Release", ".lz4")) or "Packages" in name:
            host.add_file(f"{LISTS}/{name}", "", mtime=NOW - 41 * DAY)
    return host


def test_configured_security_suites_from_deb822_and_one_line_sources():
    from checks.local.os_updates.apt_sources import configured_security_suites

    host = RecordedHost("linux").add_file("/etc/apt/sources.list.d/debian.sources",
                                          fixture("linux/apt/debian12-debian.sources"))
    assert configured_security_suites(host) == ["bookworm-security"]
    host = RecordedHost("linux").add_file("/etc/apt/sources.list", fixture("linux/apt/ubuntu2204-stock.list"))
    assert configured_security_suites(host) == ["jammy-security"]


def test_this_machine_never_downloaded_its_security_list_so_security_is_not_claimed():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-106.txt"), lists_age_days=None)
    host.add_file("/etc/apt/sources.list.d/debian.sources", fixture("linux/apt/debian12-debian.sources"))
    with_lists_dir(host, fixture("linux/apt/lists-dir-debian12-vm.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "could not tell whether any are security fixes" in found.summary
    assert "bookworm-security" in found.summary
    assert "none is marked" not in found.summary


def test_a_downloaded_security_list_lets_none_be_claimed():
    host = apt_host(fixture("linux/apt/list-upgradable-debian12-106.txt"))
    host.add_file("/etc/apt/sources.list.d/debian.sources", fixture("linux/apt/debian12-debian.sources"))
    host.add_file(f"{LISTS}/deb.debian.org_debian-security_dists_bookworm-security_InRelease", "")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "none is marked as a security fix" in found.summary
