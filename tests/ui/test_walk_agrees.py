"""The window and the terminal give the same answers for the same household.

Both front ends only call auditor.walk and auditor.quiz, and this shows it from the outside: for every person,
the household and each device, the terminal's ``homeguard guide`` asks exactly the questions the window's walk
lists, in the same order; a walk stopped in one front end resumes at the same question in the other; and the quiz,
given the same random source, asks the same questions with their answers in the same order, with a result both
agree on.
"""

from __future__ import annotations

import random
import re

import pytest

pytest.importorskip("PySide6")

from auditor.guided import DAY
from auditor.household import Household
from auditor.model import Status
from auditor.terminal_guide import Terminal, run_guide, run_quiz
from auditor.walk import DEVICE, HOUSEHOLD, PERSON, counts_for, subject_for
from auditor.wording import about
from ui.pages.guided_walk import GuidedWalk
from ui.pages.quiz import QuizPage

HEADER = re.compile(r"^Questions (?:for|about) (.+?): ")


@pytest.fixture
def family(store):
    """Two people with their apps, two devices, and a few answers: one of them too old to count."""
    household = Household(store)
    alex = household.set_services(household.add_person("Alex", "adult"), ["gmail", "facebook", "whatsapp"])
    sam = household.set_services(household.add_person("Sam", "13-17"), ["instagram", "snapchat", "roblox"])
    household.add_device("Sam's iPhone", "iphone", sam)
    household.add_device("Family Xbox", "xbox")
    household.record_answer("two-step-instagram", PERSON, sam.id, "yes", Status.PASS)
    household.record_answer("privacy-instagram-private", PERSON, sam.id, "no", Status.FAIL, when=0.0)  # too old
    household.record_answer("two-step-main-email", PERSON, alex.id, "not_sure", None)
    household.record_answer("support-no-trouble-promise", HOUSEHOLD, 0, "skip", None)
    return household


@pytest.fixture
def window_walk(qtbot, app_context, family):
    """The window's walk over the shared context (the recorded laptop's locale puts the family in GB)."""
    assert app_context.region().id == "GB"
    walk = GuidedWalk(app_context)
    qtbot.addWidget(walk)
    return app_context, walk


class Keyboard:
    """Plays the terminal: ``reply`` to each question (after ``stop_after`` of them, "q"); records what is said."""

    def __init__(self, reply: str = "s", stop_after: int | None = None) -> None:
        self.reply, self.stop_after, self.asked = reply, stop_after, 0
        self.said: list[str] = []

    def ask(self, prompt: str) -> str:
        if prompt.strip().startswith(("y) yes", "Answer 1 to")):
            self.asked += 1
            if self.stop_after is not None and self.asked > self.stop_after:
                return "q"
            return self.reply if prompt.strip().startswith("y)") else ("1" if self.reply != "s" else "s")
        raise AssertionError(f"unexpected prompt {prompt!r}")

    def titles(self) -> dict[str, list[str]]:
        """The questions asked, by whom or what they were about, in the order asked."""
        asked: dict[str, list[str]] = {}
        current = ""
        for line in self.said:
            header = HEADER.match(line)
            if header:
                current = header.group(1)
                asked[current] = []
            elif line.startswith("[") and current:
                asked[current].append(" ".join(line.split("] ", 1)[1].split()))  # wrapped to the width
        return asked


def window_titles(walk: GuidedWalk, kind: str, subject_id: int) -> list[str]:
    assert walk.start(kind, subject_id)
    return [check.title for check in walk.todo]


def test_both_front_ends_ask_the_same_questions_in_the_same_order(family, window_walk):
    context, walk = window_walk
    keyboard = Keyboard("s")  # skipping saves nothing, so the household stays as it was
    assert run_guide(family, context.content, Terminal(keyboard.ask, keyboard.said.append, region="GB")) == 0
    terminal = keyboard.titles()

    # The terminal words a person's questions about them ("Sam's", not "your"), by auditor.wording's rule.
    window = {person.nickname: [about(title, person.nickname) for title in window_titles(walk, PERSON, person.id)]
              for person in family.people()}
    window["the whole family"] = window_titles(walk, HOUSEHOLD, 0)
    window.update({device.name: window_titles(walk, DEVICE, device.id) for device in family.devices()})
    assert terminal == window
    assert all(window.values()) and len(window) == 5
    # the answer that is too old is asked again in both, the up-to-date ones are not
    sam = family.person("Sam")
    instagram_private = about(context.content.check("privacy-instagram-private").title, "Sam")
    assert instagram_private in terminal["Sam"]
    assert about(context.content.check("two-step-instagram").title, "Sam") not in terminal["Sam"]
    counts = counts_for(context.content, family, subject_for(family, PERSON, sam.id, "GB"))
    assert (counts.expired, counts.waiting) == (1, len(terminal["Sam"]))


def test_a_walk_stopped_in_one_front_end_resumes_at_the_same_question_in_the_other(family, window_walk, qtbot):
    context, walk = window_walk
    sam = family.person("Sam")
    before = window_titles(walk, PERSON, sam.id)

    # Three answers in the terminal, then "q": the window's walk starts at the fourth question.
    keyboard = Keyboard("y", stop_after=3)
    run_guide(family, context.content, Terminal(keyboard.ask, keyboard.said.append, region="GB"), person_name="Sam")
    assert keyboard.titles()["Sam"] == [about(title, "Sam") for title in before[:4]]  # the fourth was shown, then "q"
    assert window_titles(walk, PERSON, sam.id) == before[3:]
    assert walk.current.title == before[3]

    # Two answers in the window, then "Stop for now": the terminal starts at the window's third question.
    for _ in range(2):
        walk.choices.buttons[0].click()
        walk.next()
    walk.stop()
    qtbot.waitUntil(lambda: not context.tasks.busy, timeout=10_000)  # the window saves its answers on a worker
    again = Keyboard("s")
    run_guide(family, context.content, Terminal(again.ask, again.said.append, region="GB"), person_name="Sam")
    assert again.titles()["Sam"] == [about(title, "Sam") for title in before[5:]]


def test_both_front_ends_give_the_same_quiz_and_agree_on_its_result(family, app_context, qtbot):
    context = app_context
    page = QuizPage(context)
    qtbot.addWidget(page)
    sam = family.person("Sam")
    page.shuffle = random.Random(11)
    assert page.start_quiz(sam)
    window_questions = [question.text for question in page.questions]
    # The number of the right answer as the window shows it: right in the terminal only if it shows them alike.
    replies = iter(str(question.answer + 1) for question in page.questions)
    page.stop_quiz()  # nothing chosen yet, so nothing to confirm and nothing saved

    said: list[str] = []
    assert run_quiz(sam, family, context.content, Terminal(lambda prompt: next(replies), said.append),
                    shuffle=random.Random(11)) == 0
    asked = [line.split("  ", 1)[1] for line in said if re.match(r"^\d+/\d+  ", line)]
    assert [" ".join(text.split()) for text in asked] == window_questions
    total = len(window_questions)
    assert f"Sam got {total} of {total}" in said[-1]
    page.refresh()
    page.person_combo.setCurrentIndex(page.person_combo.findData(sam.id))
    assert page.last_label.text().startswith(f"Sam's last result: {total} of {total}, on ")
    assert family.latest_quiz(sam) is not None and family.latest_quiz(sam).taken_at > DAY
