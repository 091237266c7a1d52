"""airdrop-receiving on macOS: com.apple.sharingd DiscoverableMode, read as the signed-in person."""

from auditor.host import CommandOutcome, UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.airdrop import CHECK
from tests.support import fixture, run_check

READ = ["defaults", "read", "com.apple.sharingd", "DiscoverableMode"]


def mac_with(name: str) -> RecordedHost:
    return RecordedHost("macos").add_command(READ, fixture(f"macos/sharingd/{name}"))


def test_the_check_is_macos_only():
    assert "macos" in CHECK.spec.platforms
    assert CHECK.id == "airdrop-receiving"


def test_everyone_fails():
    found = run_check(CHECK, mac_with("discoverablemode-everyone.txt"))
    assert found.status is Status.FAIL
    assert "everyone" in found.summary


def test_contacts_only_passes():
    found = run_check(CHECK, mac_with("discoverablemode-contacts-only.txt"))
    assert found.status is Status.PASS
    assert "Contacts Only" in found.summary


def test_off_passes():
    found = run_check(CHECK, mac_with("discoverablemode-off.txt"))
    assert found.status is Status.PASS
    assert "off" in found.summary


def test_never_set_means_the_contacts_only_default():
    host = RecordedHost("macos").add_command(
        READ, stderr=fixture("macos/loginwindow/defaults-missing-key-monterey-stderr.txt"), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("default" in e.seen for e in found.evidence)


def test_a_value_in_an_unexpected_form_is_unknown():
    # Some write-ups claim the value is a number (0/1/2); whatever it is, an unknown value is never a pass.
    host = RecordedHost("macos").add_command(READ, "2\n")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "\u201c2\u201d" in found.summary


def test_defaults_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("macos"))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_timeout_is_unknown():
    host = RecordedHost("macos").add_command(READ, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_running_as_root_is_unknown_and_reads_nothing():
    host = RecordedHost("macos", user=UserInfo("root", "/var/root", uid=0, is_admin=True))
    host.add_command(READ, fixture("macos/sharingd/discoverablemode-everyone.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "root" in found.summary
    assert host.asked == []
