"""How password-hints looks on Linux: it does not apply, and the result says why."""

from __future__ import annotations

from auditor.check import not_applicable_here
from auditor.model import Fix

REASON = ('Linux login screens (GDM, SDDM, LightDM) have no password hints, so there is nothing a hint'
          ' could give away.')
SEEN = 'no password hint feature in the common login screens'

probe = not_applicable_here("Linux", REASON, SEEN)


# -- what this check looks at on Linux ---------------------------------------------------------------------------

LOOKS_AT = 'Nothing: Linux login screens have no password hints.'

FIXES: dict[str, Fix] = {}
