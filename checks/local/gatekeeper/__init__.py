"""gatekeeper: macOS checks apps before they open."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="gatekeeper",
    title="Only apps from trusted developers open (Gatekeeper)",
    strategy="secure-devices",
    severity=Severity.HIGH,
    why=(
        "Gatekeeper checks that an app comes from a known developer and has been checked by Apple before it "
        "opens. Blackmailers sometimes send fake apps that spy on the camera or the screen."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
