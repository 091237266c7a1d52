"""sharing: what this computer offers to other people and devices nearby (files, media, printers, Bluetooth)."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="sharing",
    title="This computer shares nothing with strangers nearby",
    strategy="personal-info",
    severity=Severity.MEDIUM,
    why=(
        "A shared folder, photo library or Bluetooth connection left open lets people on the same network, or "
        "simply nearby, see your files and pictures or send you things. Share only what you mean to, only with "
        "people who have to sign in, and switch sharing off when you no longer need it."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
