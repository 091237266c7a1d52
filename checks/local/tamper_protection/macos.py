"""How tamper-protection looks on macOS: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import not_applicable_here
from auditor.model import Fix

REASON = ('Tamper protection is a Microsoft Defender setting on Windows. On a Mac, System Integrity '
          'Protection keeps malware from switching off the built-in protection (see the system-'
          'integrity check).')
SEEN = "Microsoft Defender's tamper protection exists only on Windows; see system-integrity"

probe = not_applicable_here("macOS", REASON, SEEN)


# -- what this check looks at on macOS ---------------------------------------------------------------------------

LOOKS_AT = ('Nothing: tamper protection is a Windows setting. The system-integrity check covers the '
            'Mac.')

FIXES: dict[str, Fix] = {}
