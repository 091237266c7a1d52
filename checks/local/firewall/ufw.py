"""ufw: on or off, and what it does with incoming connections, from its own status or its settings files.

As administrator ``ufw status verbose`` answers directly. Without admin rights ufw will not tell, so its settings
are read instead: ENABLED= in /etc/ufw/ufw.conf (what ufw-init obeys at start-up), the default input policy in
/etc/default/ufw, and whether ufw.service is set to start with the computer.
"""

from __future__ import annotations

import re

from auditor.host import AccessDenied, Host
from auditor.model import Evidence
from checks.local.common.conf import is_true, parse_shell_vars

from .signals import COMMAND_TIMEOUT, Kind, Signal, unit_enabled

UFW_CONF = "/etc/ufw/ufw.conf"
UFW_DEFAULTS = "/etc/default/ufw"


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


def ufw_signals(host: Host, admin: bool, systemd: bool, installed: bool, evidence: list[Evidence]) -> list[Signal]:
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
    if systemd and not unit_enabled(host, "ufw.service", evidence):
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
