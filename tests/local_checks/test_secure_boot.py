"""secure-boot on Linux, against firmware variables and mokutil outputs recorded on real machines."""

import pytest

from auditor.host import AccessDenied, CommandOutcome
from auditor.model import Evidence, Status
from auditor.recorded import RecordedHost
from checks.local.secure_boot import CHECK
from checks.local.secure_boot.linux import (
    EFI,
    EFIVARS,
    FIRMWARE,
    MOKUTIL,
    OLD_SECURE_BOOT,
    SECURE_BOOT,
    SETUP_MODE,
    SHIM_STATE,
    SecureBootState,
    efivar_value,
    mokutil_says_unsupported,
    old_sysfs_value,
    parse_mokutil,
    verdict,
)
from tests.support import fixture, run_check

MOKUTIL_ARGV = list(MOKUTIL)


def hexdump_bytes(relative: str) -> bytes:
    """The bytes a recorded `hexdump -C` shows: the two-digit hex columns after the offset, before the |ascii|."""
    data = bytearray()
    for line in fixture(relative).splitlines():
        columns = line.split("|", 1)[0].split()[1:]
        data.extend(int(column, 16) for column in columns if len(column) == 2)
    return bytes(data)


SB_ON = hexdump_bytes("linux/efivars/SecureBoot-on-ubuntu2204.hexdump")
SB_OFF = hexdump_bytes("linux/efivars/SecureBoot-off-mokutil-issue89.hexdump")
SB_OFF_45 = hexdump_bytes("linux/efivars/SecureBoot-off-mokutil-issue45.hexdump")
SETUP_ON = hexdump_bytes("linux/efivars/SetupMode-on-mokutil-issue89.hexdump")
OLD_ON = hexdump_bytes("linux/efivars/vars-SecureBoot-data-on-ubuntu2204.hexdump")


def uefi_host(**files: bytes) -> RecordedHost:
    host = RecordedHost("linux")
    host.add_dir(EFI)
    for path, data in files.items():
        host.add_file(path, data)
    return host


def with_vars(*pairs: tuple[str, bytes]) -> RecordedHost:
    host = uefi_host()
    for path, data in pairs:
        host.add_file(path, data)
    return host


# -- the parsers, on the recorded outputs --------------------------------------------------------------------------

def test_efivar_bytes_are_four_attribute_bytes_then_the_value():
    assert SB_ON == b"\x06\x00\x00\x00\x01"
    assert efivar_value(SB_ON) == 1
    assert efivar_value(SB_OFF) == 0
    assert efivar_value(SB_OFF_45) == 0
    assert efivar_value(SETUP_ON) == 1


def test_short_or_odd_efivar_is_not_understood():
    assert efivar_value(SB_ON[:4]) is None
    assert efivar_value(b"") is None
    assert efivar_value(SB_ON + b"\x00") is None


def test_old_sysfs_data_file_is_the_value_alone():
    assert OLD_ON == b"\x01"
    assert old_sysfs_value(OLD_ON) == 1
    assert old_sysfs_value(SB_ON) is None


@pytest.mark.parametrize(("relative", "expected"), [
    ("linux/mokutil/sb-state-enabled-ubuntu2204.txt", SecureBootState(True)),
    ("linux/mokutil/sb-state-disabled-ubuntu1804.txt", SecureBootState(False)),
    ("linux/mokutil/sb-state-setup-mode-system76.txt", SecureBootState(False, setup_mode=True)),
    ("linux/mokutil/sb-state-setup-mode-from-issue89-bytes.txt", SecureBootState(False, setup_mode=True)),
    ("linux/mokutil/sb-state-shim-validation-off.txt", SecureBootState(True, shim_checks_off=True)),
])
def test_parses_real_mokutil_answers(relative, expected):
    assert parse_mokutil(fixture(relative)) == expected


@pytest.mark.parametrize(("relative", "kind"), [
    ("linux/mokutil/sb-state-debian12-bios.stderr", "no-efi"),
    ("linux/mokutil/sb-state-no-secureboot-variable.stderr", "no-secure-boot"),
    ("linux/mokutil/sb-state-no-setupmode-variable.stderr", ""),
])
def test_mokutil_error_messages(relative, kind):
    assert parse_mokutil(fixture(relative)) is None
    assert mokutil_says_unsupported(fixture(relative)) == kind


def test_verdicts():
    assert verdict(SecureBootState(True))[0] is Status.PASS
    assert verdict(SecureBootState(False))[0] is Status.FAIL
    assert verdict(SecureBootState(False, setup_mode=True))[0] is Status.FAIL
    assert verdict(SecureBootState(True, shim_checks_off=True))[0] is Status.PARTIAL
    assert verdict(SecureBootState(True, setup_mode=True))[0] is Status.PARTIAL


# -- does not apply / cannot see --------------------------------------------------------------------------------

def test_bios_computer_does_not_apply():
    # This development machine: `ls -la /sys/firmware` shows acpi and memmap, and there is no efi folder.
    listing = fixture("linux/efivars/ls-la-sys-firmware-debian12-vm.txt")
    assert "No such file or directory" in fixture("linux/efivars/ls-sys-firmware-efi-debian12-vm.stderr")
    host = RecordedHost("linux")
    for line in listing.splitlines()[1:]:
        name = line.split()[-1]
        if name not in (".", ".."):
            host.add_dir(f"{FIRMWARE}/{name}")
    found = run_check(CHECK, host)
    assert found.status is Status.NOT_APPLICABLE
    assert "older BIOS way" in found.summary
    assert "acpi, memmap" in found.evidence[0].seen
    assert host.asked == []


def test_hidden_firmware_folder_in_a_container_is_unknown():
    # Container runtimes mask /sys/firmware (an empty folder inside the container).
    host = RecordedHost("linux").add_dir(FIRMWARE)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "container" in found.summary


def test_firmware_folder_refused_is_unknown():
    host = RecordedHost("linux").deny(FIRMWARE)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_firmware_without_a_secure_boot_variable_does_not_apply():
    # Boot variable names from a real efivars listing; no SecureBoot variable among them.
    host = uefi_host()
    for line in fixture("linux/efivars/efivars-listing-systemd-issue499.txt").splitlines():
        host.add_file(f"{EFIVARS}/{line.split()[-1]}", b"")
    found = run_check(CHECK, host)
    assert found.status is Status.NOT_APPLICABLE
    assert "does not offer Secure Boot" in found.summary
    assert host.asked == []


# -- read from the firmware variables --------------------------------------------------------------------------

def test_secure_boot_on_passes_without_running_anything():
    host = with_vars((SECURE_BOOT, SB_ON))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.evidence[0] == Evidence(SECURE_BOOT, "06 00 00 00 01")
    assert host.asked == []


def test_secure_boot_off_fails():
    found = run_check(CHECK, with_vars((SECURE_BOOT, SB_OFF_45)))
    assert found.status is Status.FAIL
    assert "Secure Boot is off" in found.summary
    assert "Setup Mode" not in found.summary


def test_secure_boot_off_in_setup_mode_fails_and_says_why():
    found = run_check(CHECK, with_vars((SECURE_BOOT, SB_OFF), (SETUP_MODE, SETUP_ON)))
    assert found.status is Status.FAIL
    assert "Setup Mode" in found.summary
    assert any(e.looked_at == SETUP_MODE for e in found.evidence)


def test_on_but_in_setup_mode_is_partial():
    # UNVERIFIED combination: no real machine reporting SecureBoot=1 with SetupMode=1 was found. Both byte strings
    # are real (Ubuntu 22.04 and lcp/mokutil #89); shim itself treats Setup Mode as "not secure".
    found = run_check(CHECK, with_vars((SECURE_BOOT, SB_ON), (SETUP_MODE, SETUP_ON)))
    assert found.status is Status.PARTIAL
    assert "Setup Mode" in found.summary


def test_shim_checks_switched_off_is_partial():
    # UNVERIFIED bytes: no real dump of MokSBStateRT was found. They follow the efivarfs layout (4 attribute bytes,
    # then the value); the kernel (drivers/firmware/efi/libstub/secureboot.c) treats a value of 1 as "checks off".
    found = run_check(CHECK, with_vars((SECURE_BOOT, SB_ON), (SHIM_STATE, b"\x06\x00\x00\x00\x01")))
    assert found.status is Status.PARTIAL
    assert "shim" in found.summary


def test_shim_variable_at_zero_or_unreadable_form_does_not_weaken():
    host = with_vars((SECURE_BOOT, SB_ON), (SHIM_STATE, b"\x06\x00\x00"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("not understood" in e.seen for e in found.evidence)


def test_old_sysfs_copy_is_used_when_efivars_is_not_mounted():
    host = uefi_host().add_file(OLD_SECURE_BOOT, OLD_ON)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == []


def test_odd_old_sysfs_value_falls_back_to_mokutil():
    host = uefi_host().add_file(OLD_SECURE_BOOT, SB_ON)
    host.add_command(MOKUTIL_ARGV, fixture("linux/mokutil/sb-state-disabled-ubuntu1804.txt"))
    assert run_check(CHECK, host).status is Status.FAIL


# -- mokutil when the variables cannot be read -----------------------------------------------------------------

def test_unreadable_variable_then_mokutil_decides():
    host = uefi_host().deny(SECURE_BOOT)
    host.add_command(MOKUTIL_ARGV, fixture("linux/mokutil/sb-state-enabled-ubuntu2204.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [tuple(MOKUTIL_ARGV)]  # one local read, nothing else


def test_mokutil_reports_shim_checks_off():
    host = uefi_host().add_command(MOKUTIL_ARGV, fixture("linux/mokutil/sb-state-shim-validation-off.txt"))
    assert run_check(CHECK, host).status is Status.PARTIAL


def test_mokutil_reports_setup_mode():
    host = uefi_host().add_command(MOKUTIL_ARGV, fixture("linux/mokutil/sb-state-setup-mode-system76.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "Setup Mode" in found.summary


def test_old_copy_needs_admin_and_mokutil_missing_is_unknown():
    host = uefi_host().deny(OLD_SECURE_BOOT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "admin rights" in found.summary
    assert "not installed" in found.summary


def test_mokutil_timeout_is_unknown():
    host = uefi_host().add_command(MOKUTIL_ARGV, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "did not answer in time" in found.summary


def test_mokutil_without_firmware_variables_is_unknown():
    host = uefi_host().add_command(MOKUTIL_ARGV, stderr=fixture("linux/mokutil/sb-state-debian12-bios.stderr"),
                                   returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not available" in found.summary


def test_mokutil_saying_no_secure_boot_is_still_unknown_when_variables_are_unreadable():
    host = uefi_host().add_command(MOKUTIL_ARGV, stderr=fixture("linux/mokutil/sb-state-no-secureboot-variable.stderr"),
                                   returncode=255)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "does not support Secure Boot" in found.summary


def test_unexpected_mokutil_answer_is_unknown_never_pass():
    host = uefi_host().add_command(MOKUTIL_ARGV, stderr=fixture("linux/mokutil/sb-state-no-setupmode-variable.stderr"),
                                   returncode=255)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "does not recognise" in found.summary


def test_truncated_mokutil_output_is_unknown():
    host = uefi_host().add_command(MOKUTIL_ARGV, "SecureBoot enabled\n" + "x" * (4 * 1024 * 1024 + 1))
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_variable_in_an_unknown_form_is_unknown_with_the_bytes():
    host = with_vars((SECURE_BOOT, SB_ON[:4]))  # a short read, as the snapd reviewers asked to guard against
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "06 00 00 00" in found.summary


def test_unlistable_efivars_folder_goes_to_mokutil():
    class Unlistable(RecordedHost):
        def list_dir(self, path):
            if path == EFIVARS:
                raise AccessDenied(path, "permission denied")
            return super().list_dir(path)

    host = Unlistable("linux").add_dir(EFI)
    host.add_command(MOKUTIL_ARGV, fixture("linux/mokutil/sb-state-enabled-ubuntu2204.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.seen == "not allowed to list it" for e in found.evidence)
