"""The stand-alone app starts itself as a child (``auditor.launcher``): its ``-m`` requests, simulated.

A PyInstaller bundle sets ``sys.frozen`` and its ``sys.executable`` is Homeguard's own program, which has no ``-m``.
These tests set ``sys.frozen`` and run the bundle's entry script with the source tree's Python, so what the frozen
app does with ``<program> -m auditor scan --stream`` (the window's scan) is tested without building it; ``make
bundle`` runs the same through the real bundle.
"""

from __future__ import annotations

import os
import stat
import sys
import textwrap
from pathlib import Path

import pytest

from auditor import launcher
from auditor.scan_process import ScanOutcome, ScanProcess, ScanRequest, scan_command
from tests.support import FIXTURES

ROOT = Path(__file__).resolve().parent.parent.parent
ENTRY = ROOT / "packaging" / "pyinstaller" / "homeguard_entry.py"
SCENARIO = FIXTURES / "scenarios" / "family-laptop.toml"


@pytest.fixture
def frozen(monkeypatch, tmp_path):
    """This process as the stand-alone app sees itself."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)


def test_outside_the_app_python_reads_minus_m_itself():
    assert not launcher.is_frozen()
    assert launcher.frozen_child_request(["-m", "auditor", "scan", "--stream"]) is None
    assert launcher.run_frozen_child(["-m", "auditor", "scan"]) is False


def test_the_app_runs_its_own_children_and_nothing_else(frozen):
    assert launcher.is_frozen()
    assert launcher.frozen_child_request(["-m", "auditor", "scan", "--stream"]) == ("auditor", ["scan", "--stream"])
    assert launcher.frozen_child_request(["-m", "keyring", "--list-backends"]) == ("keyring", ["--list-backends"])
    for argv in (["-m", "os"], ["-m", "http.server"], ["-m"], ["scan", "--json"], [], ["--data-dir", "-m"]):
        assert launcher.frozen_child_request(argv) is None, argv
        assert launcher.run_frozen_child(argv) is False


def test_the_child_command_is_the_same_in_both_forms(frozen, monkeypatch):
    monkeypatch.setattr(sys, "executable", "/opt/Homeguard/homeguard")
    assert launcher.module_command("auditor", "scan", "--stream") == [
        "/opt/Homeguard/homeguard", "-m", "auditor", "scan", "--stream"]
    assert scan_command(ScanRequest())[:5] == launcher.module_command("auditor", "scan", "--stream")
    with pytest.raises(ValueError):
        launcher.module_command("os")


def test_a_child_module_runs_as_main_with_its_own_arguments(frozen, monkeypatch, tmp_path):
    package = tmp_path / "hg_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text(textwrap.dedent("""
        import sys
        from pathlib import Path
        Path(sys.argv[1]).write_text(repr((__name__, sys.argv[2:])))
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(launcher, "CHILD_MODULES", frozenset({"hg_probe"}))
    monkeypatch.setattr(sys, "argv", ["homeguard", "-m", "hg_probe"])
    out = tmp_path / "seen.txt"

    assert launcher.run_frozen_child(["-m", "hg_probe", str(out), "scan", "--stream"]) is True
    assert out.read_text() == repr(("__main__", ["scan", "--stream"]))


def fake_bundle(tmp_path: Path) -> Path:
    """A program that behaves as the bundle does: the entry script, with ``sys.frozen`` set, given the arguments."""
    program = tmp_path / "homeguard"
    code = (f"import runpy, sys; sys.frozen = True; sys.path.insert(0, {str(ROOT)!r}); "
            f"runpy.run_path({str(ENTRY)!r}, run_name='__main__')")
    program.write_text(f'#!/bin/sh\nexec {sys.executable!s} -c "{code}" "$@"\n')
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


@pytest.mark.skipif(os.name != "posix", reason="the stand-in program is a shell script")
def test_the_window_scan_code_reads_a_whole_scan_from_the_app_as_its_child(tmp_path, monkeypatch):
    """The window's own scan code, with the (simulated) bundle as ``sys.executable``, as in the frozen window."""
    monkeypatch.setattr(sys, "executable", str(fake_bundle(tmp_path)))
    outcomes: list[ScanOutcome] = []
    scan = ScanProcess(ScanRequest(data_dir=tmp_path / "data", recorded=SCENARIO), on_progress=lambda _: None,
                       on_done=outcomes.append)
    scan.start()
    try:
        assert scan.wait(60), "the scan did not finish in time"
    finally:
        scan.cancel()
    assert outcomes and outcomes[0].error == "" and outcomes[0].run is not None
    assert outcomes[0].ignored == 0
    ids = {result.check_id for result in outcomes[0].run.results}
    assert {"firewall", "screen-lock", "os-updates"} <= ids
    assert not [r for r in outcomes[0].run.results if "could not be loaded" in r.summary]


@pytest.mark.skipif(os.name != "posix", reason="the stand-in program is a shell script")
def test_without_minus_m_the_app_is_homeguard_itself(tmp_path):
    import subprocess

    done = subprocess.run([str(fake_bundle(tmp_path)), "--version"], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "homeguard" in done.stdout.lower()
