"""ssh-keys: SSH private keys are locked with a passphrase, and none is an old DSA key."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="ssh-keys",
    title="SSH keys are protected by a passphrase",
    strategy="secure-devices",
    severity=Severity.LOW,
    why=(
        "An SSH key opens other computers and online services, such as servers and code sites, without a "
        "password. If the key has no passphrase, anyone who copies the file from this computer can use it "
        "straight away; with a passphrase, a stolen copy is of no use to them."
    ),
    timeout=5.0,
)
SPEC = CHECK.spec
