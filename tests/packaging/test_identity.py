"""Issue 12, points 1 and 2: the licence and metadata a packager looks for, and Homeguard's own icon on every
window and dialog."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from ui.icons import FOLDER, SIZES, app_icon

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_licence_is_the_full_gpl_3_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE\n                       Version 3, 29 June 2007")
    for part in ("TERMS AND CONDITIONS", "15. Disclaimer of Warranty.", "END OF TERMS AND CONDITIONS",
                 "How to Apply These Terms to Your New Programs"):
        assert part in text
    assert len(text) > 34_000  # the whole licence, not a summary of it


def test_the_metadata_uses_an_spdx_licence_and_ships_the_licence_file():
    project = PROJECT["project"]
    assert project["license"] == "GPL-3.0-or-later"
    assert project["license-files"] == ["LICENSE"]
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]  # setuptools refuses both
    assert "setuptools>=77" in PROJECT["build-system"]["requires"]  # the first to read the SPDX string


def test_the_advertised_commands_are_ones_an_installed_wheel_can_run():
    """ui.screenshots and --recorded need tests/fixtures, which only the source folder has."""
    scripts = {**PROJECT["project"]["scripts"], **PROJECT["project"]["gui-scripts"]}
    assert scripts == {"homeguard": "main:main", "homeguard-gui": "ui.launch:main"}
    assert "ui.icons" in PROJECT["tool"]["setuptools"]["package-data"]


def test_the_sdist_carries_the_fixtures_the_format_guide_and_the_licence():
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    for line in ("graft tests", "include checks/manual/FORMAT.md", "graft packaging"):
        assert line in manifest
    assert "LICENSE" in next(line for line in manifest if line.startswith("include LICENSE"))


def test_the_metainfo_release_is_this_version():
    component = ElementTree.parse(ROOT / "packaging/linux/org.homeguard.Homeguard.metainfo.xml").getroot()
    versions = [release.get("version") for release in component.iterfind("releases/release")]
    assert versions[0] == PROJECT["project"]["version"]


@pytest.mark.parametrize("size", SIZES)
def test_each_icon_size_is_a_square_picture_of_the_house(size):
    image = QImage(str(FOLDER / f"homeguard-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0  # a shape, not a tile
    middle = image.pixelColor(size // 2, size * 5 // 8)  # the body of the house, around the check mark
    assert middle.alpha() == 255


def test_the_svg_source_is_there_and_every_size_is_in_the_icon(qapp):
    root = ElementTree.parse(FOLDER / "homeguard.svg").getroot()
    assert root.get("viewBox") == "0 0 256 256"
    icon = app_icon()
    assert {size.width() for size in icon.availableSizes()} >= set(SIZES)


DIALOGS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from ui.app import make_application
app = make_application("homeguard-gui")
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from ui.app import CrashDialog
printer = QPrinter()
expected = app.windowIcon().pixmap(32).toImage()
dialogs = [QPrintDialog(printer), QFileDialog(), QMessageBox(), CrashDialog("details")]
print(app.desktopFileName())
print(not app.windowIcon().isNull() and all(d.windowIcon().pixmap(32).toImage() == expected for d in dialogs))
"""


def test_the_app_sets_its_icon_for_every_window_and_dialog():
    """Set once on the application, the icon is every top-level window's: the print, file and message dialogs
    included. The desktop file name lets Wayland and the dock match the window to the menu entry."""
    done = subprocess.run([sys.executable, "-c", DIALOGS], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["org.homeguard.Homeguard", "True"]


@pytest.mark.parametrize(("name", "sizes"), [
    ("homeguard.ico", [16, 24, 32, 48, 64, 128, 256]),
    ("homeguard.icns", [16, 32, 64, 128, 256, 512, 1024, 32, 64, 256, 512]),
])
def test_the_bundles_icon_files_hold_every_size(name, sizes, qapp):
    """packaging/icons: the Windows and macOS icon files the stand-alone bundles take, read back by Qt."""
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(ROOT / "packaging" / "icons" / name))
    found = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert image.width() == image.height()
        found.append(image.width())
    assert found == sizes
