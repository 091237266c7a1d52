"""Evidence notes: what happened, written down as text, kept on this computer and apart from the check history.

The notes hold facts the police or CEOP ask for — usernames, profile links, dates, what was demanded, payment
details — and never images: there is no field for a file, and the help text says to leave the messages where
they are. They live in their own file (``incident-notes.db``) so that deleting them, which a person can ask for
at any time, removes the file itself and touches nothing else.
"""

from __future__ import annotations

import html
import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from auditor.dates import date_text, date_time_text
from auditor.json_text import load_json
from auditor.store import StoreError, ensure_private_dir, inserted_id

NOTES_FILE = "incident-notes.db"
MAX_FIELD = 4000

# The fields, in the order a police officer would read them, with the label and a hint for each.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("where", "Where it happened", "The app, game or website, e.g. Instagram, Snapchat, Discord"),
    ("their_name", "Their username or name", "Exactly as shown, including spellings and numbers"),
    ("profile_link", "Link to their profile", "Copy the address of their profile page, if there is one"),
    ("first_contact", "When they first got in touch", "A date, or roughly when"),
    ("what_happened", "What happened", "In your own words; no pictures"),
    ("demanded", "What they asked for", "Money, gift cards, more pictures, a meeting..."),
    ("payment_details", "Payment details they gave", "Account numbers, crypto wallet, gift-card type, amounts"),
    ("paid", "Anything already paid", "How much, when and how; it is fine to write none"),
    ("other", "Anything else", "Other accounts they used, phone numbers, email addresses"),
)
FIELD_NAMES = tuple(name for name, _, _ in FIELDS)


@dataclass(frozen=True)
class Note:
    id: int
    created_at: float
    updated_at: float
    values: dict[str, str] = field(default_factory=dict)

    def value(self, name: str) -> str:
        return self.values.get(name, "")


def clean_values(values: dict[str, str]) -> dict[str, str]:
    """Only the known fields, as plain text, trimmed to a sane length; unknown keys are dropped."""
    cleaned = {}
    for name in FIELD_NAMES:
        text = str(values.get(name, "") or "")
        text = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t").strip()
        if text:
            cleaned[name] = text[:MAX_FIELD]
    return cleaned


class NotesStore:
    def __init__(self, data_dir: Path | str) -> None:
        self.data_dir = ensure_private_dir(Path(data_dir))
        self.path = self.data_dir / NOTES_FILE

    def _connect(self) -> sqlite3.Connection:
        new = not self.path.exists()
        try:
            conn = sqlite3.connect(self.path)
            conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, created_at REAL NOT NULL, "
                         "updated_at REAL NOT NULL, fields TEXT NOT NULL)")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"The notes file {self.path} could not be read ({exc}). It was left untouched; "
                             "move it aside to start new notes.") from exc
        if new and os.name == "posix":
            self.path.chmod(0o600)
        return conn

    def list(self) -> list[Note]:
        if not self.path.exists():
            return []
        conn = self._connect()
        try:
            rows = conn.execute("SELECT id, created_at, updated_at, fields FROM notes ORDER BY id").fetchall()
        finally:
            conn.close()
        return [Note(r[0], r[1], r[2], _fields(r[3])) for r in rows]

    def add(self, values: dict[str, str]) -> Note:
        cleaned = clean_values(values)
        now = time.time()
        conn = self._connect()
        try:
            with conn:
                cursor = conn.execute("INSERT INTO notes (created_at, updated_at, fields) VALUES (?, ?, ?)",
                                      (now, now, json.dumps(cleaned)))
        finally:
            conn.close()
        return Note(inserted_id(cursor), now, now, cleaned)

    def update(self, note_id: int, values: dict[str, str]) -> Note:
        cleaned = clean_values(values)
        now = time.time()
        conn = self._connect()
        try:
            with conn:
                changed = conn.execute("UPDATE notes SET fields = ?, updated_at = ? WHERE id = ?",
                                       (json.dumps(cleaned), now, note_id)).rowcount
        finally:
            conn.close()
        if not changed:
            raise StoreError(f"there is no note {note_id}")
        return next(n for n in self.list() if n.id == note_id)

    def delete(self, note_id: int) -> bool:
        if not self.path.exists():
            return False
        conn = self._connect()
        try:
            with conn:
                return conn.execute("DELETE FROM notes WHERE id = ?", (note_id,)).rowcount > 0
        finally:
            conn.close()

    def delete_all(self) -> None:
        """Delete every note by removing the notes file (and any journal beside it)."""
        for suffix in ("", "-journal", "-wal", "-shm"):
            target = self.path.with_name(self.path.name + suffix)
            if target.exists():
                target.unlink()


def _fields(text: str) -> dict[str, str]:
    try:
        value = load_json(text)
    except ValueError:
        return {}
    return {k: v for k, v in value.items() if k in FIELD_NAMES and isinstance(v, str)} if isinstance(value, dict) \
        else {}


SUMMARY_TITLE = "Notes about online blackmail"
SUMMARY_FOOTER = ("These are written notes only: they hold no pictures. The messages have been left where they "
                  "are, so that the police or the service can see them there.")


def summary_text(notes: list[Note], *, printed_at: float | None = None) -> str:
    printed = date_time_text(printed_at or time.time())
    out = [SUMMARY_TITLE, f"Written with Homeguard, printed {printed}", ""]
    if not notes:
        out.append("No notes have been written yet.")
    for number, note in enumerate(notes, 1):
        out.append(f"Note {number} (written {date_text(note.created_at)})")
        for name, label, _ in FIELDS:
            if note.value(name):
                out.append(f"  {label}: {note.value(name)}")
        out.append("")
    out.append(SUMMARY_FOOTER)
    return "\n".join(out) + "\n"


def summary_html(notes: list[Note], *, printed_at: float | None = None) -> str:
    """One printable page: the same content as summary_text, every value escaped as plain text."""
    printed = date_time_text(printed_at or time.time())
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{SUMMARY_TITLE}</title><style>body{{font-family:sans-serif;font-size:11pt;max-width:42em;"
        "margin:2em auto}}dt{font-weight:bold;margin-top:.4em}dd{margin-left:1em;white-space:pre-wrap}"
        "h2{font-size:12pt;border-bottom:1px solid #999}</style></head><body>",
        f"<h1>{SUMMARY_TITLE}</h1><p>Written with Homeguard, printed {html.escape(printed)}.</p>",
    ]
    if not notes:
        parts.append("<p>No notes have been written yet.</p>")
    for number, note in enumerate(notes, 1):
        written = date_text(note.created_at)
        parts.append(f"<h2>Note {number} <small>(written {written})</small></h2><dl>")
        for name, label, _ in FIELDS:
            if note.value(name):
                parts.append(f"<dt>{html.escape(label)}</dt><dd>{html.escape(note.value(name))}</dd>")
        parts.append("</dl>")
    parts.append(f"<p><em>{html.escape(SUMMARY_FOOTER)}</em></p></body></html>")
    return "".join(parts)
