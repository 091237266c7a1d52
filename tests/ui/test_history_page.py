"""The History page: past scans newest first, the chart drawn from the same data, and a past scan opened."""

import dataclasses

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, Qt

from auditor.model import Evidence, Result, ScanRun, Severity, Status
from auditor.recorded import RecordedHost
from auditor.registry import discover
from auditor.runner import run_scan
from auditor.settings import Settings
from auditor.store import Store
from tests.support import fixture
from ui.models.roles import KEY_ROLE
from ui.models.runs import RunsModel
from ui.pages.history import HistoryPage
from ui.widgets.score_chart import chart_points

DAY = 86400.0
BASE = 1_790_000_000.0  # mid-September 2026


def recorded_laptop(hostname: str = "family-laptop") -> RecordedHost:
    """A GNOME laptop answering from real recordings: the firewall on, a keyring, the rest not recorded."""
    host = RecordedHost(env={"XDG_CURRENT_DESKTOP": "ubuntu:GNOME",
                             "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"},
                        hostname=hostname, os_name="Ubuntu 24.04 LTS")
    host.add_command(["python3", "-m", "keyring", "--list-backends"],
                     fixture("linux/keyring/list-backends-gnome-with-kwallet.txt"))
    host.add_dir("/usr/bin").add_dir("/usr/sbin")
    host.add_file("/etc/ufw/ufw.conf", fixture("linux/ufw/debian12-ufw.conf-enabled"))
    host.add_file("/etc/default/ufw", fixture("linux/ufw/debian12-default-ufw"))
    return host


def scanned_run(hostname: str = "family-laptop") -> ScanRun:
    registry = discover()
    return run_scan(registry.for_platform("linux"), recorded_laptop(hostname), Settings(), failures=registry.failures)


def saved(store: Store, run: ScanRun, when: float) -> int:
    return store.save_run(dataclasses.replace(run, started_at=when - 3, finished_at=when))


def with_status(run: ScanRun, check_id: str, status: Status) -> ScanRun:
    return dataclasses.replace(run, results=tuple(
        dataclasses.replace(r, status=status) if r.check_id == check_id else r for r in run.results))


@pytest.fixture
def context(app_context):
    return app_context


@pytest.fixture
def page(qtbot, context):
    page = HistoryPage(context)
    qtbot.addWidget(page)
    page.resize(1060, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def three_runs(store):
    """Three scans saved out of order: the list must still be newest first. The middle one failed a critical check."""
    run = scanned_run()
    newest = saved(store, run, BASE + 20 * DAY)
    oldest = saved(store, with_status(run, "firewall", Status.FAIL), BASE)
    middle = saved(store, with_status(run, "remote-access", Status.FAIL), BASE + 10 * DAY)
    return oldest, middle, newest


def test_runs_are_listed_newest_first_with_what_a_parent_needs(page, store, three_runs, qtmodeltester):
    oldest, middle, newest = three_runs
    page.refresh()
    model = page.runs_model
    qtmodeltester.check(model)
    assert [model.index(row, 0).data(KEY_ROLE) for row in range(3)] == [newest, middle, oldest]
    summaries = {s.run_id: s for s in store.list_runs()}
    for row, run_id in enumerate((newest, middle, oldest)):
        summary = summaries[run_id]
        assert model.index(row, RunsModel.COL_DEVICE).data() == "family-laptop"
        assert model.index(row, RunsModel.COL_SCORE).data() == f"{round(summary.score)}"
        assert model.index(row, RunsModel.COL_CHECKED).data() == f"{round(summary.coverage * 100)}%"
    assert "2026" in model.index(0, RunsModel.COL_WHEN).data()
    assert model.index(1, RunsModel.COL_ACTION).data() == "1 thing to fix first"  # remote-access is critical
    assert model.index(0, RunsModel.COL_ACTION).data() == "None"
    assert page.selected_run_id() == newest  # the newest is ready to open
    assert page.count_label.text() == "3 scans kept on this computer"


def test_an_empty_model_passes_the_model_tester(page, qtmodeltester):
    assert page.runs_model.rowCount() == 0
    qtmodeltester.check(page.runs_model)


def test_with_no_scans_the_page_says_how_to_start(page):
    page.refresh()
    assert not page.empty.isHidden() and page.list_part.isHidden()
    assert page.chart.describe() == "No scans yet."
    assert page.scan_panel.scan_button.isEnabled()


def test_a_finished_scan_appears_without_leaving_the_page(page, context, qtbot):
    page.refresh()
    context.data_changed.connect(page.refresh)  # what the main window does for the page on screen
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        page.scan_panel.scan_button.click()
    qtbot.waitUntil(lambda: page.runs_model.rowCount() == 1)
    assert page.empty.isHidden() and not page.list_part.isHidden()
    assert len(page.chart.points()) == 1


def test_enter_opens_a_scan_and_shows_its_results(page, store, three_runs, qtbot):
    oldest, _, _ = three_runs
    page.refresh()
    page.select_run(oldest)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    shown = page.showing_run
    assert shown is not None and shown.run_id == oldest
    view = page.run_view
    expected = store.load_run(oldest)
    assert view.results.model.rowCount() == len(expected.results)
    assert {view.results.model.item_at(r).check_id for r in range(view.results.model.rowCount())} == {
        r.check_id for r in expected.results}
    # what needs fixing comes first, and its details are shown at once
    first = view.selected_result()
    assert first.check_id == "firewall" and first.status is Status.FAIL
    assert first.summary in view.results.details.toPlainText()
    assert "Score: " in view.summary.text() and "% checked" in view.summary.text()
    # choosing another row shows that one
    view.results.status_filter.setCurrentIndex(view.results.status_filter.findData("ok"))
    view.results.table.selectRow(0)
    assert view.selected_result().status is Status.PASS
    assert view.selected_result().summary in view.results.details.toPlainText()
    # Alt+Left goes back to the list (Esc is the main window's quick exit), with the same scan still selected
    page.activateWindow()
    view.results.table.setFocus()
    qtbot.waitUntil(view.results.table.hasFocus)
    qtbot.keyClick(view.results.table, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.showing_run is None
    assert page.selected_run_id() == oldest


def test_double_click_opens_a_scan(page, three_runs, qtbot):
    _, middle, _ = three_runs
    page.refresh()
    rect = page.table.visualRect(page.runs_model.index(page.runs_model.row_of(middle), 1))
    # a real double-click is a press and release, then the double-click: Qt opens only the row pressed first
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.showing_run is not None and page.showing_run.run_id == middle
    assert "Action needed" in page.run_view.action.text()
    page.run_view.back_button.click()
    assert page.showing_run is None


def test_untrusted_text_in_an_old_scan_stays_plain_text(page, store, qtbot):
    hostile = "<b>evil</b><img src=x>"
    run = ScanRun((Result("firewall", f"Firewall {hostile}", "secure-devices", Severity.HIGH, Status.FAIL,
                          f"Saw {hostile}", (Evidence(hostile, hostile),)),),
                  BASE, BASE + 1, "linux", hostile, "Linux", "0.1.0")
    run_id = store.save_run(run)
    page.refresh()
    assert page.runs_model.index(0, RunsModel.COL_DEVICE).data() == hostile
    assert page.open_run(run_id)
    view = page.run_view
    assert hostile in view.summary.text() and view.summary.textFormat() == Qt.TextFormat.PlainText
    details = view.results.details.toPlainText()
    assert f"Firewall {hostile}" in details and f"Saw {hostile}" in details
    assert "<img" not in view.results.details.toHtml().split("<body", 1)[1].replace("&lt;img", "")


@pytest.mark.parametrize("count", [0, 1, 7])
def test_the_chart_paints_and_matches_the_runs(page, store, qtbot, count):
    run = scanned_run()
    for i in range(count):
        saved(store, with_status(run, "firewall", Status.FAIL) if i % 2 else run, BASE + i * DAY)
    page.refresh()
    summaries = sorted(store.list_runs(), key=lambda s: s.started_at)
    points = page.chart.points()
    assert [p.run_id for p in points] == [s.run_id for s in summaries]  # oldest first, one point per scan
    assert [p.score for p in points] == [s.score for s in summaries]
    assert [p.coverage for p in points] == [s.coverage * 100 for s in summaries]
    assert [(p.lowest, p.highest) for p in points] == [(s.lowest, s.highest) for s in summaries]
    for size in ((1060, 760), (780, 620), (300, 180)):
        page.chart.resize(*size)
        assert not page.chart.grab().isNull()  # paintEvent runs; an exception in it fails the test
    if count:
        assert f"{count} scan" in page.chart.describe()
        assert f"{round(summaries[-1].score)} out of 100" in page.chart.describe()


def test_one_kind_of_advice_can_be_charted(page, store, three_runs):
    page.refresh()
    page.series.setCurrentIndex(page.series.findData("secure-devices"))
    summaries = sorted(store.list_runs(), key=lambda s: s.started_at)
    points = page.chart.points()
    assert [p.score for p in points] == [s.strategy_scores["secure-devices"] for s in summaries]
    assert all(p.coverage is None and p.lowest is None for p in points)  # only the overall has those
    assert not page.chart.grab().isNull()
    assert "secure your devices" in page.chart.describe().lower()


def test_a_scan_without_a_score_breaks_the_line_but_still_paints(page, store):
    run = scanned_run()
    saved(store, run, BASE)
    undecided = dataclasses.replace(run, results=tuple(
        dataclasses.replace(r, status=Status.UNKNOWN) for r in run.results))
    saved(store, undecided, BASE + DAY)
    saved(store, run, BASE + 2 * DAY)
    page.refresh()
    assert [p.score is None for p in page.chart.points()] == [False, True, False]
    assert not page.chart.grab().isNull()
    assert page.runs_model.index(1, RunsModel.COL_SCORE).data() == "—"


def test_clicking_a_point_selects_that_scan(page, three_runs, qtbot):
    oldest, _, newest = three_runs
    page.refresh()
    assert page.selected_run_id() == newest
    position = page.chart.point_pos(0)  # the oldest, on the left
    qtbot.mouseClick(page.chart, Qt.MouseButton.LeftButton, pos=QPoint(int(position.x()), int(position.y())))
    assert page.selected_run_id() == oldest


def test_chart_points_helper_orders_oldest_first(store, three_runs):
    runs = store.list_runs()
    points = chart_points(runs)
    assert [p.when for p in points] == sorted(p.when for p in points)
    strategy = chart_points(runs, "personal-info")
    assert [p.score for p in strategy] == [r.strategy_scores["personal-info"] for r in reversed(runs)]


def test_every_control_has_a_name(page, three_runs):
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QTableView

    page.refresh()
    page.open_run(three_runs[0])
    for kind in (QAbstractButton, QComboBox, QLineEdit, QTableView):
        for widget in page.findChildren(kind):
            if widget.objectName().startswith("qt_") or isinstance(widget.parent(), QLineEdit):
                continue  # Qt's own parts: a table's corner button, a search field's clear button
            assert widget.accessibleName(), f"{kind.__name__} {widget.objectName() or widget} has no name"
