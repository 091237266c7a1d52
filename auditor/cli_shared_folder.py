"""The shared folder in the terminal: ``homeguard household share``, and what ``scan`` and ``household`` do with it.

- ``homeguard household share FOLDER`` sets the shared folder (``auditor.shared_folder``; it must be a folder that
  is there) and puts this computer's latest report in it at once, when there is a scan.
- ``homeguard household share --off`` stops using it (the files in it stay); ``share`` alone says which is used.
- ``homeguard household`` (the list) first reads the others' reports from it: one line says what was read, and
  each file not used is named on stderr with its reason (``read_shared_folder``).
- ``homeguard scan`` puts this computer's report in it after each saved scan (``share_after_scan``): one line on
  stderr, never on stdout (``scan --json`` stays pure JSON), and a failure never changes the scan's exit code.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.model import ScanRun
    from auditor.scoring import Scorecard
    from auditor.store import Store

EXIT_OK, EXIT_USAGE = 0, 2
Say = Callable[[str], None]


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def share(items: Sequence[str], off: bool, store: Store, say: Say) -> int:
    """``share FOLDER`` turns the shared folder on, ``share --off`` turns it off, ``share`` says which it is."""
    from auditor.shared_folder import folder_problem

    settings = store.settings()
    if off:
        if items:
            _stderr("homeguard: `homeguard household share --off` takes no folder")
            return EXIT_USAGE
        if not settings.shared_folder:
            say("No shared folder was being used.")
            return EXIT_OK
        store.save_settings(settings.with_value("shared_folder", ""))
        say(f"Stopped using the shared folder {settings.shared_folder}. The reports already in it stay there, and "
            "the computers already added stay in the household.")
        return EXIT_OK
    if not items:
        say(f"The shared folder is {settings.shared_folder}. To stop using it: homeguard household share --off"
            if settings.shared_folder else "No shared folder is used. To use one: homeguard household share FOLDER")
        return EXIT_OK
    if len(items) != 1:
        _stderr("homeguard: name one folder: homeguard household share FOLDER")
        return EXIT_USAGE
    folder = Path(items[0]).expanduser().absolute()
    problem = folder_problem(folder)
    if problem:
        _stderr(f"homeguard: {problem}")
        return EXIT_USAGE
    try:
        store.save_settings(settings.with_value("shared_folder", str(folder)))
    except ValueError:
        _stderr("homeguard: that folder's name cannot be kept as a setting (it has a line break or is too long)")
        return EXIT_USAGE
    say(f"Using the shared folder {folder}. Each scan puts this computer's latest report there, and "
        "`homeguard household` reads the other computers' reports from it. Homeguard never sends anything: "
        "your sync tool or a USB stick carries the files.")
    latest = store.latest_run_id()
    run = store.load_run(latest) if latest is not None else None
    if run is not None:
        share_after_scan(store, run, None, say=say)
    return EXIT_OK


def share_after_scan(store: Store, run: ScanRun, card: Scorecard | None, *, say: Say = _stderr) -> bool:
    """After a saved scan: put this computer's report in the shared folder, if one is set. One line says how it
    went (on stderr unless ``say`` is given, so ``scan --json`` keeps stdout pure JSON). Never raises for the
    folder: a scan that could not be shared is still a scan. True when the report was written."""
    folder = store.settings().shared_folder
    if not folder:
        return False
    from auditor.shared_folder import SharedFolderError, write_latest  # imported only when a folder is set

    try:
        write_latest(folder, run, card, store.install_id())
    except SharedFolderError as exc:
        say(f"homeguard: this computer's report was not put in the shared folder. {exc}")
        return False
    except (sqlite3.Error, OSError) as exc:  # the history could not give this computer's install id
        say(f"homeguard: this computer's report was not put in the shared folder: the history could not be read "
            f"({exc}).")
        return False
    say(f"Put this computer's latest report in the shared folder {folder}.")
    return True


def read_shared_folder(store: Store, now: float, say: Say) -> None:
    """Before the list: read the others' reports from the shared folder, if one is set. One line says what was
    read (a problem with the folder goes to stderr); each file not used is named on stderr with its reason."""
    from auditor.shared_folder import read_shared

    folder = store.settings().shared_folder
    if not folder:
        return
    read = read_shared(folder, store, now)
    if read.problem:
        _stderr(f"homeguard: {read.problem}")
        return
    say(read.summary())
    for line in read.refusals():
        _stderr(f"homeguard: {line}")
    say("")


__all__ = ["read_shared_folder", "share", "share_after_scan"]
