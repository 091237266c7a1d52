"""History on disk: one SQLite file in a private folder, written only inside transactions.

The folder is the user's data folder (platformdirs), or ``HOMEGUARD_HOME``, or ``--data-dir``; it is kept at mode
0700 because it describes a family's weak spots. The schema version lives in SQLite's ``user_version`` and each
migration moves it up by one (``auditor.store_schema``). A file that is not a readable database is never thrown away:
it is renamed beside the new one (``homeguard.db.broken-<time>``), a fresh database is started, and the caller is
told in plain words. Opening, repairing and migrating live in ``auditor.store_open``, with why a write killed at any
moment leaves the file whole; the household's other computers in ``auditor.store_computers``. This module is what
the history holds: scans, settings and the install id, each write one transaction.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import store_computers
from auditor.json_text import load_json
from auditor.model import Result, ScanRun
from auditor.scoring import Scorecard, scorecard
from auditor.settings import Settings
from auditor.store_computers import ImportOutcome as ImportOutcome  # callers and tests read these from here
from auditor.store_computers import OtherComputer as OtherComputer
from auditor.store_open import DATA_DIR_ENV as DATA_DIR_ENV
from auditor.store_open import DB_NAME as DB_NAME
from auditor.store_open import StoreError as StoreError
from auditor.store_open import connect_and_migrate, set_aside
from auditor.store_open import default_data_dir as default_data_dir
from auditor.store_open import ensure_private_dir as ensure_private_dir
from auditor.store_schema import SCHEMA_VERSION as SCHEMA_VERSION

if TYPE_CHECKING:
    from auditor.intake import DeviceReport

# The settings row that holds this data folder's install id (Settings ignores names it does not know).
INSTALL_ID_NAME = "install_id"
INSTALL_ID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The id SQLite gave the row an INSERT just added (SQLite always sets it after one)."""
    if cursor.lastrowid is None:
        raise StoreError("the database did not say which row it added")
    return cursor.lastrowid


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
            kept = set_aside(self.path)
            self.notice = (
                f"The history file could not be read ({exc}), so Homeguard started a new one. "
                f"The old file was kept, unchanged, as {kept}."
            )
            return self._connect_and_migrate()

    def _connect_and_migrate(self, *, read_only_empty: bool = False) -> sqlite3.Connection:
        """``store_open.connect_and_migrate`` for this file: a method, so a test can open every history read-only."""
        return connect_and_migrate(self.path, read_only_empty=read_only_empty)

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
                results.append(Result.from_dict(load_json(text)))
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
            import uuid  # only the first report of a data folder needs it (uuid imports the platform module)

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
        """Keep another computer's report, newest scan per computer (``store_computers.import_computer``)."""
        return store_computers.import_computer(self, report, now)

    def other_computers(self) -> list[OtherComputer]:
        """The household's other computers, by name."""
        return store_computers.other_computers(self)

    def remove_computer(self, name_or_id: str) -> OtherComputer:
        """Forget one of the other computers, by its name or install id (``store_computers.remove_computer``)."""
        return store_computers.remove_computer(self, name_or_id)
