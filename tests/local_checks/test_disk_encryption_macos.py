"""disk-encryption on macOS, against fdesetup outputs recorded on real Macs (and documented forms, marked so)."""

import pytest

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.disk_encryption import CHECK
from checks.local.disk_encryption.macos import (
    DECRYPTING,
    DEFERRED,
    ENCRYPTING,
    FDESETUP,
    OFF,
    ON,
    FileVault,
    parse_fdesetup,
)
from tests.support import fixture, run_check

FOLDER = "macos/fdesetup/"


def mac(output: str = "", **kwargs) -> RecordedHost:
    return RecordedHost("macos").add_command(list(FDESETUP), output, **kwargs)


@pytest.mark.parametrize(("name", "expected"), [
    ("tahoe-26.5.2-on.txt", FileVault(ON)),
    ("filevault-off.txt", FileVault(OFF)),
    ("encryption-in-progress-documented.txt", FileVault(ENCRYPTING, 42.0)),
    ("decryption-in-progress-documented.txt", FileVault(DECRYPTING, 10.0)),
    ("deferred-enablement-documented.txt", FileVault(DEFERRED)),
])
def test_each_fdesetup_answer_is_read(name, expected):
    assert parse_fdesetup(fixture(FOLDER + name)) == expected


def test_filevault_on_passes():
    host = mac(fixture(FOLDER + "tahoe-26.5.2-on.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [FDESETUP]


def test_filevault_off_fails_whatever_the_exit_code():
    found = run_check(CHECK, mac(fixture(FOLDER + "filevault-off.txt"), returncode=1))  # fdesetup(8): 1 = Off
    assert found.status is Status.FAIL
    assert "FileVault is off" in found.summary


def test_encryption_in_progress_is_partial():
    found = run_check(CHECK, mac(fixture(FOLDER + "encryption-in-progress-documented.txt")))
    assert found.status is Status.PARTIAL
    assert "being switched on (42% done)" in found.summary


def test_decryption_in_progress_is_partial():
    found = run_check(CHECK, mac(fixture(FOLDER + "decryption-in-progress-documented.txt"), returncode=2))
    assert found.status is Status.PARTIAL
    assert "being switched off (10% done)" in found.summary


def test_deferred_enablement_is_partial():
    found = run_check(CHECK, mac(fixture(FOLDER + "deferred-enablement-documented.txt")))
    assert found.status is Status.PARTIAL
    assert "not on yet" in found.summary


def test_fdesetup_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("macos"))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_fdesetup_timing_out_is_unknown():
    assert run_check(CHECK, mac(outcome=CommandOutcome.TIMEOUT)).status is Status.UNKNOWN


def test_an_unrecognised_answer_is_unknown():
    # A real answer of another tool in this folder's sources, standing in for wording fdesetup never printed.
    found = run_check(CHECK, mac(fixture("macos/spctl/elastic-420-enabled.txt")))
    assert found.status is Status.UNKNOWN
    assert "does not recognise" in found.summary and "assessments enabled" in found.summary


def test_no_answer_is_unknown():
    found = run_check(CHECK, mac(""))
    assert found.status is Status.UNKNOWN
    assert "no answer" in found.summary


# -- other wordings of the progress line -------------------------------------------------------------------------
# unverified: made to the documented format of fdesetup(8) and of the forms other tools test against
# (github.com/hackzero/device-checker, see fixtures/macos/fdesetup/SOURCES.toml); no public capture of these
# capitalisations and progress wordings from a real Mac was found. The two "Jamf" forms are the replies a public
# Jamf extension-attribute script lists as seen on its Macs, in a comment ("Encryption in progress: percent
# completed = ##.##", and "Encryption in progress: Pending" "when the system is not plugged in"; search index file
# id 7690547976, repository not shown): documented by an administrator, not a recording.

@pytest.mark.parametrize(("text", "expected"), [
    ("FileVault is On.\nencryption in progress: percent completed = 45", FileVault(ENCRYPTING, 45.0)),
    ("FileVault is On.\nENCRYPTION IN PROGRESS: PERCENT COMPLETED = 45", FileVault(ENCRYPTING, 45.0)),
    ("FileVault is On.\nEncryption In Progress: Percentage completed = 3.6", FileVault(ENCRYPTING, 3.6)),
    ("FileVault is On.\nEncryption in progress: 45% complete", FileVault(ENCRYPTING, 45.0)),
    ("FileVault is On.\nEncryption in progress: percent complete: 45", FileVault(ENCRYPTING, 45.0)),
    ("FileVault is On.\nEncryption in progress", FileVault(ENCRYPTING, None)),
    ("FileVault is On.\nEncryption in progress: percent completed = 12.34", FileVault(ENCRYPTING, 12.34)),  # Jamf
    ("FileVault is On.\nEncryption in progress: Pending", FileVault(ENCRYPTING, None)),  # Jamf
    ("FileVault is On.\nEncryption paused: Percent completed = 12", FileVault(ENCRYPTING, 12.0)),
    ("FileVault is Off.\ndecryption in progress: Percent completed = 90", FileVault(DECRYPTING, 90.0)),
    ("FileVault is On.\nDecryption In Progress", FileVault(DECRYPTING, None)),
    ("FileVault is On.\nEncryption in progress: Percent completed = 450", FileVault(ENCRYPTING, None)),
    ("FileVault is ON.", FileVault(ON)),
    ("filevault is off.", FileVault(OFF)),
])
def test_progress_and_state_lines_in_any_wording(text, expected):
    assert parse_fdesetup(text) == expected


@pytest.mark.parametrize("progress", [
    "encryption in progress: percent completed = 45",
    "Encryption in progress: Pending",
    "Encryption In Progress: Percentage completed = 45",
    "Encryption in progress: 45% complete",
    "Encryption in progress",
])
def test_encryption_in_progress_is_never_fully_on(progress):
    found = run_check(CHECK, mac(f"FileVault is On.\n{progress}\n", returncode=2))  # fdesetup(8): 2 = busy
    assert found.status is Status.PARTIAL
    assert "being switched on" in found.summary


def test_decryption_without_a_share_is_partial_and_says_how_to_keep_it():
    found = run_check(CHECK, mac("FileVault is On.\nDecryption in progress\n", returncode=2))
    assert found.status is Status.PARTIAL
    assert "being switched off, so" in found.summary and "Switch it back on" in found.summary


@pytest.mark.parametrize("text", ["FileVault is Unknown.", "Error: Unable to communicate with the server.",
                                  "FileVault status could not be determined"])
def test_any_other_answer_is_unknown_and_quoted(text):
    found = run_check(CHECK, mac(text))  # unverified: made-up answers that fdesetup is not documented to give
    assert found.status is Status.UNKNOWN
    assert text[:40] in found.summary
