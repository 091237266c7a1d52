"""ssh-keys on Windows: the keys in %USERPROFILE%\\.ssh, read by the shared reader in keys.py."""

from auditor.model import Fix
from checks.local.ssh_keys.keys import probe

__all__ = ["FIXES", "LOOKS_AT", "probe"]

LOOKS_AT = (
    "Every file in your .ssh folder (C:\\Users\\<you>\\.ssh, and one level of folders inside it) that starts "
    "like a private key, whatever its name: OpenSSH, PEM, PKCS#8 and PuTTY (.ppk) keys. Only the format fields "
    "that say whether a key is locked with a passphrase are read; the key itself is never shown or stored."
)

FIXES = {
    "windows": Fix(
        steps=(
            "To add a passphrase to a key, open PowerShell and run: ssh-keygen -p -f $HOME\\.ssh\\id_ed25519 (use "
            "the name of your key file).",
            "For a PuTTY key (.ppk): open PuTTYgen, load the key, type a passphrase and save the private key again.",
            "For an old DSA key: make a new key with ssh-keygen -t ed25519, put the new public key (the .pub "
            "file) everywhere the old one was used, then delete the old DSA key files.",
        ),
        more_info="https://learn.microsoft.com/windows-server/administration/openssh/openssh_keymanagement",
    ),
}
