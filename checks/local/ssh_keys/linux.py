"""ssh-keys on Linux: the keys in ~/.ssh, read by the shared reader in keys.py."""

from auditor.model import Fix
from checks.local.ssh_keys.keys import probe

__all__ = ["FIXES", "LOOKS_AT", "probe"]

LOOKS_AT = (
    "Every file in your ~/.ssh folder (and one level of folders inside it) that starts like a private "
    "key, whatever its name: OpenSSH, PEM, PKCS#8 and PuTTY keys. For each one it reads only the format "
    "fields that say whether it is locked with a passphrase and what kind of key it is. The key itself "
    "is never shown or stored."
)

FIXES = {
    "linux": Fix(
        steps=(
            "To add a passphrase to a key, open a terminal and run: ssh-keygen -p -f ~/.ssh/id_ed25519 "
            "(use the name of your key file). Choose a passphrase you will remember; your system can "
            "remember it for you while you are signed in.",
            "For an old DSA key: make a new key with ssh-keygen -t ed25519, add the new public key "
            "(the .pub file) everywhere the old one was used, then delete the old DSA key files.",
            "A PuTTY key (.ppk) can be given a passphrase in PuTTYgen: load the key, type a passphrase and "
            "save the private key again.",
        ),
        more_info="https://man.openbsd.org/ssh-keygen",
    ),
}
