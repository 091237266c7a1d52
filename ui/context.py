"""What every page of the desktop app shares: the history, the household, the content packs and the scan.

Pages never reach for each other or for the OS: they read and change data through this object and listen to its
signals. Scans run through the engine's runner on a worker thread; its plain progress callback is turned into Qt
signals, which Qt delivers on the main thread, so no widget is ever touched from the worker.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from auditor.guided import guided_results
from auditor.helpnow import region_for
from auditor.host import Host, RealHost
from auditor.household import Household
from auditor.launcher import launch_detached
from auditor.model import Fix, ScanRun
from auditor.packs import Content, Region, load_content
from auditor.registry import discover, safe_mode_requested
from auditor.runner import Progress, run_scan
from auditor.settings import Settings
from auditor.store import Store


class AppContext(QObject):
    scan_started = Signal()
    scan_progress = Signal(object)  # auditor.runner.Progress
    scan_finished = Signal(object)  # auditor.model.ScanRun, saved, with its run_id
    scan_failed = Signal(str)
    data_changed = Signal()  # people, answers, devices, quiz, notes or settings changed: pages refresh
    navigate = Signal(str)  # a page id: ask the main window to show that page

    def __init__(self, store: Store, *, content: Content | None = None,
                 host_factory: Callable[[], Host] = RealHost, safe_mode: bool = False) -> None:
        super().__init__()
        self.store = store
        self.household = Household(store)
        self.content = content or load_content()
        self.host_factory = host_factory
        self.safe_mode = safe_mode_requested(safe_mode)
        self._cancel: threading.Event | None = None
        self._worker: threading.Thread | None = None
        self._locale = ""

    # -- settings and region --------------------------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.store.settings()

    def save_settings(self, settings: Settings) -> None:
        self.store.save_settings(settings)
        self.data_changed.emit()

    def region(self) -> Region | None:
        if not self._locale:
            try:
                self._locale = self.host_factory().locale()
            except Exception:
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

    # -- scanning -------------------------------------------------------------------------------------------------
    @property
    def scanning(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def start_scan(self) -> bool:
        """Start a scan in the background; False if one is already running."""
        if self.scanning:
            return False
        settings = self.settings
        safe_mode = self.safe_mode
        region = self.region()  # the locale is read here, once, so the worker never touches Qt or self's cache
        self._cancel = cancel = threading.Event()
        self.scan_started.emit()

        def work() -> None:
            try:
                registry = discover(safe_mode=safe_mode)  # imports every check: kept off the main thread
                host = self.host_factory()
                run = run_scan(registry.for_platform(host.platform), host, settings, failures=registry.failures,
                               on_progress=self.scan_progress.emit, cancel=cancel, safe_mode=registry.safe_mode)
                self._finished.emit(self._with_answers_saved(run, region))
            except Exception as exc:  # reported to the person, never a silent crash
                self.scan_failed.emit(f"{type(exc).__name__}: {exc}")

        self._worker = threading.Thread(target=work, name="homeguard-scan", daemon=True)
        self._worker.start()
        return True

    _finished = Signal(object)  # from the worker, already saved; re-emitted on the main thread as scan_finished

    def cancel_scan(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _with_answers_saved(self, run: ScanRun, region: Region | None) -> ScanRun:
        """Add the household's answers and save, on the worker thread: both are Qt-free, and the store is
        thread-safe, so the window has nothing slow left to do when the scan ends."""
        guided = tuple(guided_results(self.content, self.household, region=region.id if region else ""))
        run = dataclasses.replace(run, results=run.results + guided)
        if not run.cancelled:
            run = dataclasses.replace(run, run_id=self.store.save_run(run))
        return run

    def _save_finished(self, run: ScanRun) -> None:
        self.scan_finished.emit(run)
        self.data_changed.emit()

    def connect_internal(self) -> None:
        self._finished.connect(self._save_finished)

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


def make_context(store: Store, **kwargs) -> AppContext:
    context = AppContext(store, **kwargs)
    context.connect_internal()
    return context


__all__ = ["AppContext", "Progress", "make_context"]
