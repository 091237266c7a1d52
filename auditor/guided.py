"""Guided answers as results: the same statuses, weights and score as the device checks.

Each guided check is asked of every person (or device, or the household once) it applies to. What a person said
becomes their result: Yes is a pass, No a fail, a pack's own choices whatever the pack says; "not sure", no answer
yet, and an answer older than the pack allows are all ``unknown`` — unchecked, never passed. A check about a
service someone does not use, or meant for another age group, does not apply to them. So a fresh install, with
nobody added and nothing answered, shows plainly how much is still unverified.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace

from auditor.dates import date_text
from auditor.household import Answer, Device, Household, Person, QuizAttempt
from auditor.model import Evidence, Finding, Fix, Origin, Result, Severity, Status
from auditor.packs import Content, Guide, GuidedCheck, Quiz

DAY = 86400.0
ORIGIN = Origin("homeguard", "", "checks/manual", True)
QUIZ_CHECKS = {
    "educate": ("quiz-red-flags", "Knows the warning signs of online blackmail"),
    "phishing": ("quiz-phishing", "Can spot a phishing message"),
}


@dataclass(frozen=True)
class Subject:
    """Who or what a guided question is about: a person, one of the family's devices, or the household.

    The one subject type of the engine: the score (``subjects`` below), the window's walk and the terminal's walk
    (``auditor.walk``) all use it.
    """

    kind: str  # "person", "device" or "household"
    id: int
    name: str
    person: Person | None = None
    device: Device | None = None
    region: str = ""  # where the family lives: picks the region's guides (where to report)

    @property
    def used(self) -> tuple[str, ...]:
        """What picks the right steps from a check's guides: the person's services or the device's kind, and
        the region."""
        base = self.person.services if self.person else (self.device.kind,) if self.device else ()
        return (*base, self.region) if self.region else base

    @property
    def services_chosen(self) -> bool:
        """False for a person who has not said yet which apps and services they use."""
        return self.person.services_chosen if self.person else True


def too_old(answered_at: float, valid_days: int, now: float) -> bool:
    """Whether an answer (or a quiz attempt) is too old to count: given more than ``valid_days`` days of 24 hours
    before ``now``.

    The one expiry rule. An answer exactly ``valid_days`` old still counts; a moment later it must be confirmed.
    """
    return (now - answered_at) / DAY > valid_days


def audience_fits(audience: str, person: Person) -> bool:
    if audience == "parent":
        return person.is_adult
    if audience == "teen":
        return not person.is_adult
    return True


def subjects(check: GuidedCheck, people: list[Person], devices: list[Device],
             devices_reviewed: bool) -> list[tuple[Subject | None, str]]:
    """Each subject the check is about, with the reason it does not apply ("" when it does).

    ``(None, reason)`` stands for "nobody to ask yet": the check counts as unchecked, so the coverage shows it.
    """
    if check.asked == "household":
        return [(Subject("household", 0, "household"), "")]
    if check.asked == "device":
        matching = [d for d in devices if d.kind in check.device_kinds]
        if not matching:
            if devices_reviewed:
                return [(Subject("device", 0, "no such device"),
                         "The family has no device of this kind.")]
            return [(None, "The family's phones, tablets and consoles have not been added yet.")]
        return [(Subject("device", d.id, d.name, device=d), "") for d in matching]
    if not people:
        return [(None, "Nobody has been added to the household yet.")]
    found: list[tuple[Subject | None, str]] = []
    for person in people:
        subject = Subject("person", person.id, person.nickname, person=person)
        if not audience_fits(check.audience, person):
            group = "adults" if check.audience == "parent" else "people under 18"
            found.append((subject, f"This is for {group}."))
        elif check.services and person.services_chosen and not any(person.uses(s) for s in check.services):
            found.append((subject, f"{person.nickname} does not use it."))
        else:
            found.append((subject, ""))
    return found


def describe_answer(check: GuidedCheck, answer: Answer) -> str:
    if answer.answer.startswith("choice:"):
        index = int(answer.answer.split(":", 1)[1])
        choices = check.answer_choices()
        return f"\u201c{choices[index].label}\u201d" if 0 <= index < len(choices) else "an answer no longer offered"
    return {"yes": "Yes", "no": "No", "not_sure": "Not sure", "skip": "Skip"}[answer.answer]


def status_of(check: GuidedCheck, answer: Answer | None, now: float) -> tuple[Status, str]:
    """The status an answer gives, and the plain reason, taking its age into account."""
    if answer is None or answer.answer == "skip":
        return Status.UNKNOWN, "Not answered yet."
    when = date_text(answer.answered_at)
    said = describe_answer(check, answer)
    if too_old(answer.answered_at, check.valid_days, now):
        return Status.UNKNOWN, (f"The answer {said} was given on {when}, more than {check.valid_days} days ago; "
                                "please confirm it is still true.")
    if answer.status is None:
        return Status.UNKNOWN, f"Answered \u201cnot sure\u201d on {when}; the steps show how to find out."
    return answer.status, f"Answered {said} on {when}."


def fix_from_guides(guides: Iterable[Guide], names: dict[str, str]) -> Fix | None:
    guides = list(guides)
    if not guides:
        return None
    steps: list[str] = []
    for guide in guides:
        label = names.get(guide.for_, "")
        prefix = f"{label}: " if len(guides) > 1 and label else ""
        steps.extend(prefix + step for step in guide.steps)
    return Fix(steps=tuple(steps), more_info=guides[0].link or None)


def guided_results(content: Content, household: Household, now: float | None = None,
                   region: str = "") -> list[Result]:
    """Every guided question as a result; ``region`` picks region-specific guides (where to report)."""
    now = time.time() if now is None else now
    people, devices = household.people(), household.devices()
    reviewed = household.devices_reviewed()
    answers = household.latest_answers()
    names = {**{s.id: s.name for s in content.services.values()},
             **{k.id: k.name for k in content.device_kinds.values()}}
    results: list[Result] = []
    for check in content.checks:
        for subject, not_applicable in subjects(check, people, devices, reviewed):
            base = Result(check_id=check.id, title=check.title, strategy=check.strategy, severity=check.severity,
                          status=Status.UNKNOWN, summary="", origin=ORIGIN, kind="guided",
                          subject=subject.name if subject else "")
            if subject is None:
                results.append(replace(base, summary=not_applicable, fix=fix_from_guides(check.guides, names)))
                continue
            if not_applicable:
                results.append(replace(base, status=Status.NOT_APPLICABLE, summary=not_applicable))
                continue
            if subject.person and check.services and not subject.person.services_chosen:
                results.append(replace(base, fix=fix_from_guides(check.guides, names),
                                       summary=f"{subject.name} has not said which apps and services they use yet."))
                continue
            answer = answers.get((check.id, subject.kind, subject.id))
            status, summary = status_of(check, answer, now)
            evidence = (Evidence(check.question, summary),)
            used = replace(subject, region=region).used
            fix = fix_from_guides(check.guides_for(used), names) if status is not Status.PASS else None
            results.append(replace(base, status=status, summary=summary, evidence=evidence, fix=fix))
    results.extend(quiz_results(content.quiz, household, people, now))
    return results


def quiz_share(quiz: Quiz, attempt: QuizAttempt, strategy: str) -> tuple[int, int]:
    """(right, asked) for one strategy's questions in an attempt."""
    right = asked = 0
    for question in quiz.questions:
        if question.strategy != strategy or question.id not in attempt.answers:
            continue
        asked += 1
        right += attempt.answers[question.id] == question.answer
    return right, asked


def quiz_grade(quiz: Quiz, right: int, asked: int) -> Status:
    """Pass, partial or fail for a share of right answers, by the pack's thresholds (no questions is a fail)."""
    share = right / asked if asked else 0.0
    return Status.PASS if share >= quiz.pass_share else Status.PARTIAL if share >= quiz.partial_share else Status.FAIL


def quiz_results(quiz: Quiz, household: Household, people: list[Person], now: float) -> list[Result]:
    if not quiz.questions:
        return []
    results = []
    for strategy, (check_id, title) in QUIZ_CHECKS.items():
        base = Result(check_id=check_id, title=title, strategy=strategy, severity=Severity.MEDIUM,
                      status=Status.UNKNOWN, summary="Nobody has taken the quiz yet.", origin=ORIGIN, kind="guided")
        if not people:
            results.append(base)
            continue
        for person in people:
            verdict = _quiz_verdict(quiz, household.latest_quiz(person), strategy, now)
            results.append(replace(base, subject=person.nickname, status=verdict.status, summary=verdict.summary,
                                   evidence=verdict.evidence))
    return results


def _quiz_verdict(quiz: Quiz, attempt: QuizAttempt | None, strategy: str, now: float) -> Finding:
    if attempt is None:
        return Finding(Status.UNKNOWN, "Has not taken the quiz yet.")
    when = date_text(attempt.taken_at)
    if too_old(attempt.taken_at, quiz.valid_days, now):
        return Finding(Status.UNKNOWN, f"Took the quiz on {when}, over a year ago; time for a refresher.")
    right, asked = quiz_share(quiz, attempt, strategy)
    if asked == 0:
        return Finding(Status.UNKNOWN, "The quiz had no questions on this.")
    status = quiz_grade(quiz, right, asked)
    evidence = (Evidence("quiz", f"{right} of {asked} right on {when}"),)
    return Finding(status, f"Got {right} of {asked} right in the quiz on {when}.", evidence)
