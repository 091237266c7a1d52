"""How firewall looks on Linux: ufw, firewalld, nftables and iptables, each read the way it can be read.

Users of other tools report false results when only one firewall is assumed, so every one is looked at and
any of them turning away unsolicited incoming connections is enough. Each tool has its reader module (``ufw``,
``firewalld``, ``kernel_rules`` for nftables and iptables), which gives what it saw as signals (``signals``).
This module finds which tools are installed, asks each reader, lets the live rules (readable only as admin)
overrule the settings files, weighs the signals into one verdict, and says how to fix it. The readers' parsers
stay importable from here, where the tests and the fault-injection table find them.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import Host
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.desktop import find_desktop

from .firewalld import FIREWALLD_CONF, firewalld_signals
from .firewalld import firewall_cmd_state as firewall_cmd_state
from .kernel_rules import Ruleset as Ruleset
from .kernel_rules import analyze_iptables_rules as analyze_iptables_rules
from .kernel_rules import analyze_nft_ruleset as analyze_nft_ruleset
from .kernel_rules import live_rule_signals, nftables_service_signals
from .kernel_rules import nft_conf_drops_input as nft_conf_drops_input
from .signals import Kind as Kind
from .signals import Signal as Signal
from .ufw import UFW_CONF, ufw_signals
from .ufw import ufw_status as ufw_status

SYSTEMD_RUNNING = "/run/systemd/system"  # exists only when systemd is the init system (sd_booted)
_SBIN = ("/usr/sbin", "/sbin", "/usr/bin", "/bin")


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    admin = host.user().is_admin
    systemd = host.exists(SYSTEMD_RUNNING)
    evidence.append(Evidence("Homeguard's rights", "administrator" if admin else "ordinary user"))

    installed = {name: _installed(host, name, marks) for name, marks in _TOOLS.items()}
    signals: list[Signal] = []
    signals += ufw_signals(host, admin, systemd, installed["ufw"], evidence)
    signals += firewalld_signals(host, installed["firewalld"], evidence)
    signals += nftables_service_signals(host, evidence)
    live_rules = live_rule_signals(host, installed, evidence) if admin else []
    if any(s.kind in (Kind.BLOCKS, Kind.OPEN, Kind.EMPTY) for s in live_rules):
        dropped = [s for s in signals if not s.live and s.kind in (Kind.BLOCKS, Kind.UNSURE)]
        signals = [s for s in signals if s.live or s.kind not in (Kind.BLOCKS, Kind.UNSURE)]
    else:
        dropped = []
    signals += live_rules
    # "Not installed" is only said after looking where programs live; an empty view proves nothing.
    host_dirs = [host.is_dir(d) for d in _SBIN]
    result = _verdict(signals, dropped, admin, installed, host_dirs, evidence)
    return Finding(result.status, result.summary, result.evidence, find_desktop(host).id)  # picks the fix steps


_TOOLS = {
    "ufw": ("ufw", UFW_CONF),
    "firewalld": ("firewall-cmd", FIREWALLD_CONF, "/usr/sbin/firewalld"),
    "nft": ("nft",),
    "iptables": ("iptables",),
}


def _installed(host: Host, name: str, marks: tuple[str, ...]) -> bool:
    program = marks[0]
    if host.which(program) or any(host.exists(f"{d}/{program}") for d in _SBIN):
        return True
    return any(host.exists(m) for m in marks[1:])


def _verdict(signals: list[Signal], dropped: list[Signal], admin: bool, installed: dict[str, bool],
             host_dirs: list[bool], evidence: list[Evidence]) -> Finding:
    def first(kind: Kind) -> Signal | None:
        return next((s for s in signals if s.kind is kind), None)

    if (s := first(Kind.BLOCKS)) is not None:
        return finding(Status.PASS, f"The firewall is on ({s.tool}) and turns away incoming connections you did "
                       "not ask for.", evidence)
    if (s := first(Kind.NOT_AT_BOOT)) is not None:
        return finding(Status.PARTIAL, s.words, evidence)
    if (s := first(Kind.UNSURE)) is not None:
        return finding(Status.UNKNOWN, f"Could not tell whether the firewall is on: {s.words}.", evidence)
    if dropped and (first(Kind.OPEN) or first(Kind.EMPTY)):
        return finding(Status.FAIL, f"{dropped[0].tool} is set to be on, but no rules that turn away incoming "
                       "connections are active right now.", evidence)
    if (s := first(Kind.OPEN)) is not None:
        return finding(Status.FAIL, s.words, evidence)
    if (s := first(Kind.OFF)) is not None:
        return finding(Status.FAIL, s.words, evidence)
    if first(Kind.EMPTY) is not None:
        return finding(Status.FAIL, "No firewall rules are active, so nothing stops other computers from "
                       "connecting to this one.", evidence)
    if not any(host_dirs):
        return finding(Status.UNKNOWN, "Could not tell whether a firewall is installed: Homeguard could not look in "
                       "the folders where programs are installed.", evidence)
    if not admin and (installed["nft"] or installed["iptables"]):
        return finding(Status.UNKNOWN, "Could not tell whether the firewall is on: no firewall program is set to "
                       "start, and only an administrator can see whether rules were added another way.", evidence)
    return finding(Status.FAIL, "No firewall program is installed, so nothing stops other computers from "
                   "connecting to this one.", evidence)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "ufw (/etc/ufw/ufw.conf, and `ufw status verbose` as administrator), firewalld (its running program "
    "and `firewall-cmd --state`, /etc/firewalld/firewalld.conf), nftables (whether nftables.service "
    "starts with the computer, /etc/nftables.conf) and, as administrator, the live rules "
    "(`nft -j list ruleset`, `iptables -S`)."
)

FIXES = {
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
}

ADMIN_NOTE = (
    "Without administrator rights Homeguard reads the firewall's settings and running programs; the live rules "
    "themselves can only be listed by an administrator. When only the rules could tell, the answer is "
    "\u201cCould not tell\u201d and says so."
)
