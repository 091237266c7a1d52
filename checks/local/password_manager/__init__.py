"""password-manager: a password manager keeps a different strong password for every account."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

_STEPS = (
    "Pick a password manager: Bitwarden and KeePassXC are free and work on Linux, Windows, Mac and phones; "
    "1Password, Proton Pass and others are good paid choices.",
    "Install it from your software centre, or add its extension to your web browser.",
    "Move the passwords your browser has saved into it (most managers can import them), then give each "
    "important account (email first) its own new, strong password.",
    "Protect the password manager itself with one long passphrase you do not use anywhere else, and turn on "
    "two-step sign-in for it.",
)

SPEC = CheckSpec(
    id="password-manager",
    title="A password manager is in use",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    platforms=("linux",),
    why=(
        "Blackmailers often start by getting into one account and then trying the same password everywhere else. "
        "A password manager remembers a different strong password for every account, so one leaked password "
        "does not open the rest."
    ),
    looks_at={
        "linux": (
            "Password manager apps installed as packages (the dpkg status file, pacman's database, or rpm), as "
            "flatpaks or snaps, or as programs on the PATH; password manager extensions in every Chrome, Chromium, "
            "Edge, Brave, Vivaldi, Opera, Firefox and LibreWolf profile (including snap and flatpak browsers), and "
            "whether each is turned on; and how many passwords each browser has saved itself. Saved passwords are "
            "only counted: no site, user name or password is read."
        ),
    },
    fixes={
        "linux": Fix(
            steps=_STEPS,
            more_info="https://www.ncsc.gov.uk/collection/top-tips-for-staying-secure-online/password-managers",
        ),
        "linux:gnome": Fix(
            steps=_STEPS,
            settings_command=("gnome-software", "--search=password manager"),
            more_info="https://www.ncsc.gov.uk/collection/top-tips-for-staying-secure-online/password-managers",
        ),
    },
    timeout=6.0,
)

CHECK = Check(SPEC, {"linux": linux.probe})
