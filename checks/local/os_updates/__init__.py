"""os-updates: the updates the computer's own software sources offer are installed, security fixes first."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="os-updates",
    title="Software updates are installed",
    strategy="secure-devices",
    severity=Severity.HIGH,
    why=(
        "Updates close the holes that let strangers break into a computer, its camera and its accounts. "
        "Someone who gets in that way can take private photos and messages and use them to threaten you."
    ),
    timeout=30.0,
)
SPEC = CHECK.spec
