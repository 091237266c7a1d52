"""Opening the history file: its private folder, a damaged file kept aside, and the migrations, before any write.

Kept apart from ``auditor.store`` (what the history holds) because opening is where every risk to a family's data
sits: a folder others could read, a file another version wrote, a file that is no longer a database. Each is met
here once, in plain words, without ever throwing a file away.

Killed at any moment (SIGKILL, a crash, the power going), the file still opens whole: every write is one
``BEGIN IMMEDIATE`` ... ``COMMIT``, in SQLite's rollback-journal mode (``journal_mode=DELETE``, the default, kept: one
file plus a journal only while writing, which suits a file a person may copy or back up, and a folder on a network
disk, where WAL's shared memory does not work) with ``synchronous=FULL`` (set here at open, whatever this SQLite was
built with), so a cut-off write is rolled back from the journal at the next open and a finished one is on the disk
before ``COMMIT`` returns. tests/core/test_kill_safe.py kills a saving process at random moments to show it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import time
from pathlib import Path

from auditor.store_schema import MIGRATIONS, SCHEMA_VERSION

DATA_DIR_ENV = "HOMEGUARD_HOME"
DB_NAME = "homeguard.db"


class StoreError(Exception):
    """A problem with the history file that a person needs to hear about, in plain words. ``window_text`` is the
    same for the desktop window, which offers to choose another folder itself rather than name command options."""

    def __init__(self, message: str, *, window_text: str = "") -> None:
        super().__init__(message)
        self.window_text = window_text or message


class Damaged(sqlite3.DatabaseError):
    """The file opened but SQLite's own integrity check found it damaged."""


def default_data_dir() -> Path:
    """``HOMEGUARD_HOME`` when set, else the user data folder (platformdirs is imported only then)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("Homeguard", appauthor=False))


def ensure_private_dir(path: Path) -> Path:
    """Create the data folder if needed and make sure only its owner can open it. Raises StoreError, naming the
    folder and what is wrong, when it cannot be made or is not a folder; one whose mode cannot be changed (a
    read-only disk) is still used, and a write that fails there is reported where it happens."""
    from auditor.data_folder import FOLDER_ADVICE, folder_problem

    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path))
    except OSError as exc:
        problem = folder_problem(path, exc)
        raise StoreError(f"{problem} {FOLDER_ADVICE}", window_text=problem) from exc
    if os.name == "posix" and (path.stat().st_mode & 0o077):
        with contextlib.suppress(OSError):
            path.chmod(0o700)
    return path


def connect_and_migrate(path: Path, *, read_only_empty: bool = False) -> sqlite3.Connection:
    """The history file at ``path``, open and migrated to this version's schema.

    With ``read_only_empty``, for a data folder that cannot be written and holds no history yet: an empty history
    in memory that refuses every write as a read-only file does, so a scan still gives its report and says it was
    not saved (``auditor.data_folder``). Raises ``Damaged`` for a file SQLite's check finds damaged, StoreError for
    one a newer Homeguard wrote (left untouched), and SQLite's own errors otherwise.
    """
    new_file = not path.exists() and not read_only_empty
    conn = sqlite3.connect(":memory:" if read_only_empty else path, check_same_thread=False, isolation_level=None)
    try:
        if new_file and os.name == "posix":
            path.chmod(0o600)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # see the module's docstring
        check = conn.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise Damaged(f"integrity check said {check[0] if check else 'nothing'}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            problem = (f"The history file at {path} was written by a newer version of Homeguard "
                       f"(schema {version}; this version reads up to {SCHEMA_VERSION}). It was left untouched.")
            raise StoreError(f"{problem} Update Homeguard, or choose another data folder with --data-dir.",
                             window_text=f"{problem} Update Homeguard, or choose another folder for now.")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[target - 1](conn)
                conn.execute(f"PRAGMA user_version = {target}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        if read_only_empty:
            conn.execute("PRAGMA query_only = ON")
        return conn
    except sqlite3.DatabaseError:
        conn.close()
        raise


def set_aside(path: Path) -> Path:
    """Move a damaged history file (and its journal or WAL files) aside, unchanged, as
    ``homeguard.db.broken-<time>``; returns where it now is."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while kept.exists():
        n += 1
        kept = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    os.replace(path, kept)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    return kept
