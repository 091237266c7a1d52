"""How core-isolation looks on Linux: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

REASON = 'Memory integrity (core isolation) is a Windows feature; Linux has no switch like it.'
SEEN = 'memory integrity exists only on Windows'


def probe(ctx: CheckContext) -> Finding:
    return finding(Status.NOT_APPLICABLE, REASON, [Evidence("Linux", SEEN)])


# -- what this check looks at on Linux ---------------------------------------------------------------------------

LOOKS_AT = 'Nothing: memory integrity is a Windows setting.'

FIXES: dict[str, Fix] = {}
