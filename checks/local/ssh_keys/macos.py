"""ssh-keys on macOS: the keys in ~/.ssh, read by the shared reader in keys.py."""

from auditor.model import Fix
from checks.local.ssh_keys.keys import probe

__all__ = ["FIXES", "LOOKS_AT", "probe"]

LOOKS_AT = (
    "Every file in your ~/.ssh folder (and one level of folders inside it) that starts like a private key, "
    "whatever its name: OpenSSH, PEM, PKCS#8 and PuTTY keys. Only the format fields that say whether a key is "
    "locked with a passphrase are read; the key itself is never shown or stored."
)

FIXES = {
    "macos": Fix(
        steps=(
            "To add a passphrase to a key, open Terminal and run: ssh-keygen -p -f ~/.ssh/id_ed25519 (use the "
            "name of your key file).",
            "macOS can keep the passphrase in your keychain so you are not asked every time: add "
            "\u201cUseKeychain yes\u201d and \u201cAddKeysToAgent yes\u201d to ~/.ssh/config.",
            "For an old DSA key: make a new key with ssh-keygen -t ed25519, put the new public key (the .pub "
            "file) everywhere the old one was used, then delete the old DSA key files.",
        ),
        more_info="https://support.apple.com/guide/deployment/manage-ssh-keys-depff0b4b3e7/web",
    ),
}
