"""How core-isolation looks on macOS: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

REASON = ('Memory integrity (core isolation) is a Windows feature. A Mac guards its core with System '
          'Integrity Protection (see the system-integrity check).')
SEEN = 'memory integrity exists only on Windows; see system-integrity'


def probe(ctx: CheckContext) -> Finding:
    return finding(Status.NOT_APPLICABLE, REASON, [Evidence("macOS", SEEN)])


# -- what this check looks at on macOS ---------------------------------------------------------------------------

LOOKS_AT = ('Nothing: memory integrity is a Windows setting. The system-integrity check covers the '
            'Mac.')

FIXES: dict[str, Fix] = {}
