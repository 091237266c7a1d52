"""firewall: a firewall is on and turns away connections from other computers that nobody asked for."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

SPEC = CheckSpec(
    id="firewall",
    title="The firewall is on",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    platforms=("linux",),
    why=(
        "A firewall stops other computers on the same Wi-Fi or network from reaching programs on this one. "
        "It closes a door that strangers could otherwise use to get at the computer and the photos and "
        "messages on it."
    ),
    looks_at={
        "linux": (
            "ufw (/etc/ufw/ufw.conf, and `ufw status verbose` as administrator), firewalld (its running program "
            "and `firewall-cmd --state`, /etc/firewalld/firewalld.conf), nftables (whether nftables.service "
            "starts with the computer, /etc/nftables.conf) and, as administrator, the live rules "
            "(`nft -j list ruleset`, `iptables -S`)."
        ),
    },
    fixes={
        "linux": Fix(
            steps=(
                "Install \u201cFirewall Configuration\u201d (gufw) from your software centre.",
                "Open it, type your password when asked, and switch Status on. The standard choice (deny "
                "incoming, allow outgoing) is the right one for a family computer.",
                "If you prefer the terminal: sudo ufw enable",
            ),
            more_info="https://help.ubuntu.com/community/UFW",
        ),
        "linux:kde": Fix(
            steps=(
                "Open System Settings and go to Network, then Firewall.",
                "Switch the firewall on and keep the default: block incoming, allow outgoing.",
            ),
            settings_command=("systemsettings", "kcm_firewall"),
            more_info="https://help.ubuntu.com/community/UFW",
        ),
    },
    needs_admin=True,
    admin_note=(
        "Without administrator rights Homeguard reads the firewall's settings and running programs; the live rules "
        "themselves can only be listed by an administrator. When only the rules could tell, the answer is "
        "\u201cCould not tell\u201d and says so."
    ),
    timeout=20.0,
)

CHECK = Check(SPEC, {"linux": linux.probe})
