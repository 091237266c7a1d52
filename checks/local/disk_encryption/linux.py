"""How disk-encryption looks on Linux: is the filesystem mounted at / on an encrypted layer?

Only the ROOT filesystem counts. Looser checks that accept "any crypt device" are fooled by an encrypted USB
stick, a data disk or an encrypted loop device; here the device mounted at / is found in lsblk's tree and
every layer under it is looked at. LUKS directly, LVM on LUKS, LUKS on LVM and btrfs on LUKS all show a
``crypt`` layer on the way down. A ZFS root has no block device of its own, so its dataset is asked instead.

lsblk 2.37 and later print a ``mountpoints`` array (a btrfs volume mounted several times lists every place);
older versions only know ``MOUNTPOINT`` and stop with "unknown column", so that form is tried second.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.json_text import load_json
from auditor.model import Evidence, Finding, Fix, Status

LSBLK = ("lsblk", "-J", "-o", "NAME,TYPE,FSTYPE,MOUNTPOINTS")
LSBLK_OLD = ("lsblk", "-J", "-o", "NAME,TYPE,FSTYPE,MOUNTPOINT")
MOUNTS = "/proc/self/mounts"
CMDLINE = "/proc/cmdline"
CRYPTTAB = "/etc/crypttab"
COMMAND_TIMEOUT = 5.0

# Kernel options that make the start-up unlock an encrypted disk (dm-crypt's cryptdevice=, dracut's and
# systemd's rd.luks.*, systemd's luks.*). "rd.luks=0" / "luks=no" switch unlocking off and are not counted.
_BOOT_KEYS = ("cryptdevice=", "rd.luks.uuid=", "rd.luks.name=", "luks.uuid=", "luks.name=", "rd.luks.key=")
_MEMORY_FILESYSTEMS = {"tmpfs", "ramfs", "rootfs", "overlay", "squashfs"}


class LsblkError(ValueError):
    """lsblk printed something that is not the JSON device tree it prints with -J."""


@dataclass(frozen=True)
class BlockDevice:
    name: str
    type: str
    fstype: str
    mountpoints: tuple[str, ...]
    path: str = ""
    children: tuple[BlockDevice, ...] = ()


@dataclass(frozen=True)
class Mount:
    source: str
    target: str
    fstype: str


# -- parsers --------------------------------------------------------------------------------------------------

def parse_lsblk(text: str) -> tuple[BlockDevice, ...]:
    """The device tree from ``lsblk -J``, old (``mountpoint``) and new (``mountpoints``) forms alike."""
    try:
        data = load_json(text)
    except ValueError as exc:
        raise LsblkError("it is not JSON") from exc
    devices = data.get("blockdevices") if isinstance(data, dict) else None
    if not isinstance(devices, list):
        raise LsblkError("it has no list of block devices")
    return tuple(_device(item) for item in devices if isinstance(item, dict))


def _device(item: dict[str, Any]) -> BlockDevice:
    places = item.get("mountpoints")
    if not isinstance(places, list):
        places = [item.get("mountpoint")]
    children = item.get("children")
    children = children if isinstance(children, list) else []
    return BlockDevice(
        name=str(item.get("name") or ""),
        type=str(item.get("type") or ""),
        fstype=str(item.get("fstype") or ""),
        mountpoints=tuple(str(p) for p in places if p),
        path=str(item.get("path") or ""),
        children=tuple(_device(child) for child in children if isinstance(child, dict)),
    )


def chains(devices: Iterable[BlockDevice], wanted: Callable[[BlockDevice], bool]) -> list[tuple[BlockDevice, ...]]:
    """Every path from a top-level device down to a device that is ``wanted`` (lsblk repeats a device that
    sits on several others, such as an LVM volume spanning two disks, so one device can have several paths)."""
    found: list[tuple[BlockDevice, ...]] = []

    def walk(device: BlockDevice, above: tuple[BlockDevice, ...]) -> None:
        here = (*above, device)
        if wanted(device):
            found.append(here)
        for child in device.children:
            walk(child, here)

    for device in devices:
        walk(device, ())
    return found


def root_chains(devices: Iterable[BlockDevice]) -> list[tuple[BlockDevice, ...]]:
    return chains(devices, lambda d: "/" in d.mountpoints)


def source_chains(devices: Iterable[BlockDevice], source: str) -> list[tuple[BlockDevice, ...]]:
    """Paths to the device named in /proc/self/mounts (``/dev/vda``, ``/dev/mapper/cryptroot``)."""
    base = posixpath.basename(source)
    return chains(devices, lambda d: d.path == source or (bool(d.name) and d.name == base))


def is_encrypted(chain: tuple[BlockDevice, ...]) -> bool:
    return any(device.type == "crypt" for device in chain)


def describe(chain: tuple[BlockDevice, ...]) -> str:
    return " \u2192 ".join(f"{d.name} ({d.type or '?'})" for d in chain)


def encrypted_elsewhere(devices: Iterable[BlockDevice]) -> list[str]:
    """Encrypted layers that exist but do not hold the system, for the evidence (an encrypted USB stick)."""
    seen = []
    for chain in chains(devices, lambda d: d.type == "crypt"):
        device = chain[-1]
        places = [p for d in chains([device], lambda d: bool(d.mountpoints)) for p in d[-1].mountpoints]
        if "/" not in places:
            seen.append(f"{device.name} at {', '.join(places)}" if places else device.name)
    return sorted(set(seen))


def parse_mounts(text: str) -> list[Mount]:
    """``/proc/self/mounts`` lines (source, mount point, type); spaces in paths are written as ``\\040``."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append(Mount(_unescape(fields[0]), _unescape(fields[1]), fields[2]))
    return mounts


def root_mount(mounts: list[Mount]) -> Mount | None:
    """What is mounted at / now: the last entry wins, as later mounts cover earlier ones (``rootfs`` first)."""
    at_root = [m for m in mounts if m.target == "/"]
    return at_root[-1] if at_root else None


def _unescape(value: str) -> str:
    return value.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def boot_unlock_options(cmdline: str) -> list[str]:
    """Kernel options asking the start-up to unlock an encrypted disk."""
    return [token for token in cmdline.split() if token.startswith(_BOOT_KEYS)]


def crypttab_names(text: str) -> list[str]:
    """The names of the encrypted volumes listed in /etc/crypttab (comment lines skipped)."""
    names = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            names.append(line.split()[0])
    return names


def zfs_encryption(text: str, dataset: str) -> str | None:
    """The ``encryption`` value of one dataset from ``zfs get`` (table or -H tab-separated form)."""
    for line in text.splitlines():
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) >= 3 and parts[0] == dataset and parts[1] == "encryption":
            return parts[2].strip()
    return None


def fscrypt_says_encrypted(text: str) -> bool:
    return "is encrypted with fscrypt" in text


# -- the probe ------------------------------------------------------------------------------------------------

def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []

    mounts = parse_mounts(_read(host, MOUNTS, evidence) or "")
    root = root_mount(mounts)
    if root:
        evidence.append(Evidence(MOUNTS, f"the main system folder (/) is on {root.source} ({root.fstype})"))
    boot_hint = _boot_hints(host, evidence)
    home = _home_encryption(host, mounts, evidence)

    if root and root.fstype == "zfs":
        return _zfs_verdict(host, root, home, evidence)

    devices, problem = _lsblk(host, evidence)
    if devices is None:
        return finding(Status.UNKNOWN, f"Could not tell whether the disk is encrypted: {problem}.", evidence)

    found = root_chains(devices)
    if not found and root and root.source.startswith("/dev/"):
        found = source_chains(devices, root.source)
    if not found:
        if root and root.fstype in _MEMORY_FILESYSTEMS:
            why = (f"the main system folder is a {root.fstype} filesystem (kept in memory or a container layer), "
                   "so it is not on a disk Homeguard can look at")
        else:
            why = "lsblk does not show which disk holds the main system folder"
        if boot_hint:
            why += "; the start-up settings do mention an encrypted disk"
        return finding(Status.UNKNOWN, f"Could not tell whether the disk is encrypted: {why}.", evidence)

    for chain in found:
        evidence.append(Evidence("layers under /", describe(chain)))
    others = encrypted_elsewhere(devices)
    if others:
        evidence.append(Evidence("encrypted, but not holding the system", "; ".join(others)))

    if all(is_encrypted(chain) for chain in found):
        return finding(Status.PASS, "The disk this computer runs from is encrypted, so its files cannot be read "
                       "without your password.", evidence)
    if home:
        return finding(Status.PARTIAL, f"Only your home folder is encrypted ({home}); the rest of the disk, "
                       "including other people's folders and system files, is not.", evidence)
    return finding(Status.FAIL, "The disk this computer runs from is not encrypted, so anyone who takes the "
                   "computer could read the files on it.", evidence)


def _zfs_verdict(host: Host, root: Mount, home: str | None, evidence: list[Evidence]) -> Finding:
    argv = ["zfs", "get", "encryption", root.source]
    result = host.run(argv, timeout=COMMAND_TIMEOUT)
    line = " ".join(argv)
    if not result.ok:
        evidence.append(Evidence(line, result.problem()))
        return finding(Status.UNKNOWN, f"Could not tell whether the ZFS system disk is encrypted: "
                       f"{result.problem()}.", evidence)
    value = zfs_encryption(result.stdout, root.source)
    if value is None:
        evidence.append(Evidence(line, "no encryption value for this dataset in the answer"))
        return finding(Status.UNKNOWN, f"Could not tell whether the ZFS system disk is encrypted: zfs did not "
                       f"report the encryption of {root.source}.", evidence)
    evidence.append(Evidence(line, f"encryption = {value}"))
    if value not in ("off", "-", "none", ""):
        return finding(Status.PASS, f"The ZFS dataset this computer runs from is encrypted ({value}), so its "
                       "files cannot be read without your password.", evidence)
    if home:
        return finding(Status.PARTIAL, f"Only your home folder is encrypted ({home}); the ZFS dataset the "
                       "system runs from is not.", evidence)
    return finding(Status.FAIL, "The ZFS dataset this computer runs from is not encrypted, so anyone who takes "
                   "the computer could read the files on it.", evidence)


def _lsblk(host: Host, evidence: list[Evidence]) -> tuple[tuple[BlockDevice, ...] | None, str]:
    result = host.run(list(LSBLK), timeout=COMMAND_TIMEOUT)
    if result.ran and not result.ok:
        # lsblk before 2.37 has no MOUNTPOINTS column ("lsblk: unknown column"); ask for the old one.
        evidence.append(Evidence(" ".join(LSBLK), result.problem()))
        result = host.run(list(LSBLK_OLD), timeout=COMMAND_TIMEOUT)
    line = result.command_line
    if not result.ok:
        evidence.append(Evidence(line, result.problem()))
        return None, result.problem()
    try:
        devices = parse_lsblk(result.stdout)
    except LsblkError as exc:
        evidence.append(Evidence(line, f"an answer Homeguard could not read ({exc})"))
        return None, f"lsblk's answer was not in the expected form ({exc})"
    if not devices:
        evidence.append(Evidence(line, "no block devices listed"))
        return None, "lsblk listed no disks at all"
    evidence.append(Evidence(line, f"{_count(devices)} block devices listed"))
    return devices, ""


def _count(devices: Iterable[BlockDevice]) -> int:
    return sum(1 + _count(d.children) for d in devices)


def _boot_hints(host: Host, evidence: list[Evidence]) -> bool:
    """Supporting evidence only: the verdict always comes from the device under /."""
    hint = False
    cmdline = _read(host, CMDLINE, evidence)
    if cmdline is not None:
        options = boot_unlock_options(cmdline)
        evidence.append(Evidence(CMDLINE, ", ".join(options) if options else "no option to unlock an encrypted disk"))
        hint = bool(options)
    crypttab = _read(host, CRYPTTAB, evidence)
    if crypttab is not None:
        names = crypttab_names(crypttab)
        evidence.append(Evidence(CRYPTTAB, f"encrypted volumes listed: {', '.join(names)}" if names
                                 else "no encrypted volumes listed"))
        hint = hint or bool(names)
    return hint


def _home_encryption(host: Host, mounts: list[Mount], evidence: list[Evidence]) -> str | None:
    """How the user's home folder is encrypted on its own, if it is: eCryptfs, systemd-homed or fscrypt."""
    user = host.user()
    if not user.home:  # the system would not say who this is; without a home folder there is nothing to look at
        return None
    name, home = user.name, user.home.rstrip("/") or "/"

    for mount in mounts:
        if mount.fstype == "ecryptfs" and mount.target == home:
            evidence.append(Evidence(MOUNTS, f"{home} is an eCryptfs encrypted folder"))
            return "eCryptfs"
    if name and host.is_dir(f"/home/.ecryptfs/{name}"):
        evidence.append(Evidence(f"/home/.ecryptfs/{name}", "exists: the home folder is set up with eCryptfs"))
        return "eCryptfs"
    if name and host.exists(f"/home/{name}.home"):
        evidence.append(Evidence(f"/home/{name}.home", "exists: a systemd-homed encrypted home image"))
        return "systemd-homed"
    if host.exists("/.fscrypt") or host.exists("/home/.fscrypt"):
        if not host.which("fscrypt"):
            evidence.append(Evidence("fscrypt", "encryption metadata exists but the fscrypt tool is not installed"))
            return None
        result = host.run(["fscrypt", "status", home], timeout=COMMAND_TIMEOUT)
        if result.ok and fscrypt_says_encrypted(result.stdout):
            evidence.append(Evidence(result.command_line, f"{home} is encrypted with fscrypt"))
            return "fscrypt"
        evidence.append(Evidence(result.command_line, result.problem() or "the home folder is not encrypted"))
    return None


def _read(host: Host, path: str, evidence: list[Evidence]) -> str | None:
    try:
        return host.read_text(path)
    except AccessDenied as exc:
        evidence.append(Evidence(path, str(exc)))
        return None


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Which disk holds the main system folder (/) and whether it sits on an encrypted (LUKS) layer "
    "(`lsblk -J`, /proc/self/mounts), or on an encrypted ZFS dataset (`zfs get encryption`). Start-up "
    "settings (/proc/cmdline, /etc/crypttab) are shown as supporting evidence. An encrypted home folder "
    "(eCryptfs, fscrypt, systemd-homed) counts as partly done. An encrypted USB stick or data disk does "
    "not count: only the disk the system runs from does."
)

FIXES = {
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
}
