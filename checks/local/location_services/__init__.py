"""location-services: whether the computer tells apps where it is, and which apps have asked."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="location-services",
    title="Only apps you know can see where this computer is",
    strategy="privacy-settings",
    severity=Severity.LOW,
    why=(
        "An app that can read this computer's location can tell someone where you live, study or stay. Knowing "
        "which apps have used it means you can take the permission away from any you do not recognise."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
