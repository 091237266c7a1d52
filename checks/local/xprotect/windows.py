"""How xprotect looks on Windows: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import not_applicable_here
from auditor.model import Fix

REASON = ("XProtect is the Mac's built-in malware protection; on Windows, the antivirus check looks at"
          ' Microsoft Defender or the antivirus you use.')
SEEN = 'XProtect exists only on macOS; see the antivirus check'

probe = not_applicable_here("Windows", REASON, SEEN)


# -- what this check looks at on Windows -------------------------------------------------------------------------

LOOKS_AT = 'Nothing: XProtect is part of macOS only. The antivirus check covers Windows.'

FIXES: dict[str, Fix] = {}
