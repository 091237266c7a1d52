"""The project's own rules, checked on every run: a Qt-free core, no shell, no network, fixtures with sources."""

import ast
import tomllib
from pathlib import Path

import pytest

from tests.support import FIXTURES, REQUIRED_SOURCE_KEYS, SOURCE_FILE

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = [*sorted((ROOT / "auditor").rglob("*.py")), *sorted((ROOT / "checks").rglob("*.py")),
           *sorted((ROOT / "ui").rglob("*.py")), ROOT / "main.py"]
NETWORK_MODULES = {"requests", "urllib.request", "http.client", "httpx", "aiohttp", "ftplib", "smtplib",
                   "socketserver", "xmlrpc.client", "urllib3"}


def imports(path: Path, text: str | None = None) -> set[str]:
    """Every module a file imports, anywhere in it: top level, inside functions, relative, or by name at run time.

    ``text`` stands in for the file's contents (the finder's own test), with ``path`` still placing it in a package.
    """
    source = path.read_text(encoding="utf-8") if text is None else text
    tree = ast.parse(source, filename=str(path))
    package = path.relative_to(ROOT).with_suffix("").parts[:-1] if path.is_relative_to(ROOT) else ()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from . import x / from ..ui import y: resolve against the file's own package
                parent = package[: len(package) - node.level + 1] if node.level <= len(package) else ()
                base = ".".join([*parent, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" if base else alias.name for alias in node.names)
        elif (isinstance(node, ast.Call) and _call_name(node.func) in ("import_module", "__import__")
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names.add(node.args[0].value)
    names.discard("")
    return names


def _call_name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


CORE = [p for p in PRODUCT if p.parts[len(ROOT.parts)] in ("auditor", "checks")]
FACE = {"ui", "PySide6", "shiboken6"}


@pytest.mark.parametrize("path", CORE, ids=rel)
def test_the_engine_and_the_checks_never_import_the_window_or_qt(path):
    """auditor/ and checks/ run without Qt (the terminal, the scan child); only main.py chooses the window."""
    found = sorted(name for name in imports(path) if name.split(".")[0] in FACE)
    assert not found, f"{rel(path)} imports {', '.join(found)}"


def test_the_import_finder_sees_hidden_imports():
    """The rule above is only as good as the finder: imports in functions, relative ones and by-name ones count."""
    text = (
        "import json\n"
        "def late():\n"
        "    from ui.app import main\n"
        "    import PySide6.QtCore\n"
        "class Lazy:\n"
        "    def method(self):\n"
        "        from .. import ui\n"
        "        importlib.import_module('shiboken6')\n"
        "        return __import__('ui.pages')\n"
    )
    found = imports(ROOT / "auditor" / "not_a_real_module.py", text)
    assert {"json", "ui.app", "PySide6.QtCore", "ui", "shiboken6", "ui.pages"} <= found
    assert imports(ROOT / "checks" / "local" / "x.py", "from ..common import macos\n") >= {"checks.common.macos"}


@pytest.mark.parametrize("path", [p for p in PRODUCT if p.parts[len(ROOT.parts)] in ("checks", "ui")], ids=rel)
def test_checks_and_ui_never_touch_the_os_directly(path):
    """Only the Host runs programs; checks and the UI go through it."""
    assert not imports(path) & {"subprocess", "psutil"}


@pytest.mark.parametrize("path", PRODUCT, ids=rel)
def test_nothing_runs_through_a_shell_or_opens_the_network(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "shell":
            assert isinstance(node.value, ast.Constant) and node.value.value is False, f"shell= in {rel(path)}"
        is_os = getattr(getattr(node, "value", None), "id", "") == "os"
        if isinstance(node, ast.Attribute) and node.attr in ("system", "popen") and is_os:
            pytest.fail(f"os.{node.attr} in {rel(path)}")
    assert not imports(path) & NETWORK_MODULES


def fixture_files() -> list[Path]:
    return sorted(
        p for p in FIXTURES.rglob("*")
        if p.is_file() and p.name != SOURCE_FILE and "scenarios" not in p.relative_to(FIXTURES).parts
    )


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_says_where_it_came_from(path):
    manifest = path.parent / SOURCE_FILE
    assert manifest.exists(), f"{manifest} is missing"
    entry = tomllib.loads(manifest.read_text(encoding="utf-8")).get(path.name)
    assert entry, f"{path.name} has no entry in {manifest}"
    for key in REQUIRED_SOURCE_KEYS:
        assert str(entry.get(key, "")).strip(), f"{path.name}: '{key}' is empty in {manifest}"
    if "url" in entry:
        assert entry["url"].startswith("https://"), f"{path.name}: url should be https"


@pytest.mark.parametrize("manifest", sorted(FIXTURES.rglob(SOURCE_FILE)), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_source_entry_names_a_file_that_exists(manifest):
    for name in tomllib.loads(manifest.read_text(encoding="utf-8")):
        assert (manifest.parent / name).is_file(), f"{manifest} lists {name}, which is not there"


def test_the_readme_check_table_is_the_one_the_checks_generate():
    from auditor import check_table
    from auditor.registry import discover

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    expected = check_table.markdown(check for check, _ in discover().checks)
    assert expected in readme, "README's check table is out of date: run `python main.py checks --markdown`"
