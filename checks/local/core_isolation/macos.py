"""How core-isolation looks on macOS: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import not_applicable_here
from auditor.model import Fix

REASON = ('Memory integrity (core isolation) is a Windows feature. A Mac guards its core with System '
          'Integrity Protection (see the system-integrity check).')
SEEN = 'memory integrity exists only on Windows; see system-integrity'

probe = not_applicable_here("macOS", REASON, SEEN)


# -- what this check looks at on macOS ---------------------------------------------------------------------------

LOOKS_AT = ('Nothing: memory integrity is a Windows setting. The system-integrity check covers the '
            'Mac.')

FIXES: dict[str, Fix] = {}
