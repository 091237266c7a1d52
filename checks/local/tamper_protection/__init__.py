"""tamper-protection: harmful software cannot switch off Microsoft Defender's protection."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="tamper-protection",
    title="Harmful software cannot switch off Microsoft Defender (tamper protection)",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "Spying software often tries to switch off the antivirus first, so that it is not found. Tamper protection "
        "stops any program from changing Microsoft Defender's settings behind your back."
    ),
    timeout=15.0,
)
SPEC = CHECK.spec
