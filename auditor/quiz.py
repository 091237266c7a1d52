"""The quiz as both front ends give it: which questions each person gets, one attempt, the score and its words.

Only the questions meant for the person are asked (``guided.audience_fits``: the adults' questions for adults,
the young people's for those under 18, and the ones for everyone). Each attempt asks them in a fresh order, and each
question's answers in a fresh order too, so taking the quiz again tests what a person knows, not where the right
answer was last time (the pack's answers are written to stand alone, never "both of the above"). What is saved is
the pack's own index of each chosen answer, so a saved attempt scores the same whatever order it was asked in. An
attempt is saved only when every question is answered; a quiz stopped half-way leaves nothing behind. How a
saved attempt counts in the score (per strategy, pass or partial by the pack's thresholds, too old after the
pack's ``valid_days``) is ``auditor.guided``'s; the words here use the same rules.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from auditor.dates import date_text
from auditor.guided import QUIZ_CHECKS, audience_fits, quiz_grade, quiz_share, too_old
from auditor.household import Household, Person, QuizAttempt
from auditor.model import Status
from auditor.packs import Quiz, QuizQuestion

STRATEGY_WORDS = {"educate": "Warning signs of online blackmail", "phishing": "Spotting phishing"}


def questions_for(quiz: Quiz, person: Person) -> list[QuizQuestion]:
    """The questions this person is asked, in pack order."""
    return [q for q in quiz.questions if audience_fits(q.audience, person)]


def score_of(quiz: Quiz, attempt: QuizAttempt) -> tuple[int, int]:
    """(right, asked) over the questions of a saved attempt that are still in the quiz."""
    asked = [q for q in quiz.questions if q.id in attempt.answers]
    return sum(attempt.answers[q.id] == q.answer for q in asked), len(asked)


def strategy_lines(quiz: Quiz, attempt: QuizAttempt) -> list[str]:
    """One line per part of the advice the attempt covered, e.g. "Spotting phishing: 4 of 5"."""
    lines = []
    for strategy in QUIZ_CHECKS:
        right, count = quiz_share(quiz, attempt, strategy)
        if count:
            lines.append(f"{STRATEGY_WORDS.get(strategy, strategy)}: {right} of {count}")
    return lines


def last_result_text(quiz: Quiz, person: Person, attempt: QuizAttempt | None, now: float | None = None) -> str:
    if attempt is None:
        return f"{person.nickname} has not taken the quiz yet."
    now = time.time() if now is None else now
    right, asked = score_of(quiz, attempt)
    when = date_text(attempt.taken_at)
    text = f"{person.nickname}'s last result: {right} of {asked}, on {when}."
    if too_old(attempt.taken_at, quiz.valid_days, now):
        text += " That was over a year ago, so it is time for a refresher."
    return text


def encouragement(quiz: Quiz, right: int, asked: int) -> str:
    """A kind word for a result, by the same thresholds that score it."""
    grade = quiz_grade(quiz, right, asked)
    if grade is Status.PASS:
        return "Well done: you know the warning signs well."
    if grade is Status.PARTIAL:
        return ("A good start. The explanations are worth a second read, and you can take the quiz again any "
                "time.")
    return ("Thank you for taking it. Every explanation you read is something you now know. Going through them "
            "with someone you trust helps, and you can take the quiz again any time.")


@dataclass(frozen=True)
class AskedQuestion:
    """A pack question as one attempt shows it: its answers in this attempt's order. ``choices`` and ``answer`` (the
    right one's place) are as shown; ``order`` maps each place shown back to the pack's own index."""

    question: QuizQuestion
    order: tuple[int, ...]  # the pack's index of the answer shown first, second, ...

    @classmethod
    def shuffled(cls, question: QuizQuestion, rng: random.Random) -> AskedQuestion:
        order = list(range(len(question.choices)))
        rng.shuffle(order)
        return cls(question, tuple(order))

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def text(self) -> str:
        return self.question.text

    @property
    def strategy(self) -> str:
        return self.question.strategy

    @property
    def audience(self) -> str:
        return self.question.audience

    @property
    def explanation(self) -> str:
        return self.question.explanation

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self.question.choices[index] for index in self.order)

    @property
    def answer(self) -> int:
        """Where the right answer is shown."""
        return self.order.index(self.question.answer)


@dataclass
class Attempt:
    """One person taking the quiz: their questions in the order asked, and what they chose so far."""

    person: Person
    questions: list[AskedQuestion]
    chosen: dict[str, int] = field(default_factory=dict)  # question id -> the pack's index of the chosen answer

    @classmethod
    def start(cls, quiz: Quiz, person: Person, rng: random.Random | None = None) -> Attempt | None:
        """A new attempt with the questions, and each one's answers, in a fresh order; None when the quiz has no
        questions for this person. ``rng`` is the random source: a seeded one gives the same order every time
        (tests, and both front ends asked to agree); by default each attempt gets its own."""
        questions = questions_for(quiz, person)
        if not questions:
            return None
        rng = rng if rng is not None else random.Random()
        rng.shuffle(questions)
        return cls(person, [AskedQuestion.shuffled(question, rng) for question in questions])

    def answer(self, question: AskedQuestion, index: int) -> bool:
        """Record the choice for one question, by its place as shown; True if it is the right answer."""
        if question not in self.questions:
            raise ValueError(f"{question.id} is not one of this attempt's questions")
        if not 0 <= index < len(question.choices):
            raise ValueError(f"{question.id} has no answer {index}")
        self.chosen[question.id] = question.order[index]
        return index == question.answer

    @property
    def asked(self) -> int:
        return len(self.questions)

    @property
    def right(self) -> int:
        return sum(self.chosen.get(q.id) == q.question.answer for q in self.questions)

    @property
    def finished(self) -> bool:
        return all(q.id in self.chosen for q in self.questions)

    def save(self, household: Household, when: float | None = None) -> QuizAttempt:
        """Save a finished attempt, where it counts in the score. A half-done quiz is never saved."""
        if not self.finished:
            raise ValueError("only a finished quiz is saved")
        return household.record_quiz(self.person, dict(self.chosen), when=when)
