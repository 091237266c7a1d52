"""The fixture reports' own scan times, and a clock that runs on from them, so tests pass on any date.

The reports in tests/fixtures/reports were made once, on one day, and their scan times are fixed in them; a scan
a test makes reads the real clock. Comparing the two makes a test's outcome depend on the date it runs: a month
after the reports were made they count as out of date, and with a clock set before that day as "from the future".
Tests therefore take "now" from the reports themselves, never from the calendar.
"""

import json
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.support import FIXTURES

MAC = FIXTURES / "reports" / "generated-macos.json"
HOUR = 3_600.0


def made_at(path: Path) -> float:
    """When a report file says it was scanned, read from the file itself and never from the clock."""
    finished = json.loads(path.read_text(encoding="utf-8"))["scan"]["finished_at"]
    return datetime.fromisoformat(finished).timestamp()


def run_clock_from(monkeypatch: pytest.MonkeyPatch, when: float) -> None:
    """Make ``time.time`` read ``when`` now and tick on from there (so waits with a timeout still end).

    For code under test that reads the clock deep inside (the window's pages, the command line) and cannot be handed
    a ``now``. ``monkeypatch`` puts the real clock back when the test ends.
    """
    real = time.time
    offset = when - real()
    monkeypatch.setattr(time, "time", lambda: real() + offset)


def an_hour_after_the_reports(monkeypatch: pytest.MonkeyPatch) -> float:
    """Run the clock from an hour after the fixture reports were made; that time."""
    when = made_at(MAC) + HOUR
    run_clock_from(monkeypatch, when)
    return when
