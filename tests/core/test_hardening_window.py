"""Issue 10, item 7 and the window's side of item 1: the window never aborts where Qt cannot open it, and a data
folder that cannot be used is a plain message, not a crash.

The starts without a display run the real entry points (``homeguard-gui`` is ``ui.app:main``; ``homeguard`` and
``python main.py`` are ``main:main``) in a subprocess with DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM unset.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.cli import EXIT_STORE
from tests.support import FIXTURES
from ui.window_needs import window_problem

SCENARIO = str(FIXTURES / "scenarios" / "family-laptop.toml")
ROOT = Path(__file__).resolve().parents[2]
NO_DISPLAY = "Homeguard's window needs a desktop session, and none was found here"
NO_CURSOR_LIBRARY = "Install the package libxcb-cursor0"


def start(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    clean.update(HOMEGUARD_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


GUI_ENTRY = f"import sys; from ui.app import main; sys.exit(main(['--recorded', {SCENARIO!r}]))"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux can lack a display")
def test_homeguard_gui_without_a_display_says_so_and_shows_the_terminal_report(tmp_path):
    done = start(GUI_ENTRY, tmp_path)
    assert done.returncode not in (134, -signal.SIGABRT)
    assert done.returncode == 0, done.stderr
    assert NO_DISPLAY in done.stderr and "Showing the report here in the terminal instead." in done.stderr
    assert done.stdout.startswith("Homeguard report for family-laptop")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux can lack a display")
def test_main_py_asked_for_the_window_without_a_display_does_not_abort(tmp_path):
    done = start("import sys, main; sys.exit(main.main(['gui']))", tmp_path)
    assert done.returncode not in (134, -signal.SIGABRT)
    assert NO_DISPLAY in done.stderr
    assert "Homeguard report for" in done.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 library is a Linux matter")
def test_a_missing_libxcb_cursor_is_named_instead_of_an_abort(tmp_path):
    # A display is named but nothing listens there, and the library is reported missing: without the check Qt
    # would try to load its X11 plugin and abort.
    code = "import ui.window_needs as needs; needs._can_load = lambda name: False; " + GUI_ENTRY
    done = start(code, tmp_path, DISPLAY=":99")
    assert done.returncode not in (134, -signal.SIGABRT)
    assert done.returncode == 0, done.stderr
    assert "needs the system library libxcb-cursor" in done.stderr and NO_CURSOR_LIBRARY in done.stderr


@pytest.mark.parametrize(("environ", "platform", "loads", "expected"), [
    ({}, "linux", True, NO_DISPLAY),
    ({"DISPLAY": ":0"}, "linux", False, NO_CURSOR_LIBRARY),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", False, NO_CURSOR_LIBRARY),
    ({"DISPLAY": ":0"}, "linux", True, None),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False, None),
    ({"QT_QPA_PLATFORM": "wayland"}, "linux", True, "WAYLAND_DISPLAY is not set"),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False, None),
    ({}, "darwin", False, None),
    ({}, "win32", False, None),
])
def test_what_the_window_needs(environ, platform, loads, expected):
    problem = window_problem(environ, platform, can_load=lambda name: loads)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


def test_the_window_with_a_data_folder_that_is_a_file_shows_a_plain_message(tmp_path, monkeypatch):
    from ui import app

    shown: list[str] = []
    monkeypatch.setattr(app, "show_start_error", shown.append)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert app.main(["--data-dir", str(blocker)]) == EXIT_STORE
    assert len(shown) == 1 and str(blocker) in shown[0] and "a folder is needed there" in shown[0]
