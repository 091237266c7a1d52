"""What keeps the window's start and a scan's end quick (tests/bench_start.py and tests/bench_gui.py measure them):
work held back until the window has painted, and work done once on a worker rather than on the window's thread.

- The version is looked up only for ``--version`` (reading the package's metadata costs about 30 ms at start).
- The window starts with the small sizes of its icon and gets the whole icon once it has painted.
- The font-following style is installed only when the text is large enough for it to change a size.
- What changed since the previous scan comes with the scan (worked out by its worker), not from a worker of the
  Overview's own started as the scan ends; a row shown again with the same words is left as it is.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QFont, QIcon

from auditor.model import Result, Severity, Status
from tests.support import FAMILY_LAPTOP, family_laptop_with_firewall_off
from ui.icons import SIZES, START_SIZES, app_icon
from ui.style import FontScaledStyle, follow_the_font, font_outgrows_the_style
from ui.widgets.overview_parts import ResultRow

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = FAMILY_LAPTOP

PARSE_ONLY = """
import sys
from ui.launch import build_parser
args = build_parser().parse_args(["--data-dir", "somewhere"])
print(args.data_dir, "importlib.metadata" in sys.modules)
"""


def test_the_window_reads_its_command_line_without_looking_up_the_version():
    done = subprocess.run([sys.executable, "-c", PARSE_ONLY], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["somewhere", "False"]
    asked = subprocess.run([sys.executable, "-m", "ui.launch", "--version"], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
    assert asked.returncode == 0 and asked.stdout.startswith("Homeguard 0."), asked.stderr


def sizes(icon: QIcon) -> set[int]:
    return {size.width() for size in icon.availableSizes()}


def test_the_whole_icon_comes_once_the_window_has_painted(qtbot, qapp, app_context):
    from ui.app import build_window

    assert sizes(app_icon(START_SIZES)) == set(START_SIZES) and max(START_SIZES) < max(SIZES)
    before = qapp.windowIcon()
    qapp.setWindowIcon(app_icon(START_SIZES))  # as make_application starts it
    try:
        window = build_window(app_context)
        qtbot.addWidget(window)
        assert sizes(qapp.windowIcon()) == set(START_SIZES)  # not before the first paint
        window.show()
        qtbot.waitUntil(lambda: sizes(qapp.windowIcon()) >= set(SIZES), timeout=10_000)
        window.close()
    finally:
        qapp.setWindowIcon(before)


def test_the_style_follows_the_font_only_once_the_text_outgrows_it(qapp):
    before_font, before_style = QFont(qapp.font()), qapp.style()
    system = before_style.baseStyle().name() if isinstance(before_style, FontScaledStyle) else before_style.name()
    try:
        qapp.setStyle(system)  # as at start: the system's own style
        small = QFont(before_font)
        small.setPixelSize(10)
        qapp.setFont(small)
        assert not font_outgrows_the_style(qapp)
        follow_the_font(qapp)
        assert not isinstance(qapp.style(), FontScaledStyle)  # it would change nothing, only slow every call

        large = QFont(before_font)
        large.setPointSizeF(16.0)
        qapp.setFont(large)
        assert font_outgrows_the_style(qapp)
        follow_the_font(qapp)
        style = qapp.style()
        assert isinstance(style, FontScaledStyle) and style.baseStyle().name() == system  # the system's underneath
    finally:
        qapp.setFont(before_font)
        if isinstance(before_style, FontScaledStyle):
            follow_the_font(qapp)  # as an earlier test left it (large text), the style followed the font
        else:
            qapp.setStyle(system)


def test_a_row_given_the_same_words_again_keeps_them_and_takes_the_new_result(qtbot):
    opened = []
    row = ResultRow(lambda result, computer: opened.append(result))
    qtbot.addWidget(row)
    first = Result(check_id="firewall", title="The firewall is on", status=Status.FAIL, summary="It is off.",
                   strategy="secure-devices", severity=Severity.HIGH)
    row.set_result(first)
    icon_key = row.icon.pixmap().cacheKey()
    again = dataclasses.replace(first, duration=first.duration + 1.5)  # a scan again: the same words, a new result
    row.set_result(again)
    assert row.result is again and row.icon.pixmap().cacheKey() == icon_key  # not drawn again
    row.button.click()
    assert opened == [again]
    fixed = dataclasses.replace(again, status=Status.PASS, summary="It is on.")
    row.set_result(fixed)
    assert row.summary.text() == "It is on." and row.icon.pixmap().cacheKey() != icon_key


@pytest.fixture
def window_pages():
    from ui.main_window import PageEntry

    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview")]


@pytest.fixture
def firewall_off(tmp_path):
    return family_laptop_with_firewall_off(tmp_path)


def test_what_changed_comes_with_the_scan_itself(main_window, app_context, qtbot, firewall_off, monkeypatch):
    asked = []
    run_task = app_context.tasks.run

    def run(work, **options):
        asked.append(options.get("name"))
        return run_task(work, **options)

    monkeypatch.setattr(app_context.tasks, "run", run)
    page = main_window.pages["overview"]
    for scenario in (SCENARIO, firewall_off):
        app_context.scenario = scenario
        with qtbot.waitSignal(app_context.scan_finished, timeout=60_000) as finished:
            assert app_context.start_scan()
        run = finished.args[0]
        known = app_context.changes_for(run.run_id)
        assert known is not None and known.run_id == run.run_id
    # Shown on the turn after the scan's refresh, with no worker of the page's own.
    qtbot.waitUntil(lambda: "got worse" in page.score.changes.text() and not page.score.changes.isHidden(),
                    timeout=1_000)
    assert "compare with the previous scan" not in asked and "scan" in asked
    assert app_context.changes_for(None) is None and app_context.changes_for(run.run_id + 1) is None
    qtbot.waitUntil(lambda: not app_context.scanning and not app_context.tasks.saving, timeout=30_000)
