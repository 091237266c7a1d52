"""Issue 12, point 2: the manual pages are made from the argument parsers (packaging/man.py, ``make man``) and
committed; they must match the parsers, and ``man`` must render them without a warning."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def generator() -> ModuleType:
    """packaging/man.py, loaded from its file: ``packaging`` is not a Python package (it would hide the real one)."""
    spec = importlib.util.spec_from_file_location("homeguard_man", ROOT / "packaging" / "man.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAN = generator()
PAGES = MAN.pages()


@pytest.mark.parametrize("path", list(PAGES), ids=lambda path: path.name)
def test_the_committed_page_matches_the_parser(path):
    committed = path.read_text(encoding="utf-8")
    written_by = committed.splitlines()[0]
    if written_by != MAN.MARKER.format(python=MAN.PYTHON):
        pytest.skip(f"the page was written under another Python ({written_by}); argparse's usage lines differ")
    assert committed == PAGES[path], f"{path.name} is out of date: run `make man`"


def test_every_command_and_option_is_in_the_page():
    from auditor.cli import build_parser

    page = PAGES[ROOT / "packaging" / "homeguard.1"].replace("\\-", "-")
    for command in ("scan", "checks", "history", "report", "club summary", "people", "devices", "guide", "quiz",
                    "help-now", "notes", "household", "install-desktop-entry"):
        assert f".SS {command}\n" in page
    for option in ("--fail-under N", "--anonymous", "--lock-minutes N", "--pdf FILE", "--remove", "--region"):
        assert option in page
    assert "--recorded" not in page and "--stream" not in page  # hidden options stay hidden
    assert "Homeguard 0.1.0" in page and build_parser().description.split(".")[0] in page


def test_roff_escapes_what_would_break_the_page():
    assert MAN.escape(".starts with a dot\n'and a quote") == "\\&.starts with a dot\n\\&'and a quote"
    assert MAN.escape("a\\b --x `homeguard scan`") == "a\\eb \\-\\-x \\fBhomeguard scan\\fR"


@pytest.mark.parametrize("path", list(PAGES), ids=lambda path: path.name)
def test_man_renders_the_page_without_warnings(path):
    if not shutil.which("man"):
        pytest.skip("man is not installed here (.ci/run installs it)")
    environment = {**os.environ, "MANWIDTH": "80", "MAN_KEEP_FORMATTING": "0", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(["man", "--warnings", "-l", str(path)], capture_output=True, text=True, timeout=60,
                          env=environment, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    text = re.sub(".\b", "", done.stdout)  # the overstrike bold of a terminal
    assert f"{path.stem.upper()}(1)" in text and "SYNOPSIS" in text


def test_a_page_with_a_mistake_is_caught_by_that_check(tmp_path):
    """The check above is only as good as man's warnings: an unknown macro must show on standard error."""
    if not shutil.which("man"):
        pytest.skip("man is not installed here")
    broken = tmp_path / "broken.1"
    broken.write_text(".TH BROKEN 1\n.SH NAME\nbroken \\- a page\n.NOSUCHMACRO x\n")
    done = subprocess.run(["man", "--warnings", "-l", str(broken)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "MANWIDTH": "80"}, stdin=subprocess.DEVNULL)
    assert "NOSUCHMACRO" in done.stderr


def test_the_check_mode_finds_a_stale_page(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "homeguard.1"
    stale.write_text("old\n")
    monkeypatch.setattr(MAN, "ROOT", tmp_path)
    monkeypatch.setattr(MAN, "pages", lambda: {stale: "new\n"})
    assert MAN.main(["--check"]) == 1
    assert stale.read_text() == "old\n"  # --check never writes
    assert "does not match the parser" in capsys.readouterr().err
