"""Plain words for how long the screen waits before it locks, said the same way on every system."""

from __future__ import annotations

import math


def describe_time(seconds: float) -> str:
    """ "45 seconds", "1 minute", "about 6 minutes", "8 hours and 20 minutes"; "never" for no limit at all."""
    if math.isinf(seconds):
        return "never"
    whole = int(seconds)
    if whole < 60:
        return _count(whole, "second")
    if whole >= 3600:
        hours, minutes = divmod(round(whole / 60), 60)  # 2 h 59 min 50 s is "3 hours", not "2 hours and 60 minutes"
        said = _count(hours, "hour")
        return f"{said} and {_count(minutes, 'minute')}" if minutes else said
    if whole % 60 == 0:
        return _count(whole // 60, "minute")
    return "about " + _count(max(1, round(whole / 60)), "minute")


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")
