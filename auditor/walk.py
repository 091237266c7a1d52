"""What to ask next, and how far someone has got: the rules the window's walk and the terminal's walk share.

Each guided question is about a person, the household as a whole, or one of the family's devices (a
``guided.Subject``). For a subject, the questions that apply are listed with the ones that matter most first
(stable in pack order). A walk goes through those still waiting (never answered, skipped, or answered longer ago
than the pack allows: ``guided.too_old``), or through all of them when everything is to be reviewed. An answer is
saved the moment it is given, and only when it says something new: a different answer, or one that confirms an
answer that had become too old. So a walk can stop at any question, and the next one starts with what is still
waiting.

The window's People page and step-by-step walk, and the terminal's ``homeguard guide``, only call these functions,
so both ask the same questions in the same order and count progress the same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from auditor.guided import Subject, describe_answer, status_of, subjects, too_old
from auditor.household import Answer, Device, Household, Person
from auditor.model import Status
from auditor.packs import Content, GuidedCheck, Service
from auditor.plural import plural, word_for
from auditor.scoring import WEIGHTS

PERSON, HOUSEHOLD, DEVICE = "person", "household", "device"
AnswerKey = tuple[str, str, int]  # (check id, subject kind, subject id), as Household.latest_answers() keys them

# Where each question stands for its subject, and the words the window shows for it.
TODO, EXPIRED, NOT_SURE, ANSWERED = "todo", "expired", "not_sure", "answered"
STATE_WORDS = {TODO: "To do", EXPIRED: "Needs confirming", NOT_SURE: "Not sure yet", ANSWERED: "Answered"}

# The order and headings of the groups of services when a person picks theirs: the accounts that sign in to
# everything else first.
KIND_TITLES = {
    "account": "Main accounts (they sign in to everything else)",
    "email": "Email",
    "social": "Social media",
    "messaging": "Messaging",
    "video": "Video",
    "gaming": "Games and consoles",
}


@dataclass(frozen=True)
class Counts:
    """How far a subject has got with its questions, in the words the People page shows."""

    answered: int = 0  # answered and up to date (including "not sure")
    not_sure: int = 0
    todo: int = 0  # never answered, or skipped
    expired: int = 0  # answered longer ago than the pack allows: needs confirming
    needs_services: bool = False  # a person who has not said which apps they use yet

    @property
    def total(self) -> int:
        return self.answered + self.todo + self.expired

    @property
    def waiting(self) -> int:
        return self.todo + self.expired

    def summary(self) -> str:
        if self.needs_services:
            return "Apps not chosen yet"
        if not self.total:
            return "No questions"
        if not self.waiting:
            return f"All {self.total} answered"
        parts = [f"{self.answered} of {self.total} answered"]
        if self.expired:
            parts.append(f"{self.expired} {word_for(self.expired, 'needs', 'need')} confirming")
        return " \u00b7 ".join(parts)

    def after_walk(self, who: str) -> str:
        """What the end of a walk says about ``who`` (a name, or "the whole family")."""
        answered = word_for(self.answered, "is", "are")
        text = f"{self.answered} of {plural(self.total, 'question')} about {who} {answered} answered."
        if self.waiting:
            text += (f" {self.waiting} {word_for(self.waiting, 'is', 'are')} still waiting; they will come first "
                     "next time.")
        if self.not_sure:
            text += " Where you were not sure, the steps show how to find out; it is fine to come back to them."
        return text + " Every answer is saved and already counts in the score."


@dataclass(frozen=True)
class Snapshot:
    """The household at one moment, read from the store once, so a page can count everything from it quickly."""

    people: tuple[Person, ...]
    devices: tuple[Device, ...]
    reviewed: bool
    answers: dict[AnswerKey, Answer]
    now: float

    @classmethod
    def of(cls, household: Household, now: float | None = None) -> Snapshot:
        return cls(tuple(household.people()), tuple(household.devices()), household.devices_reviewed(),
                   household.latest_answers(), time.time() if now is None else now)


def _snap(source: Household | Snapshot) -> Snapshot:
    return source if isinstance(source, Snapshot) else Snapshot.of(source)


def subject_for(source: Household | Snapshot, kind: str, subject_id: int, region: str = "") -> Subject | None:
    """The subject of a walk, or None if that person or device is no longer in the household.

    ``region`` (where the family lives) picks the region's own guides, such as where to report.
    """
    if kind == HOUSEHOLD:
        return Subject(HOUSEHOLD, 0, "the whole family", region=region)
    snap = _snap(source)
    if kind == DEVICE:
        device = next((d for d in snap.devices if d.id == subject_id), None)
        return Subject(DEVICE, device.id, device.name, device=device, region=region) if device else None
    person = next((p for p in snap.people if p.id == subject_id), None)
    if person is None:
        return None
    return Subject(PERSON, person.id, person.nickname, person=person, region=region)


def questions_for(content: Content, source: Household | Snapshot, subject: Subject) -> list[GuidedCheck]:
    """Every guided question that applies to the subject, the ones that matter most first (stable in pack order).

    For a person: the checks asked per person whose audience fits and whose services (once chosen) they use, as
    the score decides it (``guided.subjects``). For the household, its own questions; for a device, those about
    its kind.
    """
    if subject.kind == HOUSEHOLD:
        found = [c for c in content.checks if c.asked == HOUSEHOLD]
    elif subject.kind == DEVICE:
        kind = subject.device.kind if subject.device else ""
        found = [c for c in content.checks if c.asked == DEVICE and kind in c.device_kinds]
    else:
        snap = _snap(source)
        person = [p for p in snap.people if p.id == subject.id]
        found = []
        for check in content.checks:
            if check.asked != PERSON:
                continue
            for who, not_applicable in subjects(check, person, list(snap.devices), snap.reviewed):
                if who and who.kind == PERSON and who.id == subject.id and not not_applicable:
                    found.append(check)
    return sorted(found, key=lambda c: -WEIGHTS[c.severity])


def state_of(check: GuidedCheck, answer: Answer | None, now: float) -> str:
    """To do (never answered or skipped), needs confirming (too old), not sure, or answered."""
    if answer is None or answer.answer == "skip":
        return TODO
    if too_old(answer.answered_at, check.valid_days, now):
        return EXPIRED
    return NOT_SURE if answer.answer == "not_sure" else ANSWERED


def is_waiting(check: GuidedCheck, answer: Answer | None, now: float) -> bool:
    """Whether a walk should ask this question again: never answered, skipped, or answered too long ago."""
    return state_of(check, answer, now) in (TODO, EXPIRED)


def counts_for(content: Content, source: Household | Snapshot, subject: Subject) -> Counts:
    if subject.kind == PERSON and not subject.services_chosen:
        return Counts(needs_services=True)
    snap = _snap(source)
    tally = {TODO: 0, EXPIRED: 0, NOT_SURE: 0, ANSWERED: 0}
    for check in questions_for(content, snap, subject):
        tally[state_of(check, snap.answers.get((check.id, subject.kind, subject.id)), snap.now)] += 1
    return Counts(answered=tally[ANSWERED] + tally[NOT_SURE], not_sure=tally[NOT_SURE], todo=tally[TODO],
                  expired=tally[EXPIRED])


@dataclass(frozen=True)
class QuestionRow:
    """One question as the People page lists it: its state, and the status it gives in the score."""

    check: GuidedCheck
    state: str
    status: Status
    said: str  # what was answered ("Yes", a pack's own choice, "Not sure") or "" when nothing yet
    reason: str  # status_of's plain sentence


def question_rows(content: Content, source: Household | Snapshot, subject: Subject) -> list[QuestionRow]:
    snap = _snap(source)
    rows = []
    for check in questions_for(content, snap, subject):
        answer = snap.answers.get((check.id, subject.kind, subject.id))
        status, reason = status_of(check, answer, snap.now)
        state = state_of(check, answer, snap.now)
        said = describe_answer(check, answer).strip("\u201c\u201d") if answer and answer.answer != "skip" else ""
        rows.append(QuestionRow(check, state, status, said, reason))
    return rows


def walk_list(content: Content, source: Household | Snapshot, subject: Subject, revisit: bool) -> list[GuidedCheck]:
    """The questions a walk goes through, in order: all of them when reviewing, else only what is waiting.

    Because answers are saved as they are given, this is also where a stopped walk resumes.
    """
    snap = _snap(source)
    return [c for c in questions_for(content, snap, subject)
            if revisit or is_waiting(c, snap.answers.get((c.id, subject.kind, subject.id)), snap.now)]


def guide_names(content: Content, region: str = "") -> dict[str, str]:
    """The heading over each of a check's guides when it shows several: the service's, the device kind's or the
    region's name, by the id the guide is for."""
    names = {**{s.id: s.name for s in content.services.values()},
             **{k.id: k.name for k in content.device_kinds.values()}}
    found = content.help_now.region(region) if region else None
    if found:
        names[found.id] = found.name
    return names


def answer_keys(check: GuidedCheck) -> list[tuple[str, str, Status | None]]:
    """(label, stored answer, status) for each answer offered, in the order offered; "Not sure" is always last."""
    if check.choices:
        keys = [(c.label, f"choice:{i}", c.status) for i, c in enumerate(check.choices)]
    else:
        keys = [("Yes", "yes", Status.PASS), ("No", "no", Status.FAIL)]
    return [*keys, ("Not sure", "not_sure", None)]


def previous_choice(check: GuidedCheck, answer: Answer | None) -> int | None:
    """Which of ``answer_keys`` a saved answer was (to show it chosen again), or None."""
    stored = [key for _label, key, _status in answer_keys(check)]
    return stored.index(answer.answer) if answer is not None and answer.answer in stored else None


def saved_note(check: GuidedCheck, answer: Answer | None, now: float) -> str:
    """The line under a question about what was answered before: to confirm if too old, else when and what."""
    state = state_of(check, answer, now)
    if state == TODO:
        return ""
    _status, reason = status_of(check, answer, now)
    if state == EXPIRED:
        return f"Needs confirming. {reason} If it is, choose the same answer again."
    return f"Saved before: {reason}"


def needs_saving(check: GuidedCheck, previous: Answer | None, key: str, now: float) -> bool:
    """An answer is saved when it is new, different from the last one, or confirms one that had become too old.

    Saying the same again while the answer still counts adds nothing, so it is not saved (its date stays).
    """
    return previous is None or previous.answer != key or state_of(check, previous, now) == EXPIRED


def give_answer(household: Household, check: GuidedCheck, subject: Subject, key: str,
                now: float | None = None) -> bool:
    """Save ``key`` (one of ``answer_keys``) as the subject's answer if it says something new. True if saved."""
    now = time.time() if now is None else now
    statuses = {stored: status for _label, stored, status in answer_keys(check)}
    if key not in statuses:
        raise ValueError(f"{key!r} is not an answer to {check.id}")
    previous = household.latest_answers().get((check.id, subject.kind, subject.id))
    if not needs_saving(check, previous, key, now):
        return False
    household.record_answer(check.id, subject.kind, subject.id, key, statuses[key], when=now)
    return True


def service_groups(content: Content) -> list[tuple[str, list[Service]]]:
    """The services a person can pick, grouped by kind (main accounts first) and sorted by name in each group."""
    kinds = sorted({s.kind for s in content.services.values()},
                   key=lambda k: (list(KIND_TITLES).index(k) if k in KIND_TITLES else len(KIND_TITLES), k))
    return [(KIND_TITLES.get(kind, kind.capitalize()),
             sorted((s for s in content.services.values() if s.kind == kind), key=lambda s: s.name.casefold()))
            for kind in kinds]
