"""How credential-store looks on Linux: the backend the keyring library picks, the way apps would get it."""

from __future__ import annotations

import re

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import ini_value, parse_ini
from checks.local.common.desktop import find_desktop

_LINE = re.compile(r"^(?P<name>[\w.]+) \(priority: (?P<priority>-?[\d.]+)\)\s*$")

# Backends that keep secrets encrypted and locked with the user's login.
SECURE = {
    "keyring.backends.SecretService.Keyring": "the desktop's Secret Service",
    "keyring.backends.libsecret.Keyring": "the desktop's Secret Service (libsecret)",
    "keyring.backends.kwallet.DBusKeyring": "KDE Wallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KDE Wallet 4",
}
# Files encrypted with a password of their own: better than plain text, but not tied to the login.
ENCRYPTED_FILE = {
    "keyrings.alt.file.EncryptedKeyring": "an encrypted file (keyrings.alt)",
    "keyrings.cryptfile.cryptfile.CryptFileKeyring": "an encrypted file (keyrings.cryptfile)",
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
    """The backend keyring would write new passwords to. Its rule: the highest priority wins; when the chainer
    wins, it writes to the first of its chained backends, which is the highest-priority one of priority >= 1."""
    ranked = sorted(backends, key=lambda b: -b[1])
    if not ranked:
        return "keyring.backends.fail.Keyring"
    if ranked[0][0] != CHAINER:
        return ranked[0][0]
    chained = [name for name, priority in ranked if name != CHAINER and name not in NONE and priority >= 1]
    return chained[0] if chained else "keyring.backends.fail.Keyring"


def describe(name: str) -> str:
    if name in SECURE:
        return SECURE[name]
    if name in ENCRYPTED_FILE:
        return ENCRYPTED_FILE[name]
    if name in NONE:
        return "no store at all"
    if "plaintext" in name.lower():
        return f"a plain-text file ({name})"
    return name


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    desktop = find_desktop(host)
    evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))

    chosen = ""
    override = host.env("PYTHON_KEYRING_BACKEND")
    if override:
        evidence.append(Evidence("PYTHON_KEYRING_BACKEND", override))
        chosen = override
    else:
        for path in CONFIG_FILES:
            text = host.read_text(path)
            if text is None:
                continue
            value = ini_value(parse_ini(text), "backend", "default-keyring")
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
        listed = ", ".join(f"{n} ({p:g})" for n, p in backends) or "nothing recognisable"
        evidence.append(Evidence("python -m keyring --list-backends", listed))
        if not backends:
            return finding(Status.UNKNOWN, "Could not tell which password store is in use: the keyring library "
                           "listed no backends Homeguard recognises.", evidence)
        chosen = backend_in_use(backends)

    words = describe(chosen)
    if chosen in SECURE:
        return finding(Status.PASS, f"Saved passwords go to {words}, which is locked with your login.",
                       evidence, desktop.id)
    if chosen in ENCRYPTED_FILE:
        return finding(Status.PARTIAL, f"Saved passwords go to {words}: encrypted, but not locked with your login "
                       "like the desktop's own store.", evidence, desktop.id)
    if "plaintext" in chosen.lower():
        return finding(Status.FAIL, f"Saved passwords go to {words}, which anyone with the computer could read.",
                       evidence, desktop.id)
    if chosen not in NONE:
        return finding(Status.UNKNOWN, f"Could not tell: the password store in use ({chosen}) is one Homeguard "
                       "does not know.", evidence, desktop.id)
    if desktop.id is None:
        return finding(Status.NOT_APPLICABLE, "There is no desktop session here, and no password store either; "
                       "this matters on computers people sign in to with a desktop.", evidence)
    if not host.env("DBUS_SESSION_BUS_ADDRESS"):
        evidence.append(Evidence("DBUS_SESSION_BUS_ADDRESS", "not set"))
        return finding(Status.UNKNOWN, f"Could not tell: Homeguard is not running inside the {desktop.name} session "
                       "(no session bus), so it cannot see the desktop's password store. Run it from the desktop.",
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
