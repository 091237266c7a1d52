"""auto-login on macOS: the login window's autoLoginUser, /etc/kcpassword and FileVault."""

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.auto_login import CHECK
from checks.local.auto_login.macos import KCPASSWORD, LOGINWINDOW, filevault_on
from tests.support import fixture, run_check

READ = ["defaults", "read", LOGINWINDOW, "autoLoginUser"]
FDESETUP = ["fdesetup", "status"]


def not_set(stderr: str = "defaults-missing-key-monterey-stderr.txt") -> RecordedHost:
    return RecordedHost("macos").add_command(READ, stderr=fixture(f"macos/loginwindow/{stderr}"), returncode=1)


def set_for_alex(filevault: str | None = None) -> RecordedHost:
    host = RecordedHost("macos").add_command(READ, fixture("macos/loginwindow/autologinuser-alex.txt"))
    host.add_file(KCPASSWORD, b"\x1e\xe61L\xbd\xd2\xdd\xea\xa3\xb9\x1f}")  # 12 scrambled bytes, as macOS writes
    if filevault:
        host.add_command(FDESETUP, fixture(f"macos/loginwindow/{filevault}"))
    return host


def test_filevault_first_line_is_read():
    assert filevault_on(fixture("macos/loginwindow/fdesetup-status-on.txt")) is True
    assert filevault_on(fixture("macos/loginwindow/fdesetup-status-off.txt")) is False
    assert filevault_on("FileVault is On.\nFileVault master keychain appears to be installed.\n") is True
    assert filevault_on("Encryption in progress: Percent completed = 12.3\n") is None


# -- pass -------------------------------------------------------------------------------------------------------

def test_key_not_set_passes():
    host = not_set()
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [tuple(READ)]  # FileVault is only asked about when automatic login is set


def test_newer_missing_key_wording_also_passes():
    assert run_check(CHECK, not_set("defaults-could-not-find-key-stderr.txt")).status is Status.PASS


# -- partial ----------------------------------------------------------------------------------------------------

def test_leftover_kcpassword_is_partial():
    host = not_set().add_file(KCPASSWORD, b"\x1e\xe61L")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "/etc/kcpassword" in found.summary


def test_set_but_filevault_on_is_partial():
    found = run_check(CHECK, set_for_alex("fdesetup-status-on.txt"))
    assert found.status is Status.PARTIAL
    assert "FileVault is on" in found.summary


# -- fail -------------------------------------------------------------------------------------------------------

def test_set_with_filevault_off_fails_naming_the_account():
    found = run_check(CHECK, set_for_alex("fdesetup-status-off.txt"))
    assert found.status is Status.FAIL
    assert "\u201calex\u201d" in found.summary
    assert any(e.looked_at == KCPASSWORD and e.seen == "present" for e in found.evidence)


def test_set_and_filevault_unreadable_still_fails():
    host = set_for_alex()
    host.add_command(FDESETUP, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert any(e.looked_at == "fdesetup status" and "did not answer in time" in e.seen for e in found.evidence)


# -- unknown ----------------------------------------------------------------------------------------------------

def test_defaults_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("macos"))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_defaults_timeout_is_unknown():
    host = RecordedHost("macos").add_command(READ, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_an_unexpected_complaint_is_unknown_never_pass():
    host = RecordedHost("macos").add_command(READ, stderr="Operation not permitted\n", returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Operation not permitted" in found.summary


def test_an_empty_value_is_unknown():
    host = RecordedHost("macos").add_command(READ, "\n")
    assert run_check(CHECK, host).status is Status.UNKNOWN
