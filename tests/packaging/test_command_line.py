"""Issue 12, point 1: every command explains itself, and ``homeguard-gui`` answers --help and --version without Qt.

``homeguard-gui --version`` is how a packager (and a helper on the phone) checks an install; it must answer even
where Qt cannot be loaded, so it may not import Qt at all.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import cli
from tests.support import FIXTURES
from ui import launch

ROOT = Path(__file__).resolve().parents[2]


def every_parser(parser: argparse.ArgumentParser, path: str = "") -> list[tuple[str, argparse.ArgumentParser]]:
    """The parser and every subcommand's parser under it, each with the words that call it."""
    found = [(path or parser.prog, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += every_parser(sub, f"{path or parser.prog} {name}")
    return found


ALL = every_parser(cli.build_parser()) + every_parser(launch.build_parser())


def test_the_walk_reaches_every_command_and_the_nested_ones():
    names = {name for name, _ in ALL}
    assert {"homeguard scan", "homeguard help-now", "homeguard household", "homeguard club summary",
            "homeguard install-desktop-entry", "homeguard-gui"} <= names
    assert len(names) >= 17


@pytest.mark.parametrize(("name", "parser"), ALL, ids=[name for name, _ in ALL])
def test_every_command_has_a_description_line(name, parser):
    description = parser.description or ""
    assert len(description) > 30 and description.rstrip().endswith((".", ")")), name
    assert " ".join(description.split()) in " ".join(parser.format_help().split())  # --help shows it (wrapped)


def run_launcher(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


WITHOUT_QT = """
import sys
from ui.launch import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    print("exit", stop.code)
print("qt imported" if any(name.startswith("PySide6") for name in sys.modules) else "qt not imported")
"""


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_homeguard_gui_answers_version_and_help_before_qt_is_imported(option):
    done = run_launcher(WITHOUT_QT, option)
    assert done.returncode == 0, done.stderr
    assert "exit 0" in done.stdout and "qt not imported" in done.stdout
    if option == "--version":
        assert done.stdout.startswith("Homeguard 0.1.0")
    else:
        assert "usage: homeguard-gui" in done.stdout and "--recorded SCENARIO" in done.stdout


def test_the_menu_entrys_fallback_command_starts_the_same_launcher():
    """Where no homeguard-gui script is found, install-desktop-entry writes ``python -m ui.launch``."""
    done = subprocess.run([sys.executable, "-m", "ui.launch", "--version"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("Homeguard "), done.stderr


def test_the_recorded_option_says_it_is_for_development_and_needs_the_source_folder():
    """The wheel has no tests/fixtures, so --recorded must not look like something an installed app offers."""
    help_text = launch.build_parser().format_help()
    assert "for development" in help_text and "tests/fixtures/scenarios" in help_text
    scan = dict(every_parser(cli.build_parser()))["homeguard scan"]
    assert "--recorded" not in scan.format_help()  # hidden from the terminal's help altogether


def test_homeguard_gui_without_qt_shows_the_terminal_report(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ui.app", None)  # importing the window now raises ImportError
    code = launch.main(["--recorded", str(FIXTURES / "scenarios" / "family-laptop.toml")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "The desktop window could not start" in err and "terminal report instead" in err
    assert out.startswith("Homeguard report for family-laptop")
