"""What the stand-alone app carries (``packaging/pyinstaller/bundle_contents.py``), and discovery inside it.

The checks are found through the installed entry points in the app as everywhere else: the bundle ships
Homeguard's ``.dist-info``. ``test_a_frozen_app_finds_every_builtin_check_in_the_metadata_it_carries`` lays that
metadata out as the spec does and finds the checks with nothing else on the import path, as in the frozen app.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest

from auditor.host import current_platform
from auditor.registry import discover, find_entries

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = ROOT / "packaging" / "pyinstaller"


def load_contents() -> ModuleType:
    """The spec's helper module, loaded from its file (``packaging/`` is not a Python package)."""
    spec = importlib.util.spec_from_file_location("bundle_contents", HERE / "bundle_contents.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contents = load_contents()


def installed_dist_info() -> Path:
    """Homeguard's installed ``.dist-info`` folder: the one PyInstaller's ``copy_metadata('homeguard')`` ships."""
    # A source folder may also hold a homeguard.egg-info (left by a build): the installed .dist-info is wanted.
    folders = [Path(str(getattr(dist, "_path", ""))) for dist in metadata.distributions(name="homeguard")]
    found = [folder for folder in folders if folder.name.endswith(".dist-info")]
    if not found:
        pytest.skip("Homeguard is not installed with its metadata here (pip install -e .)")
    return found[0]


def lay_out(datas: list[tuple[str, str]], bundle: Path) -> None:
    """Copy (source, folder) pairs into ``bundle`` as PyInstaller's COLLECT does."""
    for source, folder in datas:
        (bundle / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, bundle / folder / Path(source).name)


def test_a_frozen_app_finds_every_builtin_check_in_the_metadata_it_carries(monkeypatch, tmp_path):
    dist_info = installed_dist_info()
    bundle = tmp_path / "_internal"
    lay_out(contents.metadata_datas(dist_info), bundle)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    with monkeypatch.context() as inside:
        inside.setattr(sys, "path", [str(bundle)])  # the frozen app's metadata search path: the bundle alone
        entries = find_entries()

    declared = contents.installed_checks(dist_info)
    assert declared, "the installed metadata lists no checks"
    assert {e.name: e.value for e in entries} == declared
    version = metadata.version("homeguard")
    assert all(e.origin.builtin and e.origin.version == version for e in entries)
    assert not [e for e in entries if "source folder" in e.origin.entry_point]
    registry = discover(entries=entries)
    assert registry.failures == []
    assert registry.for_platform(current_platform())


def test_only_the_metadata_files_the_app_reads_are_shipped(tmp_path):
    dist_info = tmp_path / "homeguard-1.2.dist-info"
    (dist_info / "licenses").mkdir(parents=True)
    for name in ("METADATA", "entry_points.txt", "top_level.txt", "RECORD", "direct_url.json", "INSTALLER",
                 "licenses/LICENSE"):
        (dist_info / name).write_text("x")

    shipped = {(Path(source).name, folder) for source, folder in contents.metadata_datas(dist_info)}

    assert shipped == {("METADATA", "homeguard-1.2.dist-info"), ("entry_points.txt", "homeguard-1.2.dist-info"),
                       ("top_level.txt", "homeguard-1.2.dist-info"),
                       ("LICENSE", str(Path("homeguard-1.2.dist-info") / "licenses"))}


def test_the_install_records_pyinstaller_collects_by_itself_are_dropped():
    datas = [(f"homeguard-0.1.0.dist-info/{name}", f"/site/homeguard-0.1.0.dist-info/{name}", "DATA")
             for name in ("METADATA", "entry_points.txt", "RECORD", "direct_url.json", "INSTALLER", "REQUESTED")]
    datas += [("homeguard-0.1.0.dist-info/licenses/LICENSE", "/site/x", "DATA"),
              ("keyring-25.7.0.dist-info/RECORD", "/site/y", "DATA"), ("checks/manual/a.toml", "/src/a", "DATA")]

    kept = {name for name, _, _ in contents.without_install_records(datas)}

    assert kept == {"homeguard-0.1.0.dist-info/METADATA", "homeguard-0.1.0.dist-info/entry_points.txt",
                    "homeguard-0.1.0.dist-info/licenses/LICENSE", "keyring-25.7.0.dist-info/RECORD",
                    "checks/manual/a.toml"}


def write_entry_points(dist_info: Path, checks: dict[str, str]) -> None:
    dist_info.mkdir(parents=True, exist_ok=True)
    lines = "".join(f"{name} = {value}\n" for name, value in checks.items())
    (dist_info / "entry_points.txt").write_text(f"[console_scripts]\nhomeguard = main:main\n\n"
                                                f"[{contents.GROUP}]\n{lines}")


def test_a_build_from_an_install_older_than_the_source_is_refused(tmp_path):
    declared = contents.declared_checks()
    dist_info = tmp_path / "homeguard-0.dist-info"
    write_entry_points(dist_info, declared)
    assert contents.entry_point_problem(dist_info) == ""

    older = dict(declared)
    gone = sorted(older)[0]
    del older[gone]
    older["Old-Check"] = "checks.old:CHECK"
    write_entry_points(dist_info, older)
    problem = contents.entry_point_problem(dist_info)
    assert gone in problem and "Old-Check" in problem and "pip install -e" in problem

    (dist_info / "entry_points.txt").unlink()
    assert "missing" in contents.entry_point_problem(dist_info)

    egg_info = tmp_path / "homeguard.egg-info"
    write_entry_points(egg_info, declared)
    assert ".dist-info" in contents.entry_point_problem(egg_info)


def test_the_content_files_go_where_the_code_looks_for_them():
    shipped = {(Path(source).relative_to(ROOT).as_posix(), folder) for source, folder in contents.content_datas()}
    for toml in (ROOT / "checks" / "manual").glob("*.toml"):
        assert (toml.relative_to(ROOT).as_posix(), str(Path("checks/manual"))) in shipped
    for schema in (ROOT / "auditor" / "schema").glob("*.json"):
        assert (schema.relative_to(ROOT).as_posix(), str(Path("auditor/schema"))) in shipped
    assert any(name.endswith("report-2.schema.json") for name, _ in shipped)


def test_icons_and_the_licence_travel_when_the_project_has_them(tmp_path):
    for folder in ("checks/manual", "auditor/schema", "ui/icons/hicolor", "packaging/icons"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "ui/icons/hicolor/homeguard-64.png").write_bytes(b"png")
    (tmp_path / "ui/icons/__init__.py").write_text("")  # the icons folder is also a module: its code is not data
    (tmp_path / "packaging/icons/homeguard.ico").write_bytes(b"ico")
    (tmp_path / "LICENSE").write_text("GPL")

    shipped = {(Path(source).relative_to(tmp_path).as_posix(), folder)
               for source, folder in contents.content_datas(tmp_path)}

    assert shipped == {("ui/icons/hicolor/homeguard-64.png", str(Path("ui/icons/hicolor"))),
                       ("packaging/icons/homeguard.ico", str(Path("packaging/icons"))), ("LICENSE", ".")}
    assert contents.app_icon("win32", tmp_path) == str(tmp_path / "packaging/icons/homeguard.ico")
    assert contents.app_icon("darwin", tmp_path) is None  # no .icns and no large PNG to make one from
    (tmp_path / "ui/icons/homeguard-512.png").write_bytes(b"png")
    assert contents.app_icon("darwin", tmp_path) == str(tmp_path / "ui/icons/homeguard-512.png")
    assert contents.app_icon("linux", tmp_path) is None


def test_the_window_icon_travels_with_the_app():
    icons = ROOT / "ui" / "icons"
    if not icons.is_dir():
        pytest.skip("the project has no icon yet")
    shipped = {Path(source).name for source, folder in contents.content_datas() if folder == str(Path("ui/icons"))}
    assert {p.name for p in icons.iterdir() if p.suffix in (".png", ".svg")} <= shipped
    assert "__init__.py" not in shipped


def product_qt_modules() -> set[str]:
    found: set[str] = set()
    for path in [*ROOT.joinpath("ui").rglob("*.py"), ROOT / "main.py"]:
        found.update(re.findall(r"\bPySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    return found


def test_every_qt_module_the_app_imports_is_kept_and_the_big_unused_ones_are_not():
    assert product_qt_modules() <= contents.QT_MODULES_USED, "add it to QT_MODULES_USED in bundle_contents.py"
    import PySide6

    excluded = set(contents.qt_excludes(Path(PySide6.__file__).parent))
    assert not {f"PySide6.{name}" for name in contents.QT_MODULES_USED} & excluded
    assert {"PySide6.QtQuick", "PySide6.Qt3DCore", "PySide6.QtMultimedia"} <= excluded


def test_qt_plugins_that_pull_in_qt_quick_or_pdf_are_left_out():
    binaries = [(name, f"/src/{name}", "BINARY") for name in (
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so", "PySide6/plugins/imageformats/qpdf.dll",
        "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6QmlModels.so.6", "PySide6/Qt6Pdf.dll",
        "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", "libpython3.11.so.1.0")]

    kept = {Path(name).name for name, _, _ in contents.without_unwanted_qt(binaries)}

    assert kept == {"libQt6Widgets.so.6", "libqsvg.so", "libibusplatforminputcontextplugin.so",
                    "libpython3.11.so.1.0"}
