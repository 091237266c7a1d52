"""The one way the window does background work: run a function on a worker, hear back on the main thread.

The shape is Anki's ``taskman``/``QueryOp``: ``tasks.run(work, on_success=..., on_failure=..., on_progress=...)``.
``work`` gets a :class:`TaskHandle`; it may report progress through it and read whether it was cancelled. Its
value (or the exception it raised) comes back to ``on_success`` (or ``on_failure``) on the main thread, so callbacks
may touch widgets and work never does. A failure nobody asked to hear about goes to one error presenter, which in
the app is ``sys.excepthook``, the crash dialog. ``shutdown()`` refuses new work, cancels what is queued or running
(writes are let finish), waits for it, and drops every callback still to come: after it returns nothing touches
the history file, so the store can be closed.

Workers are threads of a private ``QThreadPool`` rather than of a ``concurrent.futures`` pool, because they are
QThreads with an event dispatcher of their own: laying out a ``QTextDocument`` (PDF export, printing) starts timers,
and on a plain Python thread adopted by Qt that prints "QBasicTimer::start: current thread's event dispatcher has
already been destroyed". Writes to the history go through a second pool of one thread (``serial=True``), so they
happen one at a time, in the order they were asked for.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

T = TypeVar("T")

DEFAULT_WORKERS = 3  # a scan waiting on its child, a PDF being laid out, and one more; writes have their own


class TaskRefused(RuntimeError):
    """Work was offered after ``shutdown()``: the app is closing and nothing new may start."""


class Cancelled(Exception):
    """Raised by work that noticed its handle was cancelled. It is not an error: nobody is told, unless the task
    has an ``on_failure``, which then gets it."""


def present_unexpected(exc: BaseException) -> None:
    """The default error presenter: the app's ``sys.excepthook``, which shows the crash dialog."""
    sys.excepthook(type(exc), exc, exc.__traceback__)


class TaskHandle(Generic[T]):
    """One piece of background work, seen from both sides: the work reads ``cancelled`` and calls ``progress()``;
    the window may ``cancel()`` it. Cancelling only sets a flag: the work decides when to stop."""

    def __init__(self, name: str, report: Callable[[object], None]) -> None:
        self.name = name
        self._report = report
        self._cancel = threading.Event()
        self._done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        """For work that stops at a convenient point: ends it quietly when it was cancelled."""
        if self._cancel.is_set():
            raise Cancelled(self.name)

    def progress(self, value: object) -> None:
        """Called by the work, on its worker: ``value`` reaches the task's ``on_progress`` on the main thread."""
        self._report(value)

    @property
    def done(self) -> bool:
        """The work has returned or raised (its callbacks may still be on their way to the main thread)."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)


class _Job(QRunnable):
    """A function for the pool to run. A QRunnable subclass rather than ``QRunnable.create(fn)``: with PySide6 6.11
    a pool that ran ``create()``d runnables crashes the garbage collector once its owner is collected."""

    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body

    def run(self) -> None:
        self._body()


class TaskManager(QObject):
    """Runs work on worker threads and delivers what happened on the main thread. Made on the main thread."""

    _deliver = Signal(object)  # a callable, emitted from a worker, called on the main thread

    def __init__(self, parent: QObject | None = None, *, workers: int = DEFAULT_WORKERS,
                 error_presenter: Callable[[BaseException], None] | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, workers))
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._present_error = error_presenter or present_unexpected
        self._lock = threading.Lock()
        self._handles: dict[TaskHandle[Any], bool] = {}  # work not yet done -> whether it is serial (a write)
        self._pending = {False: 0, True: 0}  # by lane (serial or not): tasks whose final callback has not run
        self._accepting = True
        self._closed = False  # after shutdown: callbacks still on their way are dropped
        self._deliver.connect(self._call, Qt.ConnectionType.QueuedConnection)

    # -- the interface ---------------------------------------------------------------------------------------------
    def run(self, work: Callable[[TaskHandle[T]], T], *, on_success: Callable[[T], None],
            on_failure: Callable[[BaseException], None] | None = None,
            on_progress: Callable[[object], None] | None = None, name: str = "",
            serial: bool = False) -> TaskHandle[T]:
        """Start ``work`` on a worker and return its handle at once. ``serial`` work (writes to the history) runs
        one at a time in the order it was asked for. Raises TaskRefused after ``shutdown()``."""
        with self._lock:
            if not self._accepting:
                raise TaskRefused(f"Homeguard is closing, so {name or 'this'} was not started.")
            finished = threading.Event()  # set once the final callback was sent: no progress after it

            def report(value: object) -> None:
                if on_progress is not None and not finished.is_set():
                    self._deliver.emit(lambda: on_progress(value))

            handle: TaskHandle[T] = TaskHandle(name or getattr(work, "__name__", "task"), report)
            self._handles[handle] = serial
            self._pending[serial] += 1

        def body() -> None:
            news: Callable[[], None]
            try:
                if handle.cancelled:
                    raise Cancelled(handle.name)
                value = work(handle)
            except BaseException as exc:  # every failure is told on the main thread, never lost on a worker
                error = exc
                news = lambda: self._failed(error, on_failure, serial)  # noqa: E731
            else:
                news = lambda: self._succeeded(value, on_success, serial)  # noqa: E731
            finished.set()
            with self._lock:
                self._handles.pop(handle, None)
            handle._done.set()  # before the news goes out: its callback finds the handle done
            self._deliver.emit(news)

        (self._serial if serial else self._pool).start(_Job(body))
        return handle

    @property
    def busy(self) -> bool:
        """Some work is running, queued, or has news for the main thread that has not been handled yet."""
        return any(self._pending.values()) and not self._closed

    @property
    def saving(self) -> bool:
        """Some ``serial`` work (a write to the history) is queued, running, or has news still to deliver. Tests
        wait for ``not saving`` where a person would: before the next click, after the one that saved."""
        return self._pending[True] > 0 and not self._closed

    @property
    def accepting(self) -> bool:
        return self._accepting

    def shutdown(self, timeout: float = 10.0) -> bool:
        """Refuse new work, cancel what is queued or running, and wait up to ``timeout`` seconds for it to end.
        Writes (``serial`` work) are not cancelled: an answer given just before quitting is still saved. Callbacks
        still to come are dropped. True when everything ended in time. Safe to call more than once."""
        with self._lock:
            self._accepting = False
            self._closed = True
            handles = list(self._handles.items())
        for handle, serial in handles:
            if not serial:
                handle.cancel()
        deadline = time.monotonic() + max(0.0, timeout)
        ended = all(handle.wait(max(0.0, deadline - time.monotonic())) for handle, _ in handles)
        for pool in (self._pool, self._serial):  # let the worker threads leave the work's last frame, too
            ended = pool.waitForDone(max(0, int((deadline - time.monotonic()) * 1000))) and ended
        return ended

    def present_error(self, exc: BaseException) -> None:
        """Show an unexpected error the way every task failure nobody handled is shown."""
        self._present_error(exc)

    # -- on the main thread ----------------------------------------------------------------------------------------
    @Slot(object)
    def _call(self, callback: Callable[[], None]) -> None:
        if self._closed:
            return
        try:
            callback()
        except Exception as exc:  # a broken callback is shown like any unexpected error; the app carries on
            self._present_error(exc)

    def _settled(self, serial: bool) -> None:
        with self._lock:
            self._pending[serial] -= 1

    def _succeeded(self, value: T, on_success: Callable[[T], None], serial: bool) -> None:
        self._settled(serial)
        on_success(value)

    def _failed(self, exc: BaseException, on_failure: Callable[[BaseException], None] | None, serial: bool) -> None:
        self._settled(serial)
        if on_failure is not None:
            on_failure(exc)
        elif not isinstance(exc, Cancelled):
            self._present_error(exc)


__all__ = ["Cancelled", "TaskHandle", "TaskManager", "TaskRefused", "present_unexpected"]
