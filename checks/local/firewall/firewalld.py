"""firewalld: whether its daemon is running, and whether its default zone lets everything in.

The daemon is looked for among the running programs, and ``firewall-cmd --state`` is asked as well; polkit may
refuse an ordinary user that answer, which is then a "could not tell" rather than "off". The default zone comes
from /etc/firewalld/firewalld.conf: the "trusted" zone accepts every incoming connection.
"""

from __future__ import annotations

from auditor.host import AccessDenied, CommandResult, Host
from auditor.model import Evidence
from checks.local.common.conf import parse_shell_vars

from .signals import COMMAND_TIMEOUT, Kind, Signal

FIREWALLD_CONF = "/etc/firewalld/firewalld.conf"


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


def firewalld_signals(host: Host, installed: bool, evidence: list[Evidence]) -> list[Signal]:
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
