"""How tamper-protection looks on Windows: is Microsoft Defender's tamper protection on?

``Get-MpComputerStatus`` (no admin rights needed; the antivirus check runs it too) reports ``IsTamperProtected``
(True/False) and ``TamperProtectionSource`` (who set it: "UI", "E5 transition", "ATP"...), beside
``AMRunningMode`` and ``AntivirusEnabled``. Its list form is read with the antivirus check's reader: the labels are
property names, which Windows never translates.

Tamper protection guards Microsoft Defender's own settings only. When Defender is not the antivirus at work (it
stands aside in passive mode, or is off, because another antivirus took over), the switch protects nothing, so the
check does not apply: the other antivirus has its own protection against being switched off.

When the command gives no usable answer, the registry value ``TamperProtection`` under
``HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Features`` is read instead. Microsoft does not document its values.
5 is on (AveYo's "Toggle Defender" script tests for it; commando-vm issue #194: a fresh Windows 10 2004 starts at 5).
1 is on too: a recorded machine (Defender platform 4.18.2009.7) printed ``TamperProtection REG_DWORD 0x1`` while
``Get-MpComputerStatus`` said ``IsTamperProtected : True``, which fits the lowest bit being the switch. 0 and 4
are off (commando-vm issues #104 and #194, reported by people who switched it off; no recording). Any other value is
"could not tell", and so is a missing one.

``TamperProtectionSource`` reads "N/A" when Defender is not running: that is no source, so it is not shown.

When Defender's service is stopped or disabled (most often because another antivirus took over: CrowdStrike in
scipag/HardeningKitty issue #52), ``Get-MpComputerStatus`` gives no record at all but fails with the error id
``HRESULT 0x800106ba`` (Microsoft's MpCmdRun documentation: the Microsoft Defender Antivirus service is disabled).
Its sentence is translated ("A general error occurred..."); the id is not. That is Defender standing aside, like
"Not running", so the check does not apply: the registry is not read then, since a value left at "on" or "off" from
before would give a pass or a fail for a switch that protects nothing.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.antivirus.windows import mode_words, parse_list_output
from checks.local.common.windows import powershell_problem, run_powershell

STATUS_SCRIPT = "Get-MpComputerStatus"
FEATURES_KEY = "HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Features"
REGISTRY_ON = {1: "on", 5: "on"}
REGISTRY_OFF = {0: "off", 4: "off"}
SERVICE_NOT_RUNNING = "0x800106ba"  # the error id Defender's cmdlets give when its service does not run


def _bool(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get((value or "").strip().lower())


def defender_record(text: str) -> dict[str, str] | None:
    """The Get-MpComputerStatus record, names lower-cased; None when the answer has none of its names."""
    return next((r for r in parse_list_output(text) if "istamperprotected" in r or "amrunningmode" in r), None)


def standing_aside(record: dict[str, str]) -> str:
    """Why Defender is not the antivirus at work ("" when it is): passive mode, not running, or switched off."""
    mode = record.get("amrunningmode", "").strip()
    if mode and mode.lower() not in ("normal", "edr block mode"):
        return f"Microsoft Defender is {mode_words(mode)}"
    if _bool(record.get("antivirusenabled")) is False:
        return "Microsoft Defender's antivirus is switched off"
    return ""


def _from_registry(ctx: CheckContext, evidence: list[Evidence], why: str) -> Finding:
    looked_at = f"{FEATURES_KEY}: TamperProtection"
    try:
        values = ctx.host.registry_values(FEATURES_KEY)
    except AccessDenied as exc:
        evidence.append(Evidence(looked_at, str(exc)))
        return finding(Status.UNKNOWN, f"Could not tell whether tamper protection is on: {why}, and Windows did not "
                       "let Homeguard read the registry.", evidence)
    raw = values.get("tamperprotection") if values else None
    number = raw.as_int() if raw is not None else None
    if number is None:
        evidence.append(Evidence(looked_at, "not set" if raw is None else "not a number"))
        return finding(Status.UNKNOWN, f"Could not tell whether tamper protection is on: {why}.", evidence)
    if number in REGISTRY_ON:
        evidence.append(Evidence(looked_at, f"{number}: on"))
        return finding(Status.PASS, "Tamper protection is on: other programs cannot switch off Microsoft "
                       "Defender.", evidence)
    if number in REGISTRY_OFF:
        evidence.append(Evidence(looked_at, f"{number}: off"))
        return finding(Status.FAIL, "Tamper protection is off, so harmful software could switch off Microsoft "
                       "Defender.", evidence)
    evidence.append(Evidence(looked_at, f"{number}: a value Homeguard does not know"))
    return finding(Status.UNKNOWN, f"Could not tell whether tamper protection is on: {why}, and the registry holds "
                   f"a value Homeguard does not know ({number}).", evidence)


def probe(ctx: CheckContext) -> Finding:
    evidence: list[Evidence] = []
    result = run_powershell(ctx.host, STATUS_SCRIPT, timeout=8)
    # Read whenever it ran in full, whatever its exit code: in Constrained Language Mode the UTF-8 line before the
    # command fails, yet Defender's record still follows, and it must not be traded for the registry's guess.
    record = defender_record(result.stdout) if result.ran and not result.truncated else None
    if record is None and result.ran and SERVICE_NOT_RUNNING in (result.stderr + result.stdout).lower():
        evidence.append(Evidence(STATUS_SCRIPT, f"error {SERVICE_NOT_RUNNING}: Microsoft Defender's service is not "
                                 "running"))
        return finding(Status.NOT_APPLICABLE, "Microsoft Defender's service is not running (usually because "
                       "another antivirus took over), so its tamper protection protects nothing here. Whether this "
                       "computer has working antivirus is the antivirus check's question.", evidence)
    if record is None:
        why = powershell_problem(result) or "Microsoft Defender's status was not in the form Homeguard expects"
        evidence.append(Evidence(STATUS_SCRIPT, why))
        return _from_registry(ctx, evidence, why)

    protected = _bool(record.get("istamperprotected"))
    source = record.get("tamperprotectionsource", "").strip()
    source = "" if source.upper() in ("N/A", "NA") else source
    seen = {True: "IsTamperProtected True", False: "IsTamperProtected False", None: "IsTamperProtected not reported"}
    parts = [seen[protected]] + ([f"set by {source}"] if source else [])
    if record.get("amrunningmode"):
        parts.append(f"AMRunningMode {record['amrunningmode']}")
    evidence.append(Evidence(STATUS_SCRIPT, ", ".join(parts)))

    aside = standing_aside(record)
    if aside:
        return finding(Status.NOT_APPLICABLE, f"{aside}, so another antivirus is expected to protect this computer; "
                       "it has its own protection against being switched off.", evidence)
    if protected is None:
        return _from_registry(ctx, evidence, "Microsoft Defender's status did not say")
    if protected:
        return finding(Status.PASS, "Tamper protection is on: other programs cannot switch off Microsoft Defender.",
                       evidence)
    return finding(Status.FAIL, "Tamper protection is off, so harmful software could switch off Microsoft Defender.",
                   evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "Whether Microsoft Defender's tamper protection is on (IsTamperProtected in `Get-MpComputerStatus`, which needs "
    "no administrator rights; the registry value Features\\TamperProtection when that cannot be asked). It does not "
    "apply when another antivirus has taken over from Defender."
)

FIXES = {
    "windows": Fix(
        steps=(
            "Open Windows Security and go to \u201cVirus & threat protection\u201d.",
            "Under \u201cVirus & threat protection settings\u201d, choose \u201cManage settings\u201d.",
            "Turn \u201cTamper Protection\u201d on. If it cannot be changed, your school or workplace manages it.",
        ),
        settings_url="windowsdefender://threatsettings",
        more_info="https://support.microsoft.com/windows/prevent-changes-to-security-settings-with-tamper-"
                  "protection-31d51aaa-645d-408e-6ce7-8d7f8e593f87",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Defender in passive mode (documentation output with AMRunningMode edited); AntivirusEnabled False while "
    "AMRunningMode says Normal (edited)",
    "The registry fallback's values 5, 4 and 0 (reported by people and scripts, no recorded output; 1 is recorded)",
    "An answer read beside Constrained Language Mode's refusal of Homeguard's UTF-8 line (PowerShell's documented "
    "message; no recording of both together)",
)
