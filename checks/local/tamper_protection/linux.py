"""How tamper-protection looks on Linux: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

REASON = ('Tamper protection is a Microsoft Defender setting on Windows; Linux has nothing like it '
          'built in.')
SEEN = "Microsoft Defender's tamper protection exists only on Windows"


def probe(ctx: CheckContext) -> Finding:
    return finding(Status.NOT_APPLICABLE, REASON, [Evidence("Linux", SEEN)])


# -- what this check looks at on Linux ---------------------------------------------------------------------------

LOOKS_AT = 'Nothing: tamper protection is a Windows setting.'

FIXES: dict[str, Fix] = {}
