"""automatic-updates: security updates install themselves, without anyone having to remember."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

SPEC = CheckSpec(
    id="automatic-updates",
    title="Updates install themselves",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    platforms=("linux",),
    why=(
        "Security fixes only protect a computer once they are installed. When they install themselves, the holes "
        "that let strangers into a computer, its camera and its accounts close without anyone having to remember."
    ),
    looks_at={
        "linux": (
            "The automatic update services this computer has: unattended-upgrades (apt's settings, read with "
            "`apt-config dump`), dnf-automatic and rpm-ostree (their settings files and whether their timers are "
            "switched on), openSUSE's transactional-update timer, Linux Mint's Update Manager automation, and, only "
            "inside a GNOME or KDE Plasma session, GNOME Software's and Discover's own update settings."
        ),
    },
    fixes={
        "linux": Fix(
            steps=(
                "On Debian, Ubuntu and Linux Mint, install the \u201cunattended-upgrades\u201d package and switch it "
                "on: in a terminal, \u201csudo apt install unattended-upgrades\u201d, then "
                "\u201csudo dpkg-reconfigure -plow unattended-upgrades\u201d and answer Yes.",
                "On Ubuntu you can also open \u201cSoftware & Updates\u201d, go to the Updates tab and choose to "
                "download and install security updates automatically.",
                "On Fedora, install \u201cdnf-automatic\u201d, set apply_updates = yes in /etc/dnf/automatic.conf and "
                "switch on its timer.",
            ),
            more_info="https://wiki.debian.org/UnattendedUpgrades",
        ),
        "linux:gnome": Fix(
            steps=(
                "Open Software, open its menu and choose Update Preferences.",
                "Switch on Automatic Updates.",
                "Updates of the system itself are then downloaded for you; restart when Software asks, so they "
                "install.",
            ),
            settings_command=("gnome-software", "--mode=updates"),
            more_info="https://help.gnome.org/users/gnome-software/stable/",
        ),
        "linux:kde": Fix(
            steps=(
                "Open System Settings and go to Software Update.",
                "Set \u201cUpdate software\u201d to Automatically.",
            ),
            settings_command=("systemsettings", "kcm_updates"),
            more_info="https://userbase.kde.org/Discover",
        ),
    },
    needs_admin=False,
    timeout=15.0,
)

CHECK = Check(SPEC, {"linux": linux.probe})
