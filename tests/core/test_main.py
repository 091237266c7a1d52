"""main.py, the one place that chooses between the desktop window and the terminal."""

import sys
import tomllib
import types
from pathlib import Path

import pytest

import main
from tests.support import FIXTURES

SCENARIO = FIXTURES / "scenarios" / "family-laptop.toml"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_display(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(main, "has_display", lambda: False)


@pytest.fixture
def recorded_machine(monkeypatch):
    """The terminal scans the recorded family laptop instead of this computer."""
    from auditor.recorded import load_scenario

    monkeypatch.setattr("auditor.host.RealHost", lambda: load_scenario(SCENARIO))


@pytest.fixture
def window(monkeypatch):
    """A stand-in for ui.app that records how it was started."""
    started = []
    fake = types.ModuleType("ui.app")
    fake.main = lambda argv: started.append(list(argv)) or 0
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    monkeypatch.setattr(main, "has_display", lambda: True)
    return started


def test_no_display_prints_one_line_then_the_report(no_display, recorded_machine, capsys):
    assert main.main([]) == 0
    first, rest = capsys.readouterr().out.split("\n", 1)
    assert first == "No display was found, so Homeguard is showing its report here in the terminal."
    assert rest.startswith("Homeguard report for family-laptop")
    assert "Saved to the history as scan 1" in rest


def test_no_display_keeps_the_shared_options(no_display, recorded_machine, tmp_path, capsys):
    assert main.main(["--data-dir", str(tmp_path / "elsewhere")]) == 0
    assert (tmp_path / "elsewhere" / "homeguard.db").exists()


def test_with_a_display_the_window_opens_with_the_shared_options(window, tmp_path):
    assert main.main(["--data-dir", str(tmp_path), "--safe-mode"]) == 0
    assert window == [["--data-dir", str(tmp_path), "--safe-mode"]]


def test_the_gui_command_opens_the_window(window):
    assert main.main(["gui"]) == 0
    assert window == [[]]


def test_a_subcommand_always_goes_to_the_terminal(window, capsys):
    assert main.main(["checks", "--platform", "linux"]) == 0
    assert window == []
    assert "credential-store" in capsys.readouterr().out


def test_when_qt_cannot_load_the_terminal_report_is_shown(monkeypatch, recorded_machine, capsys):
    monkeypatch.setitem(sys.modules, "ui.app", None)  # importing it now raises ImportError
    monkeypatch.setattr(main, "has_display", lambda: True)
    assert main.main([]) == 0
    captured = capsys.readouterr()
    assert "The desktop window could not start" in captured.err
    assert captured.out.startswith("Homeguard report for family-laptop")


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert all(name in out for name in ("scan", "checks", "history", "report", "people", "guide", "gui"))


def test_display_detection():
    assert main.has_display({"DISPLAY": ":0"}, "linux")
    assert main.has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not main.has_display({}, "linux")
    assert not main.has_display({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert main.has_display({}, "win32") and main.has_display({}, "darwin")


def test_the_homeguard_command_is_main_py():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["homeguard"] == "main:main"
    assert "main" in project["tool"]["setuptools"]["py-modules"]


def test_the_window_is_chosen_before_the_terminal_is_loaded(window, monkeypatch, tmp_path):
    """Starting the window reads its few options itself: the terminal's commands are not even imported."""
    monkeypatch.delitem(sys.modules, "auditor.cli", raising=False)
    assert main.main(["--data-dir", str(tmp_path), "--safe-mode"]) == 0
    assert window == [["--data-dir", str(tmp_path), "--safe-mode"]]
    assert "auditor.cli" not in sys.modules


def test_only_a_command_line_for_the_window_alone_skips_the_terminal_parser():
    assert main.window_request([]) == ([], False)
    assert main.window_request(["gui", "--data-dir=x"]) == (["--data-dir", "x"], True)
    assert main.window_request(["--data-dir", "gui"]) == (["--data-dir", "gui"], False)  # a folder called gui
    for argv in (["scan"], ["--help"], ["--version"], ["--data-dir"], ["--data-dir", "--safe-mode"], ["gui", "gui"],
                 ["--safe"], ["--bogus"]):
        assert main.window_request(argv) is None, argv  # the terminal's parser answers these
