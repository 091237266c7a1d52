"""How disk-encryption looks on macOS: is FileVault on for the startup disk?

``fdesetup status`` answers without administrator rights. Its first sentence is "FileVault is On." or
"FileVault is Off."; while the disk is being converted a second line says "Encryption in progress: Percent
completed = N" or "Decryption in progress: ...", and after ``fdesetup enable -defer`` it says that deferred
enablement is active. On Macs with Apple silicon or a T2 chip the disk is always encrypted by the hardware, but
without FileVault anyone who starts the Mac can read it, so "Off" is a fail there too.

fdesetup's exit status is not relied on (the manual gives 1 for "FileVault is Off."): the sentence is. Any other
answer is "could not tell", never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

FDESETUP = ("fdesetup", "status")
COMMAND_TIMEOUT = 10.0

ON = "on"
OFF = "off"
ENCRYPTING = "encrypting"
DECRYPTING = "decrypting"
DEFERRED = "deferred"

_PROGRESS = re.compile(r"(Encryption|Decryption) in progress: Percent completed = ([\d.]+)")


@dataclass(frozen=True)
class FileVault:
    state: str
    percent: float | None = None


def parse_fdesetup(text: str) -> FileVault | None:
    """What ``fdesetup status`` says, or None when it is not one of the forms fdesetup prints."""
    progress = _PROGRESS.search(text)
    if progress:
        state = ENCRYPTING if progress.group(1) == "Encryption" else DECRYPTING
        return FileVault(state, float(progress.group(2)))
    if "Deferred enablement appears to be active" in text or "will be enabled after the next restart" in text:
        return FileVault(DEFERRED)
    if re.search(r"^FileVault is On\b", text, re.MULTILINE):
        return FileVault(ON)
    if re.search(r"^FileVault is Off\b", text, re.MULTILINE):
        return FileVault(OFF)
    return None


def _percent(value: float | None) -> str:
    return "" if value is None else f" ({value:g}% done)"


def probe(ctx: CheckContext) -> Finding:
    result = ctx.host.run(list(FDESETUP), timeout=COMMAND_TIMEOUT)
    looked_at = " ".join(FDESETUP)
    if not result.ran or result.truncated:
        return finding(Status.UNKNOWN, f"Could not tell whether FileVault is on: {result.problem()}.",
                       [Evidence(looked_at, result.problem())])
    text = f"{result.stdout}\n{result.stderr}".strip()
    state = parse_fdesetup(text)
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if state is None:
        why = f"fdesetup gave an answer Homeguard does not recognise (\u201c{first[:80]}\u201d)" if first \
            else "fdesetup gave no answer"
        return finding(Status.UNKNOWN, f"Could not tell whether FileVault is on: {why}.", [Evidence(looked_at, why)])
    evidence = [Evidence(looked_at, " ".join(ln.strip() for ln in text.splitlines() if ln.strip()))]
    if state.state == ON:
        return finding(Status.PASS, "FileVault is on, so the files on this Mac cannot be read without your "
                       "password.", evidence)
    if state.state == ENCRYPTING:
        return finding(Status.PARTIAL, f"FileVault is being switched on{_percent(state.percent)}; keep the Mac "
                       "plugged in until it finishes.", evidence)
    if state.state == DECRYPTING:
        return finding(Status.PARTIAL, f"FileVault is being switched off{_percent(state.percent)}, so the disk will "
                       "soon be readable by anyone who starts this Mac.", evidence)
    if state.state == DEFERRED:
        return finding(Status.PARTIAL, "FileVault is not on yet: it is set to switch on the next time someone logs "
                       "in or restarts the Mac.", evidence)
    return finding(Status.FAIL, "FileVault is off, so anyone who takes this Mac could read the files on it.",
                   evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Whether FileVault, macOS's disk encryption, is on for the startup disk, or being switched on or off "
    "(`fdesetup status`, which needs no administrator rights)."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open the Apple menu, choose System Settings, then Privacy & Security.",
            "Scroll down to FileVault and click Turn On. An administrator's password is needed.",
            "Choose how to unlock the disk if the password is forgotten (your Apple Account or a recovery key). "
            "If you choose a recovery key, write it down and keep it somewhere safe, away from the Mac.",
        ),
        settings_url="x-apple.systempreferences:com.apple.settings.PrivacySecurity.extension",
        more_info="https://support.apple.com/guide/mac-help/protect-data-on-your-mac-with-filevault-mh11785/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "The “Encryption in progress”, “Decryption in progress” and deferred wordings of fdesetup",
)
