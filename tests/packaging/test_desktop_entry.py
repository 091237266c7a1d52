"""Issue 12, point 2: ``homeguard install-desktop-entry`` (and ``--remove``) for pipx users, and the desktop file and
AppStream metainfo a distribution ships, all valid under the freedesktop.org tools when they are installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from auditor import cli, desktop_entry
from auditor.desktop_entry import APP_ID, ICON_SIZES

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
PACKAGED_ENTRY = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
needs_linux = pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="freedesktop.org desktops only")


def installed_files(base: Path) -> list[Path]:
    return sorted(path for path in base.rglob("*") if path.is_file())


@needs_linux
def test_install_puts_the_entry_and_every_icon_in_the_xdg_folders(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert cli.main(["install-desktop-entry"]) == 0
    base = tmp_path / "share"
    entry = base / "applications" / f"{APP_ID}.desktop"
    expected = [entry, base / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg",
                *(base / f"icons/hicolor/{n}x{n}/apps" / f"{APP_ID}.png" for n in ICON_SIZES)]
    assert installed_files(base) == sorted(expected)  # and no temporary file left behind
    assert (base / "icons/hicolor/48x48/apps" / f"{APP_ID}.png").read_bytes() == \
        (ROOT / "ui/icons/homeguard-48.png").read_bytes()
    command = desktop_entry.gui_command()
    assert os.path.isabs(command[0])  # the menu does not depend on the PATH it is started with
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    assert exec_line == "Exec=" + " ".join(desktop_entry.exec_argument(arg) for arg in command)
    assert str(entry) in capsys.readouterr().out


@needs_linux
def test_remove_takes_out_exactly_what_install_wrote(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    other = tmp_path / "share" / "applications" / "someone-else.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\n")
    assert cli.main(["install-desktop-entry"]) == 0
    assert cli.main(["install-desktop-entry", "--remove"]) == 0
    assert installed_files(tmp_path / "share") == [other]
    assert "Removed Homeguard from the app menu (10 files)" in capsys.readouterr().out
    assert cli.main(["install-desktop-entry", "--remove"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


@pytest.mark.parametrize(("platform", "system"), [("darwin", "macOS"), ("win32", "Windows")])
def test_macos_and_windows_are_refused_plainly(platform, system, tmp_path, capsys):
    environ = {"XDG_DATA_HOME": str(tmp_path / "share")}
    assert desktop_entry.run(False, platform=platform, environ=environ) == 2
    err = capsys.readouterr().err
    assert f"does not apply on {system}" in err
    assert not (tmp_path / "share").exists()


def test_a_folder_that_cannot_be_written_is_named_not_a_crash(tmp_path, capsys):
    blocked = tmp_path / "share"
    blocked.write_text("a file where the folder should be")
    assert desktop_entry.run(False, platform="linux", environ={"XDG_DATA_HOME": str(blocked)}) == 3
    assert "could not be written" in capsys.readouterr().err


def test_the_data_folder_follows_the_base_directory_spec(tmp_path):
    assert desktop_entry.data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/home/sam"}) == tmp_path
    for unusable in ("", "relative/share"):  # the spec: ignore a relative path
        assert desktop_entry.data_home({"XDG_DATA_HOME": unusable, "HOME": "/home/sam"}) == \
            Path("/home/sam/.local/share")


def test_exec_names_the_homeguard_gui_beside_this_python_first(tmp_path):
    venv_bin, path_bin = tmp_path / "venv" / "bin", tmp_path / "elsewhere"
    for folder in (venv_bin, path_bin):
        folder.mkdir(parents=True)
        script = folder / "homeguard-gui"
        script.write_text("#!/bin/sh\n")
        script.chmod(0o755)
    python = str(venv_bin / "python")
    assert desktop_entry.gui_command(python, path=str(path_bin)) == [str(venv_bin / "homeguard-gui")]
    (venv_bin / "homeguard-gui").unlink()
    assert desktop_entry.gui_command(python, path=str(path_bin)) == [str(path_bin / "homeguard-gui")]
    assert desktop_entry.gui_command(python, path=str(tmp_path / "empty")) == [python, "-m", "ui.launch"]


@pytest.mark.parametrize(("argument", "written"), [
    ("/usr/bin/homeguard-gui", "/usr/bin/homeguard-gui"),
    ("/home/sam/my apps/homeguard-gui", '"/home/sam/my apps/homeguard-gui"'),
    ("100%", "100%%"),
    ('say "hi" $HOME', '"say \\\\"hi\\\\" \\\\$HOME"'),  # escaped for the quotes, then again as a string value
    ("C:\\back", '"C:\\\\\\\\back"'),  # a literal backslash is four in the file, as the spec says
])
def test_exec_arguments_are_quoted_as_the_desktop_entry_spec_says(argument, written):
    assert desktop_entry.exec_argument(argument) == written


def test_the_packaged_desktop_file_is_the_one_install_writes_with_a_plain_exec():
    """One text for both: a distribution's package and a pipx user's menu show the same entry."""
    assert PACKAGED_ENTRY.read_text(encoding="utf-8") == desktop_entry.entry_text(["homeguard-gui"])


def validator(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed here (.ci/run installs it)")
    return found


@needs_linux
def test_the_written_and_the_packaged_desktop_files_validate(tmp_path, monkeypatch):
    tool = validator("desktop-file-validate")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert desktop_entry.run(False, say=lambda text: None) == 0
    for path in (tmp_path / "share" / "applications" / f"{APP_ID}.desktop", PACKAGED_ENTRY):
        done = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0 and not done.stdout.strip() and not done.stderr.strip(), done.stdout


def test_the_metainfo_validates_offline():
    tool = validator("appstreamcli")
    done = subprocess.run([tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if re.match(r"^[EWI]:", line)]
    assert not problems  # no error, warning or info; only the pedantic note on the capital letters of the id


def test_the_metainfo_agrees_with_the_desktop_file_and_shows_real_screenshots():
    component = ElementTree.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == PACKAGED_ENTRY.name
    assert component.findtext("project_license") == "GPL-3.0-or-later"
    assert component.find("releases/release[@version='0.1.0']/description") is not None
    images = [image.text or "" for image in component.iterfind("screenshots/screenshot/image")]
    assert images
    for url in images:
        assert url.startswith("https://raw.githubusercontent.com/future-public-repository/homeguard/main/")
        assert (ROOT / url.split("/main/", 1)[1]).is_file(), url
