"""Asking Windows: PowerShell run the careful way, and registry values read through the Host.

PowerShell always runs with ``-NoProfile -NonInteractive`` (a user's profile script must not run, and nothing may
wait for input), through the Host's command runner with a timeout. Output is forced to UTF-8 and, where a check
needs structure, converted to JSON, because PowerShell's table output is translated into the user's language while
property names are not. A PowerShell that is blocked by policy, or that runs in Constrained Language Mode,
gives a plain problem sentence, never a crash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from auditor.host import CommandResult, Host

POWERSHELL = "powershell.exe"
_PRELUDE = "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
_BLOCKED_HINTS = (
    "language mode",  # Constrained Language Mode refuses .NET calls such as setting the output encoding
    "blocked by group policy",
    "has been blocked",
    "is not recognized as the name of a cmdlet",
)


def powershell_argv(script: str) -> list[str]:
    return [POWERSHELL, "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", _PRELUDE + script]


def run_powershell(host: Host, script: str, timeout: float = 10.0) -> CommandResult:
    return host.run(powershell_argv(script), timeout=timeout)


@dataclass(frozen=True)
class PowerShellAnswer:
    data: object  # what ConvertTo-Json gave, parsed; None when there was no usable answer
    problem: str  # why there was no usable answer ("" when there was one)
    result: CommandResult


def powershell_json(host: Host, script: str, timeout: float = 10.0) -> PowerShellAnswer:
    """Run ``script | ConvertTo-Json`` and parse it. Empty output is "no objects" (data None, no problem)."""
    result = run_powershell(host, f"{script} | ConvertTo-Json -Depth 4 -Compress", timeout)
    if not result.ran:
        return PowerShellAnswer(None, result.problem(), result)
    text = result.stdout.strip().lstrip("\ufeff")
    blocked = next((hint for hint in _BLOCKED_HINTS if hint in result.stderr.lower()), "")
    if result.returncode != 0 or (blocked and not text):
        reason = result.problem() if not blocked else "PowerShell refused to run the command (it may be restricted " \
                                                      "on this computer by a policy)"
        return PowerShellAnswer(None, reason, result)
    if not text:
        return PowerShellAnswer(None, "", result)
    try:
        return PowerShellAnswer(json.loads(text), "", result)
    except json.JSONDecodeError:
        return PowerShellAnswer(None, "PowerShell's answer was not in the form Homeguard expects", result)


def dword(host: Host, key: str, name: str) -> int | None:
    """A registry number (REG_DWORD / REG_QWORD), or None when the key or value is missing or not a number."""
    values = host.registry_values(key)
    if not values or name.lower() not in values:
        return None
    return values[name.lower()].as_int()


def string_value(host: Host, key: str, name: str) -> str | None:
    values = host.registry_values(key)
    if not values or name.lower() not in values:
        return None
    data = values[name.lower()].data
    return data if isinstance(data, str) else None
