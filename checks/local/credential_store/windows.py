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

from auditor.check import CheckContext, finding
from auditor.host import Host
from auditor.model import Evidence, Finding, Fix, Status

from .backends import ENCRYPTED_FILES, Kind, Stores, choose_backend

STORES = Stores(
    locked={
        "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
        "keyrings.alt.Windows.RegistryKeyring": "the registry, encrypted with your Windows sign-in (keyrings.alt)",
        "keyrings.alt.Windows.EncryptedKeyring": "a file encrypted with your Windows sign-in (keyrings.alt)",
    },
    encrypted_files=ENCRYPTED_FILES,
)
CONFIG_NAME = r"Python Keyring\keyringrc.cfg"


def config_path(host: Host) -> str:
    local = host.env("LOCALAPPDATA") or host.user().home.rstrip("\\/") + r"\AppData\Local"
    return local.rstrip("\\/") + "\\" + CONFIG_NAME


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    choice = choose_backend(host, (config_path(host),), evidence)
    if not choice.backend:
        why = choice.problem or "the keyring library listed no stores Homeguard recognises"
        return finding(Status.UNKNOWN, f"Could not tell which password store apps would use: {why}.", evidence)

    chosen = choice.backend
    kind, words = STORES.kind(chosen), STORES.describe(chosen)
    if kind is Kind.LOCKED:
        return finding(Status.PASS, f"Saved passwords go to {words}, which is locked with your Windows sign-in.",
                       evidence)
    if kind is Kind.ENCRYPTED_FILE:
        return finding(Status.PARTIAL, f"Saved passwords go to {words}: encrypted, but not locked with your "
                       "Windows sign-in like Credential Manager.", evidence)
    if kind is Kind.PLAIN_TEXT:
        return finding(Status.FAIL, f"Saved passwords go to {words}, which anyone with the computer could read.",
                       evidence)
    if kind is Kind.NO_STORE:
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
