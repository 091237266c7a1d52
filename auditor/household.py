"""The household: who lives here, which services they use, their devices, and the answers they gave.

Answers are never overwritten: each one is a new row with its time, so the history of what a family said is kept
and the newest answer wins. A person's services decide which guided checks are theirs ("I don't use TikTok" makes
TikTok's checks not apply to them).
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass

from auditor.json_text import load_json
from auditor.model import Status
from auditor.store import Store, StoreError, inserted_id

AGE_BANDS = {"under-13": "under 13", "13-17": "13 to 17", "adult": "adult"}
ANSWERS = ("yes", "no", "not_sure", "skip")  # plus "choice:<n>" for a pack's own choices
DEVICES_REVIEWED = "devices_reviewed"


@dataclass(frozen=True)
class Person:
    id: int
    nickname: str
    age_band: str
    services: tuple[str, ...]
    services_chosen: bool  # False until the person (or a parent) has said which services they use

    @property
    def is_adult(self) -> bool:
        return self.age_band == "adult"

    def uses(self, service: str) -> bool:
        return service in self.services


@dataclass(frozen=True)
class Device:
    id: int
    name: str
    kind: str
    person_id: int | None


@dataclass(frozen=True)
class Answer:
    check_id: str
    subject_kind: str
    subject_id: int
    answer: str
    status: Status | None  # None for "not sure" and "skip"
    answered_at: float


@dataclass(frozen=True)
class QuizAttempt:
    person_id: int
    taken_at: float
    answers: dict[str, int]  # question id -> chosen index


class HouseholdError(StoreError):
    """A request about the household that cannot be done as asked (a name already taken, say)."""


class Household:
    """People, devices, answers and quiz attempts, kept in the same private history file as the scans."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- people ---------------------------------------------------------------------------------------------------
    def people(self) -> list[Person]:
        rows = self.store.query("SELECT id, nickname, age_band, services, services_chosen FROM people ORDER BY id")
        return [Person(r[0], r[1], r[2], tuple(_load_list(r[3])), bool(r[4])) for r in rows]

    def person(self, ref: int | str) -> Person | None:
        """A person by id or by nickname (ignoring case)."""
        for person in self.people():
            if person.id == ref or (isinstance(ref, str) and person.nickname.casefold() == ref.casefold()):
                return person
        return None

    def add_person(self, nickname: str, age_band: str) -> Person:
        nickname = _clean_name(nickname, "nickname")
        if age_band not in AGE_BANDS:
            raise HouseholdError(f"the age band must be one of {', '.join(AGE_BANDS)}")
        if self.person(nickname):
            raise HouseholdError(f"there is already someone called {nickname}")
        with self.store.transaction() as conn:
            cursor = conn.execute("INSERT INTO people (nickname, age_band, created_at) VALUES (?, ?, ?)",
                                  (nickname, age_band, time.time()))
        added = self.person(inserted_id(cursor))
        if added is None:  # pragma: no cover - the row was written a moment ago
            raise HouseholdError(f"{nickname} could not be added")
        return added

    def rename_person(self, person: Person, nickname: str) -> Person:
        nickname = _clean_name(nickname, "nickname")
        other = self.person(nickname)
        if other and other.id != person.id:
            raise HouseholdError(f"there is already someone called {nickname}")
        with self.store.transaction() as conn:
            conn.execute("UPDATE people SET nickname = ? WHERE id = ?", (nickname, person.id))
        return self.person(person.id)  # type: ignore[return-value]

    def set_age_band(self, person: Person, age_band: str) -> Person:
        if age_band not in AGE_BANDS:
            raise HouseholdError(f"the age band must be one of {', '.join(AGE_BANDS)}")
        with self.store.transaction() as conn:
            conn.execute("UPDATE people SET age_band = ? WHERE id = ?", (age_band, person.id))
        return self.person(person.id)  # type: ignore[return-value]

    def remove_person(self, person: Person) -> None:
        """Remove a person with their answers and quiz attempts (asked for explicitly, so nothing is kept)."""
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM answers WHERE subject_kind = 'person' AND subject_id = ?", (person.id,))
            conn.execute("DELETE FROM quiz_attempts WHERE person_id = ?", (person.id,))
            conn.execute("UPDATE devices SET person_id = NULL WHERE person_id = ?", (person.id,))
            conn.execute("DELETE FROM people WHERE id = ?", (person.id,))

    def set_services(self, person: Person, services: list[str] | tuple[str, ...]) -> Person:
        with self.store.transaction() as conn:
            conn.execute("UPDATE people SET services = ?, services_chosen = 1 WHERE id = ?",
                         (json.dumps(sorted(set(services))), person.id))
        return self.person(person.id)  # type: ignore[return-value]

    # -- devices --------------------------------------------------------------------------------------------------
    def devices(self) -> list[Device]:
        rows = self.store.query("SELECT id, name, kind, person_id FROM devices ORDER BY id")
        return [Device(*r) for r in rows]

    def add_device(self, name: str, kind: str, person: Person | None = None) -> Device:
        name = _clean_name(name, "device name")
        if any(d.name.casefold() == name.casefold() for d in self.devices()):
            raise HouseholdError(f"there is already a device called {name}")
        with self.store.transaction() as conn:
            cursor = conn.execute("INSERT INTO devices (name, kind, person_id, created_at) VALUES (?, ?, ?, ?)",
                                  (name, kind, person.id if person else None, time.time()))
            _set_fact(conn, DEVICES_REVIEWED, "1")
        device_id = inserted_id(cursor)
        return next(d for d in self.devices() if d.id == device_id)

    def device(self, ref: int | str) -> Device | None:
        """A device by id or by name (ignoring case)."""
        for device in self.devices():
            if device.id == ref or (isinstance(ref, str) and device.name.casefold() == ref.casefold()):
                return device
        return None

    def rename_device(self, device: Device, name: str) -> Device:
        """Give a device another name. Its answers stay with it: they are kept by the device's id, not its name."""
        name = _clean_name(name, "device name")
        other = self.device(name)
        if other and other.id != device.id:
            raise HouseholdError(f"there is already a device called {name}")
        return self._update_device(device, "UPDATE devices SET name = ? WHERE id = ?", name)

    def set_device_owner(self, device: Device, person: Person | None) -> Device:
        """Say whose device it is, or (None) that the family shares it. Its answers stay with it."""
        if person is not None and self.person(person.id) is None:
            raise HouseholdError(f"{person.nickname} is no longer in the household")
        return self._update_device(device, "UPDATE devices SET person_id = ? WHERE id = ?",
                                   person.id if person else None)

    def _update_device(self, device: Device, update: str, value: str | int | None) -> Device:
        """Run one UPDATE of one device (``value`` then its id), in a transaction; the device as it is now."""
        with self.store.transaction() as conn:
            changed = conn.execute(update, (value, device.id)).rowcount
        updated = self.device(device.id)
        if not changed or updated is None:
            raise HouseholdError(f"{device.name} is no longer in the household")
        return updated

    def remove_device(self, device: Device) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM answers WHERE subject_kind = 'device' AND subject_id = ?", (device.id,))
            conn.execute("DELETE FROM devices WHERE id = ?", (device.id,))

    def devices_reviewed(self) -> bool:
        """Whether the family has said which phones, tablets and consoles they have (even "none")."""
        rows = self.store.query("SELECT value FROM household_facts WHERE name = ?", (DEVICES_REVIEWED,))
        return bool(rows and rows[0][0] == "1")

    def mark_devices_reviewed(self) -> None:
        with self.store.transaction() as conn:
            _set_fact(conn, DEVICES_REVIEWED, "1")

    # -- answers --------------------------------------------------------------------------------------------------
    def record_answer(self, check_id: str, subject_kind: str, subject_id: int, answer: str,
                      status: Status | None, when: float | None = None) -> Answer:
        if answer not in ANSWERS and not answer.startswith("choice:"):
            raise HouseholdError(f"unknown answer {answer!r}")
        when = time.time() if when is None else when
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO answers (check_id, subject_kind, subject_id, answer, status, answered_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (check_id, subject_kind, subject_id, answer, status.value if status else "", when),
            )
        return Answer(check_id, subject_kind, subject_id, answer, status, when)

    def latest_answers(self) -> dict[tuple[str, str, int], Answer]:
        """The newest answer for each (check, subject kind, subject id)."""
        rows = self.store.query(
            "SELECT check_id, subject_kind, subject_id, answer, status, answered_at FROM answers "
            "ORDER BY answered_at, id"
        )
        latest: dict[tuple[str, str, int], Answer] = {}
        for check_id, kind, subject, answer, status, when in rows:
            latest[(check_id, kind, subject)] = Answer(check_id, kind, subject, answer,
                                                       Status(status) if status else None, when)
        return latest

    # -- quiz -----------------------------------------------------------------------------------------------------
    def record_quiz(self, person: Person, answers: dict[str, int], when: float | None = None) -> QuizAttempt:
        when = time.time() if when is None else when
        with self.store.transaction() as conn:
            conn.execute("INSERT INTO quiz_attempts (person_id, taken_at, answers) VALUES (?, ?, ?)",
                         (person.id, when, json.dumps(answers)))
        return QuizAttempt(person.id, when, dict(answers))

    def latest_quiz(self, person: Person) -> QuizAttempt | None:
        rows = self.store.query("SELECT taken_at, answers FROM quiz_attempts WHERE person_id = ? "
                                "ORDER BY taken_at DESC, id DESC LIMIT 1", (person.id,))
        if not rows:
            return None
        answers = {k: v for k, v in _load_dict(rows[0][1]).items() if isinstance(v, int)}
        return QuizAttempt(person.id, rows[0][0], answers)


def _clean_name(value: str, what: str) -> str:
    """Names are shown on screen and in reports: one line, no control characters, not empty, not huge."""
    cleaned = " ".join("".join(ch for ch in value if ch.isprintable()).split())
    if not cleaned:
        raise HouseholdError(f"the {what} cannot be empty")
    if len(cleaned) > 40:
        raise HouseholdError(f"the {what} can be at most 40 characters")
    return cleaned


def _set_fact(conn: sqlite3.Connection, name: str, value: str) -> None:
    conn.execute("INSERT INTO household_facts (name, value) VALUES (?, ?) "
                 "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))


def _load_list(text: str) -> list[str]:
    try:
        value = load_json(text)
    except (ValueError, TypeError):
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _load_dict(text: str) -> dict[str, object]:
    try:
        value = load_json(text)
    except (ValueError, TypeError):
        return {}
    return value if isinstance(value, dict) else {}
