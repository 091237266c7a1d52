"""user-account-control: Windows asks before apps make changes."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="user-account-control",
    title="Windows asks before apps make changes (User Account Control)",
    strategy="secure-devices",
    severity=Severity.HIGH,
    why=(
        "User Account Control asks before an app makes changes to the computer. Without it, a fake app or a trick "
        "download can take over the whole computer without anyone noticing."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
