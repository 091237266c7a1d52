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

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

from .backends import ENCRYPTED_FILES, Kind, Stores, choose_backend

STORES = Stores(
    locked={
        "keyring.backends.macOS.Keyring": "your login keychain",
        "keyring.backends.OS_X.Keyring": "your login keychain",
    },
    encrypted_files={
        **ENCRYPTED_FILES,
        "keyrings.cryptfile.file.EncryptedKeyring": "an encrypted file (keyrings.cryptfile)",
    },
)
CONFIG_FILES = ("~/.config/python_keyring/keyringrc.cfg", "~/.local/share/python_keyring/keyringrc.cfg")


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    choice = choose_backend(host, CONFIG_FILES, evidence)
    if not choice.backend:
        why = choice.problem or "the keyring library listed no backends Homeguard recognises"
        return finding(Status.UNKNOWN, f"Could not tell which password store is in use: {why}.", evidence)

    chosen = choice.backend
    kind = STORES.kind(chosen)
    if kind is Kind.LOCKED:
        return finding(Status.PASS, "Saved passwords go to your login keychain, which is locked with your Mac "
                       "password.", evidence)
    if kind is Kind.ENCRYPTED_FILE:
        return finding(Status.PARTIAL, f"Saved passwords go to {STORES.describe(chosen)}: encrypted, but not "
                       "locked with your Mac password like the keychain.", evidence)
    if kind is Kind.PLAIN_TEXT:
        return finding(Status.FAIL, f"Saved passwords go to a plain-text file ({chosen}), which anyone with the Mac "
                       "could read.", evidence)
    if kind is Kind.NO_STORE:
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
