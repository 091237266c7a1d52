"""How password-hints looks on Windows: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import not_applicable_here
from auditor.model import Fix

REASON = ("This check looks at the Mac login window's hints. On Windows, a local account's hint is set"
          ' with its password; leave it empty, or sign in with a Microsoft account, which has no hint.')
SEEN = 'written for the Mac login window only'

probe = not_applicable_here("Windows", REASON, SEEN)


# -- what this check looks at on Windows -------------------------------------------------------------------------

LOOKS_AT = ("Nothing: this check is about the Mac login window. A Windows local account's hint is set "
            'with its password.')

FIXES: dict[str, Fix] = {}
