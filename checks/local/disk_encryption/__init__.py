"""disk-encryption: the disk that holds the system is encrypted, so a lost or stolen computer gives nothing away."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="disk-encryption",
    title="The disk is encrypted",
    strategy="secure-devices",
    severity=Severity.HIGH,
    why=(
        "Photos, chats and saved passwords live on the computer's disk. If the disk is encrypted, someone who "
        "takes or borrows the computer cannot read them without your password, so they cannot be copied and "
        "used against you."
    ),
    timeout=15.0,
)
SPEC = CHECK.spec
