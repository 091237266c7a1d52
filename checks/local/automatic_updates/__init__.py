"""automatic-updates: security updates install themselves, without anyone having to remember."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="automatic-updates",
    title="Updates install themselves",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "Security fixes only protect a computer once they are installed. When they install themselves, the holes "
        "that let strangers into a computer, its camera and its accounts close without anyone having to remember."
    ),
    timeout=15.0,
)
SPEC = CHECK.spec
