"""camera-microphone: which apps used the camera and the microphone, and when."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="camera-microphone",
    title="Only apps you know use the camera and the microphone",
    strategy="personal-info",
    severity=Severity.HIGH,
    why=(
        "Someone who gets an app onto this computer that can switch on the camera or the microphone can take "
        "pictures, video or sound without you knowing, and some use them to blackmail. Knowing which apps used them, "
        "and when, means you can take the permission away from any you do not recognise."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
