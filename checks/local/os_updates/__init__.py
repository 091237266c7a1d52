"""os-updates: the updates the computer's own software sources offer are installed, security fixes first."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

SPEC = CheckSpec(
    id="os-updates",
    title="Software updates are installed",
    strategy="secure-devices",
    severity=Severity.HIGH,
    platforms=("linux",),
    why=(
        "Updates close the holes that let strangers break into a computer, its camera and its accounts. "
        "Someone who gets in that way can take private photos and messages and use them to threaten you."
    ),
    looks_at={
        "linux": (
            "The updates waiting in the package manager this computer uses (apt, dnf, zypper or pacman), counted "
            "from what it already knows, without going online; which of them are security fixes; how long ago the "
            "list of updates was last refreshed; and whether a restart is needed to finish earlier updates. "
            "Flatpak and Snap apps are listed but not checked, because that needs the internet."
        ),
    },
    fixes={
        "linux": Fix(
            steps=(
                "Open your software updater (\u201cSoftware Updater\u201d, \u201cUpdate Manager\u201d or your "
                "software centre) and install everything it offers.",
                "Or, in a terminal, run the update command for your system, for example "
                "\u201csudo apt update\u201d followed by \u201csudo apt upgrade\u201d on Debian, Ubuntu and Mint.",
                "Restart the computer when the updater asks you to, so the fixes take effect.",
            ),
            more_info="https://www.debian.org/doc/manuals/debian-handbook/sect.regular-upgrades.en.html",
        ),
        "linux:gnome": Fix(
            steps=(
                "Open Software and go to the Updates page.",
                "Press Download (or Restart & Update) and let it finish.",
                "Restart when it asks, so the fixes take effect.",
            ),
            settings_command=("gnome-software", "--mode=updates"),
            more_info="https://help.gnome.org/users/gnome-software/stable/",
        ),
        "linux:kde": Fix(
            steps=(
                "Open Discover and go to its Updates page.",
                "Press Update All and let it finish.",
                "Restart when it asks, so the fixes take effect.",
            ),
            settings_command=("plasma-discover", "--mode", "update"),
            more_info="https://userbase.kde.org/Discover",
        ),
    },
    timeout=30.0,
)

CHECK = Check(SPEC, {"linux": linux.probe})
