"""Walking a household through its guided checks and the quiz, in the terminal.

Every answer is saved the moment it is given, so a walk can be stopped at any question ("q") and resumed later:
the next walk starts with what is unanswered or out of date. Skipping a question leaves it unanswered. Which
questions are asked, in which order, and when an answer is saved are ``auditor.walk``'s rules, and the quiz is
``auditor.quiz``'s, the same the window follows; this module only asks and prints. Input and output go through two
small functions so tests can play a whole family review from a script.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from auditor.guided import Subject
from auditor.household import AGE_BANDS, Household, HouseholdError, Person
from auditor.packs import Content, GuidedCheck
from auditor.quiz import Attempt
from auditor.walk import (
    DEVICE,
    HOUSEHOLD,
    PERSON,
    Snapshot,
    answer_keys,
    give_answer,
    guide_names,
    subject_for,
    walk_list,
)

Ask = Callable[[str], str]
Say = Callable[[str], None]
AGE_MENU = (("1", "under-13"), ("2", "13-17"), ("3", "adult"))


class Stop(Exception):
    """The person asked to stop for now; everything answered so far is already saved."""


@dataclass
class Terminal:
    ask: Ask
    say: Say
    width: int = 88
    region: str = ""  # where the household lives, for region-specific guides (where to report)

    def para(self, text: str, indent: int = 0, hang: int = 0) -> None:
        self.say("\n".join(textwrap.wrap(text, self.width, initial_indent=" " * indent,
                                         subsequent_indent=" " * (indent + hang), break_on_hyphens=False,
                                         break_long_words=False)) or "")

    def read(self, prompt: str) -> str:
        try:
            answer = self.ask(prompt)
        except EOFError:
            raise Stop from None
        if answer.strip().lower() in ("q", "quit"):
            raise Stop
        return answer.strip()


def add_people_interactively(household: Household, term: Terminal) -> None:
    term.para("Add the people in your household, one at a time. A nickname is enough; it stays on this computer. "
              "Press Enter on an empty line when everyone is added.")
    while True:
        name = term.read("Nickname (Enter when done): ")
        if not name:
            return
        band = ""
        while not band:
            choice = term.read("Age: 1) under 13  2) 13 to 17  3) adult: ")
            band = dict(AGE_MENU).get(choice, "")
        try:
            household.add_person(name, band)
            term.say(f"Added {name} ({AGE_BANDS[band]}).")
        except HouseholdError as exc:
            term.say(f"Not added: {exc}.")


def choose_services(household: Household, content: Content, person: Person, term: Terminal) -> Person:
    services = sorted(content.services.values(), key=lambda s: (s.kind, s.name))
    term.say("")
    term.para(f"Which apps, games and accounts does {person.nickname} use? Only those will be asked about.")
    for number, service in enumerate(services, 1):
        term.say(f"  {number:2d}) {service.name}")
    while True:
        raw = term.read("Type their numbers separated by spaces (Enter for none): ")
        picked = []
        try:
            picked = [services[int(word) - 1].id for word in raw.replace(",", " ").split()]
        except (ValueError, IndexError):
            term.say("Please type numbers from the list, separated by spaces.")
            continue
        return household.set_services(person, picked)


def ask_check(check: GuidedCheck, subject: Subject, names: dict[str, str], household: Household, term: Terminal,
              number: str) -> None:
    term.say("")
    term.say(f"[{number}] {check.title}")
    term.para(check.why, 2)
    guides = check.guides_for(subject.used)
    if guides:
        term.say("  How to check:")
        for guide in guides:
            label = names.get(guide.for_, "")
            if len(guides) > 1 and label:
                term.say(f"    {label}:")
            for step_number, step in enumerate(guide.steps, 1):
                term.para(f"{step_number}. {step}", 6 if len(guides) > 1 and label else 4, hang=3)
            if guide.link:
                term.say(f"    More: {guide.link}")
    term.para(check.question, 2)
    keys = [stored for _label, stored, _status in answer_keys(check)]  # "not_sure" last
    custom = bool(check.choices)
    if custom:
        labels = [label for label, _stored, _status in answer_keys(check)][:-1]
        menu = "  ".join(f"{i}) {label}" for i, label in enumerate(labels, 1)) + "  u) not sure  s) skip  q) stop"
    else:
        menu = "y) yes  n) no  u) not sure  s) skip  q) stop"
    while True:
        reply = term.read(f"  {menu}: ").lower()
        if reply in ("s", "skip", ""):
            return
        key = ""
        if reply in ("u", "not sure", "?"):
            key = "not_sure"
        elif not custom and reply in ("y", "yes", "n", "no"):
            key = "yes" if reply.startswith("y") else "no"
        elif custom and reply.isdigit() and 1 <= int(reply) < len(keys):
            key = keys[int(reply) - 1]
        if key:
            give_answer(household, check, subject, key)
            return
        term.say("  Please answer with one of the letters or numbers shown.")


def ask_all(todo: list[GuidedCheck], subject: Subject, content: Content, household: Household,
            term: Terminal) -> None:
    names = guide_names(content, subject.region)
    for index, check in enumerate(todo, 1):
        ask_check(check, subject, names, household, term, f"{index}/{len(todo)}")


def walk_person(person: Person, household: Household, content: Content, term: Terminal, revisit: bool) -> int:
    if not person.services_chosen:
        person = choose_services(household, content, person, term)
    snap = Snapshot.of(household)
    subject = subject_for(snap, PERSON, person.id, term.region)
    if subject is None:
        return 0
    todo = walk_list(content, snap, subject, revisit)  # the questions that matter most come first
    if not todo:
        term.say(f"Nothing is waiting for {person.nickname}: every question is answered and up to date.")
        return 0
    term.say("")
    term.para(f"{len(todo)} question(s) for {person.nickname}. Answer what you can; type q at any time to stop, "
              "and everything answered so far is kept.")
    ask_all(todo, subject, content, household, term)
    return len(todo)


def walk_household(household: Household, content: Content, term: Terminal, revisit: bool) -> int:
    snap = Snapshot.of(household)
    subject = subject_for(snap, HOUSEHOLD, 0, term.region)
    assert subject is not None  # the household is always there
    todo = walk_list(content, snap, subject, revisit)
    if todo:
        term.say("")
        term.para(f"{len(todo)} question(s) about the whole household.")
    ask_all(todo, subject, content, household, term)
    return len(todo)


def add_devices_interactively(household: Household, content: Content, term: Terminal) -> None:
    kinds = sorted(content.device_kinds.values(), key=lambda k: k.name)
    term.say("")
    term.para("Which phones, tablets and consoles does the family have? Add each one with a name you will "
              "recognise, like \u201cSam's iPhone\u201d. Press Enter on an empty line when done.")
    for number, kind in enumerate(kinds, 1):
        term.say(f"  {number:2d}) {kind.name}")
    while True:
        name = term.read("Device name (Enter when done): ")
        if not name:
            household.mark_devices_reviewed()
            return
        kind_id = ""
        while not kind_id:
            raw = term.read("Which kind is it (number)? ")
            if raw.isdigit() and 1 <= int(raw) <= len(kinds):
                kind_id = kinds[int(raw) - 1].id
        try:
            household.add_device(name, kind_id)
            term.say(f"Added {name}.")
        except HouseholdError as exc:
            term.say(f"Not added: {exc}.")


def walk_devices(household: Household, content: Content, term: Terminal, revisit: bool) -> int:
    if not household.devices_reviewed():
        add_devices_interactively(household, content, term)
    snap = Snapshot.of(household)
    count = 0
    for device in snap.devices:
        subject = subject_for(snap, DEVICE, device.id, term.region)
        if subject is None:
            continue
        todo = walk_list(content, snap, subject, revisit)
        if todo:
            term.say("")
            term.para(f"{len(todo)} question(s) about {device.name}.")
        ask_all(todo, subject, content, household, term)
        count += len(todo)
    return count


def run_guide(household: Household, content: Content, term: Terminal, *, person_name: str = "",
              part: str = "everything", revisit: bool = False) -> int:
    """The walk: people first, then the household's own questions, then the devices. Returns 0 or 2."""
    try:
        if not household.people():
            add_people_interactively(household, term)
        if person_name:
            person = household.person(person_name)
            if person is None:
                term.say(f"There is nobody called {person_name}. Add them with: homeguard people add {person_name}")
                return 2
            walk_person(person, household, content, term, revisit)
            return 0
        if part in ("everything", "people"):
            for person in household.people():
                walk_person(person, household, content, term, revisit)
        if part in ("everything", "household"):
            walk_household(household, content, term, revisit)
        if part in ("everything", "devices"):
            walk_devices(household, content, term, revisit)
        term.say("")
        term.say("That is everything for now. Run `homeguard scan` to see the score with these answers in it.")
    except Stop:
        term.say("")
        term.say("Stopped. Everything you answered is saved; run `homeguard guide` to carry on where you left off.")
    return 0


def run_quiz(person: Person, household: Household, content: Content, term: Terminal, *,
             shuffle: random.Random | None = None) -> int:
    """One question at a time, the explanation after each answer; saved when the last question is answered."""
    attempt = Attempt.start(content.quiz, person, shuffle)
    if attempt is None:
        term.say("The quiz could not be loaded.")
        return 2
    term.para(f"The quiz for {person.nickname}: {attempt.asked} questions about online blackmail and phishing. "
              "There are no trick questions, and nobody sees the answers but you. Type q to stop.")
    try:
        for number, question in enumerate(attempt.questions, 1):
            term.say("")
            term.para(f"{number}/{attempt.asked}  {question.text}")
            for index, choice in enumerate(question.choices, 1):
                term.para(f"{index}) {choice}", 2)
            reply = ""
            while not (reply.isdigit() and 1 <= int(reply) <= len(question.choices)):
                reply = term.read("Your answer (number): ")
            if attempt.answer(question, int(reply) - 1):
                term.para("Right. " + question.explanation, 2)
            else:
                term.para(f"The answer is {question.answer + 1}) {question.choices[question.answer]}. "
                          + question.explanation, 2)
    except Stop:
        term.say("Stopped. The quiz is saved only when it is finished; start again any time.")
        return 0
    attempt.save(household)
    term.say("")
    term.say(f"{person.nickname} got {attempt.right} of {attempt.asked}. The result counts towards the score.")
    return 0
