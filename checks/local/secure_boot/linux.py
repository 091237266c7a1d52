"""How secure-boot looks on Linux: the firmware's own variables, as the kernel shows them, and mokutil as a fallback.

Linux shows each UEFI variable as a file under /sys/firmware/efi/efivars: four bytes of attributes, then the
value. SecureBoot is one byte, 1 when the firmware only starts signed software and 0 when it starts anything.
SetupMode is 1 when the firmware's keys have been cleared, and shim's MokSBStateRT is 1 when someone told Linux's
first boot step to stop checking signatures. These files can be read without admin rights. Nothing here changes
them, and nothing touches the network.

No /sys/firmware/efi means the computer started the older BIOS way, where Secure Boot does not exist. An empty
/sys/firmware is what a container or sandbox shows (container runtimes hide it), and then Homeguard cannot tell.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import AccessDenied, Host
from auditor.model import Evidence, Finding, Fix, Status

GLOBAL_GUID = "8be4df61-93ca-11d2-aa0d-00e098032b8c"  # EFI_GLOBAL_VARIABLE, from the UEFI specification
SHIM_GUID = "605dab50-e046-4300-abb6-3dd810dd8b23"  # SHIM_LOCK_GUID, shim's own variables
FIRMWARE = "/sys/firmware"
EFI = "/sys/firmware/efi"
EFIVARS = "/sys/firmware/efi/efivars"
SECURE_BOOT = f"{EFIVARS}/SecureBoot-{GLOBAL_GUID}"
SETUP_MODE = f"{EFIVARS}/SetupMode-{GLOBAL_GUID}"
SHIM_STATE = f"{EFIVARS}/MokSBStateRT-{SHIM_GUID}"
OLD_SECURE_BOOT = f"{EFI}/vars/SecureBoot-{GLOBAL_GUID}/data"  # the older sysfs interface: the value alone, root only
MOKUTIL = ("mokutil", "--sb-state")

# mokutil --sb-state lines (mokutil 0.6.0; it does not translate them)
_ENABLED = "secureboot enabled"
_DISABLED = "secureboot disabled"
_SETUP_MODE = "platform is in setup mode"
_SHIM_OFF = "secureboot validation is disabled in shim"
_NO_SECURE_BOOT = "this system doesn't support secure boot"
_NO_EFI = "efi variables are not supported on this system"


@dataclass(frozen=True)
class SecureBootState:
    """What the firmware (or mokutil) says: on or off, plus the two things that weaken "on"."""

    enabled: bool
    setup_mode: bool = False
    shim_checks_off: bool = False


# -- pure parsers, testable on their own ----------------------------------------------------------------------------

def efivar_value(data: bytes) -> int | None:
    """The one-byte value of an efivarfs file (4 bytes of attributes, then the value), or None if it is not that."""
    if len(data) != 5:
        return None
    return data[4]


def old_sysfs_value(data: bytes) -> int | None:
    """The value in the older /sys/firmware/efi/vars/<name>/data file: just the one byte."""
    if len(data) != 1:
        return None
    return data[0]


def show_bytes(data: bytes) -> str:
    return " ".join(f"{b:02x}" for b in data) or "nothing"


def parse_mokutil(text: str) -> SecureBootState | None:
    """``mokutil --sb-state`` output as a state, or None when it does not say on or off in words we know."""
    lines = {line.strip().lower() for line in text.splitlines() if line.strip()}
    if _ENABLED in lines and _DISABLED not in lines:
        return SecureBootState(True, _SETUP_MODE in lines, _SHIM_OFF in lines)
    if _DISABLED in lines and _ENABLED not in lines:
        return SecureBootState(False, _SETUP_MODE in lines, _SHIM_OFF in lines)
    return None


def mokutil_says_unsupported(text: str) -> str:
    """Which "no Secure Boot here" message mokutil printed: "no-efi", "no-secure-boot" or ""."""
    lowered = text.lower()
    if _NO_EFI in lowered:
        return "no-efi"
    if _NO_SECURE_BOOT in lowered:
        return "no-secure-boot"
    return ""


def verdict(state: SecureBootState) -> tuple[Status, str]:
    """The status and the one plain sentence for a known state."""
    if state.enabled and state.shim_checks_off:
        return Status.PARTIAL, ("Secure Boot is on, but Linux's first start-up step (shim) has been told not to "
                                "check signatures, so unsigned software can still start.")
    if state.enabled and state.setup_mode:
        return Status.PARTIAL, ("Secure Boot reports on, but the firmware has no owner key (Setup Mode), so it does "
                                "not really check what starts and anyone could replace its keys.")
    if state.enabled:
        return Status.PASS, "Secure Boot is on, so the computer only starts software signed by a trusted maker."
    if state.setup_mode:
        return Status.FAIL, ("Secure Boot is off, and the firmware's keys have been cleared (Setup Mode), so the "
                             "computer starts any software at all.")
    return Status.FAIL, "Secure Boot is off, so the computer would start software that nobody has signed."


# -- the probe ------------------------------------------------------------------------------------------------------

def _read(host: Host, path: str, evidence: list[Evidence]) -> tuple[bytes | None, str]:
    """A file's bytes, or None and why not ("missing" or "denied")."""
    try:
        data = host.read_bytes(path)
    except AccessDenied:
        evidence.append(Evidence(path, "not allowed to read it"))
        return None, "denied"
    if data is None:
        return None, "missing"
    return data, ""


def _flag(host: Host, path: str, evidence: list[Evidence]) -> bool:
    """An optional one-byte variable that is 1 when something weakens Secure Boot. Missing or odd counts as 0."""
    data, _problem = _read(host, path, evidence)
    if data is None:
        return False
    value = efivar_value(data)
    evidence.append(Evidence(path, f"{show_bytes(data)} (value {value if value is not None else 'not understood'})"))
    return value == 1


def _odd_form(data: bytes) -> str:
    return f"the firmware's Secure Boot setting was in a form Homeguard does not know ({show_bytes(data)})"


def _from_efivars(host: Host, evidence: list[Evidence]) -> tuple[SecureBootState | None, str]:
    """The state read from the variables, or None and a plain reason (or "no-variable" when firmware has none)."""
    data, problem = _read(host, SECURE_BOOT, evidence)
    if data is not None:
        value = efivar_value(data)
        evidence.append(Evidence(SECURE_BOOT, show_bytes(data)))
        if value not in (0, 1):
            return None, _odd_form(data)
        return SecureBootState(value == 1, _flag(host, SETUP_MODE, evidence), _flag(host, SHIM_STATE, evidence)), ""
    if problem == "denied":
        return None, "the system did not allow Homeguard to read the firmware's Secure Boot setting"
    try:
        names = host.list_dir(EFIVARS)
    except AccessDenied:
        evidence.append(Evidence(EFIVARS, "not allowed to list it"))
        names = []
    if names:
        evidence.append(Evidence(EFIVARS, f"{len(names)} firmware variables, none called SecureBoot"))
        return None, "no-variable"
    evidence.append(Evidence(EFIVARS, "empty or not there (the firmware variables are not mounted)"))
    old, old_problem = _read(host, OLD_SECURE_BOOT, evidence)
    if old is not None:
        value = old_sysfs_value(old)
        evidence.append(Evidence(OLD_SECURE_BOOT, show_bytes(old)))
        if value in (0, 1):
            return SecureBootState(value == 1), ""
        return None, _odd_form(old)
    if old_problem == "denied":
        return None, "the firmware variables are not mounted, and the older copy of them needs admin rights"
    return None, "the firmware variables are not available to read"


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []

    if not host.is_dir(EFI):
        try:
            contents = host.list_dir(FIRMWARE)
        except AccessDenied:
            contents = []
        if contents:
            evidence.append(Evidence(FIRMWARE, f"{', '.join(contents)}; no efi folder"))
            return finding(Status.NOT_APPLICABLE, "This computer starts in the older BIOS way, so Secure Boot does "
                           "not exist here.", evidence)
        evidence.append(Evidence(FIRMWARE, "empty or not there"))
        return finding(Status.UNKNOWN, "Could not tell: Homeguard cannot see this computer's firmware from here, "
                       "which happens inside a container or sandbox.", evidence)

    state, reason = _from_efivars(host, evidence)
    if state is None and reason == "no-variable":
        return finding(Status.NOT_APPLICABLE, "This computer's firmware does not offer Secure Boot (it has no "
                       "Secure Boot setting), as on computers made before about 2012.", evidence)
    if state is None:
        state, mokutil_reason = _from_mokutil(host, evidence)
        if state is None:
            return finding(Status.UNKNOWN, f"Could not tell whether Secure Boot is on: {reason}, and "
                           f"{mokutil_reason}.", evidence)

    status, summary = verdict(state)
    return finding(status, summary, evidence)


def _from_mokutil(host: Host, evidence: list[Evidence]) -> tuple[SecureBootState | None, str]:
    result = host.run(list(MOKUTIL), timeout=5)
    command = " ".join(MOKUTIL)
    if not result.ran:
        evidence.append(Evidence(command, result.problem()))
        return None, result.problem()
    both = f"{result.stdout}\n{result.stderr}"
    shown = "; ".join(line.strip() for line in both.splitlines() if line.strip()) or "nothing"
    evidence.append(Evidence(command, shown))
    if result.truncated:
        return None, result.problem()
    state = parse_mokutil(result.stdout)
    if state is not None:
        return state, ""
    unsupported = mokutil_says_unsupported(both)
    if unsupported == "no-efi":
        return None, "mokutil says the firmware variables are not available"
    if unsupported == "no-secure-boot":
        return None, "mokutil says this system does not support Secure Boot"
    return None, f"mokutil gave an answer Homeguard does not recognise ({shown})"


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "The firmware's own Secure Boot setting as Linux shows it: the SecureBoot and SetupMode variables in "
    "/sys/firmware/efi/efivars (readable without admin rights), shim's MokSBStateRT (whether signature checks "
    "were switched off for Linux), and `mokutil --sb-state` when the variables cannot be read. No /sys/firmware/efi "
    "means the computer starts the older BIOS way, where Secure Boot does not exist."
)

FIXES = {
    "linux": Fix(
        steps=(
            "Restart the computer and open its firmware settings: press the key shown while it starts (often F2, "
            "F10, F12, Esc or Delete).",
            "Find Secure Boot (usually under Security or Boot) and switch it on. If it mentions Setup Mode or "
            "cleared keys, first choose the option that restores the factory (default) keys.",
            "Save and restart. Ubuntu, Fedora, Debian, Linux Mint and most other Linux systems start normally "
            "with Secure Boot on.",
            "If signature checks were switched off for Linux (shim), open a terminal, run: sudo mokutil "
            "--enable-validation, choose a temporary password, restart and confirm in the blue screen that appears.",
        ),
        more_info="https://wiki.debian.org/SecureBoot",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Shim signature checks switched off, read from the MokSBStateRT variable (bytes built from its documented layout)",
    "Secure Boot reported on while the firmware is in Setup Mode (each variable real, never seen together)",
)
