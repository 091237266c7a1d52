"""secure-boot: the firmware only starts signed, trusted software."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="secure-boot",
    title="The computer only starts trusted software (Secure Boot)",
    strategy="secure-devices",
    severity=Severity.LOW,
    why=(
        "Secure Boot stops hidden software from loading before the operating system, where nothing else can see "
        "it. Such software could watch everything, including the camera."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
