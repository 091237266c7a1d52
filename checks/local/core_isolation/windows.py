"""How core-isolation looks on Windows: is memory integrity (HVCI) running, or only switched on?

1. ``Get-CimInstance -ClassName Win32_DeviceGuard -Namespace root\\Microsoft\\Windows\\DeviceGuard`` tells what
   runs now. ``SecurityServicesRunning`` holds 2 when hypervisor-enforced code integrity (memory integrity) runs;
   ``SecurityServicesConfigured`` holds 2 when it is set to run (Microsoft's DeviceGuardSoftwareSecure: 1 Credential
   Guard, 2 HypervisorEnforcedCodeIntegrity). Read in PowerShell's list form, where arrays print as ``{1, 2}``.
2. The switch in Windows Security writes ``Enabled`` (1 on, 0 off) under
   ``HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard\\Scenarios\\HypervisorEnforcedCodeIntegrity``
   (Microsoft: Device Guard "is no longer used except to locate memory integrity and VBS settings in Group Policy
   or the Windows registry"). Every user may read it.

Running → pass. Switched on (either source) but not running → partial: Windows needs a restart, or a driver that
is not compatible stops it. Off → fail. When the running state cannot be read (some guides run the query as
administrator; whether it needs that is not confirmed), the registry alone gives "off" for 0 and "could not tell"
for 1, since being switched on is not the same as running.
"""

from __future__ import annotations

import re

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.antivirus.windows import parse_list_output
from checks.local.common.windows import powershell_problem, run_powershell

GUARD_SCRIPT = "Get-CimInstance -ClassName Win32_DeviceGuard -Namespace root\\Microsoft\\Windows\\DeviceGuard"
HVCI_KEY = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard\\Scenarios\\HypervisorEnforcedCodeIntegrity"
HVCI = 2  # DeviceGuardSoftwareSecure.HypervisorEnforcedCodeIntegrity
DRIVER_NOTE = ("Some older drivers block it: Windows Security lists them under \u201cReview incompatible "
               "drivers\u201d on the Core isolation page; update or remove them, then switch it on.")


def parse_number_list(text: str) -> tuple[int, ...] | None:
    """``{1, 2}`` or ``{0}`` as numbers; None for anything else. PowerShell may shorten a long list with "..."."""
    match = re.fullmatch(r"\{([\d,\s.]*)\}", text.strip())
    if match is None:
        return None
    words = [w.strip().rstrip(".") for w in match.group(1).split(",")]
    return tuple(int(w) for w in words if w.isdigit())


def guard_state(text: str) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """(running, configured) services from Win32_DeviceGuard; None when the answer has neither."""
    for record in parse_list_output(text):
        running = parse_number_list(record.get("securityservicesrunning", ""))
        configured = parse_number_list(record.get("securityservicesconfigured", ""))
        if running is not None and configured is not None:
            return running, configured
    return None


def _switch(ctx: CheckContext, evidence: list[Evidence]) -> bool | None:
    """The Windows Security switch from the registry: True on, False off, None not set or not readable."""
    looked_at = f"{HVCI_KEY}: Enabled"
    try:
        values = ctx.host.registry_values(HVCI_KEY)
    except AccessDenied as exc:
        evidence.append(Evidence(looked_at, str(exc)))
        return None
    raw = values.get("enabled") if values else None
    number = raw.as_int() if raw is not None else None
    if number not in (0, 1):
        evidence.append(Evidence(looked_at, "not set" if raw is None else f"{number if number is not None else '?'}: "
                                 "not a value Homeguard knows"))
        return None
    evidence.append(Evidence(looked_at, f"{number}: switched {'on' if number else 'off'}"))
    return number == 1


def probe(ctx: CheckContext) -> Finding:
    evidence: list[Evidence] = []
    result = run_powershell(ctx.host, GUARD_SCRIPT, timeout=10)
    # Read whenever it ran in full, whatever its exit code (a policy may refuse the UTF-8 line before the query).
    state = guard_state(result.stdout) if result.ran and not result.truncated else None
    if state is None:
        evidence.append(Evidence(GUARD_SCRIPT, powershell_problem(result) or "an answer Homeguard could not read"))
    else:
        running, configured = state
        evidence.append(Evidence(GUARD_SCRIPT, f"SecurityServicesRunning {{{', '.join(map(str, running))}}}, "
                                 f"SecurityServicesConfigured {{{', '.join(map(str, configured))}}}"))
    switched_on = _switch(ctx, evidence)

    if state is not None:
        running, configured = state
        if HVCI in running:
            return finding(Status.PASS, "Memory integrity is on and running.", evidence)
        if HVCI in configured or switched_on:
            return finding(Status.PARTIAL, "Memory integrity is switched on but not running yet: restart the "
                           f"computer. If it still does not run, a driver may be stopping it. {DRIVER_NOTE}",
                           evidence)
        return finding(Status.FAIL, f"Memory integrity is off. {DRIVER_NOTE}", evidence)
    why = powershell_problem(result) or "Windows' answer about it was not in the form Homeguard expects"
    if switched_on is False:
        return finding(Status.FAIL, f"Memory integrity is switched off. {DRIVER_NOTE}", evidence)
    if switched_on:
        return finding(Status.UNKNOWN, "Could not tell whether memory integrity is running: it is switched on, "
                       f"but Homeguard could not ask Windows whether it runs ({why}).", evidence)
    return finding(Status.UNKNOWN, f"Could not tell whether memory integrity is on: {why}.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Whether memory integrity (hypervisor-enforced code integrity) runs now (SecurityServicesRunning in "
    "`Get-CimInstance -ClassName Win32_DeviceGuard -Namespace root\\Microsoft\\Windows\\DeviceGuard`) and whether "
    "its switch is on (the registry value DeviceGuard\\Scenarios\\HypervisorEnforcedCodeIntegrity\\Enabled)."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Windows Security, choose \u201cDevice security\u201d, then \u201cCore isolation details\u201d.",
            "Turn \u201cMemory integrity\u201d on, then restart the computer.",
            "If Windows says incompatible drivers stop it, choose \u201cReview incompatible drivers\u201d: update "
            "the device's software from its maker, or remove a driver you no longer use, then try again.",
        ),
        settings_url="windowsdefender://coreisolation",
        more_info="https://support.microsoft.com/windows/core-isolation-e30ed737-17d8-42f3-a2a9-87521df09b78",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "The registry switch (Enabled 1 / 0): documented, and described by people in MicrosoftDocs/windows-itpro-docs "
    "issue #6626, but no recorded `reg query` output was found",
    "An answer read beside Constrained Language Mode's refusal of Homeguard's UTF-8 line (PowerShell's documented "
    "message; no recording of both together)",
)
