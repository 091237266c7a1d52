"""find-my-device: a lost or stolen computer can be found, locked or erased from another device."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="find-my-device",
    title="A lost or stolen computer can be found and locked",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "If this computer is lost or stolen, whoever has it can look for photos, messages and passwords. Being "
        "able to find it, lock it or erase it from a phone or another computer keeps them out."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
