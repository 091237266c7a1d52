"""How find-my-device looks on Linux: there is nothing to look at.

Linux has no built-in service that reports where a computer is or locks it from afar (the research for issue 13
found none in the common distributions). So the check does not apply; what protects a lost Linux computer is
disk encryption, which the disk-encryption check looks at.
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.model import Evidence, Finding, Fix, Status

REASON = ("Linux has no built-in way to find a lost computer; keep the disk encrypted so a lost one gives "
          "nothing away.")


def probe(ctx: CheckContext) -> Finding:
    return finding(Status.NOT_APPLICABLE, REASON,
                   [Evidence("Linux", "no built-in service to find, lock or erase a lost computer")])


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = ("Nothing: Linux has no built-in way to find, lock or erase a lost computer. The disk-encryption check "
            "covers what keeps a lost Linux computer safe.")

FIXES = {
    "linux": Fix(
        steps=("Make sure the disk is encrypted (see the disk-encryption check), so that a lost computer gives "
               "nothing away.",),
    ),
}
