"""guest-account: nobody can use the computer through a guest account that needs no password."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="guest-account",
    title="No guest account can use this computer",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "A guest account lets anyone sit down and use the computer without a password. They cannot see your "
        "files, but they can use the camera, the browser and the network as if they belonged here."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
