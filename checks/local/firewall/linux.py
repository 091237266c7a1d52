"""How firewall looks on Linux: ufw, firewalld, nftables and iptables, each read the way it can be read.

Users of other tools report false results when only one firewall is assumed, so every one is looked at and
any of them turning away unsolicited incoming connections is enough.

Without admin rights the kernel's rules cannot be listed (nft: "Operation not permitted (you must be root)",
iptables: "Permission denied (you must be root)"), so the settings files and the running processes are read:
ufw's ENABLED= in /etc/ufw/ufw.conf (what ufw-init obeys at start-up), firewalld's daemon and
``firewall-cmd --state``, nftables.service plus /etc/nftables.conf. As admin the live rules are read
(``nft -j list ruleset``, ``iptables -S``) and they decide.

``systemctl is-active`` is not used: ufw.service is a oneshot unit that reports "active" even when ufw is
switched off (its script only loads rules when ENABLED=yes), firewalld is seen directly as a running daemon,
and nftables.service only says a file was loaded once at start-up. Whether a unit starts with the computer is
read from the ``/etc/systemd/system/*.wants/`` links ``systemctl enable`` makes, which works whether or not
systemd is running (on some machines, such as containers, systemctl cannot answer at all).
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, CommandResult, Host
from auditor.model import Evidence, Finding, Fix, Status
from auditor.plural import plural
from checks.local.common.conf import is_true, parse_shell_vars
from checks.local.common.desktop import find_desktop

UFW_CONF = "/etc/ufw/ufw.conf"
UFW_DEFAULTS = "/etc/default/ufw"
FIREWALLD_CONF = "/etc/firewalld/firewalld.conf"
NFT_CONFS = ("/etc/nftables.conf", "/etc/sysconfig/nftables.conf")
IP_TABLES_NAMES = "/proc/net/ip_tables_names"
SYSTEMD_RUNNING = "/run/systemd/system"  # exists only when systemd is the init system (sd_booted)
COMMAND_TIMEOUT = 5.0

_SBIN = ("/usr/sbin", "/sbin", "/usr/bin", "/bin")
_BLOCKING = {"drop", "reject"}
_NFT_VERDICTS = {"accept", "drop", "reject", "jump", "goto", "return", "queue", "continue"}
_NFT_HARMLESS = {"counter", "log"}  # statements that neither test nor decide


class Kind(StrEnum):
    BLOCKS = "blocks"  # on, and turns away unsolicited incoming connections
    NOT_AT_BOOT = "not_at_boot"  # on now, but will not start again after a restart
    UNSURE = "unsure"  # could not tell (with the reason)
    OPEN = "open"  # on, but lets every incoming connection in
    OFF = "off"  # installed but switched off
    EMPTY = "empty"  # no firewall rules at all


@dataclass(frozen=True)
class Signal:
    kind: Kind
    tool: str
    words: str
    live: bool = False  # from the running system (rules, daemon), not from a settings file


@dataclass(frozen=True)
class Ruleset:
    """What a listing of kernel rules shows for incoming connections."""

    kind: Kind  # BLOCKS, OPEN or EMPTY
    tool: str
    detail: str


# -- parsers --------------------------------------------------------------------------------------------------

def ufw_status(text: str) -> tuple[bool | None, str | None]:
    """(active?, default policy for incoming) from ``ufw status verbose``."""
    active = None
    incoming = None
    for line in text.splitlines():
        line = line.strip()
        if line.lower().startswith("status:"):
            word = line.split(":", 1)[1].strip().lower()
            active = True if word == "active" else False if word == "inactive" else None
        match = re.match(r"Default:\s*(\w+)\s*\(incoming\)", line)
        if match:
            incoming = match[1].lower()
    return active, incoming


def firewall_cmd_state(result: CommandResult) -> str:
    """firewalld's own answer: running, not running, failed, not authorized, or unclear.

    firewall-cmd prints "running" (exit 0), or to stderr "failed" (251), "not running" (252), and an
    "Authorization failed" notice (253) when polkit will not let an ordinary user ask.
    """
    if not result.ran:
        return "unclear"
    out = (result.stdout + "\n" + result.stderr).strip().lower()
    if result.returncode == 0 and out == "running":
        return "running"
    if result.returncode == 253 or "authorization failed" in out:
        return "not authorized"
    if result.returncode == 252 or out.startswith("not running"):
        return "not running"
    if result.returncode == 251 or out == "failed":
        return "failed"
    return "unclear"


def nft_conf_drops_input(text: str) -> bool:
    """Whether an nftables settings file has a chain on the input hook whose default is drop or reject."""
    body = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    return re.search(r"hook\s+input\b[^}]*?\bpolicy\s+(drop|reject)\b", body) is not None


def analyze_nft_ruleset(text: str) -> Ruleset:
    """``nft -j list ruleset``: does any filter chain on the input hook turn away what it does not accept?"""
    data = json.loads(text)
    items = data.get("nftables") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError("no nftables list")
    tables: list[str] = []
    chains: dict[tuple[str, str, str], dict[str, Any]] = {}  # parsed JSON, shapes checked as they are read
    rules: dict[tuple[str, str, str], list[list[Any]]] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        if "table" in item:
            tables.append(str(item["table"].get("name", "")))
        elif "chain" in item:
            chain = item["chain"]
            chains[(chain.get("family", ""), chain.get("table", ""), chain.get("name", ""))] = chain
        elif "rule" in item:
            rule = item["rule"]
            key = (rule.get("family", ""), rule.get("table", ""), rule.get("chain", ""))
            rules.setdefault(key, []).append(rule.get("expr") or [])
    if not tables:
        return Ruleset(Kind.EMPTY, "nftables", "no rules at all")
    tool = _tool_from_names(tables, [k[2] for k in chains])

    def unconditional_end(key: tuple[str, str, str], seen: frozenset[tuple[str, str, str]]) -> str | None:
        """The verdict of the last rule that applies to every packet, following jumps."""
        for expr in reversed(rules.get(key, [])):
            statements = [next(iter(s)) for s in expr if isinstance(s, dict) and s]
            if any(name not in _NFT_VERDICTS | _NFT_HARMLESS for name in statements):
                continue  # a rule with a condition: it does not decide for everything
            verdicts = [s for s in expr if isinstance(s, dict) and next(iter(s), "") in _NFT_VERDICTS]
            if not verdicts:
                continue
            name = next(iter(verdicts[-1]))
            if name in ("jump", "goto"):
                target = (key[0], key[1], str(verdicts[-1][name].get("target", "")))
                if target in seen:
                    return None
                return unconditional_end(target, seen | {target})
            return str(name)
        return None

    inputs = [(key, chain) for key, chain in chains.items() if chain.get("hook") == "input"
              and chain.get("type", "filter") == "filter"]
    for key, chain in inputs:
        if str(chain.get("policy", "accept")).lower() in _BLOCKING:
            return Ruleset(Kind.BLOCKS, tool, f"chain {key[1]} {key[2]} on the input hook drops what it does not allow")
        if unconditional_end(key, frozenset({key})) in _BLOCKING:
            return Ruleset(Kind.BLOCKS, tool, f"chain {key[1]} {key[2]} on the input hook ends by refusing "
                           "what it does not allow")
    where = ", ".join(f"{k[1]} {k[2]}" for k, _ in inputs) or "no chain on the input hook"
    return Ruleset(Kind.OPEN, tool,
                   f"{plural(len(tables), 'table')}; input: {where}; nothing refuses incoming connections")


def analyze_iptables_rules(text: str) -> Ruleset:
    """``iptables -S``: does INPUT drop by default, or end (through its jumps) by refusing?"""
    policies: dict[str, str] = {}
    rules: dict[str, list[str]] = {}
    created: list[str] = []
    for line in text.splitlines():
        parts = line.strip().split(None, 2)
        if len(parts) >= 3 and parts[0] == "-P":
            policies[parts[1]] = parts[2].upper()
        elif len(parts) >= 2 and parts[0] == "-N":
            created.append(parts[1])
        elif len(parts) >= 3 and parts[0] == "-A":
            rules.setdefault(parts[1], []).append(parts[2])
    if "INPUT" not in policies:
        raise ValueError("no INPUT chain policy in the listing")
    tool = _tool_from_names([], created)
    if not rules and not created:
        if policies["INPUT"].lower() in _BLOCKING:
            return Ruleset(Kind.BLOCKS, tool, f"INPUT policy {policies['INPUT']}")
        return Ruleset(Kind.EMPTY, "iptables", "only the default policies, no rules")

    def unconditional_end(chain: str, seen: frozenset[str]) -> str | None:
        for spec in reversed(rules.get(chain, [])):
            target = _unconditional_target(spec)
            if target is None:
                continue
            if target in rules and target not in seen:
                return unconditional_end(target, seen | {target})
            return target.lower()
        return None

    if policies["INPUT"].lower() in _BLOCKING:
        return Ruleset(Kind.BLOCKS, tool, f"INPUT policy {policies['INPUT']}")
    if unconditional_end("INPUT", frozenset({"INPUT"})) in _BLOCKING:
        return Ruleset(Kind.BLOCKS, tool, "INPUT ends by refusing what it does not allow")
    return Ruleset(Kind.OPEN, tool, f"INPUT policy {policies['INPUT']} and nothing refuses incoming connections")


def _unconditional_target(spec: str) -> str | None:
    """The -j/-g target of a rule that matches every packet (only a comment besides), else None."""
    try:
        tokens = shlex.split(spec)
    except ValueError:
        return None
    target = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("-j", "-g") and i + 1 < len(tokens):
            target = tokens[i + 1]
            i += 2
        elif (token == "-m" and tokens[i + 1:i + 2] == ["comment"]) or (token == "--comment" and i + 1 < len(tokens)):
            i += 2
        else:
            return None
    return target


def _tool_from_names(tables: list[str], chains: list[str]) -> str:
    names = [n.lower() for n in (*tables, *chains)]
    if "firewalld" in names or any(n.startswith("filter_in_") for n in names):
        return "firewalld"
    if any(n.startswith(("ufw-", "ufw6-")) for n in names):
        return "ufw"
    if any(n.startswith("nixos-fw") for n in names):
        return "the NixOS firewall"
    return "nftables" if tables else "iptables"


# -- the probe ------------------------------------------------------------------------------------------------

def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    admin = host.user().is_admin
    systemd = host.exists(SYSTEMD_RUNNING)
    evidence.append(Evidence("Homeguard's rights", "administrator" if admin else "ordinary user"))

    installed = {name: _installed(host, name, marks) for name, marks in _TOOLS.items()}
    signals: list[Signal] = []
    signals += _ufw(host, admin, systemd, installed["ufw"], evidence)
    signals += _firewalld(host, installed["firewalld"], evidence)
    signals += _nftables_service(host, evidence)
    live_rules = _live_rules(host, installed, evidence) if admin else []
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


def _ufw(host: Host, admin: bool, systemd: bool, installed: bool, evidence: list[Evidence]) -> list[Signal]:
    if not installed:
        return []
    if admin:
        result = host.run(["ufw", "status", "verbose"], timeout=COMMAND_TIMEOUT)
        active, incoming = ufw_status(result.stdout) if result.ok else (None, None)
        if active is not None:
            evidence.append(Evidence(result.command_line, f"Status: {'active' if active else 'inactive'}"
                                     + (f"; incoming: {incoming}" if incoming else "")))
            if not active:
                return [Signal(Kind.OFF, "ufw", "ufw is installed but switched off, so nothing stops other "
                               "computers from connecting to this one.", live=True)]
            if incoming == "allow":
                return [Signal(Kind.OPEN, "ufw", "ufw is on but set to let every incoming connection in.", live=True)]
            return [Signal(Kind.BLOCKS, "ufw", "ufw is on", live=True)]
        evidence.append(Evidence(result.command_line, result.problem() or "an answer Homeguard could not read"))

    try:
        conf = host.read_text(UFW_CONF)
    except AccessDenied as exc:
        evidence.append(Evidence(UFW_CONF, str(exc)))
        return [Signal(Kind.UNSURE, "ufw", "Homeguard was not allowed to read ufw's settings")]
    if conf is None:
        evidence.append(Evidence(UFW_CONF, "missing, though ufw is installed"))
        return [Signal(Kind.UNSURE, "ufw", "ufw is installed but its settings file is missing")]
    enabled = parse_shell_vars(conf).get("ENABLED")
    evidence.append(Evidence(UFW_CONF, f"ENABLED={enabled}" if enabled is not None else "no ENABLED= line"))
    if enabled is None:
        return [Signal(Kind.UNSURE, "ufw", "ufw's settings do not say whether it is switched on")]
    if not is_true(enabled):
        return [Signal(Kind.OFF, "ufw", "ufw is installed but switched off, so nothing stops other computers from "
                       "connecting to this one.")]
    policy = _ufw_input_policy(host, evidence)
    if policy == "ACCEPT":
        return [Signal(Kind.OPEN, "ufw", "ufw is on but set to let every incoming connection in.")]
    if systemd and not _unit_enabled(host, "ufw.service", evidence):
        return [Signal(Kind.NOT_AT_BOOT, "ufw", "ufw is switched on, but its service is not set to start with the "
                       "computer, so the firewall will be off after a restart.")]
    return [Signal(Kind.BLOCKS, "ufw", "ufw is set to on")]


def _ufw_input_policy(host: Host, evidence: list[Evidence]) -> str | None:
    try:
        text = host.read_text(UFW_DEFAULTS)
    except AccessDenied:
        return None
    if text is None:
        return None
    policy = parse_shell_vars(text).get("DEFAULT_INPUT_POLICY")
    if policy:
        evidence.append(Evidence(UFW_DEFAULTS, f"DEFAULT_INPUT_POLICY={policy}"))
    return policy.upper() if policy else None


def _firewalld(host: Host, installed: bool, evidence: list[Evidence]) -> list[Signal]:
    if not installed:
        return []
    zone = "public"
    try:
        conf = host.read_text(FIREWALLD_CONF)
    except AccessDenied:
        conf = None
    if conf is not None:
        zone = parse_shell_vars(conf).get("DefaultZone") or zone
        evidence.append(Evidence(FIREWALLD_CONF, f"DefaultZone={zone}"))
    daemon = any(p.name == "firewalld" or "/usr/sbin/firewalld" in " ".join(p.cmdline[:2])
                 for p in host.processes())
    evidence.append(Evidence("running programs", "firewalld is running" if daemon else "no firewalld process"))
    state = "unclear"
    if host.which("firewall-cmd"):
        result = host.run(["firewall-cmd", "--state"], timeout=COMMAND_TIMEOUT)
        state = firewall_cmd_state(result)
        evidence.append(Evidence(result.command_line, state if state != "unclear" else result.problem() or state))
    if daemon or state == "running":
        if zone.lower() == "trusted":
            return [Signal(Kind.OPEN, "firewalld", "firewalld is running, but its default zone is \u201ctrusted\u201d, "
                           "which lets every incoming connection in.", live=True)]
        return [Signal(Kind.BLOCKS, "firewalld", "firewalld is running", live=True)]
    if state == "not authorized":
        return [Signal(Kind.UNSURE, "firewalld", "firewalld would not tell an ordinary user whether it is running "
                       "(run Homeguard as administrator to check)")]
    return [Signal(Kind.OFF, "firewalld", "firewalld is installed but not running, so nothing stops other "
                   "computers from connecting to this one.", live=True)]


def _nftables_service(host: Host, evidence: list[Evidence]) -> list[Signal]:
    if not _unit_enabled(host, "nftables.service", evidence, note_missing=False):
        return []
    for path in NFT_CONFS:
        try:
            text = host.read_text(path)
        except AccessDenied as exc:
            evidence.append(Evidence(path, str(exc)))
            continue
        if text is None:
            continue
        drops = nft_conf_drops_input(text)
        evidence.append(Evidence(path, "an input chain drops what it does not allow" if drops
                                 else "no input chain that drops by default"))
        if drops:
            return [Signal(Kind.BLOCKS, "nftables", "nftables loads rules at start-up")]
        break
    return [Signal(Kind.UNSURE, "nftables", "nftables loads its rules at start-up, but its settings file does not "
                   "show whether they turn away incoming connections (an administrator can check)")]


def _unit_enabled(host: Host, unit: str, evidence: list[Evidence], note_missing: bool = True) -> bool:
    links = host.glob(f"/etc/systemd/system/*.wants/{unit}")
    if links:
        evidence.append(Evidence(links[0], f"{unit} is set to start with the computer"))
    elif note_missing:
        evidence.append(Evidence(f"/etc/systemd/system/*.wants/{unit}", f"{unit} is not set to start with the "
                                 "computer"))
    return bool(links)


def _live_rules(host: Host, installed: dict[str, bool], evidence: list[Evidence]) -> list[Signal]:
    signals: list[Signal] = []
    if installed["nft"]:
        result = host.run(["nft", "-j", "list", "ruleset"], timeout=COMMAND_TIMEOUT)
        signals.append(_ruleset_signal(result, analyze_nft_ruleset, evidence))
    legacy = _legacy_filter_table(host, evidence)
    if installed["iptables"] and (legacy or not installed["nft"]):
        argv = None
        if legacy:
            argv = ["iptables-legacy", "-S"] if host.which("iptables-legacy") else ["iptables", "-S"]
        else:
            version = host.run(["iptables", "-V"], timeout=COMMAND_TIMEOUT)
            evidence.append(Evidence(version.command_line, version.stdout.strip() or version.problem()))
            if "nf_tables" in version.stdout:
                argv = ["iptables", "-S"]
            elif version.ok:
                # The legacy backend with no filter table: nothing filters incoming traffic. Listing it would make
                # the kernel create an empty table, so it is not listed.
                signals.append(Signal(Kind.EMPTY, "iptables", "no iptables filter table", live=True))
        if argv:
            result = host.run(argv, timeout=COMMAND_TIMEOUT)
            signals.append(_ruleset_signal(result, analyze_iptables_rules, evidence))
    return signals


def _legacy_filter_table(host: Host, evidence: list[Evidence]) -> bool:
    try:
        text = host.read_text(IP_TABLES_NAMES)
    except AccessDenied:
        return False
    if text is None:
        return False
    present = "filter" in text.split()
    evidence.append(Evidence(IP_TABLES_NAMES, "the old iptables filter table exists" if present
                             else "no old iptables filter table"))
    return present


def _ruleset_signal(result: CommandResult, analyze: Callable[[str], Ruleset], evidence: list[Evidence]) -> Signal:
    if not result.ok:
        evidence.append(Evidence(result.command_line, result.problem()))
        return Signal(Kind.UNSURE, "firewall rules", f"the firewall rules could not be listed ({result.problem()})")
    try:
        ruleset = analyze(result.stdout)
    except (ValueError, AttributeError) as exc:
        evidence.append(Evidence(result.command_line, f"an answer Homeguard could not read ({exc})"))
        return Signal(Kind.UNSURE, "firewall rules", "the list of firewall rules was not in the expected form")
    evidence.append(Evidence(result.command_line, ruleset.detail))
    words = {
        Kind.BLOCKS: f"{ruleset.tool} rules are active",
        Kind.OPEN: "Firewall rules are loaded, but none of them turn away incoming connections, so other computers "
                   "can still connect to this one.",
        Kind.EMPTY: "no firewall rules are active",
    }[ruleset.kind]
    return Signal(ruleset.kind, ruleset.tool, words, live=True)


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
