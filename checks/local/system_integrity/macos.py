"""How system-integrity looks on macOS: is System Integrity Protection (SIP) on?

``csrutil status`` answers without administrator rights. Its first line is one of:
"System Integrity Protection status: enabled." (on), "... disabled." (off), or, when only some protections were
turned off, "... enabled (Custom Configuration)." / "... unknown (Custom Configuration)." followed by a
"Configuration:" list of each protection and its state (tab- or space-indented, seven to ten protections depending
on the macOS version), then "This is an unsupported configuration ...". A custom configuration where every listed
protection is off is SIP switched off in all but name (a Hackintosh's csr-active-config, or ``csrutil disable`` on
some versions, reads that way), so it fails; with only some off it is partly on, and which are off is read from the
list. Any other answer is "could not tell".
"""

from __future__ import annotations

import re

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

CSRUTIL = ("csrutil", "status")
COMMAND_TIMEOUT = 5.0

ON = "on"
OFF = "off"
CUSTOM = "custom"

_STATUS = re.compile(r"System Integrity Protection status:\s*(enabled|disabled|unknown)\s*(\(Custom Configuration\))?",
                     re.IGNORECASE)
_PART = re.compile(r"^\s*([A-Za-z][A-Za-z -]+):\s*(enabled|disabled)\.?\s*$", re.IGNORECASE)
NOT_A_PROTECTION = "apple internal"  # a setting for Apple's own machines, "disabled" on every other Mac


def parse_csrutil(text: str) -> tuple[str, list[str]] | None:
    """(state, names of the protections turned off), or None when the answer is not in csrutil's form.

    A custom configuration whose listed protections are all off comes back as OFF. "Apple Internal: disabled" is
    how every normal Mac reads, so it is not counted as a protection turned off."""
    match = _STATUS.search(text)
    if not match:
        return None
    off: list[str] = []
    listed = 0
    for line in text[match.end():].splitlines():
        part = _PART.match(line)
        if not part or part.group(1).strip().lower() == NOT_A_PROTECTION:
            continue
        listed += 1
        if part.group(2).lower() == "disabled":
            off.append(part.group(1).strip())
    state = match.group(1).lower()
    if match.group(2):
        return (OFF if listed and len(off) == listed else CUSTOM), off
    if state == "enabled":
        return ON, off
    if state == "disabled":
        return OFF, off
    return None


def probe(ctx: CheckContext) -> Finding:
    result = ctx.host.run(list(CSRUTIL), timeout=COMMAND_TIMEOUT)
    looked_at = " ".join(CSRUTIL)
    if not result.ran or result.truncated:
        return finding(Status.UNKNOWN, f"Could not tell whether System Integrity Protection is on: "
                       f"{result.problem()}.", [Evidence(looked_at, result.problem())])
    text = f"{result.stdout}\n{result.stderr}".strip()
    parsed = parse_csrutil(text)
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if parsed is None:
        why = f"csrutil gave an answer Homeguard does not recognise (\u201c{first[:80]}\u201d)" if first \
            else "csrutil gave no answer"
        return finding(Status.UNKNOWN, f"Could not tell whether System Integrity Protection is on: {why}.",
                       [Evidence(looked_at, why)])
    state, off = parsed
    evidence = [Evidence(looked_at, first + (f"; turned off: {', '.join(off)}" if off else ""))]
    if state == ON:
        return finding(Status.PASS, "System Integrity Protection is on, so no app can change macOS itself.", evidence)
    if state == OFF:
        every = " (every one of its protections is turned off)" if off else ""
        return finding(Status.FAIL, f"System Integrity Protection is off{every}, so apps given an administrator "
                       "password can change macOS itself and hide inside it.", evidence)
    if not off:
        return finding(Status.PARTIAL, "System Integrity Protection is set up in a custom way that macOS does not "
                       "support, so it may not protect macOS fully.", evidence)
    shown = ", ".join(off[:4]) + (" and more" if len(off) > 4 else "")
    return finding(Status.PARTIAL, f"System Integrity Protection is only partly on: some protections are turned "
                   f"off ({shown}).", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Whether System Integrity Protection is on, off or partly turned off (`csrutil status`, which needs no "
    "administrator rights)."
)

FIXES = {
    "macos": Fix(
        steps=(
            "System Integrity Protection can only be turned back on from macOS Recovery, not from System Settings.",
            "Mac with Apple silicon: shut down, then press and hold the power button until \u201cLoading startup "
            "options\u201d appears; choose Options, then Continue. Intel Mac: restart and hold Command (\u2318) and R.",
            "In Recovery, choose Utilities, then Terminal, type csrutil enable and press Return, then restart.",
        ),
        more_info="https://developer.apple.com/documentation/security/disabling-and-enabling-system-integrity-protection",
    ),
}
