"""One scan, as the window runs it: its child process, the task that waits for it, and what it leaves behind.

``AppContext.start_scan`` makes a ``ScanJob`` and runs it on a worker: the job starts the scan's child process
(``auditor.scan_process``) at a lower priority than the window's own (``give_way_to_the_window``), waits for its
outcome and ends it at once when cancelled. The worker that saved the scan keeps it (``KeptScan``) for the pages,
so the refresh that follows works nothing out again on the main thread.
Nothing here touches a widget.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import TYPE_CHECKING

from auditor.model import ScanRun

if TYPE_CHECKING:  # only named in annotations; the scan's modules are imported when a scan runs
    from auditor.scan_process import ScanOutcome, ScanProcess, ScanRequest
    from ui.tasks import TaskHandle

_CHILD_POLL_SECONDS = 0.05  # how often the task waiting for the scan child looks whether it was cancelled


class ScanFailed(Exception):
    """The scan process could not give a scan; the message is a plain sentence for the person."""


@dataclasses.dataclass(frozen=True)
class KeptScan:
    """A scan as the worker that saved it left it (``saved``) and joined with the household's answers of that
    moment (``current``), valid while no write has happened since (``writes``, the context's count of writes)."""

    saved: ScanRun
    current: ScanRun
    writes: int


class ScanJob:
    """One scan's child process and the task that waits for it. ``cancel()`` may come from the main thread at any
    moment, before the child started, while it runs, or after it ended."""

    def __init__(self, request: ScanRequest) -> None:
        self.request = request
        self.handle: TaskHandle[ScanRun] | None = None
        self.kept: KeptScan | None = None  # the saved scan, set by the worker that saved it
        self._lock = threading.Lock()
        self._cancelled = False
        self._process: ScanProcess | None = None

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self.handle is not None:
                self.handle.cancel()
            if self._process is not None:
                self._process.cancel()

    def run(self, handle: TaskHandle[ScanRun]) -> ScanOutcome:
        """On a worker: start the child and wait for its outcome, ending it as soon as the task is cancelled."""
        from auditor.scan_process import ScanOutcome, ScanProcess
        from auditor.scan_stream import give_way_to_the_window

        outcomes: list[ScanOutcome] = []
        process = ScanProcess(self.request, on_progress=handle.progress, on_done=outcomes.append)
        with self._lock:
            if self._cancelled or handle.cancelled:
                return ScanOutcome(None, cancelled=True)
            self._process = process
            process.start()
        # From its first instant, not only once it has loaded (see there). While it runs its reader has not reaped
        # it, so the id is still the child's own.
        if process.pid is not None and process.running:
            give_way_to_the_window(process.pid)
        while not process.wait(_CHILD_POLL_SECONDS):
            if handle.cancelled:  # the task manager is shutting down
                process.cancel()
        return outcomes[0] if outcomes else ScanOutcome(None, "the scan process ended without saying how.")


def empty_cancelled_run() -> ScanRun:
    """What a scan cancelled before its checks were even loaded leaves: nothing, marked cancelled."""
    now = time.time()
    return ScanRun(results=(), started_at=now, finished_at=now, platform="", hostname="", os_name="",
                   app_version="", cancelled=True)


def plain_reason(exc: BaseException) -> str:
    """Why a scan failed, for the person: one plain sentence, then, after "Details:", what a helper would want
    (``auditor.scan_process.with_details``, which the scan process's own failures already are)."""
    if isinstance(exc, ScanFailed):
        return str(exc).strip()
    return f"The scan could not finish. Details: {type(exc).__name__}: {exc}"


__all__ = ["KeptScan", "ScanFailed", "ScanJob", "empty_cancelled_run", "plain_reason"]
