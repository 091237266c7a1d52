"""core-isolation: Windows' memory integrity keeps harmful drivers out of the heart of the system."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="core-isolation",
    title="Memory integrity (core isolation) is on",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "Memory integrity checks every driver before it may run at the heart of Windows. It stops the most "
        "hidden kinds of spying software, the ones that hide from the antivirus and from you."
    ),
    timeout=15.0,
)
SPEC = CHECK.spec
