"""What keeps the window responsive while a scan runs (tests/bench_gui.py measures it): the scan's child process
runs at a lower priority than the window, and the scan panel keeps its height as the scan's lines change."""

from __future__ import annotations

import sys
import textwrap

import pytest

pytest.importorskip("PySide6")

from auditor.model import Result, Severity, Status
from auditor.runner import Progress
from auditor.scan_stream import SCAN_NICENESS
from ui.widgets.scan_panel import ScanPanel

PRIORITY_CHECK = """
import os
from auditor.check import Check
from auditor.model import CheckSpec, Finding, Severity, Status

def probe(ctx):
    return Finding(Status.PASS, f"niceness {os.getpriority(os.PRIO_PROCESS, 0)}")

CHECK = Check(CheckSpec(id="priority-check", title="The scan says its priority", strategy="secure-devices",
                        severity=Severity.LOW, platforms=("linux",), why="Tests.", looks_at={"linux": "itself"}),
              {"linux": probe})
"""


@pytest.mark.skipif(sys.platform == "win32", reason="niceness is a POSIX idea")
def test_the_scans_checks_run_at_a_lower_priority_than_the_window(app_context, qtbot, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "priority_check.py").write_text(textwrap.dedent(PRIORITY_CHECK), encoding="utf-8")
    info = site / "priority_check-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: priority-check\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[homeguard.checks]\npriority-check = priority_check:CHECK\n",
                                           encoding="utf-8")
    app_context.scan_env = {"PYTHONPATH": str(site)}
    with qtbot.waitSignal(app_context.scan_finished, timeout=60_000) as finished:
        assert app_context.start_scan()
    said = {r.check_id: r.summary for r in finished.args[0].results}
    assert said["priority-check"] == f"niceness {SCAN_NICENESS}"
    import os

    assert os.getpriority(os.PRIO_PROCESS, 0) < SCAN_NICENESS  # the window itself is left as it was
    qtbot.waitUntil(lambda: not app_context.tasks.saving, timeout=30_000)


def test_the_scan_panel_keeps_its_height_while_its_lines_change(qtbot, app_context):
    panel = ScanPanel(app_context, "Scan a&gain")
    qtbot.addWidget(panel)
    panel.resize(700, 100)
    panel.show()
    heights = []
    panel._on_started()  # "Looking at this computer's settings... you can keep using Homeguard meanwhile."
    heights.append(panel.sizeHint().height())
    result = Result(check_id="firewall", title="The firewall is on", status=Status.FAIL, summary="It is off.",
                    strategy="secure-devices", severity=Severity.HIGH)
    panel._on_progress(Progress("finished", "firewall", 3, 40, result))  # "Checked: The firewall is on", one line
    assert panel.message() == "Checked: The firewall is on"
    heights.append(panel.sizeHint().height())
    panel._idle()
    panel.show_message("Scan finished today at 14:05: 40 checks on this computer.")
    heights.append(panel.sizeHint().height())
    assert len(set(heights)) == 1, heights
    panel.show_message("")  # nothing to say: no room kept
    assert panel.sizeHint().height() < heights[0]


@pytest.mark.skipif(sys.platform == "win32", reason="niceness is a POSIX idea")
def test_the_window_lowers_the_child_as_soon_as_it_has_started_it(app_context, qtbot, monkeypatch):
    """Not only once the child has loaded and lowers itself: its start (the interpreter and the imports) is the
    busiest moment of all."""
    import os

    import auditor.scan_stream

    lowered = []
    give_way = auditor.scan_stream.give_way_to_the_window

    def recorded(pid: int = 0) -> None:
        give_way(pid)
        lowered.append((pid, os.getpriority(os.PRIO_PROCESS, pid)))

    monkeypatch.setattr(auditor.scan_stream, "give_way_to_the_window", recorded)
    with qtbot.waitSignal(app_context.scan_finished, timeout=60_000):
        assert app_context.start_scan()
        started = app_context._scan
    assert started is not None and started._process is not None
    assert lowered == [(started._process.pid, SCAN_NICENESS)]  # by the window's worker, on the scan's child
    qtbot.waitUntil(lambda: not app_context.tasks.saving, timeout=30_000)
