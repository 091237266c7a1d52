"""Asking Windows: PowerShell run the careful way, through the Host (checks read registry values with
``host.registry_values`` and ``RegistryValue.as_int`` / ``as_text``).

PowerShell always runs with ``-NoProfile -NonInteractive`` (a user's profile script must not run, and nothing may
wait for input), through the Host's command runner with a timeout. Output is forced to UTF-8 and, where a check
needs structure, converted to JSON, because PowerShell's table output is translated into the user's language while
property names are not. A PowerShell that is blocked by policy, or that runs in Constrained Language Mode,
gives a plain problem sentence, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.host import CommandOutcome, CommandResult, Host, first_line
from auditor.json_text import load_json

POWERSHELL = "powershell.exe"
_PRELUDE = "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
# Signs that a policy stopped PowerShell (Constrained Language Mode, AppLocker, software restriction policies).
_POLICY_HINTS = ("language mode", "blocked by group policy", "has been blocked", "is blocked by")
# A command this PowerShell does not have: the error id is never translated, the English sentence is a fallback.
_NOT_FOUND_MARKS = ("CommandNotFoundException", "is not recognized as the name of a cmdlet")
# The command exists but its module would not load (also a CommandNotFoundException). It happens to Windows' own
# modules when powershell.exe inherits PowerShell 7's module path (Homeguard started from a PowerShell 7 window).
_MODULE_NOT_LOADED = "CouldNotAutoloadMatchingModule"


def powershell_argv(script: str) -> list[str]:
    return [POWERSHELL, "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", _PRELUDE + script]


def run_powershell(host: Host, script: str, timeout: float = 10.0) -> CommandResult:
    return host.run(powershell_argv(script), timeout=timeout)


def command_not_found(result: CommandResult) -> bool:
    """PowerShell ran but does not have the command (an old Windows, a removed module, 32-bit PowerShell); not a
    command whose module is there but would not load."""
    return result.ran and _MODULE_NOT_LOADED not in result.stderr and any(m in result.stderr for m in _NOT_FOUND_MARKS)


def powershell_problem(result: CommandResult) -> str:
    """One short phrase on why a PowerShell run gave no usable answer ("" when it ran and ended well).

    Short enough for a summary: the command line itself, which can be long, belongs in the evidence. It never
    depends on the language Windows prints its errors in, except for quoting the first line of one.
    """
    if result.outcome is CommandOutcome.MISSING:
        return "PowerShell is not available on this computer"
    if result.outcome is CommandOutcome.TIMEOUT:
        return "PowerShell did not answer in time"
    if result.outcome is CommandOutcome.DENIED:
        return "Windows did not allow Homeguard to start PowerShell"
    if result.outcome is CommandOutcome.FAILED:
        return "PowerShell could not be started" + (f" ({result.detail})" if result.detail else "")
    if result.truncated:
        return "PowerShell's answer was longer than Homeguard reads, so it was cut short"
    if result.ran and _MODULE_NOT_LOADED in result.stderr:
        return "PowerShell has the command Homeguard needs but could not load it"
    if command_not_found(result):
        return "this computer's PowerShell does not have the command Homeguard needs"
    if any(hint in result.stderr.lower() for hint in _POLICY_HINTS):
        return "PowerShell is restricted on this computer by a policy"
    if result.returncode == 0:
        return ""
    detail = first_line(result.stderr) or first_line(result.stdout)
    if len(detail) > 160:
        detail = detail[:157] + "..."
    return "PowerShell reported an error" + (f": {detail}" if detail else "")


@dataclass(frozen=True)
class PowerShellAnswer:
    data: object  # what ConvertTo-Json gave, parsed; None when there was no usable answer
    problem: str  # why there was no usable answer, in a short phrase ("" when there was one)
    result: CommandResult


def powershell_json(host: Host, script: str, timeout: float = 10.0) -> PowerShellAnswer:
    """Run ``script | ConvertTo-Json`` and parse it. Empty output is "no objects" (data None, no problem)."""
    result = run_powershell(host, f"{script} | ConvertTo-Json -Depth 4 -Compress", timeout)
    text = result.stdout.strip().lstrip("\ufeff") if result.ran else ""
    problem = powershell_problem(result)
    if problem and not (text and result.returncode == 0):
        return PowerShellAnswer(None, problem, result)
    if not text:
        return PowerShellAnswer(None, "", result)
    try:
        return PowerShellAnswer(load_json(text), "", result)
    except ValueError:
        return PowerShellAnswer(None, "PowerShell's answer was not in the form Homeguard expects", result)
