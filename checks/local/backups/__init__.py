"""backups: photos, documents and evidence are copied somewhere else, recently enough to matter."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="backups",
    title="Your files are backed up",
    strategy="secure-devices",
    severity=Severity.LOW,
    why=(
        "If this computer is lost or stolen, or has to be wiped because someone broke into it, a recent backup "
        "means you keep your photos, documents and any evidence you saved, and you can wipe it without fear."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
