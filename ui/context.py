"""What every page of the desktop app shares: the history, the household, the content packs, the checks and the scan.

Pages never reach for each other or for the OS: they read and change data through this object and listen to its
signals. Background work has one shape, ``self.tasks`` (ui.tasks.TaskManager): work runs on a worker and its news
comes back on the main thread.

A scan runs in a child process (``auditor.scan_process``): a check that hangs, crashes the interpreter or prints
can only hurt the child, and cancel ends it at once. The child's JSON lines are read and turned into results on a
reader thread; a task waits for the child, adds the household's guided answers and saves the run, all off the main
thread, so the window's own thread only shows finished results. Writes the pages ask for (``save``) go through the
task manager too, one at a time and in order, and ``data_changed`` follows each.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from auditor.guided import guided_results
from auditor.helpnow import region_for
from auditor.host import Host, RealHost
from auditor.household import Household
from auditor.launcher import launch_detached
from auditor.model import Fix, ScanRun
from auditor.packs import Content, Region, load_content
from auditor.registry import Registry, discover, safe_mode_requested
from auditor.runner import Progress
from auditor.scan_process import ScanOutcome, ScanProcess, ScanRequest
from auditor.settings import Settings
from auditor.store import Store
from ui.tasks import TaskHandle, TaskManager

T = TypeVar("T")

SHUTDOWN_SECONDS = 10.0  # on quit, how long running work may take to end before the history is closed anyway
_CHILD_POLL_SECONDS = 0.05  # how often the task waiting for the scan child looks whether it was cancelled


class ScanFailed(Exception):
    """The scan process could not give a scan; the message is a plain sentence for the person."""


class AppContext(QObject):
    scan_started = Signal()
    scan_progress = Signal(object)  # auditor.runner.Progress
    scan_finished = Signal(object)  # auditor.model.ScanRun, saved (with its run_id) unless it was cancelled
    scan_failed = Signal(str)
    data_changed = Signal()  # people, answers, devices, quiz, notes or settings changed: pages refresh
    navigate = Signal(str)  # a page id: ask the main window to show that page

    def __init__(self, store: Store, *, content: Content | None = None, scenario: Path | str | None = None,
                 safe_mode: bool = False, scan_env: Mapping[str, str] | None = None) -> None:
        """``scenario`` is a recorded machine (a scenario TOML) to scan and take the locale from instead of this
        one, for demonstrations and tests; ``scan_env`` is added to the scan process's environment (tests use it
        to install a plugin for the child)."""
        super().__init__()
        self.store = store
        self.household = Household(store)
        self.content = content or load_content()
        self.scenario = Path(scenario) if scenario is not None else None
        self.scan_env: dict[str, str] = dict(scan_env or {})
        self.tasks = TaskManager(self)
        self._safe_mode = safe_mode_requested(safe_mode)
        self._registry: Registry | None = None
        self._registry_lock = threading.Lock()
        self._scan: _ScanJob | None = None
        self._locale: str | None = None
        self._unsaved_settings: list[Settings] = []  # asked for, not yet written: what ``settings`` answers

    # -- settings, safe mode, region ------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        """The settings, including a change that is still being written."""
        return self._unsaved_settings[-1] if self._unsaved_settings else self.store.settings()

    def save_settings(self, settings: Settings) -> None:
        """Keep new settings: ``settings`` answers with them at once; the write happens on the writer thread."""
        self._unsaved_settings.append(settings)

        def written(_: object = None) -> None:
            self._unsaved_settings.remove(settings)

        def not_written(exc: BaseException) -> None:
            written()
            self.tasks.present_error(exc)

        self.save(lambda: self.store.save_settings(settings), then=written, failed=not_written,
                  name="save the settings")

    @property
    def safe_mode(self) -> bool:
        """Only the checks that come with Homeguard: for the next scan and for ``registry``."""
        return self._safe_mode

    @safe_mode.setter
    def safe_mode(self, on: bool) -> None:
        self._safe_mode = bool(on)

    @property
    def registry(self) -> Registry:
        """The checks, loaded once on first use with the app's safe mode (again only if safe mode changes), so
        every page sees the checks the scan uses and safe mode holds everywhere."""
        with self._registry_lock:
            if self._registry is None or self._registry.safe_mode != self._safe_mode:
                self._registry = discover(safe_mode=self._safe_mode)
            return self._registry

    def region(self) -> Region | None:
        if self._locale is None:
            try:
                host: Host = load_scenario_host(self.scenario) if self.scenario is not None else RealHost()
                self._locale = host.locale()
            except Exception:  # an unreadable locale only means the region is asked for, never a crash
                self._locale = ""
        return region_for(self.content.help_now, chosen=self.settings.region, locale_name=self._locale)

    # -- results ---------------------------------------------------------------------------------------------------
    def latest_scan(self) -> ScanRun | None:
        """The newest saved scan, as it was saved (device results and the guided answers of that moment)."""
        run_id = self.store.latest_run_id()
        return self.store.load_run(run_id) if run_id is not None else None

    def current_run(self) -> ScanRun | None:
        """The newest scan's device results with the household's answers as they are now, so answering a
        question moves the score at once, without scanning again. None before the first scan."""
        latest = self.latest_scan()
        if latest is None:
            return None
        region = self.region()
        device = tuple(r for r in latest.results if r.kind != "guided")
        guided = tuple(guided_results(self.content, self.household, region=region.id if region else ""))
        return dataclasses.replace(latest, results=device + guided)

    def notify_changed(self) -> None:
        self.data_changed.emit()

    # -- saving ----------------------------------------------------------------------------------------------------
    def save(self, change: Callable[[], T], *, then: Callable[[T], None] | None = None,
             failed: Callable[[BaseException], None] | None = None, name: str = "save") -> TaskHandle[T]:
        """Write to the history off the main thread, after every write asked for before it; then, on the main
        thread, ``then(value)`` and ``data_changed``. Pages call this rather than writing themselves, e.g.
        ``context.save(lambda: context.household.add_person("Maya", "13-17"), then=self.select_person)``.
        A write that fails goes to ``failed``, or else is shown like any unexpected error."""

        def saved(value: T) -> None:
            if then is not None:
                then(value)
            self.data_changed.emit()

        return self.tasks.run(lambda handle: change(), on_success=saved, on_failure=failed, name=name, serial=True)

    def after_saves(self, then: Callable[[], None]) -> None:
        """Call ``then`` on the main thread once every write asked for so far is done (at once if none is waiting):
        for a page that shows what the person just saved, such as a walk's summary after its last answer."""
        if not self.tasks.saving:
            then()
            return
        self.tasks.run(lambda handle: None, on_success=lambda _: then(), name="after the saves", serial=True)

    # -- scanning -------------------------------------------------------------------------------------------------
    @property
    def scanning(self) -> bool:
        """From ``start_scan`` until ``scan_finished`` or ``scan_failed`` has been emitted."""
        return self._scan is not None

    def start_scan(self) -> bool:
        """Start a scan in a child process; False if one is already running or the app is closing."""
        if self._scan is not None or not self.tasks.accepting:
            return False
        settings = self.settings
        region = self.region()  # read here, once, so the worker never touches this object's caches
        request = ScanRequest(data_dir=self.store.data_dir, safe_mode=self.safe_mode, recorded=self.scenario,
                              lock_minutes=settings.screen_lock_max_minutes, extra_env=dict(self.scan_env))
        job = _ScanJob(request)
        self._scan = job
        job.handle = self.tasks.run(
            lambda handle: self._scan_and_save(job, handle, region.id if region else ""),
            on_success=lambda run: self._scan_done(job, run), on_failure=lambda exc: self._scan_broke(job, exc),
            on_progress=self._scan_step, name="scan")
        self.scan_started.emit()
        return True

    def cancel_scan(self) -> None:
        """End the scan's process at once; ``scan_finished`` follows with the cancelled run."""
        if self._scan is not None:
            self._scan.cancel()

    def _scan_and_save(self, job: _ScanJob, handle: TaskHandle[ScanRun], region: str) -> ScanRun:
        """On a worker: run the child, wait for it, add the household's answers and save. Nothing here is Qt."""
        outcome = job.run(handle)
        if outcome.error:
            raise ScanFailed(outcome.error)
        run = outcome.run or _empty_cancelled_run()
        guided = tuple(guided_results(self.content, self.household, region=region))
        run = dataclasses.replace(run, results=run.results + guided)
        if not run.cancelled and not handle.cancelled:
            run = dataclasses.replace(run, run_id=self.store.save_run(run))
        return run

    def _scan_step(self, progress: object) -> None:
        if isinstance(progress, Progress):
            self.scan_progress.emit(progress)

    def _scan_done(self, job: _ScanJob, run: ScanRun) -> None:
        if self._scan is job:
            self._scan = None
        self.scan_finished.emit(run)
        self.data_changed.emit()

    def _scan_broke(self, job: _ScanJob, exc: BaseException) -> None:
        if self._scan is job:
            self._scan = None
        self.scan_failed.emit(plain_reason(exc))

    # -- closing ---------------------------------------------------------------------------------------------------
    def shutdown(self, timeout: float = SHUTDOWN_SECONDS) -> bool:
        """Before the history is closed: end the scan's process, cancel and wait for all background work, and
        drop whatever news it still had for the pages. True when everything ended within ``timeout``."""
        self.cancel_scan()
        ended = self.tasks.shutdown(timeout)
        self._scan = None
        return ended

    # -- opening things for the person ----------------------------------------------------------------------------
    def open_url(self, url: str) -> bool:
        """Open a link or a settings URL in the person's own browser or system; only ever called on a click."""
        return QDesktopServices.openUrl(QUrl(url))

    def open_fix(self, fix: Fix) -> str:
        """Open the settings page a fix names. Returns "" when something was opened, else why not."""
        if fix.settings_url:
            return "" if self.open_url(fix.settings_url) else f"could not open {fix.settings_url}"
        if fix.settings_command:
            return launch_detached(fix.settings_command)
        return "there is no settings page to open for this; follow the steps instead"


class _ScanJob:
    """One scan's child process and the task that waits for it. ``cancel()`` may come from the main thread at any
    moment, before the child started, while it runs, or after it ended."""

    def __init__(self, request: ScanRequest) -> None:
        self.request = request
        self.handle: TaskHandle[ScanRun] | None = None
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
        outcomes: list[ScanOutcome] = []
        process = ScanProcess(self.request, on_progress=handle.progress, on_done=outcomes.append)
        with self._lock:
            if self._cancelled or handle.cancelled:
                return ScanOutcome(None, cancelled=True)
            self._process = process
            process.start()
        while not process.wait(_CHILD_POLL_SECONDS):
            if handle.cancelled:  # the task manager is shutting down
                process.cancel()
        return outcomes[0] if outcomes else ScanOutcome(None, "the scan process ended without saying how.")


def _empty_cancelled_run() -> ScanRun:
    """What a scan cancelled before its checks were even loaded leaves: nothing, marked cancelled."""
    now = time.time()
    return ScanRun(results=(), started_at=now, finished_at=now, platform="", hostname="", os_name="",
                   app_version="", cancelled=True)


def plain_reason(exc: BaseException) -> str:
    """Why a scan failed, as words that fit "The scan could not finish (…)"."""
    if isinstance(exc, ScanFailed):
        text = str(exc).removeprefix("The scan could not finish: ").strip()
        return text[:-1] if text.endswith(".") and "\n" not in text else text
    return f"{type(exc).__name__}: {exc}"


def load_scenario_host(path: Path) -> Host:
    """The recorded machine a scenario describes (imported only when one is used)."""
    from auditor.recorded import load_scenario

    return load_scenario(path)


def make_context(store: Store, *, content: Content | None = None, scenario: Path | str | None = None,
                 safe_mode: bool = False, scan_env: Mapping[str, str] | None = None) -> AppContext:
    return AppContext(store, content=content, scenario=scenario, safe_mode=safe_mode, scan_env=scan_env)


__all__ = ["AppContext", "Progress", "ScanFailed", "make_context", "plain_reason"]
