"""system-integrity: System Integrity Protection is on."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="system-integrity",
    title="macOS protects its own system files (SIP)",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "System Integrity Protection stops any app, even one given an administrator password, from changing macOS "
        "itself. Spying software cannot hide inside the system while it is on."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
