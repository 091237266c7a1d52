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
