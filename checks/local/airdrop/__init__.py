"""airdrop-receiving: strangers nearby cannot send files and pictures through AirDrop."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="airdrop-receiving",
    title="AirDrop does not accept files from everyone",
    strategy="personal-info",
    severity=Severity.HIGH,
    why=(
        "With AirDrop open to everyone, any stranger nearby, on a bus or in a classroom, can send pictures to "
        "this computer. Unwanted explicit images are sent this way, and it can be the start of blackmail."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
