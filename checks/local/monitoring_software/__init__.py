"""monitoring-software: no stalkerware, spy product or keylogger is watching this computer.

The products and where each leaves its traces are data (products.toml, with the source of every indicator); this
package only knows where each kind of trace lives on each system. See verdict.py for why parental control is
listed but passes, and why found spying software gets safety-first advice rather than "remove it".
"""

from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(
    __name__,
    id="monitoring-software",
    title="No hidden monitoring or spying software is on this computer",
    strategy="personal-info",
    severity=Severity.CRITICAL,
    why=(
        "Spying software (stalkerware, keyloggers, \u201cmonitoring\u201d products sold to watch a partner) can "
        "record everything typed and shown, including private photos and messages, and send it to someone else. "
        "It is made to stay hidden, so Homeguard looks for the traces known products leave."
    ),
    timeout=12.0,
)
SPEC = CHECK.spec
