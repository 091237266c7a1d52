"""xprotect: the Mac's built-in malware protection is there and keeps itself up to date."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="xprotect",
    title="The Mac's built-in malware protection (XProtect) is up to date",
    strategy="secure-devices",
    severity=Severity.HIGH,
    why=(
        "XProtect is the malware protection built into every Mac. It blocks known spying apps and removes some "
        "that got in, but only when its list of threats is recent: Apple updates it about every week."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
