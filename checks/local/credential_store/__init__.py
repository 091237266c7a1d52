"""credential-store: apps keep saved passwords in a real, locked secret store, not in a plain file."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

SPEC = CheckSpec(
    id="credential-store",
    title="Saved passwords are kept in a locked store",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    platforms=("linux",),
    why=(
        "Apps such as browsers and chat programs keep sign-in details on the computer. In a proper secret store "
        "they are locked with your login password; without one they can end up in a plain file anyone with the "
        "laptop could read and use to get into your accounts."
    ),
    looks_at={
        "linux": (
            "Which password store the Python keyring library would use (`python -m keyring --list-backends`, "
            "plus any keyringrc.cfg choice): the desktop's Secret Service (GNOME Keyring, KWallet, KeePassXC) "
            "counts; none, or a plain-text file, does not."
        ),
    },
    fixes={
        "linux": Fix(
            steps=(
                "Most desktops include a password store: GNOME Keyring (the \u201cPasswords and Keys\u201d app) or "
                "KDE Wallet.",
                "Install it from your software centre if it is missing, then sign out and back in so it starts "
                "with your session.",
            ),
            more_info="https://wiki.archlinux.org/title/GNOME/Keyring",
        ),
    },
)

CHECK = Check(SPEC, {"linux": linux.probe})
