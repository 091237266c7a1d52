"""disk-encryption on Windows: the BitLocker state the Windows shell reports for the system drive.

The shell prints a bare number; see fixtures/windows/bitlocker/SOURCES.toml for where each number's meaning is
documented (no captured console session was found, so these are listed as UNVERIFIED).
"""

import pytest

from auditor.host import CommandOutcome, UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.windows import powershell_argv
from checks.local.disk_encryption import CHECK
from checks.local.disk_encryption.windows import parse_protection, shell_script, volume_script, volume_verdict
from tests.support import fixture, run_check

BL = "windows/bitlocker/"
SHELL = powershell_argv(shell_script("C:"))
VOLUME = powershell_argv(volume_script("C:") + " | ConvertTo-Json -Depth 4 -Compress")
ADMIN = UserInfo(name="alex", home="C:\\Users\\alex", is_admin=True)


def host_with(stdout: str | None = None, *, admin: bool = False, **kwargs) -> RecordedHost:
    host = RecordedHost("windows", env={"SystemDrive": "C:"}, user=ADMIN if admin else None)
    if stdout is not None or kwargs:
        host.add_command(SHELL, stdout or "", **kwargs)
    return host


def test_parse_protection_reads_the_bare_number():
    assert parse_protection(fixture(BL + "shell-bitlockerprotection-1.txt")) == 1
    assert parse_protection("\r\n") is None
    assert parse_protection("Ausnahme beim Aufrufen\r\n") is None


@pytest.mark.parametrize(("name", "status", "words"), [
    ("shell-bitlockerprotection-1.txt", Status.PASS, "BitLocker is on for C:"),
    ("shell-bitlockerprotection-3.txt", Status.PARTIAL, "still encrypting"),
    ("shell-bitlockerprotection-5.txt", Status.PARTIAL, "suspended"),
    ("shell-bitlockerprotection-2.txt", Status.FAIL, "not encrypted"),
])
def test_each_documented_state(name, status, words):
    found = run_check(CHECK, host_with(fixture(BL + name)))
    assert found.status is status
    assert words in found.summary


def test_decrypting_fails():
    assert run_check(CHECK, host_with("4\r\n")).status is Status.FAIL


def test_a_state_homeguard_does_not_know_is_unknown():
    found = run_check(CHECK, host_with("6\r\n"))
    assert found.status is Status.UNKNOWN
    assert "6 (locked)" in found.evidence[0].seen


def test_no_answer_is_unknown_with_the_likely_reason():
    found = run_check(CHECK, host_with("\r\n"))
    assert found.status is Status.UNKNOWN
    assert "may not include BitLocker" in found.summary


def test_an_answer_that_is_not_a_number_is_unknown():
    found = run_check(CHECK, host_with("Ausnahme beim Aufrufen von \"NameSpace\"\r\n"))
    assert found.status is Status.UNKNOWN
    assert "no number in the answer" in found.evidence[0].seen


def test_powershell_missing_timeout_or_blocked_is_unknown():
    assert "not available" in run_check(CHECK, host_with()).summary
    timed_out = run_check(CHECK, host_with(outcome=CommandOutcome.TIMEOUT))
    assert timed_out.status is Status.UNKNOWN and "in time" in timed_out.summary
    blocked = run_check(CHECK, host_with(stderr="Cannot set property. Property setting is supported only on core "
                                                "types in this language mode.", returncode=1))
    assert blocked.status is Status.UNKNOWN and "policy" in blocked.summary


def test_an_administrator_gets_a_second_opinion_when_the_shell_is_silent():
    host = host_with("\r\n", admin=True).add_command(VOLUME, fixture(BL + "get-bitlockervolume-fully-encrypted.json"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.evidence[-1].seen == "VolumeStatus FullyEncrypted, ProtectionStatus On"
    host = host_with("\r\n", admin=True).add_command(VOLUME, fixture(BL + "get-bitlockervolume-fully-decrypted.json"))
    assert run_check(CHECK, host).status is Status.FAIL


def test_an_administrators_second_opinion_that_fails_leaves_unknown():
    host = host_with(outcome=CommandOutcome.TIMEOUT, admin=True).add_command(VOLUME, "", returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert len(found.evidence) == 2


def test_volume_verdict_names():
    def status(volume, protection="Off"):
        return volume_verdict({"VolumeStatus": volume, "ProtectionStatus": protection}, "C:")[0]

    assert status("EncryptionInProgress") is Status.PARTIAL
    assert status("FullyEncrypted") is Status.PARTIAL
    assert status("DecryptionInProgress") is Status.FAIL
    assert volume_verdict([{"VolumeStatus": "FullyDecrypted"}], "C:")[0] is Status.FAIL
    assert volume_verdict({"VolumeStatus": 1, "ProtectionStatus": 1}, "C:") is None
    assert volume_verdict("nonsense", "C:") is None


def test_the_shell_is_asked_once_and_nothing_else_without_admin_rights():
    host = host_with(fixture(BL + "shell-bitlockerprotection-2.txt"))
    run_check(CHECK, host)
    assert host.asked == [tuple(SHELL)]


def test_another_system_drive_letter_is_followed():
    host = RecordedHost("windows", env={"SystemDrive": "D:"})
    host.add_command(powershell_argv(shell_script("D:")), "1\r\n")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS and "D:" in found.summary
