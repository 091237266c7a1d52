"""os-updates on Linux: the apt and dnf list readers on the forms real machines print (issue 10).

Recorded outputs are in fixtures/linux/apt/ and fixtures/linux/dnf/ (see their SOURCES.toml). Inputs written here
are marked "unverified" with the documented format they follow.
"""

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.os_updates import CHECK
from checks.local.os_updates.linux import APT_LIST, DNF_CHECK, DNF_SECURITY
from checks.local.os_updates.package_lists import (
    AptUpgrade,
    parse_apt_line,
    parse_apt_upgradable,
    parse_dnf_check_update,
)
from tests.support import fixture, run_check

NOW = 1_795_000_000.0
DAY = 86400.0


def apt_host(stdout: str, stderr: str = "") -> RecordedHost:
    host = RecordedHost("linux").add_command(APT_LIST, stdout, stderr=stderr)
    host.add_file("/etc/os-release", fixture("linux/apt/os-release-debian12.txt"))
    host.add_dir("/var/lib/apt/lists", mtime=NOW - 0.5 * DAY)
    return host


def dnf_host(stdout: str, returncode: int = 100) -> RecordedHost:
    host = RecordedHost("linux").add_file("/etc/os-release", fixture("linux/dnf/os-release-fedora37.txt"))
    host.add_command(DNF_CHECK, stdout, returncode=returncode)
    return host.add_command(DNF_SECURITY, "")  # `dnf -q updateinfo list --security` prints nothing: no advisories


# -- apt ---------------------------------------------------------------------------------------------------------

def test_a_suite_without_a_name_and_versions_without_digits_are_read():
    listing = parse_apt_upgradable(fixture("linux/apt/list-upgradable-ubuntu2004-unknown-suite.txt"))
    assert listing.unrecognised == []
    assert len(listing.upgrades) == 11
    assert listing.upgrades[0] == AptUpgrade("insync", ("unknown",), "3.2.7.40868-focal", "amd64")
    assert listing.upgrades[-1].version == "kismet-2020-09-R3"


def test_the_warning_and_listing_lines_are_not_packages_even_when_stderr_is_mixed_in():
    stdout = fixture("linux/apt/list-upgradable-debian12-106.txt")
    mixed = fixture("linux/apt/list-upgradable-stderr-debian12.txt") + stdout  # as `apt list --upgradable 2>&1`
    listing = parse_apt_upgradable(mixed)
    assert len(listing.upgrades) == 106 and listing.unrecognised == []


@pytest.mark.parametrize(("line", "suites"), [
    # unverified: made to the documented format of apt's own printer (apt-private/private-output.cc,
    # ListSingleVersion: name "/" suite " " version " " arch " " note; the suite is the Release file's own name for
    # itself, GetArchiveSuite, so a repository may give it spaces or other characters). No real capture found.
    ("foo/bookworm-security,bookworm-updates 1.2-3 amd64 [upgradable from: 1.2-2]",
     ("bookworm-security", "bookworm-updates")),
    ("foo/My Company Stable 1.2-3 amd64 [upgradable from: 1.2-2]", ("My Company Stable",)),
    ("foo/Debian 12 security,stable-security 1:1.2~rc1+dfsg-3 all [upgradable from: 1.2]",
     ("Debian 12 security", "stable-security")),
    ("foo/st@ble_(x) 1.2-3 arm64 [upgradable from: 1.2-2]", ("st@ble_(x)",)),
    ("foo/jammy-updates 1.2-3 amd64 [aktualisierbar von: 1.2-2]", ("jammy-updates",)),  # the note translated
    ("foo/jammy-updates 1.2-3 [upgradable from: 1.2-2] amd64", ("jammy-updates",)),  # apt 1.0: note first
    ("foo/jammy-updates 1.2-3 amd64", ("jammy-updates",)),
])
def test_suites_with_spaces_and_other_characters_are_understood(line, suites):
    upgrade = parse_apt_line(line)
    assert upgrade is not None
    assert (upgrade.name, upgrade.suites, upgrade.version[:3]) == ("foo", suites, upgrade.version[:3])
    assert upgrade.arch in ("amd64", "all", "arm64")


@pytest.mark.parametrize("line", ["Listing... Done", "foo bar baz", "foo/ jammy 1.0 AMD64", "/jammy 1.0 amd64"])
def test_lines_that_are_not_packages_are_not_counted(line):
    assert parse_apt_line(line) is None


def test_a_security_suite_beside_a_suite_with_spaces_still_fails_the_check():
    # unverified: two lines made to apt's documented format (above), added to a real Debian 12 listing
    text = (fixture("linux/apt/list-upgradable-debian12-none.txt")
            + "foo/Debian 12 security,stable-security 1.2-3 amd64 [upgradable from: 1.2-2]\n"
            + "bar/My Company Stable 2.0 all [upgradable from: 1.9]\n")
    found = run_check(CHECK, apt_host(text, fixture("linux/apt/list-upgradable-stderr-debian12.txt")))
    assert found.status is Status.FAIL
    assert found.summary.startswith("2 updates are waiting, 1 of them is a security fix")


def test_a_suite_named_unknown_is_counted_not_could_not_tell():
    found = run_check(CHECK, apt_host(fixture("linux/apt/list-upgradable-ubuntu2004-unknown-suite.txt")))
    assert found.status is not Status.UNKNOWN
    assert found.summary.startswith("11 updates are waiting")


# -- dnf ---------------------------------------------------------------------------------------------------------

def test_only_an_obsoleting_section_is_understood():
    # Each obsoleting package is an update `dnf upgrade` installs; what it replaces (indented) is not.
    assert parse_dnf_check_update(fixture("linux/dnf/check-update-yum-security-obsoleting-only.txt")) == [
        "mpich.i686", "mpich-devel.i686"]
    # An obsoleting package from the installed set ("@rock-x86_64") brings nothing in; the one from the
    # repository does, and a name listed twice counts once.
    assert parse_dnf_check_update(fixture("linux/dnf/check-update-openmandriva-obsoleting-only.txt")) == [
        "gwenview.x86_64"]


def test_dnf5_headings_and_obsoletes_already_listed_count_once():
    packages = parse_dnf_check_update(fixture("linux/dnf/check-upgrade-dnf5-fedora44-obsoleting.txt"))
    assert len(packages) == 5  # the reporter: "dnf reported 5 upgrades"
    assert "python3-proton-vpn-local-agent.x86_64" not in packages  # replaced, not installed


def test_sections_in_any_order():
    # unverified: the real dnf 5 output above with its two sections swapped; no recorded output in this order
    real = fixture("linux/dnf/check-upgrade-dnf5-fedora44-obsoleting.txt")
    upgrades, obsoleting = real.split("\n\n", 1)
    assert sorted(parse_dnf_check_update(obsoleting + "\n" + upgrades + "\n")) == sorted(parse_dnf_check_update(real))


def test_a_wrapped_name_in_the_obsoleting_section_is_read():
    # unverified: made to dnf 4's documented wrapping (a name too long for its column, then the rest indented)
    text = ("Obsoleting Packages\n"
            "python3-a-very-long-package-name-for-its-column.noarch\n"
            "                                   1.0-1.fc40                    updates\n"
            "    python3-old-name.noarch        0.9-1.fc40                    @updates\n")
    assert parse_dnf_check_update(text) == ["python3-a-very-long-package-name-for-its-column.noarch"]


@pytest.mark.parametrize("name", ["check-update-yum-security-obsoleting-only.txt",
                                  "check-update-openmandriva-obsoleting-only.txt"])
def test_an_answer_with_only_obsoletes_is_updates_waiting_not_could_not_tell(name):
    found = run_check(CHECK, dnf_host(fixture("linux/dnf/" + name)))
    assert found.status is Status.PARTIAL
    assert "waiting" in found.summary and "marked as a security fix" in found.summary
