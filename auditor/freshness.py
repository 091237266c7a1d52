"""How old a computer's scan may be and still count: the one place the 30-day rule lives.

A household's other computers and a club's machines hand in reports that may sit in a folder for weeks. A scan
more than ``OUT_OF_DATE_DAYS`` old says little about the computer today, so the household and the club summary
both count its results as not checked; the age is measured as every other expiry is (``auditor.guided.too_old``),
so a scan exactly 30 days old still counts.
"""

from __future__ import annotations

from auditor.guided import too_old

OUT_OF_DATE_DAYS = 30
OUT_OF_DATE_REASON = f"this computer's report is more than {OUT_OF_DATE_DAYS} days old"


def out_of_date(scanned_at: float, now: float) -> bool:
    """Whether a scan is too old for its results to count (more than ``OUT_OF_DATE_DAYS`` days before ``now``)."""
    return too_old(scanned_at, OUT_OF_DATE_DAYS, now)
