"""What goes into the stand-alone app besides the code PyInstaller finds by itself; read by ``homeguard.spec``.

Kept apart from the spec (which PyInstaller executes with names of its own in scope) so the choices can be tested
without building: ``tests/packaging/test_bundle_contents.py``.

- **The checks' entry points.** Homeguard finds every check, built-in ones too, through the ``homeguard.checks``
  entry points in its installed metadata (``auditor.registry``). A frozen app has no installed metadata unless it is
  shipped, so the spec ships Homeguard's ``.dist-info`` folder (the files ``importlib.metadata`` reads, found with
  PyInstaller's ``copy_metadata``) and discovery stays one code path. ``entry_point_problem`` refuses a build whose
  metadata lists other checks than ``pyproject.toml`` does (an install older than the source): such a bundle
  would silently scan with checks missing.
- **Content files** the code opens beside itself: the manual checks (``checks/manual/*.toml``), the report schemas
  (``auditor/schema``), the icons when the project has them (``ui/icons``, ``packaging/icons``), and the licence.
- **Only the Qt that Homeguard uses.** PySide6 ships some forty Qt modules; every one not in ``QT_MODULES_USED``
  is excluded, so none of their libraries (QtWebEngine alone is hundreds of megabytes) is pulled in by accident.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DISTRIBUTION = "homeguard"
GROUP = "homeguard.checks"

# QtCore/QtGui/QtWidgets: the window; QtPrintSupport: PDFs; QtSvg: the SVG icon; QtDBus: desktop notifications on
# Linux (the X11 platform plugin links it anyway); QtNetwork: the local socket that keeps to one running copy.
QT_MODULES_USED = frozenset({"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg", "QtDBus", "QtNetwork"})
# Qt plugins Homeguard does not need that would pull in large parts of Qt it does not use: the on-screen keyboard
# (Qt Quick and QML) and the PDF image reader (Qt PDF). Then those libraries themselves, which PyInstaller has already
# gathered as the plugins' dependencies by the time the spec can filter. Matched in the bundle's file names.
UNWANTED_QT_FILES = ("qtvirtualkeyboardplugin", "qpdf.", "libqpdf", "Qt6VirtualKeyboard", "Qt6Quick", "Qt6Qml",
                     "Qt6Pdf", "QtVirtualKeyboard.framework", "QtQuick.framework", "QtQml", "QtPdf.framework")
# Libraries whose own data files must travel with them: keyring's command line (which the credential-store check
# runs) reads its shell-completion scripts as it starts.
PACKAGES_WITH_DATA = ("keyring",)
# Standard-library and other modules the app never needs; excluded to keep the bundle small.
OTHER_EXCLUDES = ("tkinter", "_tkinter", "lib2to3", "test", "idlelib")

# The files of a .dist-info folder that importlib.metadata reads for the version and the entry points, and the
# licence texts. RECORD and direct_url.json describe the build machine's install (its folders), not the app.
METADATA_FILES = frozenset({"METADATA", "entry_points.txt", "top_level.txt"})
METADATA_FOLDERS = frozenset({"licenses"})
ICON_SUFFIXES = frozenset({".png", ".svg", ".ico", ".icns"})


def qt_excludes(pyside_dir: Path) -> list[str]:
    """Every ``PySide6.Qt*`` module installed in ``pyside_dir`` that Homeguard does not use, as module names."""
    found = {path.name.split(".", 1)[0] for path in pyside_dir.iterdir() if path.name.startswith("Qt")
             and path.suffix in (".so", ".pyd", ".pyi")}
    return [f"PySide6.{name}" for name in sorted(found - QT_MODULES_USED)]


def without_unwanted_qt(binaries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """PyInstaller's list of binaries (bundle name, source, kind) without the Qt parts of ``UNWANTED_QT_FILES``."""
    return [entry for entry in binaries
            if not any(part in Path(entry[0]).name or part in entry[0] for part in UNWANTED_QT_FILES)]


def without_install_records(datas: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """PyInstaller's list of data files without the parts of Homeguard's ``.dist-info`` that describe the build
    machine's install. PyInstaller collects the whole folder by itself when the code asks for the version by name
    (``auditor.__version__``); only ``metadata_datas``' files are wanted."""
    kept = []
    for entry in datas:
        parts = Path(entry[0]).parts
        in_dist_info = len(parts) >= 2 and parts[0].startswith(f"{DISTRIBUTION}-") and parts[0].endswith(".dist-info")
        if in_dist_info and len(parts) == 2 and parts[1] not in METADATA_FILES:
            continue
        kept.append(entry)
    return kept


def metadata_datas(dist_info: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) for the files of Homeguard's ``.dist-info`` the app needs."""
    datas: list[tuple[str, str]] = []
    for path in sorted(dist_info.rglob("*")):
        relative = path.relative_to(dist_info)
        if not path.is_file():
            continue
        if (len(relative.parts) == 1 and path.name in METADATA_FILES) or relative.parts[0] in METADATA_FOLDERS:
            datas.append((str(path), str(Path(dist_info.name) / relative.parent)))
    return datas


def declared_checks(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, str]:
    """The built-in checks' entry points as ``pyproject.toml`` declares them: name -> ``module:attribute``."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return dict(data["project"]["entry-points"][GROUP])


def installed_checks(dist_info: Path) -> dict[str, str]:
    """The entry points of the group in an installed ``.dist-info`` folder (an INI-style ``entry_points.txt``)."""
    import configparser

    parser = configparser.ConfigParser(delimiters=("=",), interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # entry-point names keep their case
    path = dist_info / "entry_points.txt"
    if not path.is_file():
        return {}
    parser.read(path, encoding="utf-8")
    return dict(parser[GROUP]) if parser.has_section(GROUP) else {}


def entry_point_problem(dist_info: Path, pyproject: Path = ROOT / "pyproject.toml") -> str:
    """Why the installed metadata cannot be shipped as it is (it disagrees with the source); "" when it can."""
    if not dist_info.name.endswith(".dist-info"):  # e.g. a homeguard.egg-info left in the source folder by a build
        return (f"the Homeguard metadata found is {dist_info}, not an installed .dist-info folder. Remove it and "
                "install first: pip install -e '.[bundle]'")
    declared, installed = declared_checks(pyproject), installed_checks(dist_info)
    if declared == installed:
        return ""
    missing = sorted(set(declared) - set(installed))
    extra = sorted(set(installed) - set(declared))
    changed = sorted(name for name in set(declared) & set(installed) if declared[name] != installed[name])
    parts = [f"{label}: {', '.join(names)}" for label, names in
             (("missing", missing), ("not in pyproject.toml", extra), ("pointing elsewhere", changed)) if names]
    return (f"the installed Homeguard metadata ({dist_info}) lists other checks than pyproject.toml "
            f"({'; '.join(parts)}). Reinstall first: pip install -e '.[bundle]'")


def content_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source, folder in the bundle) for the content files the code opens beside itself; the icon folders and
    the licence only when they exist."""
    datas = [(str(p), str(p.parent.relative_to(root))) for p in sorted((root / "checks" / "manual").glob("*.toml"))]
    datas += [(str(p), str(p.parent.relative_to(root))) for p in sorted((root / "auditor" / "schema").glob("*.json"))]
    for folder in (root / "ui" / "icons", root / "packaging" / "icons"):  # ui/icons is also a module: only images
        if folder.is_dir():
            datas += [(str(p), str(p.parent.relative_to(root))) for p in sorted(folder.rglob("*"))
                      if p.is_file() and p.suffix in ICON_SUFFIXES]
    if (root / "LICENSE").is_file():
        datas.append((str(root / "LICENSE"), "."))
    return datas


def app_icon(platform: str, root: Path = ROOT) -> str | None:
    """The program's icon for ``platform``: an ``.ico`` (Windows) or ``.icns`` (macOS) from ``packaging/icons``
    when there is one, else the largest PNG of the window's icon (``ui/icons``), which PyInstaller converts with
    Pillow (the ``bundle`` extra brings it on those two systems). None on Linux, where a program has no icon of its
    own (the window sets it), and when the project has no icon."""
    suffix = {"win32": ".ico", "darwin": ".icns"}.get(platform)
    if suffix is None:
        return None
    folder = root / "packaging" / "icons"
    found = sorted(folder.rglob(f"*{suffix}")) if folder.is_dir() else []
    if found:
        return str(found[0])
    png = root / "ui" / "icons" / "homeguard-512.png"
    return str(png) if png.is_file() else None


def hidden_imports(submodules: Iterable[str]) -> list[str]:
    """Modules imported by name at run time, which PyInstaller cannot see in the code: every check (found through
    entry points), and the two modules the app runs as its own children (``auditor.launcher.CHILD_MODULES``)."""
    return sorted({*submodules, "auditor.__main__", "keyring.__main__"})
