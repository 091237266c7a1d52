"""The window's scan child gives way to the window: it runs at a lower priority (``give_way_to_the_window``).

tests/bench_gui.py measured why: while the child starts and runs its checks it keeps a small machine's cores
busy, and the window's thread waited for a core. Each test lowers only a sleeping child of its own, never the
test process, and kills it at the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from auditor.scan_stream import SCAN_NICENESS, give_way_to_the_window

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="niceness and autogroups are POSIX and Linux ideas")

ROOT = Path(__file__).resolve().parents[2]
AUTOGROUPS = Path("/proc/self/autogroup").exists()  # Linux with automatic process groups


def autogroup_nice(pid: int | str) -> int | None:
    """The niceness of a process's autogroup: its file reads "/autogroup-123 nice 0".

    A process in no autogroup of its own (the kernel's root group: a container's first process and everything it
    starts without a new session, as in CI) has the file but it reads empty: None then.
    """
    words = Path(f"/proc/{pid}/autogroup").read_text(encoding="ascii").split()
    return int(words[-1]) if words else None


@pytest.fixture
def sleeper() -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start a child that only sleeps, in a session of its own or in this one; each is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*, own_session: bool) -> subprocess.Popen[bytes]:
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                 start_new_session=own_session)
        started.append(child)
        return child

    yield start
    for child in started:
        child.kill()
        child.wait(30)


def test_a_child_in_a_session_of_its_own_is_lowered_with_its_group(sleeper):
    child = sleeper(own_session=True)
    assert os.getpriority(os.PRIO_PROCESS, child.pid) == 0
    give_way_to_the_window(child.pid)
    give_way_to_the_window(child.pid)  # the child does it to itself as well: the level stays, it does not add up
    assert os.getpriority(os.PRIO_PROCESS, child.pid) == SCAN_NICENESS > 0
    if AUTOGROUPS:
        assert autogroup_nice(child.pid) == SCAN_NICENESS


def test_a_child_in_this_session_is_lowered_but_the_sessions_group_is_left_alone(sleeper):
    before = autogroup_nice("self") if AUTOGROUPS else None
    child = sleeper(own_session=False)
    give_way_to_the_window(child.pid)
    assert os.getpriority(os.PRIO_PROCESS, child.pid) == SCAN_NICENESS
    if AUTOGROUPS:
        assert autogroup_nice("self") == before  # a scan typed in a terminal never lowers the terminal's group
        assert autogroup_nice(child.pid) == before


def test_the_scan_child_lowers_itself_once_it_runs():
    lowered = subprocess.run(
        [sys.executable, "-c", "import os\nfrom auditor.scan_stream import give_way_to_the_window as give_way\n"
         "give_way()\ngive_way()\nprint(os.getpriority(os.PRIO_PROCESS, 0))"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, start_new_session=True)
    assert lowered.returncode == 0, lowered.stderr
    assert lowered.stdout.split() == [str(SCAN_NICENESS)]
