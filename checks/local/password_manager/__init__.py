"""password-manager: a password manager keeps a different strong password for every account."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="password-manager",
    title="A password manager is in use",
    strategy="secure-devices",
    severity=Severity.MEDIUM,
    why=(
        "Blackmailers often start by getting into one account and then trying the same password everywhere else. "
        "A password manager remembers a different strong password for every account, so one leaked password "
        "does not open the rest."
    ),
    timeout=6.0,
)
SPEC = CHECK.spec
