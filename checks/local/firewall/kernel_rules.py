"""nftables and iptables: the kernel's own rule tables, from nftables' start-up file and, as admin, the live rules.

Without admin rights the kernel's rules cannot be listed (nft: "Operation not permitted (you must be root)",
iptables: "Permission denied (you must be root)"), so only nftables.service plus /etc/nftables.conf can be read.
As admin the live rules are listed (``nft -j list ruleset``, ``iptables -S``) and they decide: a listing is
followed through its jumps to see whether the input chain ends by turning away what it does not allow. ufw,
firewalld and the NixOS firewall all write such rules, so the listing also names which of them made them.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditor.host import AccessDenied, CommandResult, Host
from auditor.json_text import load_json
from auditor.model import Evidence
from auditor.plural import plural

from .signals import COMMAND_TIMEOUT, Kind, Signal, unit_enabled

NFT_CONFS = ("/etc/nftables.conf", "/etc/sysconfig/nftables.conf")
IP_TABLES_NAMES = "/proc/net/ip_tables_names"

_BLOCKING = {"drop", "reject"}
_NFT_VERDICTS = {"accept", "drop", "reject", "jump", "goto", "return", "queue", "continue"}
_NFT_HARMLESS = {"counter", "log"}  # statements that neither test nor decide


@dataclass(frozen=True)
class Ruleset:
    """What a listing of kernel rules shows for incoming connections."""

    kind: Kind  # BLOCKS, OPEN or EMPTY
    tool: str
    detail: str


def nft_conf_drops_input(text: str) -> bool:
    """Whether an nftables settings file has a chain on the input hook whose default is drop or reject."""
    body = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    return re.search(r"hook\s+input\b[^}]*?\bpolicy\s+(drop|reject)\b", body) is not None


def analyze_nft_ruleset(text: str) -> Ruleset:
    """``nft -j list ruleset``: does any filter chain on the input hook turn away what it does not accept?"""
    data = load_json(text)
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


def nftables_service_signals(host: Host, evidence: list[Evidence]) -> list[Signal]:
    if not unit_enabled(host, "nftables.service", evidence, note_missing=False):
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


def live_rule_signals(host: Host, installed: dict[str, bool], evidence: list[Evidence]) -> list[Signal]:
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
