"""antivirus: protection against known harmful software is on and recent."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="antivirus",
    title="Antivirus is on and up to date",
    strategy="secure-devices",
    severity=Severity.HIGH,
    why=(
        "Antivirus stops known spying software, including apps that secretly switch on the camera or record the "
        "screen. It only works when it is on and its list of threats is recent."
    ),
    timeout=20.0,
)
SPEC = CHECK.spec
