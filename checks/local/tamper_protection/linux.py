"""How tamper-protection looks on Linux: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import not_applicable_here
from auditor.model import Fix

REASON = ('Tamper protection is a Microsoft Defender setting on Windows; Linux has nothing like it '
          'built in.')
SEEN = "Microsoft Defender's tamper protection exists only on Windows"

probe = not_applicable_here("Linux", REASON, SEEN)


# -- what this check looks at on Linux ---------------------------------------------------------------------------

LOOKS_AT = 'Nothing: tamper protection is a Windows setting.'

FIXES: dict[str, Fix] = {}
