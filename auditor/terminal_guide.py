"""Walking a household through its guided checks and the quiz, in the terminal.

Every answer is saved the moment it is given, so a walk can be stopped at any question ("q", Ctrl+C or the end of
input) and resumed later: the next walk says how far the last one got and starts with what is unanswered or out
of date. Skipping a question leaves it unanswered; a "not sure" answer is kept and not asked again (the walk says
so once, and ``--all`` asks everything again). Which questions are asked, in which order, how progress is counted
and when an answer is saved are ``auditor.walk``'s rules, questions about someone else are worded by
``auditor.wording``, and the quiz is ``auditor.quiz``'s, the same the window follows; this module only asks and
prints, every line wrapped to the terminal's width. Input and output go through two small functions so tests can
play a whole family review from a script.
"""

from __future__ import annotations

import random
import shutil
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from auditor.guided import Subject
from auditor.household import AGE_BANDS, Household, HouseholdError, Person
from auditor.packs import Content, GuidedCheck
from auditor.quiz import Attempt
from auditor.walk import (
    DEVICE,
    HOUSEHOLD,
    PERSON,
    Counts,
    Snapshot,
    answer_keys,
    counts_for,
    give_answer,
    guide_names,
    subject_for,
    walk_list,
)
from auditor.wording import about

Ask = Callable[[str], str]
Say = Callable[[str], None]
AGE_MENU = (("1", "under-13"), ("2", "13-17"), ("3", "adult"))
STOP_WORDS = ("Stopped. Everything you answered is saved; run `homeguard guide` to carry on where you left off.")
NOT_SURE_WORDS = ("Questions answered \u201cnot sure\u201d are not asked again. When you have found out, "
                  "`homeguard guide --all` goes through every question again, those too.")
QUESTION_KEYS = ("u) not sure", "s) skip", "q) stop")


def terminal_width(columns: int | None = None) -> int:
    """How wide the guide writes: the terminal's width less a margin, however narrow the terminal is."""
    columns = shutil.get_terminal_size((80, 24)).columns if columns is None else columns
    return max(20, columns - 2)


def number_reason(count: int, others: str = "or q to stop") -> str:
    """Why a reply was not taken, and what would be: "Please type a number from 1 to 4, or q to stop."."""
    return f"Please type a number from 1 to {count}, {others}."


class Stop(Exception):
    """The person asked to stop for now (q, Ctrl+C or the end of input); everything answered is already saved."""


@dataclass
class Terminal:
    """The guide's two doors to the person, and how wide it writes.

    Every line goes out wrapped at ``width`` on whole words (a link longer than a line stays whole on its own), so
    the terminal never breaks a word in two; a long prompt is wrapped too, and only its last line is the prompt.
    """

    ask: Ask
    say: Say
    width: int = 88
    region: str = ""  # where the household lives, for region-specific guides (where to report)
    told: set[str] = field(default_factory=set)  # what has been said once in this walk

    def wrap(self, text: str, indent: int = 0, hang: int = 0, width: int | None = None) -> list[str]:
        return textwrap.wrap(text, width or self.width, initial_indent=" " * indent,
                             subsequent_indent=" " * (indent + hang), break_on_hyphens=False,
                             break_long_words=False)

    def para(self, text: str, indent: int = 0, hang: int = 0) -> None:
        self.say("\n".join(self.wrap(text, indent, hang)))

    def once(self, text: str) -> None:
        """Say ``text`` the first time only, however many people or devices the walk goes through."""
        if text not in self.told:
            self.told.add(text)
            self.para(text)

    def read(self, prompt: str) -> str:
        """The person's reply to ``prompt``. q, Ctrl+C or the end of input stop the walk (``Stop``)."""
        body = prompt.strip()
        tail = prompt[len(prompt.rstrip()):]
        lines = self.wrap(body, len(prompt) - len(prompt.lstrip()), width=self.width - len(tail)) or [body]
        if len(lines) > 1:
            self.say("\n".join(lines[:-1]))
        try:
            answer = self.ask(lines[-1] + tail)
        except (EOFError, KeyboardInterrupt):
            raise Stop from None
        if answer.strip().lower() in ("q", "quit"):
            raise Stop
        return answer.strip()

    def read_menu(self, items: Sequence[str], indent: int = 2) -> str:
        """A reply to a menu such as "y) yes  n) no  q) stop", wrapped between its items, never inside one."""
        lines: list[str] = []
        line = ""
        for item in items:
            if line and indent + len(line) + 2 + len(item) + 2 > self.width:
                lines.append(" " * indent + line)
                line = item
            else:
                line = f"{line}  {item}" if line else item
        if lines:
            self.say("\n".join(lines))
        return self.read(" " * indent + line + ": ")

    def read_number(self, prompt: str | Sequence[str], count: int) -> int:
        """A number from 1 to ``count``; anything else is asked again, with the reason."""
        while True:
            reply = self.read(prompt) if isinstance(prompt, str) else self.read_menu(prompt, 0)
            if reply.isdigit() and 1 <= int(reply) <= count:
                return int(reply)
            self.para(number_reason(count))


def add_people_interactively(household: Household, term: Terminal) -> None:
    term.para("Add the people in your household, one at a time. A nickname is enough; it stays on this computer. "
              "Press Enter on an empty line when everyone is added.")
    while True:
        name = term.read("Nickname (Enter when done): ")
        if not name:
            return
        band = AGE_MENU[term.read_number(["Age: 1) under 13", "2) 13 to 17", "3) adult"], len(AGE_MENU)) - 1][1]
        try:
            household.add_person(name, band)
            term.para(f"Added {name} ({AGE_BANDS[band]}).")
        except HouseholdError as exc:
            term.para(f"Not added: {exc}.")


def choose_services(household: Household, content: Content, person: Person, term: Terminal) -> Person:
    services = sorted(content.services.values(), key=lambda s: (s.kind, s.name))
    term.say("")
    term.para(f"Which apps, games and accounts does {person.nickname} use? Only those will be asked about.")
    for number, service in enumerate(services, 1):
        term.para(f"{number:2d}) {service.name}", 2, hang=4)
    while True:
        raw = term.read("Type their numbers separated by spaces (Enter for none): ")
        words = raw.replace(",", " ").split()
        if all(word.isdigit() and 1 <= int(word) <= len(services) for word in words):
            return household.set_services(person, [services[int(word) - 1].id for word in words])
        term.para(f"Please type numbers from 1 to {len(services)}, separated by spaces, or press Enter for none.")


def ask_check(check: GuidedCheck, subject: Subject, names: dict[str, str], household: Household, term: Terminal,
              number: str) -> None:
    def worded(text: str) -> str:  # questions about Sam say "Sam's", not "your"
        return about(text, subject.name) if subject.kind == PERSON else text

    term.say("")
    term.para(f"[{number}] {worded(check.title)}", hang=len(number) + 3)
    term.para(check.why, 2)
    guides = check.guides_for(subject.used)
    if guides:
        term.para("How to check:", 2)
        for guide in guides:
            label = names.get(guide.for_, "")
            labelled = len(guides) > 1 and bool(label)
            if labelled:
                term.para(f"{label}:", 4)
            for step_number, step in enumerate(guide.steps, 1):
                term.para(f"{step_number}. {step}", 6 if labelled else 4, hang=3)
            if guide.link:
                term.para(f"More: {guide.link}", 4)
    term.para(worded(check.question), 2)
    keys = [stored for _label, stored, _status in answer_keys(check)]  # "not_sure" last
    choices = len(keys) - 1
    custom = bool(check.choices)
    menu: tuple[str, ...]
    if custom:
        for index, (label, _stored, _status) in enumerate(answer_keys(check)[:-1], 1):
            term.para(f"{index}) {label}", 4, hang=len(f"{index}) "))
        menu = (f"Answer 1 to {choices}", *QUESTION_KEYS)
        reason = number_reason(choices, "u if you are not sure, s to skip, or q to stop")
    else:
        menu = ("y) yes", "n) no", *QUESTION_KEYS)
        reason = "Please type y for yes, n for no, u if you are not sure, s to skip, or q to stop."
    while True:
        reply = term.read_menu(menu).lower()
        if reply in ("s", "skip", ""):
            return
        key = ""
        if reply in ("u", "not sure", "?"):
            key = "not_sure"
        elif not custom and reply in ("y", "yes", "n", "no"):
            key = "yes" if reply.startswith("y") else "no"
        elif custom and reply.isdigit() and 1 <= int(reply) <= choices:
            key = keys[int(reply) - 1]
        if key:
            give_answer(household, check, subject, key)
            return
        term.para(reason, 2)


def progress_words(subject: Subject, counts: Counts, asked: int, revisit: bool) -> str:
    """The line before a subject's questions: whose they are, how far the last walks got (the People page's own
    count, ``Counts.summary``), and how many are to come."""
    whose = f"Questions for {subject.name}" if subject.kind == PERSON else f"Questions about {subject.name}"
    if revisit:
        return f"{whose}: every one again, {asked} in all."
    if not (counts.answered or counts.expired):
        return f"{whose}: {asked} to answer."
    done = counts.summary() + (f" \u00b7 {counts.not_sure} not sure" if counts.not_sure else "")
    return f"{whose}: {done}; {asked} to go."


def walk_subject(subject: Subject, household: Household, content: Content, term: Terminal, revisit: bool) -> int:
    """Ask a subject's waiting questions (or every one, when revisiting); says first how far it had got."""
    snap = Snapshot.of(household)
    counts = counts_for(content, snap, subject)
    todo = walk_list(content, snap, subject, revisit)  # the questions that matter most come first
    if todo:
        term.say("")
        intro = progress_words(subject, counts, len(todo), revisit)
        if subject.kind == PERSON:
            intro += (f" Where a question says \u201cyou\u201d, it means {subject.name}. Answer what you can; type "
                      "q (or press Ctrl+C) at any time to stop, and everything answered so far is kept.")
        term.para(intro)
    elif subject.kind == PERSON:
        term.para(f"Nothing is waiting for {subject.name}: every question is answered and up to date.")
    if counts.not_sure and not revisit:
        term.once(NOT_SURE_WORDS)
    names = guide_names(content, subject.region)
    for index, check in enumerate(todo, 1):
        ask_check(check, subject, names, household, term, f"{index}/{len(todo)}")
    return len(todo)


def walk_person(person: Person, household: Household, content: Content, term: Terminal, revisit: bool) -> int:
    if not person.services_chosen:
        person = choose_services(household, content, person, term)
    subject = subject_for(household, PERSON, person.id, term.region)
    return walk_subject(subject, household, content, term, revisit) if subject else 0


def walk_household(household: Household, content: Content, term: Terminal, revisit: bool) -> int:
    subject = subject_for(household, HOUSEHOLD, 0, term.region)
    assert subject is not None  # the household is always there
    return walk_subject(subject, household, content, term, revisit)


def add_devices_interactively(household: Household, content: Content, term: Terminal) -> None:
    kinds = sorted(content.device_kinds.values(), key=lambda k: k.name)
    term.say("")
    term.para("Which phones, tablets and consoles does the family have? Add each one with a name you will "
              "recognise, like \u201cSam's iPhone\u201d. Press Enter on an empty line when done.")
    for number, kind in enumerate(kinds, 1):
        term.para(f"{number:2d}) {kind.name}", 2, hang=4)
    while True:
        name = term.read("Device name (Enter when done): ")
        if not name:
            household.mark_devices_reviewed()
            return
        kind_id = kinds[term.read_number("Which kind is it (number)? ", len(kinds)) - 1].id
        try:
            household.add_device(name, kind_id)
            term.para(f"Added {name}.")
        except HouseholdError as exc:
            term.para(f"Not added: {exc}.")


def walk_devices(household: Household, content: Content, term: Terminal, revisit: bool) -> int:
    if not household.devices_reviewed():
        add_devices_interactively(household, content, term)
    snap = Snapshot.of(household)
    subjects = [subject_for(snap, DEVICE, device.id, term.region) for device in snap.devices]
    return sum(walk_subject(subject, household, content, term, revisit) for subject in subjects if subject)


def run_guide(household: Household, content: Content, term: Terminal, *, person_name: str = "",
              part: str = "everything", revisit: bool = False) -> int:
    """The walk: people first, then the household's own questions, then the devices. Returns 0 or 2.

    Stopping (q, Ctrl+C, or the end of input) is an ordinary way to end it: every answer was saved as it was
    given, and the next walk starts with what is still waiting.
    """
    try:
        if not household.people():
            add_people_interactively(household, term)
        if person_name:
            person = household.person(person_name)
            if person is None:
                term.para(f"There is nobody called {person_name}. Add them with: homeguard people add {person_name}")
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
        term.para("That is everything for now. Run `homeguard scan` to see the score with these answers in it.")
    except (Stop, KeyboardInterrupt):  # Ctrl+C between two questions too: each answer is its own transaction
        term.say("")
        term.para(STOP_WORDS)
    return 0


def run_quiz(person: Person, household: Household, content: Content, term: Terminal, *,
             shuffle: random.Random | None = None) -> int:
    """One question at a time, the explanation after each answer; saved when the last question is answered."""
    attempt = Attempt.start(content.quiz, person, shuffle)
    if attempt is None:
        term.para("The quiz could not be loaded.")
        return 2
    term.para(f"The quiz for {person.nickname}: {attempt.asked} questions about online blackmail and phishing. "
              "There are no trick questions, and nobody sees the answers but you. Type q to stop.")
    try:
        for number, question in enumerate(attempt.questions, 1):
            term.say("")
            term.para(f"{number}/{attempt.asked}  {question.text}", hang=len(f"{number}/{attempt.asked}  "))
            for index, choice in enumerate(question.choices, 1):
                term.para(f"{index}) {choice}", 2, hang=len(f"{index}) "))
            reply = term.read_number("Your answer (number): ", len(question.choices))
            if attempt.answer(question, reply - 1):
                term.para("Right. " + question.explanation, 2)
            else:
                term.para(f"The answer is {question.answer + 1}) {question.choices[question.answer]}. "
                          + question.explanation, 2)
    except (Stop, KeyboardInterrupt):
        term.say("")
        term.para("Stopped. The quiz is saved only when it is finished; start again any time.")
        return 0
    attempt.save(household)
    term.say("")
    term.para(f"{person.nickname} got {attempt.right} of {attempt.asked}. The result counts towards the score.")
    return 0
