"""How disk-encryption looks on Windows: BitLocker (or Home edition's Device Encryption) on the system drive.

Without admin rights, Windows' shell answers one question about any drive: the property
``System.Volume.BitLockerProtection``, the number File Explorer itself uses to decide which BitLocker menu items
to show. Its meaning is taken from Windows' own menu entries, which name the states next to their numbers
(the "change PIN" entry applies to ``BitLockerProtection#On``, ``#Encrypting`` and ``#Suspended``; the "lock"
entry to ``:=1``, ``:=3`` and ``:=5``; "unlock" to ``:=6``; Microsoft's shell documentation gives ``:=2`` for the
"turn on BitLocker" entry):

====  =====================  =========
1     on                     pass
3     encrypting             partial (protection is not complete until it finishes)
5     suspended              partial (the disk is encrypted, but its key is left unprotected until resumed)
2     off                    fail
4     decrypting             fail (one public script names it; not confirmed by Windows' own entries)
other, or no answer          could not tell
====  =====================  =========

Device Encryption on Windows Home reports through the same property. With admin rights, when the shell gives
no answer, ``Get-BitLockerVolume`` is asked for the volume's state by name (enum names are not translated).
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.windows import powershell_json, powershell_problem, run_powershell

PROTECTION = {
    1: (Status.PASS, "BitLocker is on for {drive}, so the files on it are encrypted."),
    3: (Status.PARTIAL, "BitLocker is still encrypting {drive}; the files are only fully protected when it "
                        "finishes."),
    5: (Status.PARTIAL, "BitLocker is suspended on {drive}: the disk is encrypted, but anyone can unlock it until "
                        "protection is resumed."),
    2: (Status.FAIL, "The disk ({drive}) is not encrypted: BitLocker is off."),
    4: (Status.FAIL, "BitLocker is being switched off on {drive}: its files are being decrypted."),
}
NAMES = {1: "on", 2: "off", 3: "encrypting", 4: "decrypting", 5: "suspended", 6: "locked"}


def shell_script(drive: str) -> str:
    return (f"(New-Object -ComObject Shell.Application).NameSpace('{drive}\\').Self."
            "ExtendedProperty('System.Volume.BitLockerProtection')")


def volume_script(drive: str) -> str:
    # Enum values are turned into their names ("FullyEncrypted", "On"): names are never translated.
    return (f"Get-BitLockerVolume -MountPoint '{drive}' | Select-Object "
            + "@{n='VolumeStatus';e={[string]$_.VolumeStatus}}, "
            + "@{n='ProtectionStatus';e={[string]$_.ProtectionStatus}}, EncryptionPercentage")


def parse_protection(text: str) -> int | None:
    """The BitLockerProtection number, or None when the shell printed nothing or something else."""
    value = text.strip().lstrip("\ufeff")
    return int(value) if value.isascii() and value.isdigit() else None  # "¹".isdigit(), but int("¹") raises


def volume_verdict(data: object, drive: str) -> tuple[Status, str, str] | None:
    """(status, summary, what was seen) from Get-BitLockerVolume's VolumeStatus and ProtectionStatus names;
    None when the answer is not understood."""
    if isinstance(data, list):
        data = data[0] if len(data) == 1 else None
    if not isinstance(data, dict):
        return None
    volume = str(data.get("VolumeStatus", ""))
    protection = str(data.get("ProtectionStatus", ""))
    if volume == "FullyEncrypted":
        state = {"On": 1, "Off": 5}.get(protection)
    elif volume in ("EncryptionInProgress", "EncryptionPaused"):
        state = 3
    elif volume == "FullyDecrypted":
        state = 2
    elif volume in ("DecryptionInProgress", "DecryptionPaused"):
        state = 4
    else:
        state = None
    if state is None:
        return None
    status, words = PROTECTION[state]
    return status, words.format(drive=drive), f"VolumeStatus {volume}, ProtectionStatus {protection}"


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    drive = (host.env("SystemDrive") or "C:").rstrip("\\")
    evidence: list[Evidence] = []
    script = shell_script(drive)
    result = run_powershell(host, script, timeout=6)
    problem = powershell_problem(result)
    value = parse_protection(result.stdout) if not problem else None
    if problem:
        evidence.append(Evidence(f"BitLockerProtection of {drive} (Windows shell)", problem))
    elif value is None:
        shown = result.stdout.strip()[:80]
        evidence.append(Evidence(f"BitLockerProtection of {drive} (Windows shell)",
                                 f"no number in the answer ({shown!r})" if shown else "no value reported"))
    else:
        evidence.append(Evidence(f"BitLockerProtection of {drive} (Windows shell)",
                                 f"{value} ({NAMES.get(value, 'a value Homeguard does not know')})"))
        if value in PROTECTION:
            status, words = PROTECTION[value]
            return finding(status, words.format(drive=drive), evidence)

    if host.user().is_admin:
        answer = powershell_json(host, volume_script(drive), timeout=6)
        verdict = volume_verdict(answer.data, drive) if answer.data is not None else None
        if verdict is not None:
            evidence.append(Evidence(f"Get-BitLockerVolume -MountPoint {drive}", verdict[2]))
            return finding(verdict[0], verdict[1], evidence)
        evidence.append(Evidence(f"Get-BitLockerVolume -MountPoint {drive}", powershell_problem(answer.result)
                                 or answer.problem or "an answer Homeguard could not read"))

    if problem:
        return finding(Status.UNKNOWN, f"Could not tell whether the disk is encrypted: {problem}.", evidence)
    if value is None:
        return finding(Status.UNKNOWN, f"Could not tell whether the disk is encrypted: Windows reported no BitLocker "
                       f"state for {drive} (this edition of Windows may not include BitLocker or Device "
                       "Encryption).", evidence)
    return finding(Status.UNKNOWN, f"Could not tell whether the disk is encrypted: Windows reported BitLocker state "
                   f"{value} for {drive}, which Homeguard does not know.", evidence)


# -- what this check looks at on Windows, and how to fix it here --------------------------------------------

LOOKS_AT = (
    "The BitLocker state Windows' own File Explorer shows for the system drive (the shell property "
    "System.Volume.BitLockerProtection), which covers BitLocker and Windows Home's Device Encryption; as an "
    "administrator, also Get-BitLockerVolume when the first answer is not enough."
)

ADMIN_NOTE = (
    "Without administrator rights Homeguard reads the BitLocker state that File Explorer shows. When that gives no "
    "answer, an administrator's scan also asks Get-BitLockerVolume, which only administrators may run."
)

FIXES = {
    "windows": Fix(
        steps=(
            "On Windows Home: open Settings, go to Privacy & security (Update & Security on Windows 10), then "
            "Device encryption, and switch it on. If there is no such page, this computer does not support it.",
            "On Windows Pro, Education or Enterprise: open Control Panel, then \u201cBitLocker Drive "
            "Encryption\u201d, and choose \u201cTurn on BitLocker\u201d for the C: drive.",
            "Keep the recovery key somewhere safe away from the computer, such as your Microsoft account or a "
            "printed copy: you need it if the computer ever asks for it.",
        ),
        settings_url="ms-settings:deviceencryption",
        settings_command=("control", "/name", "Microsoft.BitLockerDriveEncryption"),
        more_info="https://learn.microsoft.com/windows/security/operating-system-security/data-protection/bitlocker/",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "The System.Volume.BitLockerProtection numbers (documented meanings, no recorded session)",
    "Get-BitLockerVolume's JSON (composed)",
)
