"""What goes wrong with the data folder, said in one plain line, and a scan that still gives its report when the
history cannot take it.

Two kinds of trouble, two outcomes (the exit codes are in ``auditor.cli`` and the README):
- the folder cannot be used at all (a file where the folder should be, a folder that cannot be made): the store
  raises ``StoreError`` with ``folder_problem``'s sentence, and the command ends with exit code 3;
- the folder or ``homeguard.db`` is read-only, or the disk is full, so only writing fails: the scan's report is
  printed all the same, one calm line on standard error says it was not saved and why, and the scan exits as it
  would have (``save_or_explain``, ``install_id_or_none``).
"""

from __future__ import annotations

import dataclasses
import errno
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.model import ScanRun
    from auditor.scoring import Scorecard
    from auditor.settings import Settings
    from auditor.store import Store

# Why a write to the history failed, by SQLite's own name for the error (``sqlite3.Error.sqlite_errorname``).
_WRITE_REASONS = {
    "SQLITE_READONLY": "the history file or its folder is read-only",
    "SQLITE_CANTOPEN": "the history file could not be opened for writing (is its folder read-only?)",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_BUSY": "another program is using the history file",
    "SQLITE_LOCKED": "another program is using the history file",
    "SQLITE_IOERR": "the disk could not be written",
}
# The same, from SQLite's own message, for an error that carries no name.
_WRITE_WORDS = (("readonly", "SQLITE_READONLY"), ("read-only", "SQLITE_READONLY"), ("disk is full", "SQLITE_FULL"),
                ("database is locked", "SQLITE_BUSY"), ("disk i/o error", "SQLITE_IOERR"))

FOLDER_ADVICE = "Choose another one with --data-dir or the HOMEGUARD_HOME setting."  # what the terminal adds


def folder_problem(path: Path, exc: OSError) -> str:
    """One sentence naming the data folder and what is wrong with it (the terminal adds ``FOLDER_ADVICE``; the
    window offers to choose another folder instead)."""
    if isinstance(exc, FileExistsError):
        reason = "there is a file with that name, and a folder is needed there"
    elif isinstance(exc, NotADirectoryError) or exc.errno == errno.ENOTDIR:
        reason = "part of that path is a file, not a folder"
    elif isinstance(exc, PermissionError):
        reason = "permission to create or open it was refused"
    elif exc.errno == errno.EROFS:
        reason = "it is on a disk that cannot be written"
    else:
        reason = exc.strerror or str(exc)
    return f"The data folder {path} could not be used: {reason}."


def write_problem(exc: BaseException) -> str:
    """Why a write to the history failed, in plain words."""
    name = getattr(exc, "sqlite_errorname", "")
    for prefix, reason in _WRITE_REASONS.items():
        if name.startswith(prefix):
            return reason
    if isinstance(exc, sqlite3.Error):  # no error name (raised by hand, or an older SQLite): SQLite's own words
        for words, code in _WRITE_WORDS:
            if words in str(exc).lower():
                return _WRITE_REASONS[code]
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__


def save_or_explain(store: Store, run: ScanRun, card: Scorecard) -> ScanRun:
    """The run saved, with its number; or, when the history cannot be written, the run unsaved (no number) and one
    line on standard error saying so. The scan's report does not depend on the history, so it is never lost."""
    from auditor.store import StoreError

    try:
        return dataclasses.replace(run, run_id=store.save_run(run, card))
    except (sqlite3.Error, OSError, StoreError) as exc:
        print(f"homeguard: this scan was not saved to the history: {write_problem(exc)} ({store.path}). "
              "The report is complete.", file=sys.stderr)
        return run


def save_settings_or_explain(store: Store, settings: Settings) -> None:
    """Remember a setting given on the command line; when the history cannot be written, say so and go on."""
    try:
        store.save_settings(settings)
    except (sqlite3.Error, OSError) as exc:
        print(f"homeguard: the setting was used for this scan but not remembered: {write_problem(exc)} "
              f"({store.path}).", file=sys.stderr)


def install_id_or_none(store: Store) -> str | None:
    """This data folder's install id for a report; None when it was never made and cannot be made now (the
    history is read-only), so the report is still written, without one."""
    try:
        return store.install_id()
    except (sqlite3.Error, OSError):
        return None
