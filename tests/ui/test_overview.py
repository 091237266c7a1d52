"""The overview: the score and coverage exactly as the scorecard says, "action needed" first, "do these next" in
order of what matters most, and a first run that explains Homeguard and starts the first scan."""

import dataclasses
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt

from auditor.advice import STRATEGIES
from auditor.guided import guided_results
from auditor.model import Result, ScanRun, Severity, Status
from auditor.next_steps import next_steps
from auditor.recorded import load_scenario
from auditor.registry import discover
from auditor.runner import run_scan
from auditor.scoring import scorecard
from auditor.store import Store
from ui.pages.overview import OverviewPage, score_headline, strategy_caption, target_page

SCENARIO = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "family-laptop.toml"


def family_laptop():
    return load_scenario(SCENARIO)


def make_page(qtbot, context):
    """The overview over the shared app context (tests/ui/conftest.py), which is shut down after the test."""
    page = OverviewPage(context)
    qtbot.addWidget(page)
    page.resize(1060, 760)
    page.show()
    return context, page


def save_scan(store: Store, context) -> ScanRun:
    registry = discover()
    host = family_laptop()
    run = run_scan(registry.for_platform(host.platform), host, store.settings(), failures=registry.failures)
    guided = guided_results(context.content, context.household)
    run = dataclasses.replace(run, results=run.results + tuple(guided))
    return dataclasses.replace(run, run_id=store.save_run(run))


def result(check_id: str, status: Status, severity: Severity, *, kind: str = "device", subject: str = "") -> Result:
    return Result(check_id, check_id.replace("-", " ").capitalize(), "secure-devices", severity, status,
                  f"{check_id}: {status}", kind=kind, subject=subject)


def test_the_first_run_explains_and_starts_the_first_scan(qtbot, store, app_context):
    context, page = make_page(qtbot, app_context)
    assert page.first_run
    assert page.welcome.isVisible() and not page.dashboard.isVisible()
    words = " ".join(label.text() for label in page.welcome.findChildren(type(page.subtitle)))
    assert "Nothing" in words or "never sends anything" in words
    assert "stays on this computer" in words
    button = page.first_scan.scan_button
    assert button.text().replace("&", "") == "Start the first scan"
    with qtbot.waitSignal(context.scan_finished, timeout=30_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not context.scanning, timeout=30_000)
    page.refresh()  # the main window does this when data changes
    assert not page.first_run
    # Filled at once; on screen it takes the welcome's place on the event loop's next turn (its own frame).
    qtbot.waitUntil(lambda: page.dashboard.isVisible() and not page.welcome.isVisible())


def test_score_coverage_and_range_are_those_of_the_scorecard(qtbot, store, app_context):
    context, page = make_page(qtbot, app_context)
    save_scan(store, context)
    page.refresh()
    card = scorecard(context.current_run().results)
    line = card.overall
    assert page.score_value.text() == f"{round(line.score)}"
    assert page.score_headline.text() == f"\u2014 {round(line.coverage * 100)}% checked"
    assert score_headline(line) == f"{round(line.score)} \u2014 {round(line.coverage * 100)}% checked"
    assert f"from {round(line.lowest)}" in page.score_range.text()
    assert f"to {round(line.highest)}" in page.score_range.text()
    assert f"{line.counts.get('pass', 0)} OK" in page.counts.text()
    for strategy in STRATEGIES:
        row = page.strategy_rows[strategy.id]
        expected = card.by_strategy[strategy.id]
        assert row.caption.text() == strategy_caption(expected)
        assert row.bar.score() == expected.score
    # Nobody has been added yet, so the family's questions are all waiting and the page says so.
    assert "waiting for an answer" in page.unchecked.text()
    assert not page.unchecked_button.isHidden()


def test_answers_move_the_score_without_a_new_scan(qtbot, store, app_context):
    context, page = make_page(qtbot, app_context)
    save_scan(store, context)
    page.refresh()
    before = page.card.overall
    person = context.household.add_person("Sam", "adult")
    context.household.set_services(person, ["gmail"])
    context.household.record_answer("two-step-main-email", "person", person.id, "yes", Status.PASS)
    page.refresh()
    assert page.card.overall.coverage > before.coverage


def test_action_needed_comes_first_when_a_critical_check_fails(qtbot, store, app_context):
    context, page = make_page(qtbot, app_context)
    save_scan(store, context)
    page.refresh()
    assert page.action_card.isHidden()  # nothing critical fails on the recorded laptop

    person = context.household.add_person("Priya", "adult")
    context.household.set_services(person, ["gmail"])
    context.household.record_answer("two-step-main-email", "person", person.id, "no", Status.FAIL)
    page.refresh()
    assert not page.action_card.isHidden()
    assert [(r.check_id, r.subject) for r in page.action_results()] == [("two-step-main-email", "Priya")]
    assert "two-step-main-email" not in {r.check_id for r in page.next_results()}  # not listed twice
    qtbot.waitUntil(lambda: page.action_card.geometry().bottom() < page.next_card.geometry().top())

    navigated = []
    context.navigate.connect(navigated.append)
    row = page.action_rows.itemAt(0).widget()
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert navigated == ["people#Priya"]


def test_do_these_next_lists_what_costs_the_most_score_first(qtbot, store, app_context):
    results = [
        result("low-fail", Status.FAIL, Severity.LOW),
        result("high-partial", Status.PARTIAL, Severity.HIGH),
        result("medium-fail", Status.FAIL, Severity.MEDIUM),
        result("high-fail-guided", Status.FAIL, Severity.HIGH, kind="guided", subject="Maya"),
        result("high-fail", Status.FAIL, Severity.HIGH),
        result("critical-fail", Status.FAIL, Severity.CRITICAL),  # shown under "action needed" instead
        result("high-pass", Status.PASS, Severity.HIGH),
        result("high-unknown", Status.UNKNOWN, Severity.HIGH),
        result("critical-partial", Status.PARTIAL, Severity.CRITICAL),
    ]
    order = [r.check_id for r in next_steps(results, limit=10)]
    # critical partial costs 4 points, like a high fail; a device check comes before an answer at equal cost.
    assert order == ["critical-partial", "high-fail", "high-fail-guided", "high-partial", "medium-fail", "low-fail"]
    assert [r.check_id for r in next_steps(results, limit=2)] == ["critical-partial", "high-fail"]

    context, page = make_page(qtbot, app_context)
    save_scan(store, context)
    page.refresh()
    shown = page.next_results()
    assert shown == next_steps(list(context.current_run().results))
    assert shown and shown[0].check_id == "disk-encryption"  # the high-weight failure on the recorded laptop

    navigated = []
    context.navigate.connect(navigated.append)
    qtbot.mouseClick(page.next_rows.itemAt(0).widget().button, Qt.MouseButton.LeftButton)
    assert navigated == ["device#disk-encryption"]


def test_where_each_kind_of_fix_is_found():
    assert target_page(result("screen-lock", Status.FAIL, Severity.HIGH)) == "device#screen-lock"
    assert target_page(result("quiz-red-flags", Status.FAIL, Severity.MEDIUM, kind="guided", subject="Leo")) == "quiz"
    assert target_page(result("support-family-agreement", Status.FAIL, Severity.MEDIUM, kind="guided",
                              subject="household")) == "people#household"
    assert target_page(result("two-step-x", Status.FAIL, Severity.HIGH, kind="guided")) == "people"


def test_names_are_shown_as_plain_text(qtbot, store, app_context):
    context, page = make_page(qtbot, app_context)
    save_scan(store, context)
    person = context.household.add_person("<b>Bo</b>", "adult")
    context.household.set_services(person, ["gmail"])
    context.household.record_answer("two-step-main-email", "person", person.id, "no", Status.FAIL)
    page.refresh()
    row = page.action_rows.itemAt(0).widget()
    labels = [label for label in row.findChildren(type(page.subtitle)) if "<b>Bo</b>" in label.text()]
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


def test_the_dashboard_is_ready_before_the_first_scan_ends_and_its_rows_are_kept(qtbot, store, app_context):
    """On a first run the welcome paints alone and the dashboard is built once it has (so a scan's end only fills
    it); a refresh then gives the rows their results in place instead of building new ones."""
    context, page = make_page(qtbot, app_context)
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page._dashboard_built)
    assert page.first_run and page.dashboard.isHidden()
    save_scan(store, context)
    page.refresh()
    rows = [page.next_rows.itemAt(i).widget() for i in range(page.next_rows.count())]
    shown = page.next_results()
    page.refresh()
    assert [page.next_rows.itemAt(i).widget() for i in range(page.next_rows.count())] == rows
    assert page.next_results() == shown


def test_a_one_computer_home_reads_exactly_as_it_always_did(qtbot, store, app_context):
    """No other computer added: no word of a home, no computer named on a row, the same sentences as before."""
    from PySide6.QtWidgets import QLabel, QPushButton

    from ui.models.results import check_text
    from ui.widgets.scan_panel import when_text

    context, page = make_page(qtbot, app_context)
    run = save_scan(store, context)
    person = context.household.add_person("Priya", "adult")
    context.household.set_services(person, ["gmail"])
    context.household.record_answer("two-step-main-email", "person", person.id, "no", Status.FAIL)
    page.refresh()
    qtbot.waitUntil(lambda: page.dashboard.isVisible())
    assert page.subtitle.text() == (f"This computer ({run.hostname}) was scanned {when_text(run.finished_at)}. "
                                    "Answers the family gives count straight away.")
    assert page.next_intro.text() == "The things that would raise the score most, most important first."
    assert page.score_headline.accessibleName().startswith("Score: ")
    rows = [page.action_rows.itemAt(0).widget(), *(page.next_rows.itemAt(i).widget()
                                                    for i in range(len(page.next_results())))]
    assert [row.title.text() for row in rows] == [check_text(r) for r in page.action_results() + page.next_results()]
    assert {row.button.text() for row in rows} == {"Show me how"}
    assert not page.score.caption.isVisible() and not page.computers.isVisible()
    texts = [w.text() for w in (*page.findChildren(QLabel), *page.findChildren(QPushButton)) if w.isVisible()]
    assert not [t for t in texts if "your home" in t.casefold() or "settings score" in t.casefold()
                or " \u2014 on " in t]
