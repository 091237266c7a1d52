"""History on disk: one SQLite file in a private folder, written only inside transactions.

The folder is the user's data folder (platformdirs), or ``HOMEGUARD_HOME``, or ``--data-dir``; it is kept at mode
0700 because it describes a family's weak spots. The schema version lives in SQLite's ``user_version`` and each
migration moves it up by one. A file that is not a readable database is never thrown away: it is renamed beside
the new one (``homeguard.db.broken-<time>``), a fresh database is started, and the caller is told in plain words.

Killed at any moment (SIGKILL, a crash, the power going), the file still opens whole: every write is one
``BEGIN IMMEDIATE`` ... ``COMMIT`` (a scan's row, its results and its scores together), in SQLite's rollback-journal
mode (``journal_mode=DELETE``, the default, kept: one file plus a journal only while writing, which suits a file a
person may copy or back up, and a folder on a network disk, where WAL's shared memory does not work) with
``synchronous=FULL`` (set at open, whatever this SQLite was built with), so a cut-off write is rolled back from the
journal at the next open and a finished one is on the disk before ``COMMIT`` returns. tests/core/test_kill_safe.py
kills a saving process at random moments to show it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from auditor.model import Result, ScanRun
from auditor.scoring import Scorecard, scorecard
from auditor.settings import Settings
from auditor.store_schema import MIGRATIONS
from auditor.store_schema import SCHEMA_VERSION as SCHEMA_VERSION  # tests and callers read it from here

if TYPE_CHECKING:
    from auditor.intake import DeviceReport

DATA_DIR_ENV = "HOMEGUARD_HOME"
DB_NAME = "homeguard.db"
# The settings row that holds this data folder's install id (Settings ignores names it does not know).
INSTALL_ID_NAME = "install_id"
INSTALL_ID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


class StoreError(Exception):
    """A problem with the history file that a person needs to hear about, in plain words. ``window_text`` is the
    same for the desktop window, which offers to choose another folder itself rather than name command options."""

    def __init__(self, message: str, *, window_text: str = "") -> None:
        super().__init__(message)
        self.window_text = window_text or message


class _Damaged(sqlite3.DatabaseError):
    """The file opened but SQLite's own integrity check found it damaged."""


def default_data_dir() -> Path:
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


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id SQLite gave the row an INSERT just added (SQLite always sets it after one)."""
    if cursor.lastrowid is None:
        raise StoreError("the database did not say which row it added")
    return cursor.lastrowid




@dataclass(frozen=True)
class OtherComputer:
    """Another computer of the household, as kept: its newest report, written again by this Homeguard."""

    install_id: str  # the report's install id; for a report without one, "name:" and the computer's name
    computer_name: str
    platform: str
    scanned_at: float
    imported_at: float
    report: str  # the report's JSON as ``auditor.reports`` wrote it from what ``auditor.intake`` read


ImportOutcome = Literal["added", "replaced", "up to date"]


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    started_at: float
    finished_at: float
    hostname: str
    platform: str
    score: float | None
    coverage: float | None
    lowest: float | None
    highest: float | None
    action_needed: int
    cancelled: bool
    strategy_scores: dict[str, float | None]


class Store:
    """The history database. Safe to use from more than one thread; every write is one transaction."""

    def __init__(self, data_dir: Path | str | None = None) -> None:
        self.data_dir = ensure_private_dir(Path(data_dir).expanduser() if data_dir else default_data_dir())
        self.path = self.data_dir / DB_NAME
        self.notice = ""  # set when something had to be repaired, so the front end can say so
        self._lock = threading.RLock()
        self._conn = self._open()

    # -- opening, repairing, migrating --------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect_and_migrate()
        except sqlite3.OperationalError as exc:
            if not self.path.exists() and getattr(exc, "sqlite_errorname", "") == "SQLITE_CANTOPEN":
                return self._connect_and_migrate(read_only_empty=True)
            # Busy or unopenable is not damage: never move a healthy file aside for it.
            raise StoreError(f"The history file at {self.path} could not be opened: {exc}.") from exc
        except sqlite3.DatabaseError as exc:
            kept = self._set_aside(exc)
            self.notice = (
                f"The history file could not be read ({exc}), so Homeguard started a new one. "
                f"The old file was kept, unchanged, as {kept}."
            )
            return self._connect_and_migrate()

    def _connect_and_migrate(self, *, read_only_empty: bool = False) -> sqlite3.Connection:
        """Open the history file, migrated to this version's schema. With ``read_only_empty``, for a data folder
        that cannot be written and holds no history yet: an empty history in memory that refuses every write as a
        read-only file does, so a scan still gives its report and says it was not saved (``auditor.data_folder``)."""
        new_file = not self.path.exists() and not read_only_empty
        where = ":memory:" if read_only_empty else self.path
        conn = sqlite3.connect(where, check_same_thread=False, isolation_level=None)
        try:
            if new_file and os.name == "posix":
                self.path.chmod(0o600)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")  # see the module's docstring
            check = conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise _Damaged(f"integrity check said {check[0] if check else 'nothing'}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                problem = (f"The history file at {self.path} was written by a newer version of Homeguard "
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

    def _set_aside(self, exc: Exception) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{DB_NAME}.broken-{stamp}")
        n = 1
        while kept.exists():
            n += 1
            kept = self.path.with_name(f"{DB_NAME}.broken-{stamp}-{n}")
        os.replace(self.path, kept)
        for suffix in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(DB_NAME + suffix)
            if side.exists():
                os.replace(side, kept.with_name(kept.name + suffix))
        return kept

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, for modules that keep their own tables in this file (the household)."""
        with self._transaction() as conn:
            yield conn

    def query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, parameters).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    # -- runs ---------------------------------------------------------------------------------------------------
    def save_run(self, run: ScanRun, card: Scorecard | None = None) -> int:
        card = card or scorecard(run.results)
        o = card.overall
        with self._transaction() as conn:
            cursor = conn.execute(
                """INSERT INTO runs (started_at, finished_at, hostname, platform, os_name, app_version, safe_mode,
                                     cancelled, user_is_admin, score, coverage, lowest, highest, action_needed)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    run.started_at, run.finished_at, run.hostname, run.platform, run.os_name, run.app_version,
                    int(run.safe_mode), int(run.cancelled), int(run.user_is_admin),
                    o.score, o.coverage, o.lowest, o.highest, len(card.action_needed),
                ),
            )
            run_id = inserted_id(cursor)
            conn.executemany(
                "INSERT INTO results (run_id, position, check_id, data) VALUES (?, ?, ?, ?)",
                [(run_id, i, r.check_id, json.dumps(r.to_dict())) for i, r in enumerate(run.results)],
            )
            conn.executemany(
                "INSERT INTO strategy_scores (run_id, strategy, score, coverage) VALUES (?, ?, ?, ?)",
                [(run_id, sid, line.score, line.coverage) for sid, line in card.by_strategy.items()],
            )
        return run_id

    def list_runs(self, limit: int = 100) -> list[RunSummary]:
        with self._lock:
            rows = self._conn.execute(
                """SELECT id, started_at, finished_at, hostname, platform, score, coverage, lowest, highest,
                          action_needed, cancelled FROM runs ORDER BY started_at DESC, id DESC LIMIT ?""",
                (limit,),
            ).fetchall()
            per_strategy: dict[int, dict[str, float | None]] = {}
            if rows:
                marks = ",".join("?" * len(rows))
                for run_id, sid, value in self._conn.execute(
                    f"SELECT run_id, strategy, score FROM strategy_scores WHERE run_id IN ({marks})",
                    [r[0] for r in rows],
                ):
                    per_strategy.setdefault(run_id, {})[sid] = value
        return [
            RunSummary(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], bool(r[10]),
                       per_strategy.get(r[0], {}))
            for r in rows
        ]

    def load_run(self, run_id: int) -> ScanRun | None:
        with self._lock:
            row = self._conn.execute(
                """SELECT id, started_at, finished_at, hostname, platform, os_name, app_version, safe_mode,
                          cancelled, user_is_admin FROM runs WHERE id = ?""",
                (run_id,),
            ).fetchone()
            if row is None:
                return None
            data = [d for (d,) in self._conn.execute(
                "SELECT data FROM results WHERE run_id = ? ORDER BY position", (run_id,)
            )]
        results = []
        for text in data:
            try:
                results.append(Result.from_dict(json.loads(text)))
            except (ValueError, KeyError, TypeError):
                continue  # a damaged row is left out of the view but stays in the file untouched
        return ScanRun(
            results=tuple(results), started_at=row[1], finished_at=row[2], hostname=row[3], platform=row[4],
            os_name=row[5], app_version=row[6], safe_mode=bool(row[7]), cancelled=bool(row[8]),
            run_id=row[0], user_is_admin=bool(row[9]),
        )

    def latest_run_id(self) -> int | None:
        with self._lock:
            row = self._conn.execute("SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    # -- settings -----------------------------------------------------------------------------------------------
    def settings(self) -> Settings:
        with self._lock:
            values = dict(self._conn.execute("SELECT name, value FROM settings").fetchall())
        return Settings.from_dict(values)

    # -- who this data folder is, for reports that travel --------------------------------------------------------
    def install_id(self) -> str:
        """This data folder's install id: a random uuid4, made the first time it is asked for, then kept.

        Reports carry it so that the same computer imported twice replaces its older report. It is random on
        purpose, never a hardware serial or a network address: it says "the same Homeguard as before" and nothing
        about the machine. It is a row of the settings table, so the schema needs no new version (an older
        Homeguard still opens the folder) and "delete all data" forgets it too: the next report gets a new id.
        A stored value that is not a uuid4 (edited by hand) is replaced.
        """
        select = "SELECT value FROM settings WHERE name = ?"
        rows = self.query(select, (INSTALL_ID_NAME,))
        if rows and INSTALL_ID_PATTERN.fullmatch(str(rows[0][0])):
            return str(rows[0][0])
        with self._transaction() as conn:  # looked at again inside the write lock: two first calls make one id
            row = conn.execute(select, (INSTALL_ID_NAME,)).fetchone()
            if row is not None and INSTALL_ID_PATTERN.fullmatch(str(row[0])):
                return str(row[0])
            made = str(uuid.uuid4())
            conn.execute("INSERT INTO settings (name, value) VALUES (?, ?) "
                         "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (INSTALL_ID_NAME, made))
            return made

    def save_settings(self, settings: Settings) -> None:
        with self._transaction() as conn:
            conn.executemany(
                "INSERT INTO settings (name, value) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                [(k, str(v)) for k, v in settings.to_dict().items()],
            )

    # -- the household's other computers -------------------------------------------------------------------------
    def import_computer(self, report: DeviceReport, now: float | None = None) -> ImportOutcome:
        """Keep another computer's report: newest scan per computer wins. Raises ReportRefused with the reason.

        What is kept is the report as this Homeguard writes it again from what ``auditor.intake`` read and checked,
        never the file's own bytes: anything the reader did not take can never come back out of the history.
        This computer's own report is refused (its results come from its own scans), and so is an anonymous one
        (it does not say which computer it is, and it carries no fixes to show).
        """
        from auditor.intake import ReportRefused
        from auditor.reports import build_report, to_json

        if report.install_id and report.install_id == self.install_id():
            raise ReportRefused(report.source, "is this computer's own report (it has this computer's install id); "
                                               "this computer's results come from its own scans, so it was not "
                                               "added as another computer")
        if report.anonymous:
            raise ReportRefused(report.source, "is an anonymous report (made for a club summary), which does not "
                                               "say which computer it is; save that computer's report without "
                                               "--anonymous to add it to the household")
        text = to_json(build_report(report.run, install_id=report.install_id or None))
        when = time.time() if now is None else now
        with self._transaction() as conn:
            row = conn.execute("SELECT scanned_at FROM household_computers WHERE install_id = ?",
                               (report.key,)).fetchone()
            if row is not None and row[0] > report.scanned_at:
                raise ReportRefused(report.source, f"is an older scan of {report.computer_name} than the one "
                                                   "already added, so it was not used")
            if row is not None and row[0] == report.scanned_at:
                return "up to date"
            conn.execute(
                "INSERT INTO household_computers (install_id, computer_name, platform, scanned_at, imported_at, "
                "report) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(install_id) DO UPDATE SET "
                "computer_name = excluded.computer_name, platform = excluded.platform, "
                "scanned_at = excluded.scanned_at, imported_at = excluded.imported_at, report = excluded.report",
                (report.key, report.computer_name, report.platform, report.scanned_at, when, text),
            )
        return "added" if row is None else "replaced"

    def other_computers(self) -> list[OtherComputer]:
        """The household's other computers, by name."""
        rows = self.query("SELECT install_id, computer_name, platform, scanned_at, imported_at, report "
                          "FROM household_computers ORDER BY computer_name COLLATE NOCASE, install_id")
        return [OtherComputer(*row) for row in rows]

    def remove_computer(self, name_or_id: str) -> OtherComputer:
        """Forget one of the other computers, named by its name (any case) or its install id.

        Raises StoreError, in plain words, when none matches or when the name is shared by more than one.
        """
        wanted = name_or_id.strip()
        found = [c for c in self.other_computers() if c.install_id == wanted]
        if not found:
            found = [c for c in self.other_computers() if c.computer_name.casefold() == wanted.casefold()]
        if not found:
            raise StoreError(f"No other computer called {wanted!r} has been added (see `homeguard household`).")
        if len(found) > 1:
            ids = ", ".join(c.install_id for c in found)
            raise StoreError(f"More than one computer is called {wanted!r}; name the one to remove by its id: {ids}.")
        with self._transaction() as conn:
            conn.execute("DELETE FROM household_computers WHERE install_id = ?", (found[0].install_id,))
        return found[0]
