"""How the firewall check looks on macOS: the Application Firewall's own answer, read without admin rights.

``/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate`` prints one sentence ending in the state number
(no admin rights needed: rgcr/m-cli#161). The wordings recorded from real Macs:

  "Firewall is disabled. (State = 0)"                                    (rgcr/m-cli#160, 2021)
  "Firewall is enabled. (State = 1)"                                     (rgcr/m-cli#160; ParetoSecurity#139, 2023)
  "Firewall is enabled. (State = 2)"                                     (rgcr/m-cli#160; kolide/launcher test data)
  "Firewall is blocking all non-essential incoming connections. (State = 2)"
                                                  (macOS 15: momenbasel/PureMac#176, dan-snelson/Mac-Health-Check#8)

State 1 is "on", state 2 is "Block all incoming connections" (osquery/osquery#4247), which still lets in the few
services a Mac needs; the summary only says so when the evidence does (see ``blocks_non_essential``).
A line that begins with "Firewall" and ends with "(State = N)" is read by its number, so a new sentence with the
same number still counts; anything else (an empty answer, a damaged line) is "could not tell".

Stealth mode (``--getstealthmode``) is extra evidence only: "Stealth mode enabled/disabled" on older releases,
"Firewall stealth mode is on/off" on macOS 15 (wazuh/wazuh#27751), and sometimes an error line such as
"ALF: Error, kStealthEnableKey does not return the correct type." (ParetoSecurity/pareto-mac#139).

When socketfilterfw gives no answer, /Library/Preferences/com.apple.alf.plist ``globalstate`` is read instead, but
only on macOS 14 and older: Apple's macOS 15 release notes say the firewall settings "are no longer contained in a
property list" (quoted in fleetdm/fleet#21802), so a file left behind by an upgrade may be stale there.
"""

from __future__ import annotations

import re

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host, first_line
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.macos import read_plist
from checks.local.common.macos_prefs import macos_major

SOCKETFILTERFW = "/usr/libexec/ApplicationFirewall/socketfilterfw"
ALF_PLIST = "/Library/Preferences/com.apple.alf.plist"
PLIST_TRUSTED_UNTIL = 14  # the last macOS that kept the firewall settings in com.apple.alf.plist

_STATE_LINE = re.compile(r"^Firewall\b.*\(State = (\d+)\)\s*$")
_SENTENCES = {  # the same sentences without the "(State = N)" ending
    "firewall is disabled.": 0,
    "firewall is enabled.": 1,
    "firewall is blocking all non-essential incoming connections.": 2,
}
_STEALTH_ON = ("stealth mode enabled", "stealth mode is on")
_STEALTH_OFF = ("stealth mode disabled", "stealth mode is off")


def parse_global_state(text: str) -> int | None:
    """The firewall state number from ``socketfilterfw --getglobalstate`` output, or None when not understood."""
    for raw in text.splitlines():
        line = raw.strip()
        match = _STATE_LINE.match(line)
        if match:
            return int(match.group(1))
        if line.lower() in _SENTENCES:
            return _SENTENCES[line.lower()]
    return None


def parse_stealth(text: str) -> bool | None:
    """Whether stealth mode is on, from ``socketfilterfw --getstealthmode`` output, or None when not understood."""
    words = text.lower()
    if any(phrase in words for phrase in _STEALTH_ON):
        return True
    if any(phrase in words for phrase in _STEALTH_OFF):
        return False
    return None


def describe_state(state: int) -> str:
    return {0: "off", 1: "on", 2: "on, blocking incoming connections that are not essential"}.get(
        state, f"state {state}")


def blocks_non_essential(state: int, output: str | None) -> bool:
    """Whether the evidence itself shows the stricter setting. globalstate 2 in the preference file is the setting
    Apple calls "Block all incoming connections", which still lets in the few services a Mac needs (macOS 15 words
    it "blocking all non-essential incoming connections"). socketfilterfw's number alone is not enough: kolide's
    recording prints "Firewall is enabled. (State = 2)" beside "Firewall has block all state set to disabled.", so
    when its sentence only says "enabled", the summary only says "on"."""
    if state != 2:
        return False
    if output is None:  # read from the preference file
        return True
    return any("blocking" in line.lower() for line in output.splitlines()
               if _STATE_LINE.match(line.strip()) or line.strip().lower() in _SENTENCES)


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    command = f"{SOCKETFILTERFW} --getglobalstate"
    result = host.run([SOCKETFILTERFW, "--getglobalstate"], timeout=5)
    state: int | None = None
    from_tool = False
    tool_problem = ""
    if result.ran:
        state = parse_global_state(result.stdout)
        if state is not None:
            from_tool = True
            evidence.append(Evidence(command, first_line(result.stdout)))
        else:
            seen = first_line(result.stdout) or first_line(result.stderr) or "no answer"
            tool_problem = result.problem() or f"its answer was not in a form Homeguard knows (\u201c{seen}\u201d)"
            evidence.append(Evidence(command, seen))
    else:
        tool_problem = result.problem()
        evidence.append(Evidence(command, tool_problem))

    if state is None:
        state, plist_problem = _state_from_plist(host, evidence)
        if state is None:
            reasons = "; ".join(r for r in (tool_problem, plist_problem) if r)
            return finding(Status.UNKNOWN, f"Could not tell whether the firewall is on: {reasons}.", evidence)

    if from_tool and state > 0:
        stealth = host.run([SOCKETFILTERFW, "--getstealthmode"], timeout=5)
        said = first_line(stealth.stdout) or first_line(stealth.stderr) or stealth.problem() or "no answer"
        on = parse_stealth(f"{stealth.stdout}\n{stealth.stderr}") if stealth.ran else None
        seen = "stealth mode could not be read" if on is None else f"stealth mode is {'on' if on else 'off'}"
        evidence.append(Evidence(f"{SOCKETFILTERFW} --getstealthmode", f"{seen} (\u201c{said}\u201d)"))

    if state == 0:
        return finding(Status.FAIL, "The firewall is off, so other computers on the same network can try to reach "
                       "programs on this Mac.", evidence)
    if state == 1:
        return finding(Status.PASS, "The firewall is on.", evidence)
    if state == 2:
        if blocks_non_essential(state, result.stdout if from_tool else None):
            return finding(Status.PASS, "The firewall is on and blocks incoming connections that are not "
                           "essential.", evidence)
        return finding(Status.PASS, "The firewall is on.", evidence)
    return finding(Status.UNKNOWN, f"Could not tell: the firewall reported a state Homeguard does not know ({state}).",
                   evidence)


def _state_from_plist(host: Host, evidence: list[Evidence]) -> tuple[int | None, str]:
    """globalstate from the firewall's preference file, where this macOS still keeps it."""
    major = macos_major(host)
    if major is not None and major > PLIST_TRUSTED_UNTIL:
        evidence.append(Evidence(ALF_PLIST, f"not used: macOS {major} no longer keeps the firewall setting there"))
        return None, f"macOS {major} no longer keeps the firewall setting in {ALF_PLIST}"
    try:
        plist = read_plist(host, ALF_PLIST)
    except AccessDenied as exc:
        evidence.append(Evidence(ALF_PLIST, str(exc)))
        return None, str(exc)
    if plist.data is None:
        problem = plist.problem or f"{ALF_PLIST} does not exist"
        evidence.append(Evidence(ALF_PLIST, problem))
        return None, problem
    value = plist.data.get("globalstate")
    if not isinstance(value, int) or isinstance(value, bool):
        evidence.append(Evidence(ALF_PLIST, "no globalstate setting in it"))
        return None, f"{ALF_PLIST} has no globalstate setting"
    evidence.append(Evidence(ALF_PLIST, f"globalstate = {value} ({describe_state(value)})"))
    return value, ""


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "The built-in Application Firewall: `/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate` (and "
    "`--getstealthmode` as extra detail). If that gives no answer, on macOS 14 and older the setting in "
    "/Library/Preferences/com.apple.alf.plist. No administrator rights are needed."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open System Settings, click Network in the sidebar, then click Firewall (you may need to scroll "
            "down).",
            "Turn the firewall on. Your Mac may ask for your password.",
            "On macOS 12 and older: System Preferences, Security & Privacy, then the Firewall tab; click the lock, "
            "then Turn On Firewall.",
        ),
        settings_url="x-apple.systempreferences:com.apple.Network-Settings.extension",
        more_info="https://support.apple.com/guide/mac-help/mh34041/mac",
    ),
}
