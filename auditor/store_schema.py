"""The history file's schema: each migration moves SQLite's ``user_version`` up by one, inside a transaction.

Kept apart from ``auditor.store`` so the tables can be read in one place, in the order they came: a new
version of Homeguard adds a migration at the end and never edits an old one, so any older file can be brought up
to date step by step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def _run_statements(conn: sqlite3.Connection, script: str) -> None:
    """Run each statement on its own: executescript() would commit the migration's transaction half-way."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migration_1(conn: sqlite3.Connection) -> None:
    _run_statements(
        conn,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at REAL NOT NULL,
            finished_at REAL NOT NULL,
            hostname TEXT NOT NULL,
            platform TEXT NOT NULL,
            os_name TEXT NOT NULL,
            app_version TEXT NOT NULL,
            safe_mode INTEGER NOT NULL DEFAULT 0,
            cancelled INTEGER NOT NULL DEFAULT 0,
            user_is_admin INTEGER NOT NULL DEFAULT 0,
            score REAL,
            coverage REAL,
            lowest REAL,
            highest REAL,
            action_needed INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE results (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            check_id TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (run_id, position)
        );
        CREATE TABLE strategy_scores (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            strategy TEXT NOT NULL,
            score REAL,
            coverage REAL,
            PRIMARY KEY (run_id, strategy)
        );
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def _migration_2(conn: sqlite3.Connection) -> None:
    """The household: people, their devices, their answers to guided checks, and quiz attempts."""
    _run_statements(
        conn,
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            nickname TEXT NOT NULL UNIQUE,
            age_band TEXT NOT NULL CHECK (age_band IN ('under-13', '13-17', 'adult')),
            services TEXT NOT NULL DEFAULT '[]',
            services_chosen INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
            created_at REAL NOT NULL
        );
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            check_id TEXT NOT NULL,
            subject_kind TEXT NOT NULL CHECK (subject_kind IN ('person', 'device', 'household')),
            subject_id INTEGER NOT NULL DEFAULT 0,
            answer TEXT NOT NULL,
            status TEXT NOT NULL,
            answered_at REAL NOT NULL
        );
        CREATE INDEX answers_by_subject ON answers (check_id, subject_kind, subject_id, answered_at);
        CREATE TABLE quiz_attempts (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            taken_at REAL NOT NULL,
            answers TEXT NOT NULL
        );
        CREATE TABLE household_facts (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    )


def _migration_3(conn: sqlite3.Connection) -> None:
    """The household's other computers: the newest report of each, as this Homeguard wrote it after reading it."""
    _run_statements(
        conn,
        """
        CREATE TABLE household_computers (
            install_id TEXT PRIMARY KEY,
            computer_name TEXT NOT NULL,
            platform TEXT NOT NULL,
            scanned_at REAL NOT NULL,
            imported_at REAL NOT NULL,
            report TEXT NOT NULL
        )
        """,
    )


# Each entry moves the schema from version N to N + 1. Append; never edit a migration that has shipped.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migration_1, _migration_2, _migration_3]
SCHEMA_VERSION = len(MIGRATIONS)
