"""auto-login: nobody is signed in automatically when the computer starts."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="auto-login",
    title="Nobody is signed in automatically",
    strategy="secure-devices",
    severity=Severity.HIGH,
    why=(
        "When a computer signs someone in by itself, anyone who switches it on gets straight into that person's "
        "messages, photos and accounts. Asking for a password at start-up keeps them private."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
