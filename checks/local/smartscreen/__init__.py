"""smartscreen: Windows warns about harmful websites and downloads."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="smartscreen",
    title="Windows warns about harmful websites and downloads (SmartScreen)",
    strategy="phishing",
    severity=Severity.MEDIUM,
    why=(
        "SmartScreen warns before you open a website or a download that is known to be a scam or harmful. It "
        "catches many fake sign-in pages that try to steal passwords."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
