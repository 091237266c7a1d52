"""What credential-store does the same on every system: find the store the Python keyring library would give apps.

Apps that keep passwords through keyring get the store it picks, and the choice is made the same way everywhere:
the PYTHON_KEYRING_BACKEND environment variable wins, then a ``default-keyring`` in keyringrc.cfg, and otherwise
keyring's own rule over the backends it can load (``python -m keyring --list-backends``): the highest priority wins;
when that is the chainer, it writes to the highest-priority chained backend of priority 1 or more. Where keyringrc.cfg
lives differs by system, and so does which backends lock passwords with the person's sign-in: the platform modules
say both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, auto

from auditor.host import AccessDenied, Host
from auditor.model import Evidence
from checks.local.common.conf import ini_value, parse_ini

_LINE = re.compile(r"^(?P<name>[\w.]+) \(priority: (?P<priority>-?[\d.]+)\)\s*$")

OVERRIDE_VARIABLE = "PYTHON_KEYRING_BACKEND"
LIST_COMMAND = "python -m keyring --list-backends"
LIST_TIMEOUT = 8.0
CHAINER = "keyring.backends.chainer.ChainerBackend"
FAIL = "keyring.backends.fail.Keyring"
NO_STORE = frozenset({FAIL, "keyring.backends.null.Keyring"})
# Files encrypted with a password of their own: better than plain text, but not locked with the person's sign-in.
ENCRYPTED_FILES: Mapping[str, str] = {
    "keyrings.alt.file.EncryptedKeyring": "an encrypted file (keyrings.alt)",
    "keyrings.cryptfile.cryptfile.CryptFileKeyring": "an encrypted file (keyrings.cryptfile)",
}


class Kind(Enum):
    """What a backend does with the passwords given to it, which is what each system's verdict rests on."""

    LOCKED = auto()  # encrypted and locked with the person's own sign-in
    ENCRYPTED_FILE = auto()  # encrypted with a password of its own
    PLAIN_TEXT = auto()
    NO_STORE = auto()
    UNKNOWN = auto()  # a backend Homeguard does not know, so cannot vouch for


@dataclass(frozen=True)
class Stores:
    """The backends one system's verdicts rest on, each with the words a summary uses for it."""

    locked: Mapping[str, str]  # encrypted and locked with the person's own sign-in
    encrypted_files: Mapping[str, str]  # encrypted with a password of their own

    def kind(self, name: str) -> Kind:
        if name in self.locked:
            return Kind.LOCKED
        if name in self.encrypted_files:
            return Kind.ENCRYPTED_FILE
        if "plaintext" in name.lower():
            return Kind.PLAIN_TEXT
        if name in NO_STORE:
            return Kind.NO_STORE
        return Kind.UNKNOWN

    def describe(self, name: str) -> str:
        if name in self.locked:
            return self.locked[name]
        if name in self.encrypted_files:
            return self.encrypted_files[name]
        if name in NO_STORE:
            return "no store at all"
        if "plaintext" in name.lower():
            return f"a plain-text file ({name})"
        return name


def parse_backends(text: str) -> list[tuple[str, float]]:
    """``keyring --list-backends`` lines as (dotted class name, priority), in the order printed."""
    found = []
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            found.append((match["name"], float(match["priority"])))
    return found


def backend_in_use(backends: list[tuple[str, float]]) -> str:
    """The backend keyring would write new passwords to, by its own rule (see the module docstring)."""
    ranked = sorted(backends, key=lambda backend: -backend[1])
    if not ranked:
        return FAIL
    if ranked[0][0] != CHAINER:
        return ranked[0][0]
    chained = [name for name, priority in ranked if name != CHAINER and name not in NO_STORE and priority >= 1]
    return chained[0] if chained else FAIL


@dataclass(frozen=True)
class Choice:
    """The backend apps would get, or why that could not be told."""

    backend: str = ""  # dotted class name; "" when it could not be told
    problem: str = ""  # why the listing could not be had; "" when keyring listed nothing Homeguard recognises


def choose_backend(host: Host, config_files: Sequence[str], evidence: list[Evidence]) -> Choice:
    """The backend apps would get: the one a setting names, or else keyring's pick from its listing.

    Adds to ``evidence`` what was read and what keyring said, or why it could not say.
    """
    chosen = _backend_chosen_by_setting(host, config_files, evidence)
    if chosen:
        return Choice(chosen)
    result = host.run([host.python(), "-m", "keyring", "--list-backends"], timeout=LIST_TIMEOUT)
    if not result.ok:
        evidence.append(Evidence(LIST_COMMAND, result.problem()))
        return Choice(problem=result.problem())
    backends = parse_backends(result.stdout)
    evidence.append(Evidence(LIST_COMMAND, ", ".join(f"{n} ({p:g})" for n, p in backends) or "nothing recognisable"))
    return Choice(backend_in_use(backends)) if backends else Choice()


def _backend_chosen_by_setting(host: Host, config_files: Sequence[str], evidence: list[Evidence]) -> str:
    """The backend PYTHON_KEYRING_BACKEND or the first keyringrc.cfg with a ``default-keyring`` names; "" if none.

    keyring skips a config file it cannot open, so one Homeguard may not read is only noted and the search goes on.
    """
    override = host.env(OVERRIDE_VARIABLE)
    if override:
        evidence.append(Evidence(OVERRIDE_VARIABLE, override))
        return override
    for path in config_files:
        try:
            text = host.read_text(path)
        except AccessDenied as exc:
            evidence.append(Evidence(path, str(exc)))
            continue
        value = ini_value(parse_ini(text), "backend", "default-keyring") if text else None
        if value:
            evidence.append(Evidence(path, f"default-keyring={value}"))
            return value
    return ""
