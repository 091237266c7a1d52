"""disk-encryption: the disk that holds the system is encrypted, so a lost or stolen computer gives nothing away."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

SPEC = CheckSpec(
    id="disk-encryption",
    title="The disk is encrypted",
    strategy="secure-devices",
    severity=Severity.HIGH,
    platforms=("linux",),
    why=(
        "Photos, chats and saved passwords live on the computer's disk. If the disk is encrypted, someone who "
        "takes or borrows the computer cannot read them without your password, so they cannot be copied and "
        "used against you."
    ),
    looks_at={
        "linux": (
            "Which disk holds the main system folder (/) and whether it sits on an encrypted (LUKS) layer "
            "(`lsblk -J`, /proc/self/mounts), or on an encrypted ZFS dataset (`zfs get encryption`). Start-up "
            "settings (/proc/cmdline, /etc/crypttab) are shown as supporting evidence. An encrypted home folder "
            "(eCryptfs, fscrypt, systemd-homed) counts as partly done. An encrypted USB stick or data disk does "
            "not count: only the disk the system runs from does."
        ),
    },
    fixes={
        "linux": Fix(
            steps=(
                "Encryption has to be chosen when Linux is installed; it cannot simply be switched on later.",
                "Copy your files to a backup drive first.",
                "Reinstall and tick the encryption option (on Ubuntu: \u201cAdvanced features\u201d, then "
                "\u201cUse LVM and encryption\u201d; on Fedora: \u201cEncrypt my data\u201d). Choose a passphrase "
                "you will remember and keep it somewhere safe.",
                "Until then, keep the computer with you and make sure it asks for a password when it wakes up.",
            ),
            more_info="https://wiki.archlinux.org/title/Data-at-rest_encryption",
        ),
    },
    timeout=15.0,
)

CHECK = Check(SPEC, {"linux": linux.probe})
