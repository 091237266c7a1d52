"""How core-isolation looks on Linux: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import not_applicable_here
from auditor.model import Fix

REASON = 'Memory integrity (core isolation) is a Windows feature; Linux has no switch like it.'
SEEN = 'memory integrity exists only on Windows'

probe = not_applicable_here("Linux", REASON, SEEN)


# -- what this check looks at on Linux ---------------------------------------------------------------------------

LOOKS_AT = 'Nothing: memory integrity is a Windows setting.'

FIXES: dict[str, Fix] = {}
