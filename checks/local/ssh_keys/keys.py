"""How ssh-keys looks on every system: read the format fields of each private key in ~/.ssh, never the key.

A key file is recognised by how it starts, not by its name: people keep keys called ``github`` or ``work.pem``.
For each one the parsers below answer two questions from the file's own structure: is it locked with a
passphrase, and is it a DSA key (weak, and turned off by default since OpenSSH 7.0)?
"""

from __future__ import annotations

import base64
import binascii
import struct
from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Status

SSH_DIR = "~/.ssh"
READ_LIMIT = 64 * 1024  # the largest private keys (16384-bit RSA) are about 13 kB
MAX_FILES = 200
# Files that live in ~/.ssh but are never private keys; reading them would only cost time.
NOT_KEYS = {"known_hosts", "known_hosts.old", "authorized_keys", "authorized_keys2", "config", "environment", "rc"}
NOT_KEY_SUFFIXES = (".pub", ".sock", "-cert.pub")

OPENSSH_MAGIC = b"openssh-key-v1\x00"
OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----"
PEM_BEGIN = {
    "-----BEGIN RSA PRIVATE KEY-----": "RSA",
    "-----BEGIN DSA PRIVATE KEY-----": "DSA",
    "-----BEGIN EC PRIVATE KEY-----": "ECDSA",
}
PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----"
PKCS8_ENCRYPTED_BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----"
PUTTY_PREFIX = "PuTTY-User-Key-File-"

# Key type names inside OpenSSH and PuTTY files, in words.
KEY_TYPES = {
    "ssh-ed25519": "Ed25519",
    "ssh-rsa": "RSA",
    "ssh-dss": "DSA",
    "ecdsa-sha2-nistp256": "ECDSA",
    "ecdsa-sha2-nistp384": "ECDSA",
    "ecdsa-sha2-nistp521": "ECDSA",
    "sk-ssh-ed25519@openssh.com": "Ed25519 on a security key",
    "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA on a security key",
}
# Algorithm identifiers (OIDs) at the start of a PKCS#8 key.
PKCS8_ALGORITHMS = {
    "1.2.840.113549.1.1.1": "RSA",
    "1.2.840.10040.4.1": "DSA",
    "1.2.840.10045.2.1": "ECDSA",
    "1.3.101.112": "Ed25519",
    "1.3.101.113": "Ed448",
}


@dataclass(frozen=True)
class KeyInfo:
    """What the format fields of one private key file say. ``protected`` is None when the file could not be
    understood well enough to tell."""

    format: str  # "OpenSSH", "PEM", "PKCS#8" or "PuTTY"
    key_type: str  # "Ed25519", "RSA", "DSA", ... or "unknown"
    protected: bool | None
    how: str  # how it is protected, or why it is not, in words
    security_key: bool = False

    @property
    def dsa(self) -> bool:
        return self.key_type == "DSA"

    def describe(self) -> str:
        kind = f"{self.format} {self.key_type} key" if self.key_type != "unknown" else f"{self.format} key"
        words = f"{kind}: {self.how}"
        if self.dsa:
            words += "; DSA keys are weak and no longer accepted by current OpenSSH"
        return words


class _Reader:
    """Reads the length-prefixed strings of the SSH wire format (RFC 4251)."""

    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.offset = offset

    def uint32(self) -> int:
        if self.offset + 4 > len(self.data):
            raise ValueError("the key data ends early")
        value: int = struct.unpack_from(">I", self.data, self.offset)[0]
        self.offset += 4
        return value

    def string(self) -> bytes:
        length = self.uint32()
        if length > len(self.data) - self.offset:
            raise ValueError("a field is longer than the key data")
        value = self.data[self.offset : self.offset + length]
        self.offset += length
        return value


def _armoured_body(text: str, begin: str) -> bytes:
    """The base64 body between a BEGIN line and its END line, decoded; PEM header lines are skipped."""
    end = begin.replace("BEGIN", "END")
    start = text.index(begin) + len(begin)
    stop = text.find(end, start)
    if stop < 0:
        raise ValueError("the END line is missing")
    lines = [line.strip() for line in text[start:stop].splitlines()]
    body = "".join(line for line in lines if line and ":" not in line)
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the key body is not valid base64") from exc


def parse_openssh(text: str) -> KeyInfo:
    """An ``openssh-key-v1`` key: magic, cipher name, KDF name, KDF options, key count, then the public keys."""
    try:
        blob = _armoured_body(text, OPENSSH_BEGIN)
        if not blob.startswith(OPENSSH_MAGIC):
            raise ValueError("it does not start with openssh-key-v1")
        reader = _Reader(blob, len(OPENSSH_MAGIC))
        cipher = reader.string().decode("ascii", "replace")
        kdf = reader.string().decode("ascii", "replace")
        reader.string()  # KDF options (salt and rounds), not needed
        count = reader.uint32()
        if count < 1:
            raise ValueError("it holds no key")
        key_type_name = _Reader(reader.string()).string().decode("ascii", "replace")
    except ValueError as exc:
        return KeyInfo("OpenSSH", "unknown", None, f"its format could not be read ({exc})")
    key_type = KEY_TYPES.get(key_type_name, key_type_name or "unknown")
    security_key = key_type_name.startswith("sk-")
    if cipher == "none" and kdf == "none":
        if security_key:
            return KeyInfo("OpenSSH", key_type, True, "no passphrase, but it only works with its security key "
                           "plugged in", security_key=True)
        return KeyInfo("OpenSSH", key_type, False, "no passphrase")
    if cipher != "none" and kdf != "none":
        return KeyInfo("OpenSSH", key_type, True, f"protected by a passphrase ({kdf}, {cipher})", security_key)
    return KeyInfo("OpenSSH", key_type, None, f"an unusual combination of cipher {cipher!r} and KDF {kdf!r}")


def parse_pem(text: str, begin: str) -> KeyInfo:
    """A traditional PEM key (RSA, DSA, EC): encrypted when its headers say ``Proc-Type: 4,ENCRYPTED``."""
    key_type = PEM_BEGIN[begin]
    start = text.index(begin) + len(begin)
    headers = [line.strip() for line in text[start:].splitlines()[:4]]
    if any(line.replace(" ", "").upper() == "PROC-TYPE:4,ENCRYPTED" for line in headers):
        cipher = next((line.split(":", 1)[1].split(",")[0].strip() for line in headers
                       if line.upper().startswith("DEK-INFO:")), "")
        return KeyInfo("PEM", key_type, True, "protected by a passphrase" + (f" ({cipher})" if cipher else ""))
    return KeyInfo("PEM", key_type, False, "no passphrase")


def _der_item(data: bytes, offset: int) -> tuple[int, int, int]:
    """One DER element at ``offset``: (tag, start of its content, end of its content)."""
    if offset + 2 > len(data):
        raise ValueError("the DER data ends early")
    tag = data[offset]
    length = data[offset + 1]
    pos = offset + 2
    if length & 0x80:
        size = length & 0x7F
        if size == 0 or size > 4 or pos + size > len(data):
            raise ValueError("a DER length is not understood")
        length = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    if pos + length > len(data):
        raise ValueError("a DER element is longer than the data")
    return tag, pos, pos + length


def _oid(data: bytes) -> str:
    if not data:
        raise ValueError("an empty object identifier")
    parts = [data[0] // 40, data[0] % 40]
    value = 0
    for byte in data[1:]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    return ".".join(str(p) for p in parts)


def pkcs8_algorithm(der: bytes) -> str:
    """The algorithm OID of an unencrypted PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER, SEQUENCE { OID, ... }, ... }."""
    tag, start, _ = _der_item(der, 0)
    if tag != 0x30:
        raise ValueError("it does not start with a DER sequence")
    tag, _, after_version = _der_item(der, start)
    if tag != 0x02:
        raise ValueError("the version number is missing")
    tag, algorithm_start, _ = _der_item(der, after_version)
    if tag != 0x30:
        raise ValueError("the algorithm identifier is missing")
    tag, oid_start, oid_end = _der_item(der, algorithm_start)
    if tag != 0x06:
        raise ValueError("the algorithm identifier has no OID")
    return _oid(der[oid_start:oid_end])


def parse_pkcs8(text: str) -> KeyInfo:
    try:
        oid = pkcs8_algorithm(_armoured_body(text, PKCS8_BEGIN))
    except ValueError as exc:
        return KeyInfo("PKCS#8", "unknown", False, f"no passphrase (its key type could not be read: {exc})")
    return KeyInfo("PKCS#8", PKCS8_ALGORITHMS.get(oid, f"OID {oid}"), False, "no passphrase")


# The ciphers a PuTTY key file names when it has a passphrase: PPK versions 1 to 3 know only this one.
PUTTY_CIPHERS = ("aes256-cbc",)


def parse_putty(text: str) -> KeyInfo:
    """A PuTTY .ppk key: ``PuTTY-User-Key-File-N: <type>`` then ``Encryption: none`` or a cipher name."""
    lines = text.splitlines()
    key_type_name = lines[0].split(":", 1)[1].strip() if ":" in lines[0] else ""
    key_type = KEY_TYPES.get(key_type_name, key_type_name or "unknown")
    encryption = next((line.split(":", 1)[1].strip() for line in lines[1:6]
                       if line.lower().startswith("encryption:")), None)
    if not encryption:  # missing, or cut off after "Encryption:": no cipher named is no proof of a passphrase
        return KeyInfo("PuTTY", key_type, None, f"its Encryption line is {'empty' if encryption == '' else 'missing'}")
    if encryption.lower() == "none":
        return KeyInfo("PuTTY", key_type, False, "no passphrase")
    if encryption.lower() not in PUTTY_CIPHERS:  # a cut-off or damaged line ("n", "aes2") proves no passphrase
        return KeyInfo("PuTTY", key_type, None, f"its Encryption line names a cipher PuTTY does not use ({encryption})")
    return KeyInfo("PuTTY", key_type, True, f"protected by a passphrase ({encryption})")


def classify(data: bytes) -> KeyInfo | None:
    """What kind of private key a file holds and whether it is protected, or None when it is not a private key."""
    # A key saved through a Windows PowerShell redirect is UTF-16 with a byte order mark: still a key, still a secret.
    encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = data.decode(encoding, "replace").lstrip("\ufeff \t\r\n")
    if text.startswith(PUTTY_PREFIX):
        return parse_putty(text)
    if not text.startswith("-----BEGIN "):
        return None
    first = text.splitlines()[0].strip()
    if first == OPENSSH_BEGIN:
        return parse_openssh(text)
    if first in PEM_BEGIN:
        return parse_pem(text, first)
    if first == PKCS8_BEGIN:
        return parse_pkcs8(text)
    if first == PKCS8_ENCRYPTED_BEGIN:
        return KeyInfo("PKCS#8", "unknown", True, "protected by a passphrase (encrypted PKCS#8)")
    return None  # a certificate, a public key or something else


def _candidates(host: Host, evidence: list[Evidence], unreadable: list[str]) -> list[str]:
    """Files in ~/.ssh and in the folders directly inside it that might be private keys."""
    found: list[str] = []
    for name in host.list_dir(SSH_DIR):
        path = f"{SSH_DIR}/{name}"
        if host.is_dir(path):
            try:
                inner = host.list_dir(path)
            except AccessDenied:
                unreadable.append(path)
                evidence.append(Evidence(path, "Homeguard was not allowed to look inside this folder"))
                continue
            found.extend(f"{path}/{n}" for n in inner if _may_be_key(n) and not host.is_dir(f"{path}/{n}"))
        elif _may_be_key(name):
            found.append(path)
    # The usual key names first, so that in a crowded folder the files most likely to be keys are the ones read.
    return sorted(found, key=lambda path: not path.rsplit("/", 1)[-1].startswith("id_"))


def _may_be_key(name: str) -> bool:
    return name not in NOT_KEYS and not name.endswith(NOT_KEY_SUFFIXES)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _problems(total: int, without_passphrase: int, dsa: int) -> str:
    """One sentence naming what is wrong: "Of the 3 SSH keys here, 2 have no passphrase."."""
    if total == 1:
        parts = (["has no passphrase"] if without_passphrase else []) + (
            ["is an old DSA key that should be replaced"] if dsa else [])
        return "The SSH key here " + " and ".join(parts) + "."
    parts = []
    if without_passphrase:
        parts.append(f"{without_passphrase} {'has' if without_passphrase == 1 else 'have'} no passphrase")
    if dsa:
        parts.append(f"{dsa} {'is an old DSA key' if dsa == 1 else 'are old DSA keys'} that should be replaced")
    return f"Of the {total} SSH keys here, " + " and ".join(parts) + "."


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    unreadable: list[str] = []
    if not host.is_dir(SSH_DIR):
        return finding(Status.NOT_APPLICABLE, "There are no SSH keys on this account, so there is nothing to "
                       "protect.", [Evidence(SSH_DIR, "no such folder")])
    try:
        candidates = _candidates(host, evidence, unreadable)
    except AccessDenied as exc:
        return finding(Status.UNKNOWN, f"Could not tell: Homeguard was not allowed to look inside {SSH_DIR}.",
                       [Evidence(SSH_DIR, str(exc))])
    skipped = max(0, len(candidates) - MAX_FILES)  # files not read may be keys: never "no keys", never "all safe"
    candidates = candidates[:MAX_FILES]

    keys: list[tuple[str, KeyInfo]] = []
    for path in candidates:
        try:
            data = host.read_bytes(path, READ_LIMIT)
        except AccessDenied:
            unreadable.append(path)
            evidence.append(Evidence(path, "Homeguard was not allowed to read this file"))
            continue
        info = classify(data) if data else None
        if info is not None:
            keys.append((path, info))
            evidence.append(Evidence(path, info.describe()))
    evidence.insert(0, Evidence(SSH_DIR, f"{_count(len(candidates), 'file', 'files')} looked at, "
                                f"{_count(len(keys), 'private key', 'private keys')} found"))

    if not keys and not unreadable and not skipped:
        return finding(Status.NOT_APPLICABLE, "There are no SSH private keys here, so there is nothing to protect.",
                       evidence)
    open_keys = [info for _, info in keys if info.protected is False]
    dsa_keys = [info for _, info in keys if info.dsa]
    if open_keys or dsa_keys:
        return finding(Status.FAIL, _problems(len(keys), len(open_keys), len(dsa_keys)), evidence)
    unclear = [path for path, info in keys if info.protected is None]
    if unreadable or unclear or skipped:
        reasons = []
        if skipped:
            reasons.append(f"{SSH_DIR} holds {_count(skipped, 'more file', 'more files')} than the {MAX_FILES} "
                           "Homeguard reads")
        if unreadable:
            reasons.append(f"Homeguard was not allowed to read {', '.join(unreadable)}")
        if unclear:
            reasons.append(f"the format of {', '.join(unclear)} was not understood")
        return finding(Status.UNKNOWN, "Could not tell whether every SSH key is protected: " + " and ".join(reasons)
                       + ".", evidence)
    hardware = any(info.security_key for _, info in keys)
    how = "a passphrase or a security key" if hardware else "a passphrase"
    if len(keys) == 1:
        return finding(Status.PASS, f"The SSH key here is protected by {how}.", evidence)
    return finding(Status.PASS, f"All {len(keys)} SSH keys here are protected by {how}.", evidence)

