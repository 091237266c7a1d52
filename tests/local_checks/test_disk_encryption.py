"""disk-encryption on Linux, against lsblk, mount, zfs and fscrypt outputs recorded on real machines."""

import pytest

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.disk_encryption import CHECK
from checks.local.disk_encryption.linux import (
    LSBLK,
    LSBLK_OLD,
    LsblkError,
    boot_unlock_options,
    crypttab_names,
    describe,
    encrypted_elsewhere,
    is_encrypted,
    parse_lsblk,
    parse_mounts,
    root_chains,
    root_mount,
    source_chains,
    zfs_encryption,
)
from tests.support import fixture, run_check

DEBIAN_MOUNTS = "linux/lsblk/debian12-vm-proc-self-mounts.txt"


def host_with(lsblk: str | None = None, *, mounts: str | None = DEBIAN_MOUNTS, old: str | None = None,
              old_stderr: str | None = None) -> RecordedHost:
    """A machine whose new-style lsblk answers with ``lsblk`` (or, when ``old_stderr`` is given, refuses the
    MOUNTPOINTS column and answers the old form with ``old``)."""
    host = RecordedHost("linux")
    if mounts:
        host.add_file("/proc/self/mounts", fixture(mounts))
    if old_stderr is not None:
        host.add_command(LSBLK, "", stderr=old_stderr, returncode=1)
        host.add_command(LSBLK_OLD, old or "")
    elif lsblk is not None:
        host.add_command(LSBLK, lsblk)
    return host


# -- parsers --------------------------------------------------------------------------------------------------

def test_parses_the_old_and_new_mount_point_forms():
    new = parse_lsblk(fixture("linux/lsblk/debian12-vm-mountpoints.json"))
    old = parse_lsblk(fixture("linux/lsblk/debian12-vm-mountpoint.json"))
    assert [(d.name, d.mountpoints) for d in new] == [("zram0", ()), ("vda", ("/",))]
    assert [(d.name, d.mountpoints) for d in old] == [("zram0", ()), ("vda", ("/",))]


def test_lvm_on_luks_root_chain_goes_through_the_crypt_layer():
    devices = parse_lsblk(fixture("linux/lsblk/ubuntu-lvm-on-luks-mountpoints.json"))
    (chain,) = root_chains(devices)
    assert [d.name for d in chain] == ["nvme0n1", "nvme0n1p3", "dm_crypt-0", "ubuntu--vg-ubuntu--lv"]
    assert is_encrypted(chain)
    assert "dm_crypt-0 (crypt)" in describe(chain)


def test_btrfs_mounted_twice_is_found_through_its_mountpoints_array():
    devices = parse_lsblk(fixture("linux/lsblk/fedora40-btrfs-on-luks-mountpoints.json"))
    (chain,) = root_chains(devices)
    assert chain[-1].mountpoints == ("/home", "/")
    assert chain[-1].type == "crypt"


def test_compact_old_json_with_luks_directly_under_root():
    devices = parse_lsblk(fixture("linux/lsblk/pantherx-luks-root-compact.json"))
    (chain,) = root_chains(devices)
    assert chain[-1].name == "cryptroot" and is_encrypted(chain)


def test_an_encrypted_usb_stick_is_not_the_root_disk():
    devices = parse_lsblk(fixture("linux/lsblk/qubes-luks-usb-at-media.json"))
    (chain,) = root_chains(devices)
    assert [d.name for d in chain] == ["xvda", "xvda3"]
    assert not is_encrypted(chain)
    assert encrypted_elsewhere(devices) == ["luks-dbfb85f2-77c4-4b1f-99a9-2dd3c6789094 at /media/user/tx2"]


def test_single_mountpoint_column_can_hide_the_root_of_a_btrfs_volume():
    devices = parse_lsblk(fixture("linux/lsblk/nixos-luks-on-lvm-btrfs-single-mountpoint.json"))
    assert root_chains(devices) == []
    assert "cryptroot at /etc/NetworkManager/system-connections" in encrypted_elsewhere(devices)


def test_the_root_device_named_in_mounts_is_found_by_name():
    devices = parse_lsblk(fixture("linux/lsblk/debian12-vm-mountpoint.json"))
    (chain,) = source_chains(devices, "/dev/vda")
    assert chain[-1].name == "vda"
    assert source_chains(devices, "/dev/mapper/cryptroot") == []


def test_text_output_is_refused():
    with pytest.raises(LsblkError):
        parse_lsblk(fixture("linux/lsblk/manjaro-lvm-on-luks-text-tree.txt"))


def test_root_mount_is_the_last_entry_at_slash():
    mounts = parse_mounts(fixture("linux/zfs/gentoo-zfs-root-mtab.txt"))
    assert mounts[0].fstype == "rootfs"
    root = root_mount(mounts)
    assert (root.source, root.fstype) == ("pool2/ROOT/gentoo", "zfs")
    debian = root_mount(parse_mounts(fixture(DEBIAN_MOUNTS)))
    assert (debian.source, debian.fstype) == ("/dev/vda", "ext4")


def test_boot_options_and_crypttab_entries():
    assert boot_unlock_options(fixture("linux/crypt/qubes-cmdline-rd-luks")) == [
        "rd.luks.uuid=luks-77dfd864-2abd-4f8b-87ff-74aa3f5f2b00",
        "rd.luks.uuid=luks-30f22070-f1ff-404e-8e77-b7bee4954d5a",
    ]
    assert boot_unlock_options(fixture("linux/crypt/fedora27-cmdline")) == []
    assert crypttab_names(fixture("linux/crypt/ubuntu2004-server-crypttab")) == ["dm_crypt-0"]
    assert crypttab_names(fixture("linux/crypt/debian12-cryptsetup-default-crypttab")) == []


def test_zfs_encryption_value_per_dataset():
    text = fixture("linux/zfs/ubuntu2104-zfs-get-encryption.txt")
    assert zfs_encryption(text, "tank-enc") == "aes-256-gcm"
    assert zfs_encryption(text, "tank-enc/ds-clear") == "off"
    assert zfs_encryption(text, "pool2/ROOT/gentoo") is None


# -- pass -----------------------------------------------------------------------------------------------------

def test_lvm_on_luks_passes_and_shows_the_boot_evidence():
    host = host_with(fixture("linux/lsblk/ubuntu-lvm-on-luks-mountpoints.json"))
    host.add_file("/etc/crypttab", fixture("linux/crypt/ubuntu2004-server-crypttab"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == "/etc/crypttab" and "dm_crypt-0" in e.seen for e in found.evidence)
    assert host.asked == [LSBLK]


def test_btrfs_on_luks_passes():
    assert run_check(CHECK, host_with(fixture("linux/lsblk/fedora40-btrfs-on-luks-mountpoints.json"))).status \
        is Status.PASS


def test_luks_directly_under_root_passes():
    host = host_with(fixture("linux/lsblk/pantherx-luks-root-compact.json"))
    host.add_file("/proc/cmdline", fixture("linux/crypt/qubes-cmdline-rd-luks"))
    assert run_check(CHECK, host).status is Status.PASS


def test_old_lsblk_without_mountpoints_column_falls_back():
    host = host_with(old=fixture("linux/lsblk/ubuntu-lvm-on-luks-mountpoint.json"),
                     old_stderr=fixture("linux/lsblk/rhel8-unknown-column-mountpoints.stderr"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [LSBLK, LSBLK_OLD]


def test_encrypted_zfs_root_passes():
    host = host_with(mounts="linux/zfs/gentoo-mtab-root-renamed-tank-enc.txt")
    host.add_command(["zfs", "get", "encryption", "tank-enc"], fixture("linux/zfs/ubuntu2104-zfs-get-encryption.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "aes-256-gcm" in found.summary
    assert not any(argv[0] == "lsblk" for argv in host.asked)


# -- fail -----------------------------------------------------------------------------------------------------

def test_this_debian_vm_fails():
    host = host_with(fixture("linux/lsblk/debian12-vm-mountpoints.json"))
    host.add_file("/proc/cmdline", fixture("linux/crypt/fedora27-cmdline"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert any("no option to unlock" in e.seen for e in found.evidence)


def test_an_encrypted_usb_stick_does_not_make_the_computer_pass():
    found = run_check(CHECK, host_with(fixture("linux/lsblk/qubes-luks-usb-at-media.json"), mounts=None))
    assert found.status is Status.FAIL
    assert any("/media/user/tx2" in e.seen for e in found.evidence)


def test_unencrypted_zfs_root_fails():
    host = host_with(mounts="linux/zfs/gentoo-mtab-root-renamed-tank-enc-ds-clear.txt")
    host.add_command(["zfs", "get", "encryption", "tank-enc/ds-clear"],
                     fixture("linux/zfs/ubuntu2104-zfs-get-encryption.txt"))
    assert run_check(CHECK, host).status is Status.FAIL


# -- partial: only the home folder ----------------------------------------------------------------------------

def test_ecryptfs_home_is_partial():
    host = host_with(fixture("linux/lsblk/debian12-vm-mountpoints.json")).add_dir("/home/.ecryptfs/alex/.Private")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "eCryptfs" in found.summary


def test_systemd_homed_home_is_partial():
    host = host_with(fixture("linux/lsblk/debian12-vm-mountpoints.json")).add_file("/home/alex.home", b"")
    assert run_check(CHECK, host).status is Status.PARTIAL


def test_fscrypt_home_is_partial():
    host = host_with(fixture("linux/lsblk/debian12-vm-mountpoints.json")).add_dir("/.fscrypt/policies")
    host.add_command(["fscrypt", "status", "/home/alex"], fixture("linux/crypt/fscrypt-status-home-encrypted.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "fscrypt" in found.summary


def test_fscrypt_metadata_without_an_encrypted_home_still_fails():
    host = host_with(fixture("linux/lsblk/debian12-vm-mountpoints.json")).add_dir("/.fscrypt/policies")
    host.add_command(["fscrypt", "status", "/home/alex"], returncode=1)
    assert run_check(CHECK, host).status is Status.FAIL


def test_unencrypted_zfs_root_with_ecryptfs_home_is_partial():
    host = host_with(mounts="linux/zfs/gentoo-mtab-root-renamed-tank-enc-ds-clear.txt")
    host.add_command(["zfs", "get", "encryption", "tank-enc/ds-clear"],
                     fixture("linux/zfs/ubuntu2104-zfs-get-encryption.txt"))
    host.add_dir("/home/.ecryptfs/alex")
    assert run_check(CHECK, host).status is Status.PARTIAL


# -- unknown --------------------------------------------------------------------------------------------------

def test_lsblk_missing_is_unknown_with_the_reason():
    found = run_check(CHECK, host_with(None).add_command(LSBLK, outcome=CommandOutcome.MISSING))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_lsblk_timeout_is_unknown():
    assert run_check(CHECK, host_with(None).add_command(LSBLK, outcome=CommandOutcome.TIMEOUT)).status \
        is Status.UNKNOWN


def test_lsblk_text_answer_is_unknown_never_pass():
    found = run_check(CHECK, host_with(fixture("linux/lsblk/manjaro-lvm-on-luks-text-tree.txt")))
    assert found.status is Status.UNKNOWN
    assert "expected form" in found.summary


def test_both_lsblk_forms_failing_is_unknown():
    host = host_with(old_stderr=fixture("linux/lsblk/rhel8-unknown-column-mountpoints.stderr"))
    host.add_command(LSBLK_OLD, "", stderr=fixture("linux/lsblk/rhel8-unknown-column-mountpoints.stderr"),
                     returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "unknown column" in found.summary


def test_root_hidden_by_the_single_mountpoint_column_is_unknown():
    found = run_check(CHECK, host_with(fixture("linux/lsblk/nixos-luks-on-lvm-btrfs-single-mountpoint.json"),
                                       mounts=None))
    assert found.status is Status.UNKNOWN
    assert "does not show which disk" in found.summary


def test_root_device_named_in_mounts_but_missing_from_lsblk_is_unknown_and_mentions_boot_hints():
    host = host_with(fixture("linux/lsblk/nixos-luks-on-lvm-btrfs-single-mountpoint.json"))
    host.add_file("/proc/cmdline", fixture("linux/crypt/qubes-cmdline-rd-luks"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "start-up settings do mention an encrypted disk" in found.summary


def test_zfs_not_installed_is_unknown():
    host = host_with(mounts="linux/zfs/gentoo-zfs-root-mtab.txt")
    host.add_command(["zfs", "get", "encryption", "pool2/ROOT/gentoo"], outcome=CommandOutcome.MISSING)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_zfs_answer_without_the_root_dataset_is_unknown():
    host = host_with(mounts="linux/zfs/gentoo-zfs-root-mtab.txt")
    host.add_command(["zfs", "get", "encryption", "pool2/ROOT/gentoo"],
                     fixture("linux/zfs/ubuntu2104-zfs-get-encryption.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "pool2/ROOT/gentoo" in found.summary


def test_unreadable_crypttab_is_noted_and_does_not_change_the_verdict():
    host = host_with(fixture("linux/lsblk/debian12-vm-mountpoints.json")).deny("/etc/crypttab")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert any(e.looked_at == "/etc/crypttab" and "not allowed" in e.seen for e in found.evidence)


def test_nothing_touches_the_network_or_needs_a_password():
    host = host_with(fixture("linux/lsblk/ubuntu-lvm-on-luks-mountpoints.json"))
    run_check(CHECK, host)
    assert all(argv[0] in ("lsblk", "zfs", "fscrypt") for argv in host.asked)
