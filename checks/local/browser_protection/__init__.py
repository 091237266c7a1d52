"""browser-protection: every web browser warns before a dangerous or fake site, and no unknown extension reads
every site."""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="browser-protection",
    title="Web browsers warn about dangerous and fake sites",
    strategy="phishing",
    severity=Severity.HIGH,
    why=(
        "Fake sign-in pages are how many blackmailers get into an email or social media account. Chrome, Edge, "
        "Brave and Firefox can warn before such a page opens, but only while their protection is switched on. "
        "Browser extensions that can read every site you visit can also see what you type there."
    ),
    timeout=8.0,
)
SPEC = CHECK.spec
