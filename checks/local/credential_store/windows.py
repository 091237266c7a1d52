"""How credential-store looks on Windows: the store the Python keyring library would give apps.

Windows always has a locked store of its own, Credential Manager (the keyring library's ``WinVaultKeyring``). What
can go wrong is that apps are pointed somewhere else: a plain-text file (``keyrings.alt.file.PlaintextKeyring``,
chosen with ``PYTHON_KEYRING_BACKEND`` or in ``%LOCALAPPDATA%\\Python Keyring\\keyringrc.cfg``, the config file
keyring reads on Windows), or nothing at all (``keyring.backends.fail.Keyring``, which keyring falls back to when
it cannot reach Credential Manager; apps then cannot keep passwords safely and may write them to files).

The keyrings.alt package's two Windows backends (``keyrings.alt.Windows.RegistryKeyring`` and ``EncryptedKeyring``)
encrypt with the Windows Crypto API (DPAPI), which is locked with the user's Windows sign-in like Credential
Manager, so they count as locked stores. A file encrypted with a password of its own is partial, as on Linux.

Which backend keyring picks, from ``python -m keyring --list-backends``: the highest priority wins; when that is
the chainer, it writes to the highest-priority backend of priority 1 or more. (On Windows keyring lists
``WinVaultKeyring (priority: 5)``, ``fail.Keyring (priority: 0)`` and ``ChainerBackend (priority: -1)``: the
recorded output in Ansys' Granta MI scripting documentation.)
"""

from __future__ import annotations

import re

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.conf import ini_value, parse_ini

_LINE = re.compile(r"^(?P<name>[\w.]+) \(priority: (?P<priority>-?[\d.]+)\)\s*$")

LOCKED = {
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
    "keyrings.alt.Windows.RegistryKeyring": "the registry, encrypted with your Windows sign-in (keyrings.alt)",
    "keyrings.alt.Windows.EncryptedKeyring": "a file encrypted with your Windows sign-in (keyrings.alt)",
}
OWN_PASSWORD = {
    "keyrings.alt.file.EncryptedKeyring": "an encrypted file (keyrings.alt)",
    "keyrings.cryptfile.cryptfile.CryptFileKeyring": "an encrypted file (keyrings.cryptfile)",
}
NO_STORE = {"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"}
CHAINER = "keyring.backends.chainer.ChainerBackend"
CONFIG_NAME = r"Python Keyring\keyringrc.cfg"
LIST_TIMEOUT = 8.0


def parse_listing(text: str) -> list[tuple[str, float]]:
    """``keyring --list-backends`` lines as (dotted class name, priority), in the order printed."""
    found = []
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            found.append((match["name"], float(match["priority"])))
    return found


def chosen_backend(backends: list[tuple[str, float]]) -> str:
    """The backend new passwords would go to (keyring's own rule, described above)."""
    ranked = sorted(backends, key=lambda backend: -backend[1])
    if not ranked:
        return "keyring.backends.fail.Keyring"
    if ranked[0][0] != CHAINER:
        return ranked[0][0]
    chained = [name for name, priority in ranked if name != CHAINER and name not in NO_STORE and priority >= 1]
    return chained[0] if chained else "keyring.backends.fail.Keyring"


def words_for(name: str) -> str:
    if name in LOCKED:
        return LOCKED[name]
    if name in OWN_PASSWORD:
        return OWN_PASSWORD[name]
    if name in NO_STORE:
        return "no store at all"
    if "plaintext" in name.lower():
        return f"a plain-text file ({name})"
    return name


def config_path(host: Host) -> str:
    local = host.env("LOCALAPPDATA") or host.user().home.rstrip("\\/") + r"\AppData\Local"
    return local.rstrip("\\/") + "\\" + CONFIG_NAME


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []

    chosen = ""
    override = host.env("PYTHON_KEYRING_BACKEND")
    if override:
        evidence.append(Evidence("PYTHON_KEYRING_BACKEND", override))
        chosen = override
    else:
        path = config_path(host)
        try:
            text = host.read_text(path)
        except AccessDenied as exc:
            text = None
            evidence.append(Evidence(path, str(exc)))
        value = ini_value(parse_ini(text), "backend", "default-keyring") if text is not None else None
        if value:
            evidence.append(Evidence(path, f"default-keyring={value}"))
            chosen = value

    if not chosen:
        result = host.run([host.python(), "-m", "keyring", "--list-backends"], timeout=LIST_TIMEOUT)
        if not result.ok:
            return finding(Status.UNKNOWN, f"Could not tell which password store apps would use: {result.problem()}.",
                           [*evidence, Evidence("python -m keyring --list-backends", result.problem())])
        backends = parse_listing(result.stdout)
        evidence.append(Evidence("python -m keyring --list-backends",
                                 ", ".join(f"{n} ({p:g})" for n, p in backends) or "nothing recognisable"))
        if not backends:
            return finding(Status.UNKNOWN, "Could not tell which password store apps would use: the keyring library "
                           "listed no stores Homeguard recognises.", evidence)
        chosen = chosen_backend(backends)

    words = words_for(chosen)
    if chosen in LOCKED:
        return finding(Status.PASS, f"Saved passwords go to {words}, which is locked with your Windows sign-in.",
                       evidence)
    if chosen in OWN_PASSWORD:
        return finding(Status.PARTIAL, f"Saved passwords go to {words}: encrypted, but not locked with your "
                       "Windows sign-in like Credential Manager.", evidence)
    if "plaintext" in chosen.lower():
        return finding(Status.FAIL, f"Saved passwords go to {words}, which anyone with the computer could read.",
                       evidence)
    if chosen in NO_STORE:
        return finding(Status.FAIL, "Apps that keep passwords through Python's keyring library cannot reach Windows "
                       "Credential Manager here, so they have no safe place for them and may keep them in plain "
                       "files.", evidence)
    return finding(Status.UNKNOWN, f"Could not tell: the password store in use ({chosen}) is one Homeguard does not "
                   "know.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Which password store the Python keyring library would give apps (`python -m keyring --list-backends`, plus a "
    "choice made in PYTHON_KEYRING_BACKEND or %LOCALAPPDATA%\\Python Keyring\\keyringrc.cfg): Windows Credential "
    "Manager counts; none, or a plain-text file, does not."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Windows Credential Manager is the right place for saved passwords, and it is part of every Windows.",
            "If a keyring setting points apps elsewhere, remove it: delete the PYTHON_KEYRING_BACKEND environment "
            "variable (Start menu, \u201cEdit environment variables for your account\u201d) and the keyringrc.cfg "
            "file in %LOCALAPPDATA%\\Python Keyring.",
            "Open Credential Manager to see what is stored there.",
        ),
        settings_command=("control", "/name", "Microsoft.CredentialManager"),
        more_info="https://support.microsoft.com/windows/accessing-credential-manager-1b5c916a-6a16-889f-8581-"
                  "fc16e8165ac0",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "No secret store on Windows (the recording is from WSL)",
)
