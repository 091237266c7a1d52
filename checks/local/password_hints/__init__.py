"""password-hints: the login window never shows a hint to someone trying to guess a Mac's password."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="password-hints",
    title="The login window shows no password hints",
    strategy="secure-devices",
    severity=Severity.LOW,
    why=(
        "A password hint is shown to anyone at the computer, after a few wrong tries. A hint such as a pet's name "
        "or a birthday can give the password away to a classmate, a partner or anyone who picks up the laptop."
    ),
    timeout=10.0,
)
SPEC = CHECK.spec
