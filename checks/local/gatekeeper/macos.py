"""How gatekeeper looks on macOS: does macOS check apps before they open?

``spctl --status`` answers for everyone, without administrator rights: "assessments enabled" when Gatekeeper checks
apps, "assessments disabled" when it was turned off (``spctl --master-disable``, or "Allow applications from:
Anywhere"). Since macOS 15 turning it off from the command line is not enough: ``spctl --master-disable`` only
answers "Globally disabling the assessment system needs to be confirmed in System Settings", and the person has to
choose Anywhere in Privacy & Security; ``spctl --status`` shows the result either way, so the same reading holds.
Any other answer is "could not tell".
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

SPCTL = ("spctl", "--status")
COMMAND_TIMEOUT = 5.0


def parse_spctl(text: str) -> bool | None:
    """True for "assessments enabled", False for "assessments disabled", None for anything else."""
    words = " ".join(text.split()).lower()
    if "assessments enabled" in words:
        return True
    if "assessments disabled" in words:
        return False
    return None


def probe(ctx: CheckContext) -> Finding:
    result = ctx.host.run(list(SPCTL), timeout=COMMAND_TIMEOUT)
    looked_at = " ".join(SPCTL)
    if not result.ran or result.truncated:
        return finding(Status.UNKNOWN, f"Could not tell whether Gatekeeper is on: {result.problem()}.",
                       [Evidence(looked_at, result.problem())])
    text = f"{result.stdout}\n{result.stderr}".strip()
    state = parse_spctl(text)
    if state is None:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        why = f"spctl gave an answer Homeguard does not recognise (\u201c{first[:80]}\u201d)" if first \
            else "spctl gave no answer"
        return finding(Status.UNKNOWN, f"Could not tell whether Gatekeeper is on: {why}.", [Evidence(looked_at, why)])
    evidence = [Evidence(looked_at, " ".join(text.split()))]
    if state:
        return finding(Status.PASS, "Gatekeeper is on: macOS checks that apps come from known developers before "
                       "they open.", evidence)
    return finding(Status.FAIL, "Gatekeeper is off, so apps from anywhere can open without macOS checking them "
                   "first.", evidence)


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = "Whether Gatekeeper checks apps before they open (`spctl --status`, which needs no administrator rights)."

FIXES = {
    "macos": Fix(
        steps=(
            "Open the Apple menu, choose System Settings, then Privacy & Security.",
            "Scroll down to Security. Under \u201cAllow applications from\u201d, choose \u201cApp Store & Known "
            "Developers\u201d (or \u201cApp Store\u201d) instead of Anywhere. An administrator's password is needed.",
            "If Anywhere cannot be changed there, open Terminal and run: sudo spctl --master-enable",
        ),
        settings_url="x-apple.systempreferences:com.apple.settings.PrivacySecurity.extension",
        more_info="https://support.apple.com/guide/security/gatekeeper-and-runtime-protection-sec5599b66df/web",
    ),
}
