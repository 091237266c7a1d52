"""credential-store: apps keep saved passwords in a real, locked secret store, not in a plain file."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="credential-store",
    title="Saved passwords are kept in a locked store",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "Apps such as browsers and chat programs keep sign-in details on the computer. In a proper secret store "
        "they are locked with your login password; without one they can end up in a plain file anyone with the "
        "laptop could read and use to get into your accounts."
    ),
)
SPEC = CHECK.spec
