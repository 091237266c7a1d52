"""The shared folder in the window: read when the app opens, this computer's report put there after each scan, and a
folder chosen in Settings. Nothing here touches a widget; pages show ``context.shared_folder_news``.

The rules are ``auditor.shared_folder``'s; this module only decides where each step runs. Files are read and written
on a worker (a USB stick or a sync tool's folder may be slow), and what is kept goes through the context's one writer
(``context.save``), whose ``data_changed`` makes the Overview's "Computers in this home" show the computers just
added. Whatever goes wrong is a plain sentence in ``context.shared_folder_news``, never a dialog: a USB stick that is
not plugged in is an everyday thing, not an error.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.plural import plural
from ui.tasks import Cancelled

if TYPE_CHECKING:
    from auditor.model import ScanRun
    from auditor.shared_folder import Collected, SharedRead
    from ui.context import AppContext
    from ui.tasks import TaskHandle

MAX_REFUSALS_SHOWN = 5  # a page shows this many files not used by name, then how many more
News = Callable[[], None]


def _nothing() -> None:
    return None


def read_news(read: SharedRead) -> str:
    """What a read came to, for the Settings page: one calm line, then each file not used (the first few)."""
    lines = [read.summary(), *read.refusals()[:MAX_REFUSALS_SHOWN]]
    more = len(read.refused) - MAX_REFUSALS_SHOWN
    if more > 0:
        lines.append(f"\u2026and {plural(more, 'more file', 'more files')} not used.")
    return "\n".join(lines)


def read_shared_folder(context: AppContext, folder: str | None = None, *, then: News = _nothing) -> bool:
    """Read the shared folder (``folder``, else the one in the settings) on a worker and keep what is new through the
    writer; then ``context.shared_folder_news`` says what happened, ``data_changed`` follows, and ``then()`` runs.
    False when no folder is set or the app is closing."""
    from auditor.shared_folder import collect, keep

    chosen = context.settings.shared_folder if folder is None else folder
    if not chosen or not context.tasks.accepting:
        return False
    store = context.store

    def gather(_handle: TaskHandle[Collected]) -> Collected:
        return collect(chosen, store.install_id(), time.time())

    def told(text: str) -> None:
        context.shared_folder_news = text
        then()

    def kept(read: SharedRead) -> None:
        told(read_news(read))

    def not_kept(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            told(f"The reports in the shared folder could not be added: {exc}")

    def collected(found: Collected) -> None:
        if found.problem:
            told(found.problem)
            context.data_changed.emit()  # nothing was written; the page that shows the news refreshes
            return
        context.save(lambda: keep(found, store, time.time()), then=kept, failed=not_kept,
                     name="add the reports in the shared folder")

    context.tasks.run(gather, on_success=collected, on_failure=not_kept, name="read the shared folder")
    return True


def write_after_scan(context: AppContext, run: ScanRun | None = None, *, folder: str | None = None,
                     then: News = _nothing) -> bool:
    """Put this computer's latest report in the shared folder on a worker: ``run`` (a scan just saved), else the
    newest scan in the history. ``context.shared_folder_written`` then says how it went, and ``then()`` runs. False
    when there is nothing to do (no folder set, a cancelled scan, the app closing)."""
    chosen = context.settings.shared_folder if folder is None else folder
    if not chosen or (run is not None and (run.cancelled or run.run_id is None)) or not context.tasks.accepting:
        return False
    store = context.store

    def write(_handle: TaskHandle[bool]) -> bool:
        from auditor.shared_folder import write_latest

        latest = run
        if latest is None:
            run_id = store.latest_run_id()
            latest = store.load_run(run_id) if run_id is not None else None
        if latest is None:
            return False  # no scan yet: the first one will put its report there
        write_latest(chosen, latest, None, store.install_id())
        return True

    def written(wrote: bool) -> None:
        if wrote:
            moment = time.strftime("%H:%M", time.localtime())
            context.shared_folder_written = f"This computer's latest report was put in the shared folder at {moment}."
        then()

    def not_written(exc: BaseException) -> None:
        from auditor.shared_folder import SharedFolderError

        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, SharedFolderError):
            context.shared_folder_written = f"This computer's latest report was not put in the shared folder. {exc}"
        else:
            context.shared_folder_written = ("This computer's latest report could not be put in the shared folder: "
                                             f"{type(exc).__name__}: {exc}")
        then()

    context.tasks.run(write, on_success=written, on_failure=not_written,
                      name="put this computer's report in the shared folder")
    return True


def use_folder(context: AppContext, path: str, *, said: Callable[[str], None], then: News = _nothing) -> bool:
    """The person chose ``path`` as the shared folder: checked on a worker; if it is a folder, kept as the setting
    (through the writer), this computer's latest report is put there and the others' are read. ``said(problem)``
    when it cannot be used. False when the app is closing."""
    if not context.tasks.accepting:
        return False
    folder = str(Path(path).absolute())

    def check(_handle: TaskHandle[str]) -> str:
        from auditor.shared_folder import folder_problem

        return folder_problem(Path(folder))

    def checked(problem: str) -> None:
        if problem:
            said(problem)
            return
        try:
            settings = context.settings.with_value("shared_folder", folder)
        except ValueError:
            said("That folder's name cannot be kept (it has a line break or is far too long). Choose another.")
            return
        context.shared_folder_news = context.shared_folder_written = ""
        context.save_settings(settings)
        write_after_scan(context, folder=folder, then=then)
        read_shared_folder(context, folder, then=then)
        then()

    context.tasks.run(check, on_success=checked, name="check the shared folder")
    return True


def stop_using(context: AppContext) -> None:
    """Forget the shared folder (its files and the computers already added stay)."""
    context.shared_folder_news = context.shared_folder_written = ""
    context.save_settings(context.settings.with_value("shared_folder", ""))


__all__ = ["read_news", "read_shared_folder", "stop_using", "use_folder", "write_after_scan"]
