"""How disk-encryption looks on macOS: is FileVault on for the startup disk?

``fdesetup status`` answers without administrator rights. Its first sentence is "FileVault is On." or
"FileVault is Off."; while the disk is being converted a second line says "Encryption in progress: Percent
completed = N" or "Decryption in progress: ...", and after ``fdesetup enable -defer`` it says that deferred
enablement is active. On Macs with Apple silicon or a T2 chip the disk is always encrypted by the hardware, but
without FileVault anyone who starts the Mac can read it, so "Off" is a fail there too.

fdesetup's exit status is not relied on (the manual gives 1 for "FileVault is Off."): the sentence is. The progress
line is read in any capitalisation and with any progress wording ("Percent completed = 45", "Percentage completed",
"45% complete", or no number at all), and "paused" counts as still in progress: a disk part-way through is never
"fully on". Decryption in progress is partial too, not a fail: part of the disk is still encrypted, but the summary
says plainly that FileVault is being switched off and how to keep it on. Any other answer is "could not tell",
never a guess.
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

_PROGRESS = re.compile(r"\b(encryption|decryption)\b[^\n]*?\b(in progress|paused)\b(?P<rest>[^\n]*)", re.IGNORECASE)
_PERCENT = (
    re.compile(r"percent(?:age)?\b[^\d\n]{0,30}?(\d+(?:\.\d+)?)", re.IGNORECASE),  # "Percent completed = 45"
    re.compile(r"(\d+(?:\.\d+)?)\s*%"),  # "45% complete"
)
_STATE_LINE = re.compile(r"^\s*FileVault is (On|Off)\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class FileVault:
    state: str
    percent: float | None = None


def parse_fdesetup(text: str) -> FileVault | None:
    """What ``fdesetup status`` says, or None when it is not one of the forms fdesetup prints."""
    progress = _PROGRESS.search(text)
    if progress:
        state = ENCRYPTING if progress.group(1).lower() == "encryption" else DECRYPTING
        return FileVault(state, _progress_percent(progress["rest"]))
    lowered = text.lower()
    if "deferred enablement appears to be active" in lowered or "will be enabled after the next restart" in lowered:
        return FileVault(DEFERRED)
    said = _STATE_LINE.search(text)
    if said:
        return FileVault(ON if said.group(1).lower() == "on" else OFF)
    return None


def _progress_percent(rest: str) -> float | None:
    """The share done, from what follows "in progress" on its line; None when no share between 0 and 100 is given."""
    for pattern in _PERCENT:
        match = pattern.search(rest)
        if match:
            value = float(match.group(1))
            return value if 0 <= value <= 100 else None
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
                       "soon be readable by anyone who starts this Mac. Switch it back on to keep it protected.",
                       evidence)
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
    "The “Encryption in progress”, “Decryption in progress” and deferred wordings of fdesetup, in any capitalisation "
    "and progress wording",
)
