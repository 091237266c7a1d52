"""How the terminal writes a date: one format for every date it prints.

History, the report, the household's computers, the club summary, the guided answers and the evidence notes all
say when something happened; written one way everywhere, a person can compare them at a glance. The format is the
one the terminal report already used most ("03 Dec 2026", and "03 Dec 2026, 10:41" where the time matters): the
month as a word, so 03/12 and 12/03 can never be confused, whatever the country. The window may keep its own.
"""

from __future__ import annotations

import time

DAY = "%d %b %Y"
DAY_AND_TIME = f"{DAY}, %H:%M"


def date_text(timestamp: float) -> str:
    """The local day of a moment: "03 Dec 2026"."""
    return time.strftime(DAY, time.localtime(timestamp))


def date_time_text(timestamp: float) -> str:
    """The local day and time of a moment: "03 Dec 2026, 10:41"."""
    return time.strftime(DAY_AND_TIME, time.localtime(timestamp))
