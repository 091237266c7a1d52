"""The tests pass on any date, not only around the day the fixture reports were made.

The reports in tests/fixtures/reports carry fixed scan times, and a scan a test makes reads the real clock; a test
comparing the two turns "out of date" a month later (or "from the future" with a clock set early). Such tests take
their "now" from the reports instead (tests/clock.py). This runs a representative few of them with the clock moved
400 days on, in a separate Python whose ``time.time`` is shifted before anything imports it, so a test that
depends on the date again fails here rather than on some day next year.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAYS = 400
# Tests that compare a scan made now with the fixture reports, check the 30-day rule itself, and run the commands
# (which read the clock themselves) on the fixture reports.
SELECTION = [
    "tests/family/test_household_computers.py",
    "tests/core/test_report_household.py::test_scan_and_report_print_the_home_only_when_other_computers_were_added",
    "tests/family/test_shared_folder_cli.py::test_the_list_reads_the_folder_first",
]

# Imported by Python at start-up (from PYTHONPATH): every reading of the wall clock is DAYS days later.
SHIFT_CLOCK = '''
import os, time
_shift = float(os.environ["HOMEGUARD_TEST_CLOCK_SHIFT_DAYS"]) * 86400
_time, _time_ns = time.time, time.time_ns
time.unshifted_time = _time
time.time = lambda: _time() + _shift
time.time_ns = lambda: _time_ns() + int(_shift * 1e9)
'''


def shifted_env(shim: Path) -> dict[str, str]:
    env = dict(os.environ, HOMEGUARD_TEST_CLOCK_SHIFT_DAYS=str(DAYS), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(shim), str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def test_the_household_tests_pass_400_days_after_the_reports_were_made(tmp_path):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(SHIFT_CLOCK, encoding="utf-8")
    env = shifted_env(shim)

    # The shift takes effect (else the run below would prove nothing).
    seen = subprocess.run([sys.executable, "-c", "import time; print(time.time() - time.unshifted_time())"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=30, check=True)
    assert float(seen.stdout) == pytest.approx(DAYS * 86_400, abs=60)

    ran = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SELECTION], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, f"with the clock {DAYS} days on:\n{ran.stdout[-4000:]}\n{ran.stderr[-2000:]}"
    assert " passed" in ran.stdout and "skipped" not in ran.stdout
