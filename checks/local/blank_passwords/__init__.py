"""blank-passwords: accounts without a password can only sign in at the computer itself."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="blank-passwords",
    title="Accounts without a password cannot be used over the network",
    strategy="secure-devices",
    severity=Severity.LOW,
    why=(
        "An account with no password should at least be impossible to use from another computer. Windows' own "
        "rule limits such accounts to the keyboard in front of the computer."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
