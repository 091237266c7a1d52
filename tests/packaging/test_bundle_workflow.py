"""The CI workflow that builds the stand-alone app on Windows, macOS and Linux (``.github/workflows/bundle.yml``).

It cannot run here, so these tests hold it to what can be checked: it parses, builds with the spec and smoke-tests
with the script that ``make bundle`` uses (both exist), packs a zip on Windows and a .dmg on macOS, uploads them,
and says plainly that the Windows and macOS builds are untested.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")  # PyYAML comes with ansible-core in the test extra

ROOT = Path(__file__).resolve().parent.parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "bundle.yml"
pytestmark = pytest.mark.skipif(not WORKFLOW.is_file(), reason="a source archive carries no .github folder")


@pytest.fixture(scope="module")
def job() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert set(data) >= {"name", "jobs"} and (True in data or "on" in data)  # YAML 1.1 reads the key `on` as True
    return data["jobs"]["bundle"]


def runs(job: dict, os_name: str) -> str:
    """Every command the job runs on one system (steps whose `if` leaves that system out are skipped)."""
    commands = []
    for step in job["steps"]:
        condition = step.get("if", "")
        systems = re.findall(r"runner\.os (==|!=) '(\w+)'", condition)
        if all((op == "==") == (name == os_name) for op, name in systems):
            commands.append(step.get("run", "") + " " + step.get("uses", ""))
    return "\n".join(commands)


def test_it_builds_on_windows_macos_and_linux(job):
    assert set(job["strategy"]["matrix"]["os"]) == {"windows-latest", "macos-latest", "ubuntu-latest"}
    assert job["strategy"]["fail-fast"] is False
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("actions/upload-artifact@") for u in uses)


@pytest.mark.parametrize("os_name", ["Windows", "macOS", "Linux"])
def test_each_system_builds_with_the_spec_and_runs_the_smoke_test(job, os_name):
    commands = runs(job, os_name)
    for path in re.findall(r"packaging/pyinstaller/[\w.]+", commands):
        assert (ROOT / path).is_file(), path
    assert "pyinstaller" in commands and "packaging/pyinstaller/homeguard.spec" in commands
    assert "packaging/pyinstaller/smoke.py dist/homeguard" in commands
    assert '".[bundle]"' in commands


def test_windows_gets_a_zip_and_macos_a_dmg(job):
    assert "Compress-Archive" in runs(job, "Windows") and ".zip" in runs(job, "Windows")
    assert "hdiutil create" in runs(job, "macOS") and ".dmg" in runs(job, "macOS")
    assert "hdiutil" not in runs(job, "Windows") and "Compress-Archive" not in runs(job, "macOS")


def test_it_says_the_windows_and_macos_builds_are_untested():
    header = WORKFLOW.read_text(encoding="utf-8").split("\nname:", 1)[0]
    assert "UNTESTED" in header and "Windows and macOS" in header
