"""Shared set-up for the desktop-app tests: one history file per test, and the app built over it and shut down properly.

``app_context`` is the shared context over a temporary data folder, scanning the recorded family laptop
(tests/fixtures/scenarios/family-laptop.toml) in a child process, exactly as the app scans this computer.
``main_window`` is the whole window over it; a test module that wants other pages overrides ``window_pages``.
Teardown does what quitting the app does, in the same order: the window closes, the scan's process is ended,
background work is cancelled and waited for, and only then is the history closed. A test that leaves work
running that will not end fails here, rather than writing into the next test's files.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from auditor.store import Store
from tests.support import FIXTURES

SCENARIO = FIXTURES / "scenarios" / "family-laptop.toml"
SHUTDOWN_SECONDS = 15.0

SLOW_CHECK = """
import threading
from auditor.check import Check
from auditor.model import CheckSpec, Finding, Severity, Status

def probe(ctx):
    threading.Event().wait({seconds})  # a program that takes its time: long enough to press Cancel
    return Finding(Status.PASS, "It finished in the end.")

CHECK = Check(CheckSpec(id="slow-check", title="A slow check finishes", strategy="secure-devices",
                        severity=Severity.LOW, platforms=("linux",), why="Tests.", looks_at={{"linux": "time"}},
                        timeout={seconds} + 30), {{"linux": probe}})
"""


def install_slow_check(site: Path, seconds: float = 20.0) -> dict[str, str]:
    """Install a plugin with one check that takes ``seconds``, for the scan's child process to find; returns the
    environment that makes the child see it (pass it as the context's ``scan_env``)."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "slow_check.py").write_text(textwrap.dedent(SLOW_CHECK.format(seconds=seconds)), encoding="utf-8")
    info = site / "slow_check-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: slow-check\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[homeguard.checks]\nslow-check = slow_check:CHECK\n", encoding="utf-8")
    return {"PYTHONPATH": str(site)}


def shut_down(context) -> None:
    """What quitting does before the history closes: end the scan's process, cancel and wait for all work."""
    assert context.shutdown(SHUTDOWN_SECONDS), "background work did not end when the app was closed"


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    store = Store(tmp_path / "data")
    yield store
    store.close()


@pytest.fixture
def slow_scan_env(tmp_path) -> dict[str, str]:
    """A scan environment in which one check takes 20 s: set it as ``app_context.scan_env`` to cancel mid-scan."""
    return install_slow_check(tmp_path / "slow-site")


# The simulated person acts at a person's pace: after each of these, what the key or click saved is written before
# the next one (a person takes far longer than a save between two clicks). Saves still happen on the writer thread.
PERSON_INPUT = ("keyClick", "keyClicks", "keyPress", "keyRelease", "keySequence", "keyEvent", "mouseClick",
                "mouseDClick", "mouseRelease")


@pytest.fixture
def app_context(qapp, store, qtbot, monkeypatch):
    """The app's shared context over this test's history, scanning the recorded family laptop. ``qtbot``'s keys
    and clicks wait, after each, until the saves they caused are written (PERSON_INPUT)."""
    from ui.context import make_context

    context = make_context(store, scenario=SCENARIO)
    for name in PERSON_INPUT:
        monkeypatch.setattr(qtbot, name, _at_a_persons_pace(qtbot, getattr(qtbot, name), context))
    yield context
    shut_down(context)


def _at_a_persons_pace(qtbot, act, context):
    def acted(*args, **kwargs):
        result = act(*args, **kwargs)
        qtbot.waitUntil(lambda: not context.tasks.saving, timeout=10_000)
        return result
    return acted


@pytest.fixture
def window_pages() -> Sequence[type] | None:
    """The pages ``main_window`` is built with; None means all of the app's pages. Override in a module."""
    return None


@pytest.fixture
def main_window(qtbot, app_context, window_pages):
    """The main window over ``app_context``, shown; closed before the context shuts down."""
    from ui.main_window import MainWindow

    window = MainWindow(app_context, pages=window_pages)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def wait_saved(qtbot, app_context):
    """``wait_saved()`` waits until every save the pages asked for is written and its news shown: saves happen on
    the writer thread, so a test that saved other than through qtbot's keys and clicks looks after this."""

    def wait(timeout: int = 10_000) -> None:
        qtbot.waitUntil(lambda: not app_context.tasks.saving, timeout=timeout)

    return wait
