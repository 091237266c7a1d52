"""firewall: a firewall is on and turns away connections from other computers that nobody asked for."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="firewall",
    title="The firewall is on",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "A firewall stops other computers on the same Wi-Fi or network from reaching programs on this one. "
        "It closes a door that strangers could otherwise use to get at the computer and the photos and "
        "messages on it."
    ),
    timeout=20.0,
)
SPEC = CHECK.spec
