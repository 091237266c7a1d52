"""What every page of the desktop app shares: the history, the household, the content packs, the checks and the scan.

Pages never reach for each other or for the OS: they read and change data through this object and listen to its
signals. Background work has one shape, ``self.tasks`` (ui.tasks.TaskManager): work runs on a worker and its news
comes back on the main thread.

A scan runs in a child process (``auditor.scan_process``, started and waited for by ``ui.scan_job``): a check that
hangs, crashes the interpreter or prints can only hurt the child, and cancel ends it at once. The child's JSON lines
are read and turned into results on a reader thread; a task waits for the child, adds the household's guided answers
and saves the run, all off the main thread, so the window's own thread only shows finished results. Writes the pages
ask for (``save``) go through the task manager too, one at a time and in order, and ``data_changed`` follows each.

The window paints before anything heavy is loaded: the content packs, the household and the checks are loaded on
first use (``ui.context_loading``), and ``warm_up()`` (called once the window has painted) loads them on a worker,
so neither the first scan nor the first details shown wait for them on the main thread. For the same reason the
engine's modules are imported where they are used, not at the top of this module.
"""

from __future__ import annotations

import dataclasses
import importlib
import sqlite3
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from auditor.model import ScanRun
from auditor.settings import Settings
from auditor.store import Store, StoreError
from ui.context_loading import LoadsOnFirstUse
from ui.scan_job import KeptScan, ScanFailed, ScanJob, empty_cancelled_run, plain_reason
from ui.tasks import TaskHandle, TaskManager

if TYPE_CHECKING:  # only named in annotations; imported where they are used
    from auditor.changes import Comparison
    from auditor.model import Fix, Result
    from auditor.packs import Content, Region

T = TypeVar("T")

SHUTDOWN_SECONDS = 10.0  # on quit, how long running work may take to end before the history is closed anyway
# What a scan needs on the main thread and its worker, imported by warm_up() so the first scan does not wait for it.
_SCAN_MODULES = ("auditor.guided", "auditor.helpnow", "auditor.runner", "auditor.scan_process")


@dataclasses.dataclass(frozen=True)
class WorkedOutChanges:
    """What changed in a saved scan since the one before it (``comparison`` None: there was none before it)."""

    run_id: int | None
    comparison: Comparison | None


class AppContext(QObject, LoadsOnFirstUse):
    """The history, the household, the content packs, the checks and the scan, for every page (see the module).
    What is loaded on first use is ``LoadsOnFirstUse``'s (ui.context_loading)."""

    scan_started = Signal()
    scan_progress = Signal(object)  # auditor.runner.Progress
    # auditor.model.ScanRun, saved (with its run_id) unless it was cancelled or could not be saved (scan_not_saved)
    scan_finished = Signal(object)
    scan_failed = Signal(str)
    data_changed = Signal()  # people, answers, devices, quiz, notes or settings changed: pages refresh
    navigate = Signal(str)  # a page id: ask the main window to show that page
    registry_loaded = Signal()  # the checks were loaded in the background: ``loaded_registry()`` has them now

    def __init__(self, store: Store, *, content: Content | None = None, scenario: Path | str | None = None,
                 safe_mode: bool = False, scan_env: Mapping[str, str] | None = None) -> None:
        """``scenario`` is a recorded machine (a scenario TOML) to scan and take the locale from instead of this
        one, for demonstrations and tests; ``scan_env`` is added to the scan process's environment (tests use it
        to install a plugin for the child)."""
        super().__init__()
        self.store = store
        self.scenario = Path(scenario) if scenario is not None else None
        self.scan_env: dict[str, str] = dict(scan_env or {})
        self.tasks = TaskManager(self)
        self._start_loading(content, safe_mode)
        self._scan: ScanJob | None = None
        self._unsaved_settings: list[Settings] = []  # asked for, not yet written: what ``settings`` answers
        self._writes = 0  # writes to the history so far (saves and announced changes): what ``_kept`` is valid for
        self._writes_lock = threading.Lock()
        self._kept: KeptScan | None = None  # the newest scan, as its worker saved and joined it
        self._changes: WorkedOutChanges | None = None  # what changed in it, as its worker worked that out
        # The newest scan when the history could not take it (read-only, disk full): shown until a scan is saved.
        self._unsaved: ScanRun | None = None
        self._save_problem = ""  # set by the scan's worker when its save failed, read when the scan is done
        self.scan_not_saved = ""  # that, in one calm line for the person; "" when the newest scan was saved
        # The shared folder (ui.shared_folder_jobs): what its last read and its last write came to, in plain words.
        self.shared_folder_news = self.shared_folder_written = ""

    # -- what is loaded on first use (ui.context_loading), once the window has painted -----------------------------
    def warm_up(self) -> None:
        """Load on workers what the first scan and the first details will need, so that the main thread never
        waits for it: the content packs, the locale, the scan's modules and the checks. Called once the window
        has painted; anything asked for before then is simply loaded on first use."""
        if not self.tasks.accepting:
            return

        def prepare(_handle: TaskHandle[None]) -> None:
            for module in _SCAN_MODULES:
                importlib.import_module(module)
            self.region()

        self.tasks.run(prepare, on_success=lambda _: None, name="get ready for the first scan")
        self.load_registry_in_background()
        from ui.shared_folder_jobs import read_shared_folder

        read_shared_folder(self)  # the family's other computers' newest reports, when a shared folder is set

    # -- settings and region ------------------------------------------------------------------------------------
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

    def region(self) -> Region | None:
        """Where the person is, for the help and for region-specific guides: their choice, else their locale's."""
        return self._region_for(self.settings.region)

    # -- results ---------------------------------------------------------------------------------------------------
    def latest_scan(self) -> ScanRun | None:
        """The newest saved scan, as it was saved (device results and the guided answers of that moment); or the
        newest scan, if the history could not take it (``scan_not_saved`` says why)."""
        if self._unsaved is not None:
            return self._unsaved
        run_id = self.store.latest_run_id()
        if run_id is None:
            return None
        kept = self._kept_for(run_id)
        return kept.saved if kept is not None else self.store.load_run(run_id)

    def current_run(self) -> ScanRun | None:
        """The newest scan's device results with the household's answers as they are now, so answering a
        question moves the score at once, without scanning again. None before the first scan.

        Right after a scan this is the run its worker joined with the answers, off the main thread; after any
        write (an answer, a setting, a rename) it is worked out again from the history. A scan the history could
        not take is shown as it was when it ended."""
        if self._unsaved is not None:
            return self._unsaved
        run_id = self.store.latest_run_id()
        if run_id is None:
            return None
        kept = self._kept_for(run_id)
        if kept is not None:
            return kept.current
        latest = self.store.load_run(run_id)
        if latest is None:
            return None
        region = self.region()
        return self._with_answers(latest, region.id if region else "")

    def _with_answers(self, run: ScanRun, region: str) -> ScanRun:
        """A scan's device results joined with the household's answers as they are now."""
        from auditor.guided import guided_results

        device = tuple(r for r in run.results if r.kind != "guided")
        guided: tuple[Result, ...] = tuple(guided_results(self.content, self.household, region=region))
        return dataclasses.replace(run, results=device + guided)

    def _kept_for(self, run_id: int) -> KeptScan | None:
        """The scan the worker kept, if it is still the newest and nothing was written since."""
        kept = self._kept
        if kept is None or kept.saved.run_id != run_id or kept.writes != self._writes:
            return None
        return kept

    def _count_write(self) -> None:
        """Any thread: something was written, so what was worked out from the history before is out of date."""
        with self._writes_lock:
            self._writes += 1

    def notify_changed(self) -> None:
        """For a change written other than through ``save`` (a rename in a list): the pages refresh."""
        self._count_write()
        self.data_changed.emit()

    # -- saving ----------------------------------------------------------------------------------------------------
    def save(self, change: Callable[[], T], *, then: Callable[[T], None] | None = None,
             failed: Callable[[BaseException], None] | None = None, name: str = "save") -> TaskHandle[T]:
        """Write to the history off the main thread, after every write asked for before it; then, on the main
        thread, ``then(value)`` and ``data_changed``. Pages call this rather than writing themselves, e.g.
        ``context.save(lambda: context.household.add_person("Maya", "13-17"), then=self.select_person)``.
        A write that fails goes to ``failed``, or else is shown like any unexpected error."""

        def write(_handle: TaskHandle[T]) -> T:
            try:
                return change()
            finally:
                self._count_write()

        def saved(value: T) -> None:
            if then is not None:
                then(value)
            self.data_changed.emit()

        return self.tasks.run(write, on_success=saved, on_failure=failed, name=name, serial=True)

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
        from auditor.scan_process import ScanRequest

        settings = self.settings  # read here, on the main thread, with a change that is still being written
        request = ScanRequest(data_dir=self.store.data_dir, safe_mode=self.safe_mode, recorded=self.scenario,
                              lock_minutes=settings.screen_lock_max_minutes, extra_env=dict(self.scan_env))
        job = ScanJob(request)
        self._scan = job
        job.handle = self.tasks.run(
            lambda handle: self._scan_and_save(job, handle, settings.region),
            on_success=lambda run: self._scan_done(job, run), on_failure=lambda exc: self._scan_broke(job, exc),
            on_progress=self._scan_step, name="scan")
        self.scan_started.emit()
        return True

    def cancel_scan(self) -> None:
        """End the scan's process at once; ``scan_finished`` follows with the cancelled run."""
        if self._scan is not None:
            self._scan.cancel()

    def _scan_and_save(self, job: ScanJob, handle: TaskHandle[ScanRun], chosen_region: str) -> ScanRun:
        """On a worker: run the child, wait for it, add the household's answers and save. Nothing here is Qt.
        The saved scan, joined with the answers, is kept for the pages (``job.kept``), so the refresh that follows
        the scan works nothing out again on the main thread."""
        outcome = job.run(handle)
        if outcome.error:
            raise ScanFailed(outcome.error)
        writes = self._writes  # the answers read below are those of this moment
        region = self._region_for(chosen_region)
        run = self._with_answers(outcome.run or empty_cancelled_run(), region.id if region else "")
        self._save_problem = ""
        if not run.cancelled and not handle.cancelled:
            try:
                run = dataclasses.replace(run, run_id=self.store.save_run(run))
            except (sqlite3.Error, OSError, StoreError) as exc:  # the results are still whole: show them, unsaved
                from auditor.data_folder import write_problem

                self._save_problem = f"{write_problem(exc)} ({self.store.path})"
                return run
            job.kept = KeptScan(run, run, writes)
            self._work_out_changes(run)
        return run

    def _work_out_changes(self, run: ScanRun) -> None:
        """On the scan's worker, once the scan is saved: what changed since the previous scan. The Overview then
        shows it with the scan itself, in one refresh, instead of starting a worker of its own just as the scan
        ends (whose Python would compete with the window's thread for the interpreter in the frames that show
        the new results)."""
        from auditor.changes import comparison_for

        try:
            self._changes = WorkedOutChanges(run.run_id, comparison_for(self.store, run))
        except Exception:  # the scan is saved whatever this comes to: the Overview works it out on its own then
            self._changes = None

    def changes_for(self, run_id: int | None) -> WorkedOutChanges | None:
        """What changed in the newest scan since the one before it, as the scan's worker worked it out; None when
        it was not (``run_id`` is not the scan it was worked out for, or working it out failed)."""
        changes = self._changes
        return changes if changes is not None and run_id is not None and changes.run_id == run_id else None

    def _scan_step(self, progress: object) -> None:
        from auditor.runner import Progress

        if isinstance(progress, Progress):
            self.scan_progress.emit(progress)

    def _scan_done(self, job: ScanJob, run: ScanRun) -> None:
        if self._scan is job:
            self._scan = None
        if not run.cancelled and run.run_id is None and self._save_problem:
            self._unsaved = run
            self.scan_not_saved = (f"This scan was not saved to the history: {self._save_problem}. Its results are "
                                   "shown here, but they will be gone once Homeguard is closed.")
        elif job.kept is not None:
            self._unsaved, self.scan_not_saved = None, ""
        if job.kept is not None:
            self._kept = job.kept  # out of date at once if something was written while the worker joined it
            from ui.shared_folder_jobs import write_after_scan

            write_after_scan(self, job.kept.saved)  # on a worker, when a shared folder is set
        self.scan_finished.emit(run)
        self.data_changed.emit()

    def _scan_broke(self, job: ScanJob, exc: BaseException) -> None:
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
        from PySide6.QtCore import QUrl  # imported here, as the engine's modules are: not needed to start
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(QUrl(url))

    def open_fix(self, fix: Fix) -> str:
        """Open the settings page a fix names. Returns "" when something was opened, else why not."""
        if fix.settings_url:
            return "" if self.open_url(fix.settings_url) else f"could not open {fix.settings_url}"
        if fix.settings_command:
            from auditor.launcher import launch_detached

            return launch_detached(fix.settings_command)
        return "there is no settings page to open for this; follow the steps instead"


def make_context(store: Store, *, content: Content | None = None, scenario: Path | str | None = None,
                 safe_mode: bool = False, scan_env: Mapping[str, str] | None = None) -> AppContext:
    return AppContext(store, content=content, scenario=scenario, safe_mode=safe_mode, scan_env=scan_env)


__all__ = ["AppContext", "ScanFailed", "WorkedOutChanges", "make_context", "plain_reason"]
