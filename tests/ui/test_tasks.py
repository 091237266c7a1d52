"""The window's one way to do background work: work on a worker, its news on the main thread, cancel, shutdown."""

import sys
import threading

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication, QThread

from ui.tasks import DEFAULT_WORKERS, Cancelled, TaskManager, TaskRefused

QUICK = 10_000  # ms: generous for a loaded machine, never reached when things work


def pause(seconds: float) -> None:
    """Stands for a piece of real work, on the worker."""
    threading.Event().wait(seconds)


@pytest.fixture
def errors():
    return []


@pytest.fixture
def tasks(qapp, errors):
    manager = TaskManager(error_presenter=errors.append)
    yield manager
    manager.shutdown(5.0)


def on_main_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_success_is_delivered_on_the_main_thread_and_the_work_ran_elsewhere(qtbot, tasks):
    seen = {}

    def work(handle):
        seen["work_on_main"] = on_main_thread()
        return 42

    def success(value):
        seen["value"], seen["success_on_main"] = value, on_main_thread()

    tasks.run(work, on_success=success, name="answer")
    qtbot.waitUntil(lambda: "value" in seen, timeout=QUICK)
    assert seen == {"work_on_main": False, "value": 42, "success_on_main": True}
    qtbot.waitUntil(lambda: not tasks.busy, timeout=QUICK)


def test_failure_is_delivered_on_the_main_thread(qtbot, tasks, errors):
    failures = []

    def work(handle):
        raise ValueError("the disk is full")

    tasks.run(work, on_success=lambda value: pytest.fail("no success expected"),
              on_failure=lambda exc: failures.append((exc, on_main_thread())))
    qtbot.waitUntil(lambda: bool(failures), timeout=QUICK)
    (exc, main), = failures
    assert isinstance(exc, ValueError) and str(exc) == "the disk is full" and main
    assert errors == []  # told to the task's own handler, not to the error presenter


def test_a_failure_nobody_handles_goes_to_the_error_presenter(qtbot, tasks, errors):
    tasks.run(lambda handle: 1 / 0, on_success=lambda value: None)
    qtbot.waitUntil(lambda: bool(errors), timeout=QUICK)
    assert isinstance(errors[0], ZeroDivisionError)


def test_a_broken_success_callback_goes_to_the_error_presenter(qtbot, tasks, errors):
    def success(value):
        raise RuntimeError("a page broke")

    tasks.run(lambda handle: 1, on_success=success)
    qtbot.waitUntil(lambda: bool(errors), timeout=QUICK)
    assert str(errors[0]) == "a page broke"


def test_the_default_error_presenter_is_the_apps_excepthook(qtbot, qapp):
    hooked = []
    previous, sys.excepthook = sys.excepthook, lambda kind, exc, tb: hooked.append((kind, exc, tb))
    manager = TaskManager()
    try:
        manager.run(lambda handle: [][1], on_success=lambda value: None)
        qtbot.waitUntil(lambda: bool(hooked), timeout=QUICK)
    finally:
        sys.excepthook = previous  # set by hand: pytest-qt swaps the hook around each test itself
        manager.shutdown(5.0)
    kind, _, tb = hooked[0]
    assert kind is IndexError and tb is not None  # the dialog can show where it happened


def test_progress_arrives_on_the_main_thread_in_order_before_success(qtbot, tasks):
    events = []

    def work(handle):
        for step in range(5):
            handle.progress(step)
        return "done"

    tasks.run(work, on_success=lambda value: events.append(("success", value, on_main_thread())),
              on_progress=lambda value: events.append(("progress", value, on_main_thread())))
    qtbot.waitUntil(lambda: bool(events) and events[-1][0] == "success", timeout=QUICK)
    assert events == [("progress", step, True) for step in range(5)] + [("success", "done", True)]


def test_cancel_sets_a_flag_the_work_reads(qtbot, tasks):
    started, results = threading.Event(), []

    def work(handle):
        started.set()
        while not handle.cancelled:
            pause(0.01)
        return "stopped early"

    handle = tasks.run(work, on_success=results.append)
    assert started.wait(QUICK / 1000)
    assert not handle.cancelled
    handle.cancel()
    qtbot.waitUntil(lambda: results == ["stopped early"], timeout=QUICK)
    assert handle.done and handle.cancelled


def test_work_that_stops_because_it_was_cancelled_is_not_an_error(qtbot, tasks, errors):
    gate = threading.Event()

    def work(handle):
        gate.wait(QUICK / 1000)
        handle.raise_if_cancelled()
        return "not reached"

    handle = tasks.run(work, on_success=lambda value: pytest.fail("cancelled work has no success"))
    handle.cancel()
    gate.set()
    assert handle.wait(QUICK / 1000)
    qtbot.waitUntil(lambda: not tasks.busy, timeout=QUICK)
    assert errors == []
    failures = []
    handle = tasks.run(lambda handle: handle.raise_if_cancelled(), on_success=lambda value: None,
                       on_failure=failures.append)
    handle.cancel()  # it may or may not have started: either way the work does not go on
    qtbot.waitUntil(lambda: not tasks.busy, timeout=QUICK)
    assert all(isinstance(exc, Cancelled) for exc in failures)


def test_serial_work_runs_one_at_a_time_in_the_order_asked(qtbot, tasks):
    order, overlapping, running = [], [], threading.Lock()

    def write(number):
        def work(handle):
            if not running.acquire(blocking=False):
                overlapping.append(number)
                return number
            try:
                pause(0.005)
                order.append(number)
            finally:
                running.release()
            return number
        return work

    for number in range(8):
        tasks.run(write(number), on_success=lambda value: None, serial=True)
    qtbot.waitUntil(lambda: not tasks.busy, timeout=QUICK)
    assert order == list(range(8)) and overlapping == []


def test_shutdown_cancels_and_waits_for_work_in_flight_and_drops_its_news(qtbot, tasks):
    started, finished, delivered = threading.Event(), threading.Event(), []

    def work(handle):
        started.set()
        while not handle.cancelled:
            pause(0.01)
        pause(0.2)  # tidying up after the cancel takes a moment: shutdown must wait for it
        finished.set()
        return "late"

    tasks.run(work, on_success=delivered.append)
    assert started.wait(QUICK / 1000)
    assert tasks.shutdown(5.0) is True
    assert finished.is_set()  # the work had ended when shutdown returned
    qtbot.wait(50)  # let any queued news arrive, if it were (wrongly) still going to
    assert delivered == [] and not tasks.busy


def test_shutdown_says_when_work_did_not_end_in_time(tasks):
    started, release = threading.Event(), threading.Event()
    tasks.run(lambda handle: started.set() or release.wait(QUICK / 1000), on_success=lambda value: None)
    assert started.wait(QUICK / 1000)  # running, and it ignores cancel
    try:
        assert tasks.shutdown(0.1) is False
    finally:
        release.set()
    assert tasks.shutdown(5.0) is True


def test_shutdown_never_starts_queued_work_but_finishes_queued_writes(qtbot, tasks):
    gate, started, ran, written = threading.Event(), [], [], []

    def blocker(handle):
        started.append(handle.name)
        gate.wait(QUICK / 1000)

    for number in range(DEFAULT_WORKERS):  # every worker busy...
        tasks.run(blocker, on_success=lambda value: None, name=f"busy {number}")
    for number in range(2):  # ...so these wait in the queue
        tasks.run(lambda handle, number=number: ran.append(number), on_success=lambda value: None)
    tasks.run(blocker, on_success=lambda value: None, name="writing", serial=True)
    for number in range(3):  # an answer given just before quitting, waiting behind another write
        tasks.run(lambda handle, number=number: written.append(number), on_success=lambda value: None, serial=True)
    qtbot.waitUntil(lambda: len(started) == DEFAULT_WORKERS + 1, timeout=QUICK)
    threading.Timer(0.1, gate.set).start()
    assert tasks.shutdown(5.0)
    assert ran == [] and written == [0, 1, 2]


def test_work_offered_after_shutdown_is_refused(tasks):
    tasks.shutdown(5.0)
    assert not tasks.accepting
    with pytest.raises(TaskRefused):
        tasks.run(lambda handle: None, on_success=lambda value: None, name="export the PDF")
