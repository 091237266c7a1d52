"""guest-account on macOS: GuestEnabled in the login window settings, and guest access to shared folders."""

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.guest_account import CHECK
from checks.local.guest_account.macos import LOGINWINDOW, SMB_SERVER
from tests.support import fixture, run_check

GUEST = ["defaults", "read", LOGINWINDOW, "GuestEnabled"]
SMB = ["defaults", "read", SMB_SERVER, "AllowGuestAccess"]
MISSING = "macos/loginwindow/defaults-missing-key-monterey-stderr.txt"


def mac(guest: str | None, smb: str | None = None, *, os_name: str = "macOS 14.4") -> RecordedHost:
    host = RecordedHost("macos", os_name=os_name)
    for argv, name in ((GUEST, guest), (SMB, smb)):
        if name:
            host.add_command(argv, fixture(f"macos/loginwindow/{name}"))
        else:
            host.add_command(argv, stderr=fixture(MISSING), returncode=1)
    return host


# -- pass -------------------------------------------------------------------------------------------------------

def test_guest_off_passes():
    found = run_check(CHECK, mac("guestenabled-0.txt"))
    assert found.status is Status.PASS
    assert found.summary.startswith("The guest user is off:")


def test_never_set_on_current_macos_passes():
    found = run_check(CHECK, mac(None))
    assert found.status is Status.PASS
    assert "never switched on" in found.summary


def test_never_set_with_no_version_known_is_read_as_current_macos():
    assert run_check(CHECK, mac(None, os_name="macOS")).status is Status.PASS


def test_unreadable_shared_folder_setting_does_not_hide_the_answer():
    host = mac("guestenabled-0.txt")
    host.add_command(SMB, stderr="Operation not permitted\n", returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("could not be read" in e.seen for e in found.evidence)


# -- partial ----------------------------------------------------------------------------------------------------

def test_guest_access_to_shared_folders_is_partial():
    found = run_check(CHECK, mac("guestenabled-0.txt", "smb-allowguestaccess-1.txt"))
    assert found.status is Status.PARTIAL
    assert "shared folders" in found.summary


# -- fail -------------------------------------------------------------------------------------------------------

def test_guest_on_fails():
    host = mac("guestenabled-1.txt")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "without a password" in found.summary
    assert tuple(SMB) not in host.asked


def test_guest_on_written_as_text_fails():
    host = RecordedHost("macos").add_command(GUEST, "true\n")
    assert run_check(CHECK, host).status is Status.FAIL


# -- unknown ----------------------------------------------------------------------------------------------------

def test_never_set_on_os_x_10_is_unknown():
    found = run_check(CHECK, mac(None, os_name="macOS 10.8.5"))
    assert found.status is Status.UNKNOWN
    assert "older macOS" in found.summary


def test_value_in_an_unexpected_form_is_unknown():
    host = RecordedHost("macos").add_command(GUEST, "maybe\n")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "\u201cmaybe\u201d" in found.summary


def test_defaults_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("macos"))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_timeout_is_unknown():
    host = RecordedHost("macos").add_command(GUEST, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_shared_helpers_read_booleans_and_versions():
    from checks.local.common.macos_prefs import macos_major, pref_bool

    assert pref_bool("1\n") is True and pref_bool("NO") is False
    assert pref_bool(None) is None and pref_bool("2") is None
    assert macos_major(RecordedHost("macos", os_name="macOS 26.1")) == 26
    assert macos_major(RecordedHost("macos", os_name="macOS 10.15.7")) == 10
    assert macos_major(RecordedHost("macos", os_name="macOS")) is None
