"""How xprotect looks on Linux: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

REASON = "XProtect is the Mac's built-in malware protection; Linux has none built in."
SEEN = 'XProtect exists only on macOS'


def probe(ctx: CheckContext) -> Finding:
    return finding(Status.NOT_APPLICABLE, REASON, [Evidence("Linux", SEEN)])


# -- what this check looks at on Linux ---------------------------------------------------------------------------

LOOKS_AT = 'Nothing: XProtect is part of macOS only.'

FIXES: dict[str, Fix] = {}
