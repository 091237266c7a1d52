"""Deleting everything Homeguard has stored, while the program keeps running.

The history file is emptied in place (every table, then VACUUM so the deleted rows do not linger in free pages)
rather than removed, so the open ``Store`` goes on working with an empty household and no scans: a window can
carry on at once. The evidence notes file and any damaged history files set aside earlier are removed. Settings
are rows of the history file, so they go back to their defaults too.
"""

from __future__ import annotations

from auditor.notes import NotesStore
from auditor.store import DB_NAME, Store


def delete_all_data(store: Store) -> list[str]:
    """Empty every table of the history file, remove the notes and set-aside files. Returns what was removed."""
    removed: list[str] = []
    tables = [str(name) for (name,) in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    with store.transaction() as conn:
        for table in tables:
            conn.execute(f'DELETE FROM "{table}"')  # names come from SQLite's own catalogue
    store.query("VACUUM")  # rewrite the file so the deleted rows do not linger in free pages
    removed.append(str(store.path))
    notes = NotesStore(store.data_dir)
    if notes.path.exists():
        notes.delete_all()
        removed.append(str(notes.path))
    for kept in sorted(store.data_dir.glob(f"{DB_NAME}.broken-*")):
        if kept.is_file():
            kept.unlink()
            removed.append(str(kept))
    return removed
