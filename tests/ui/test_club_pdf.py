"""``homeguard club summary ... --pdf FILE``: main.py hands the terminal Qt's PDF writer, which works with no display;
the text summary never loads Qt; and when Qt cannot be loaded the other outputs are still written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import main
from auditor.intake import report_from_bytes
from tests.clock import made_at
from tests.core.test_club import write_club
from tests.support import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b(?!s)")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Six reports of the recorded family laptop, scanned in the last hours, named after their pupils."""
    source = FIXTURES / "reports" / "family-laptop-v2.json"
    base = report_from_bytes(source.name, source.read_bytes(), now=made_at(source))  # re-dated by write_club
    folder = tmp_path_factory.mktemp("reports") / "club"
    write_club(folder, base, 6)
    return folder


def pages(pdf: bytes) -> int:
    return len(PAGE_OBJECT.findall(pdf))


def without_display() -> dict[str, str]:
    hidden = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return {key: value for key, value in os.environ.items() if key not in hidden}


def test_main_writes_the_pdf_offscreen(qapp, folder, tmp_path, capsys):
    out = tmp_path / "summary.pdf"
    assert main.main(["club", "summary", str(folder), "--pdf", str(out)]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and pages(pdf) >= 1
    assert capsys.readouterr().err.endswith(f"Wrote the club summary's PDF to {out}.\n")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.pdf"]  # the temporary file was renamed, not left


def test_the_homeguard_command_writes_a_pdf_with_no_display_at_all(folder, tmp_path):
    """As over ssh or in CI: no DISPLAY and no QT_QPA_PLATFORM; main.py chooses Qt's offscreen drawing itself."""
    out = tmp_path / "summary.pdf"
    done = subprocess.run([sys.executable, "-c", "import sys, main; sys.exit(main.main(sys.argv[1:]))",
                           "club", "summary", str(folder), "--pdf", str(out), "--json"],
                          cwd=ROOT, env=without_display(), capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF") and pages(pdf) >= 1
    assert b'"machines": 6' in done.stdout  # the other output is written as usual


def test_the_text_summary_never_loads_qt(folder):
    code = ("import sys, main\n"
            "code = main.main(['club', 'summary', sys.argv[1]])\n"
            "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
            "print('QT-MODULES', qt)\n"
            "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", code, str(folder)], cwd=ROOT, env=without_display(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Club summary: 6 computers")
    assert "QT-MODULES []" in done.stdout


def test_when_qt_cannot_be_loaded_the_pdf_says_so_and_the_rest_is_written(folder, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ui.widgets.report_print", None)  # importing it now raises ImportError
    page, out = tmp_path / "summary.html", tmp_path / "summary.pdf"
    assert main.main(["club", "summary", str(folder), "--html", str(page), "--pdf", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out.startswith("Club summary: 6 computers")
    assert "<h1>Homeguard club summary</h1>" in page.read_text(encoding="utf-8")
    assert not out.exists()
    assert f"homeguard: the PDF could not be written to {out}: the PDF needs the desktop parts of Homeguard (Qt)" \
        in captured.err
