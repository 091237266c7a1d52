"""How credential-store looks on macOS: the store the Python keyring library picks, the way apps would get it.

On a Mac the keyring library's native backend is the login keychain: ``keyring.backends.macOS.Keyring`` (named
``keyring.backends.OS_X.Keyring`` before keyring 22, jaraco/keyring#504). ``python -m keyring --list-backends`` on
real Macs printed, for example:

  keyring.backends.macOS.Keyring (priority: 5)          OS X 10.15.7, keyring 23.0.0 (jaraco/keyring#504)
  keyring.backends.fail.Keyring (priority: 0)
  keyring.backends.chainer.ChainerBackend (priority: -1)

and, with keyrings.cryptfile installed, a chainer of priority 10 in front of OS_X.Keyring (jaraco/keyring#418). The
library's rule: the highest priority wins; a winning chainer writes to its highest-priority chained backend of
priority 1 or more. When the keychain backend cannot load (an old Python on Apple silicon, jaraco/keyring#568)
only ``fail.Keyring`` is left, or, if keyrings.alt is installed, a plain-text file.

A choice written in PYTHON_KEYRING_BACKEND or in keyringrc.cfg wins over the list. keyring keeps that file where it
does on Linux (~/.config/python_keyring, ~/.local/share/python_keyring): it has no macOS-specific folder.
"""

from __future__ import annotations

import re

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import ini_value, parse_ini

_LINE = re.compile(r"^(?P<name>[\w.]+) \(priority: (?P<priority>-?[\d.]+)\)\s*$")

KEYCHAIN = {
    "keyring.backends.macOS.Keyring": "your login keychain",
    "keyring.backends.OS_X.Keyring": "your login keychain",
}
ENCRYPTED_FILE = {
    "keyrings.alt.file.EncryptedKeyring": "an encrypted file (keyrings.alt)",
    "keyrings.cryptfile.cryptfile.CryptFileKeyring": "an encrypted file (keyrings.cryptfile)",
    "keyrings.cryptfile.file.EncryptedKeyring": "an encrypted file (keyrings.cryptfile)",
}
NONE = {"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"}
CHAINER = "keyring.backends.chainer.ChainerBackend"
CONFIG_FILES = ("~/.config/python_keyring/keyringrc.cfg", "~/.local/share/python_keyring/keyringrc.cfg")


def parse_backends(text: str) -> list[tuple[str, float]]:
    """``keyring --list-backends`` lines as (dotted class name, priority), in the order printed."""
    found = []
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            found.append((match["name"], float(match["priority"])))
    return found


def backend_in_use(backends: list[tuple[str, float]]) -> str:
    """The backend new passwords would go to (see the module docstring for the library's rule)."""
    ranked = sorted(backends, key=lambda b: -b[1])
    if not ranked:
        return "keyring.backends.fail.Keyring"
    if ranked[0][0] != CHAINER:
        return ranked[0][0]
    chained = [name for name, priority in ranked if name != CHAINER and name not in NONE and priority >= 1]
    return chained[0] if chained else "keyring.backends.fail.Keyring"


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    chosen = ""
    override = host.env("PYTHON_KEYRING_BACKEND")
    if override:
        evidence.append(Evidence("PYTHON_KEYRING_BACKEND", override))
        chosen = override
    else:
        for path in CONFIG_FILES:
            text = host.read_text(path)
            value = ini_value(parse_ini(text), "backend", "default-keyring") if text else None
            if value:
                evidence.append(Evidence(path, f"default-keyring={value}"))
                chosen = value
                break

    if not chosen:
        result = host.run([host.python(), "-m", "keyring", "--list-backends"], timeout=8)
        if not result.ok:
            return finding(Status.UNKNOWN, f"Could not tell which password store is in use: {result.problem()}.",
                           [*evidence, Evidence("python -m keyring --list-backends", result.problem())])
        backends = parse_backends(result.stdout)
        if not backends:
            evidence.append(Evidence("python -m keyring --list-backends", "nothing recognisable"))
            return finding(Status.UNKNOWN, "Could not tell which password store is in use: the keyring library "
                           "listed no backends Homeguard recognises.", evidence)
        evidence.append(Evidence("python -m keyring --list-backends",
                                 ", ".join(f"{n} ({p:g})" for n, p in backends)))
        chosen = backend_in_use(backends)

    if chosen in KEYCHAIN:
        return finding(Status.PASS, "Saved passwords go to your login keychain, which is locked with your Mac "
                       "password.", evidence)
    if chosen in ENCRYPTED_FILE:
        return finding(Status.PARTIAL, f"Saved passwords go to {ENCRYPTED_FILE[chosen]}: encrypted, but not "
                       "locked with your Mac password like the keychain.", evidence)
    if "plaintext" in chosen.lower():
        return finding(Status.FAIL, f"Saved passwords go to a plain-text file ({chosen}), which anyone with the Mac "
                       "could read.", evidence)
    if chosen in NONE:
        return finding(Status.FAIL, "The keychain could not be reached, so apps that use this route have no locked "
                       "place to keep passwords.", evidence)
    return finding(Status.UNKNOWN, f"Could not tell: the password store in use ({chosen}) is one Homeguard does "
                   "not know.", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Which password store the Python keyring library would use (`python -m keyring --list-backends`, plus any "
    "PYTHON_KEYRING_BACKEND or keyringrc.cfg choice): the login keychain counts; none, or a plain-text file, "
    "does not."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Your Mac's own password store is the login keychain, opened with Keychain Access (in Applications, "
            "then Utilities) or, on macOS 15 and later, the Passwords app.",
            "If PYTHON_KEYRING_BACKEND or a keyringrc.cfg file points to a plain-text or \u201cfail\u201d store, "
            "remove that choice so apps use the keychain again.",
            "If the keychain cannot be reached at all, update Python and the app that uses it; ask whoever set it "
            "up if you are not sure.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Passwords-Settings.extension",
        more_info="https://support.apple.com/guide/keychain-access/what-is-keychain-access-kyca1083/mac",
    ),
}
