"""screen-lock: the screen locks by itself, soon, when nobody is using the computer."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="screen-lock",
    title="The screen locks when you step away",
    strategy="secure-devices",
    severity=Severity.HIGH,
    why=(
        "A computer left open is an open door to your messages, photos and accounts. If the screen locks by "
        "itself after a few minutes, nobody can look through it or send something in your name while you are away."
    ),
    timeout=20.0,
)
SPEC = CHECK.spec
