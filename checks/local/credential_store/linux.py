"""How credential-store looks on Linux: the backend the keyring library picks, the way apps would get it."""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.desktop import NAMES, find_desktop

from .backends import ENCRYPTED_FILES, Kind, Stores, choose_backend

# The stores that keep secrets encrypted and locked with the user's login; an encrypted file is only partial.
STORES = Stores(
    locked={
        "keyring.backends.SecretService.Keyring": "the desktop's Secret Service",
        "keyring.backends.libsecret.Keyring": "the desktop's Secret Service (libsecret)",
        "keyring.backends.kwallet.DBusKeyring": "KDE Wallet",
        "keyring.backends.kwallet.DBusKeyringKWallet4": "KDE Wallet 4",
    },
    encrypted_files=ENCRYPTED_FILES,
)
CONFIG_FILES = ("~/.config/python_keyring/keyringrc.cfg", "~/.local/share/python_keyring/keyringrc.cfg")


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    desktop = find_desktop(host)
    evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))

    choice = choose_backend(host, CONFIG_FILES, evidence)
    if not choice.backend:
        why = choice.problem or "the keyring library listed no backends Homeguard recognises"
        return finding(Status.UNKNOWN, f"Could not tell which password store is in use: {why}.", evidence)

    chosen = choice.backend
    kind, words = STORES.kind(chosen), STORES.describe(chosen)
    if kind is Kind.LOCKED:
        return finding(Status.PASS, f"Saved passwords go to {words}, which is locked with your login.",
                       evidence, desktop.id)
    if kind is Kind.ENCRYPTED_FILE:
        return finding(Status.PARTIAL, f"Saved passwords go to {words}: encrypted, but not locked with your login "
                       "like the desktop's own store.", evidence, desktop.id)
    if kind is Kind.PLAIN_TEXT:
        return finding(Status.FAIL, f"Saved passwords go to {words}, which anyone with the computer could read.",
                       evidence, desktop.id)
    if kind is Kind.UNKNOWN:
        return finding(Status.UNKNOWN, f"Could not tell: the password store in use ({chosen}) is one Homeguard "
                       "does not know.", evidence, desktop.id)
    if desktop.id is None:
        return finding(Status.NOT_APPLICABLE, "There is no desktop session here, and no password store either; "
                       "this matters on computers people sign in to with a desktop.", evidence)
    if not host.env("DBUS_SESSION_BUS_ADDRESS"):
        evidence.append(Evidence("DBUS_SESSION_BUS_ADDRESS", "not set"))
        session = f"the {desktop.name} session" if desktop.id in NAMES else "the desktop session"
        return finding(Status.UNKNOWN, f"Could not tell: Homeguard is not running inside {session} (no session "
                       "bus), so it cannot see the desktop's password store. Run it from the desktop.",
                       evidence, desktop.id)
    return finding(Status.FAIL, "No locked password store was found, so apps may keep passwords in plain files.",
                   evidence, desktop.id)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Which password store the Python keyring library would use (`python -m keyring --list-backends`, "
    "plus any keyringrc.cfg choice): the desktop's Secret Service (GNOME Keyring, KWallet, KeePassXC) "
    "counts; none, or a plain-text file, does not."
)

FIXES = {
    "linux": Fix(
        steps=(
            "Most desktops include a password store: GNOME Keyring (the \u201cPasswords and Keys\u201d app) or "
            "KDE Wallet.",
            "Install it from your software centre if it is missing, then sign out and back in so it starts "
            "with your session.",
        ),
        more_info="https://wiki.archlinux.org/title/GNOME/Keyring",
    ),
}
