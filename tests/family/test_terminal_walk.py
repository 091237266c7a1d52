"""A whole household walked through its guided checks in the terminal, then scored.

Two adults, a 14-year-old and a 10-year-old, as the issue describes. The script answers every prompt the way a
parent at the keyboard would, including stopping half-way and carrying on later.
"""

import random

import pytest

from auditor.guided import guided_results
from auditor.household import Household
from auditor.model import Status
from auditor.packs import load_content
from auditor.quiz import Attempt
from auditor.scoring import scorecard
from auditor.store import Store
from auditor.terminal_guide import Terminal, run_guide, run_quiz

CONTENT = load_content()
SERVICE_ORDER = [s.id for s in sorted(CONTENT.services.values(), key=lambda s: (s.kind, s.name))]
KIND_ORDER = [k.id for k in sorted(CONTENT.device_kinds.values(), key=lambda k: k.name)]
FAMILY = [("Alex", "3", ["gmail", "facebook", "whatsapp"]), ("Jordan", "3", ["outlook-mail", "instagram"]),
          ("Sam", "2", ["gmail", "instagram", "snapchat", "tiktok", "discord", "roblox"]),
          ("Mia", "1", ["roblox", "youtube", "nintendo"])]


class Parent:
    """Answers prompts like a parent at the keyboard; stops after ``stop_after`` questions if asked to."""

    def __init__(self, answer="y", stop_after=None):
        self.answer, self.stop_after, self.questions = answer, stop_after, 0
        self.people = iter(FAMILY)
        self.current = None
        self.devices = iter([("Sam's iPhone", "iphone"), ("Mia's iPad", "ipad"), ("Family Xbox", "xbox")])
        self.device_kind = None
        self.said: list[str] = []

    def say(self, text):
        self.said.append(text)

    def ask(self, prompt):
        if prompt.startswith("Nickname"):
            self.current = next(self.people, None)
            return self.current[0] if self.current else ""
        if prompt.startswith("Age:"):
            return self.current[1]
        if prompt.startswith("Type their numbers"):
            name = next(line for line in reversed(self.said) if line.startswith("Which apps"))
            uses = next(services for person, _, services in FAMILY if f"does {person} use" in name)
            return " ".join(str(SERVICE_ORDER.index(s) + 1) for s in uses)
        if prompt.startswith("Device name"):
            device = next(self.devices, None)
            self.device_kind = device[1] if device else None
            return device[0] if device else ""
        if prompt.startswith("Which kind"):
            return str(KIND_ORDER.index(self.device_kind) + 1)
        if prompt.strip().startswith(("y) yes", "Answer 1 to")):
            self.questions += 1
            if self.stop_after is not None and self.questions > self.stop_after:
                return "q"
            return self.answer if prompt.strip().startswith("y)") else "1"
        raise AssertionError(f"unexpected prompt {prompt!r}")


@pytest.fixture
def household(tmp_path):
    store = Store(tmp_path)
    yield Household(store)
    store.close()


def test_a_whole_household_is_walked_through_and_scored(household):
    before = scorecard(guided_results(CONTENT, household)).overall
    assert before.score is None and before.coverage == 0  # a fresh install: nothing verified yet

    parent = Parent()
    assert run_guide(household, CONTENT, Terminal(parent.ask, parent.say, region="GB")) == 0
    people = {p.nickname: p for p in household.people()}
    assert {n: p.age_band for n, p in people.items()} == {"Alex": "adult", "Jordan": "adult", "Sam": "13-17",
                                                          "Mia": "under-13"}
    assert people["Sam"].services_chosen and "tiktok" in people["Sam"].services
    assert [d.name for d in household.devices()] == ["Sam's iPhone", "Mia's iPad", "Family Xbox"]

    results = guided_results(CONTENT, household, region="GB")
    by_subject = {}
    for result in results:
        by_subject.setdefault(result.subject, []).append(result)
    # Mia (10) is never asked about TikTok; Alex is never asked the teen questions.
    assert all(r.status is Status.NOT_APPLICABLE for r in by_subject["Mia"] if "tiktok" in r.check_id)
    assert any(r.status is Status.PASS for r in by_subject["Sam"] if r.check_id == "two-step-tiktok")
    card = scorecard(results)
    undecided = [r for r in results if r.status is Status.UNKNOWN and not r.check_id.startswith("quiz")]
    assert undecided == [], [(r.check_id, r.subject, r.summary) for r in undecided[:5]]
    assert card.overall.score is not None and card.overall.score > 50
    quiz_rows = [r for r in results if r.check_id.startswith("quiz")]
    assert all(r.status is Status.UNKNOWN for r in quiz_rows)  # nobody has taken the quiz yet


def test_stopping_half_way_keeps_answers_and_the_next_walk_carries_on(household):
    first = Parent(stop_after=5)
    run_guide(household, CONTENT, Terminal(first.ask, first.say))
    assert any("Everything you answered is saved" in line for line in first.said)
    answered = len(household.latest_answers())
    assert answered == 5
    second = Parent()
    second.people = iter([])  # everyone was already added
    run_guide(household, CONTENT, Terminal(second.ask, second.say))
    assert len(household.latest_answers()) > answered
    first_question = next(line for line in second.said if line.startswith("[1/"))
    asked_first_time = [line for line in first.said if line.startswith("[")][:5]
    assert first_question not in asked_first_time  # it starts with what was not answered


def test_no_answers_count_as_failures_with_the_fix(household):
    parent = Parent(answer="n")
    run_guide(household, CONTENT, Terminal(parent.ask, parent.say))
    results = guided_results(CONTENT, household)
    failing = [r for r in results if r.status is Status.FAIL]
    assert failing and all(r.fix and r.fix.steps for r in failing if r.check_id.startswith("two-step"))


def test_the_quiz_one_question_at_a_time_with_explanations(household):
    sam = household.add_person("Sam", "13-17")
    questions = Attempt.start(CONTENT.quiz, sam, random.Random(2)).questions  # as the terminal will ask them
    assert {q.id for q in questions} == {q.id for q in CONTENT.quiz.questions if q.audience in ("everyone", "teen")}
    replies = iter(str(q.answer + 1) for q in questions)  # the number of the right answer, as shown
    said = []
    assert run_quiz(sam, household, CONTENT, Terminal(lambda prompt: next(replies), said.append),
                    shuffle=random.Random(2)) == 0
    assert sum(line.strip().startswith("Right.") for line in said) == len(questions)
    assert f"Sam got {len(questions)} of {len(questions)}" in said[-1]
    quiz = {r.check_id: r.status for r in guided_results(CONTENT, household) if r.subject == "Sam"
            and r.check_id.startswith("quiz")}
    assert quiz == {"quiz-red-flags": Status.PASS, "quiz-phishing": Status.PASS}
