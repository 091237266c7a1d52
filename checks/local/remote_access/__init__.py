"""remote-access: nobody can reach or control this computer from elsewhere without the family knowing."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="remote-access",
    title="Nobody can reach or control this computer remotely",
    strategy="personal-info",
    severity=Severity.CRITICAL,
    why=(
        "Scammers often ask people to install a remote-control app so they can \u201chelp\u201d. Anyone who can "
        "see and control the screen from elsewhere can open your photos and messages, so no such door should be "
        "open unless you opened it yourself on purpose."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
