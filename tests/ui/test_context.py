"""The shared context's background work: a scan in a child process whose results reach the pages on the main thread,
cancel at once, a failure in plain words, the one registry honouring safe mode, and saves in order off the main
thread."""

import threading

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication, QThread

from auditor.model import Status
from auditor.settings import Settings
from auditor.store import Store

QUICK = 30_000  # ms: generous for a loaded machine, never reached when things work


def on_main_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_a_scan_runs_in_a_child_and_its_results_reach_the_main_thread_saved_with_the_answers(qtbot, app_context,
                                                                                            store):
    sam = app_context.household.add_person("Sam", "13-17")
    app_context.household.record_answer("support-trusted-adult", "person", sam.id, "yes", Status.PASS)
    steps, threads = [], set()
    app_context.scan_progress.connect(lambda step: (steps.append(step), threads.add(on_main_thread())))
    with qtbot.waitSignal(app_context.scan_finished, timeout=QUICK) as finished:
        assert app_context.start_scan()
        assert app_context.scanning and not app_context.start_scan()  # one scan at a time
    run = finished.args[0]
    assert not app_context.scanning
    assert threads == {True}
    device = [r for r in run.results if r.kind == "device"]
    arrived = {s.result.check_id: s.result for s in steps if s.event == "finished"}
    assert arrived == {r.check_id: r for r in device}  # each result arrived as it finished, the same as kept
    assert run.hostname == "family-laptop" and not run.cancelled
    assert run.run_id is not None and store.latest_run_id() == run.run_id
    guided = {(r.check_id, r.subject): r.status for r in run.results if r.kind == "guided"}
    assert guided[("support-trusted-adult", "Sam")] is Status.PASS
    kept = store.load_run(run.run_id)
    assert sorted((r.check_id, r.subject, r.status) for r in kept.results) == \
        sorted((r.check_id, r.subject, r.status) for r in run.results)


def test_cancel_ends_the_scan_at_once_and_keeps_nothing(qtbot, app_context, store, slow_scan_env):
    app_context.scan_env = slow_scan_env  # one check takes 20 s
    with qtbot.waitSignal(app_context.scan_progress, timeout=QUICK):
        assert app_context.start_scan()
    with qtbot.waitSignal(app_context.scan_finished, timeout=5_000) as finished:
        app_context.cancel_scan()
    assert finished.args[0].cancelled and "slow-check" not in [r.check_id for r in finished.args[0].results]
    assert not app_context.scanning and store.latest_run_id() is None


def test_a_scan_that_cannot_run_is_told_in_plain_words(qtbot, app_context, tmp_path):
    app_context.scenario = tmp_path / "no-such-machine.toml"
    with qtbot.waitSignal(app_context.scan_failed, timeout=QUICK) as failed:
        assert app_context.start_scan()
    message = failed.args[0]
    sentence, _, details = message.partition(" Details: ")
    assert sentence == "The scan stopped unexpectedly before giving any results (exit code 1)."
    assert "no-such-machine.toml" in details and not app_context.scanning


def test_the_registry_is_loaded_once_and_holds_safe_mode(app_context):
    registry = app_context.registry
    assert app_context.registry is registry and not registry.safe_mode
    app_context.safe_mode = True
    assert app_context.registry.safe_mode and app_context.registry is not registry
    assert app_context.registry is app_context.registry


def test_saves_happen_off_the_main_thread_in_order_and_then_the_pages_hear(qtbot, app_context, store):
    events, threads = [], []
    app_context.data_changed.connect(lambda: events.append("data_changed"))

    def add(name):
        def change():
            threads.append(threading.current_thread())
            return app_context.household.add_person(name, "adult")
        return change

    for name in ("Ann", "Bob", "Cat"):
        app_context.save(add(name), then=lambda person: events.append(person.nickname))
    qtbot.waitUntil(lambda: not app_context.tasks.busy, timeout=QUICK)
    assert [p.nickname for p in app_context.household.people()] == ["Ann", "Bob", "Cat"]
    assert events == ["Ann", "data_changed", "Bob", "data_changed", "Cat", "data_changed"]
    assert threading.main_thread() not in threads


def test_new_settings_are_seen_at_once_and_written_in_the_background(qtbot, app_context, store, tmp_path):
    app_context.save_settings(Settings(screen_lock_max_minutes=5))
    app_context.save_settings(app_context.settings.with_value("region", "US"))
    assert app_context.settings == Settings(screen_lock_max_minutes=5, region="US")
    qtbot.waitUntil(lambda: not app_context.tasks.busy, timeout=QUICK)
    again = Store(tmp_path / "data")
    try:
        assert again.settings() == Settings(screen_lock_max_minutes=5, region="US")
    finally:
        again.close()


def test_after_shutdown_no_scan_starts(app_context):
    assert app_context.shutdown(5.0)
    assert not app_context.start_scan() and not app_context.scanning


def test_after_a_scan_the_pages_get_the_run_its_worker_joined_until_something_is_written(qtbot, app_context,
                                                                                       monkeypatch):
    """The refresh that follows a scan works nothing out again on the main thread: the worker that saved the scan
    joined it with the answers. Any write after that (an answer, a setting, a rename) makes it out of date."""
    with qtbot.waitSignal(app_context.scan_finished, timeout=QUICK) as finished:
        assert app_context.start_scan()
    run = finished.args[0]
    worked_out = []
    import auditor.guided

    real = auditor.guided.guided_results
    monkeypatch.setattr(auditor.guided, "guided_results", lambda *a, **k: worked_out.append(1) or real(*a, **k))
    assert app_context.current_run() == run and app_context.latest_scan() == run
    assert worked_out == []

    sam = app_context.household.add_person("Sam", "13-17")  # written directly, then announced: as a rename is
    app_context.household.record_answer("support-trusted-adult", "person", sam.id, "yes", Status.PASS)
    app_context.notify_changed()
    current = app_context.current_run()
    assert worked_out == [1]
    assert ("support-trusted-adult", "Sam", Status.PASS) in {(r.check_id, r.subject, r.status) for r in current.results}
    assert app_context.latest_scan().run_id == run.run_id

    worked_out.clear()
    with qtbot.waitSignal(app_context.data_changed, timeout=QUICK):
        app_context.save(lambda: app_context.household.add_person("Ann", "adult"))
    app_context.current_run()
    assert worked_out == [1]  # a save through the context is seen too


def test_warm_up_loads_the_checks_off_the_main_thread(qtbot, app_context, monkeypatch):
    """Loading the checks imports every one of them; the window asks for them without ever waiting."""
    import auditor.registry

    threads = []
    asked = threading.Event()  # the worker loads only once the main thread has asked: no race with a fast load
    discover = auditor.registry.discover

    def held_discover(**kwargs):
        threads.append(threading.current_thread())
        asked.wait(QUICK / 1000)
        return discover(**kwargs)

    monkeypatch.setattr(auditor.registry, "discover", held_discover)
    with qtbot.waitSignal(app_context.registry_loaded, timeout=QUICK):
        app_context.warm_up()
        assert app_context.loaded_registry() is None  # not there yet, and asking does not load it here
        asked.set()
    registry = app_context.loaded_registry()
    assert registry is not None and registry is app_context.registry and not registry.safe_mode
    assert threads and threading.main_thread() not in threads
    qtbot.waitUntil(lambda: not app_context.tasks.busy, timeout=QUICK)
    assert len(threads) == 1  # loaded once, however often it was asked for
