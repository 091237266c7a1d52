"""admin-account: the person using the computer day to day does it with a standard account."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="admin-account",
    title="Everyday use is with a standard account, not an administrator",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "An administrator account can install anything and change every setting. Using a standard account day to "
        "day means a trick link or a fake app cannot quietly take over the whole computer."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
