"""How xprotect looks on Linux: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import not_applicable_here
from auditor.model import Fix

REASON = "XProtect is the Mac's built-in malware protection; Linux has none built in."
SEEN = 'XProtect exists only on macOS'

probe = not_applicable_here("Linux", REASON, SEEN)


# -- what this check looks at on Linux ---------------------------------------------------------------------------

LOOKS_AT = 'Nothing: XProtect is part of macOS only.'

FIXES: dict[str, Fix] = {}
