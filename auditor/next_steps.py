"""What to put right first: the "action needed" list and the "do these next" ranking.

Action needed is every critical check that fails (the score card's own list). Do these next is the other failing
or partly done checks, ranked by how much score each one costs (its weight times the credit it is missing), then
by weight; at equal cost, this computer's own checks come first because they can be fixed right here, then by
name. A check that was not decided ("could not tell") is never a step here: it is not known to be wrong. For a
household of several computers the same rule ranks ``Step`` items, each saying which computer it is for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from auditor.model import Result, Severity, Status
from auditor.scoring import CREDIT, WEIGHTS, Scorecard

NEXT_LIMIT = 5
FixPlace = Literal["device", "quiz", "people"]


def _is_action_needed(result: Result) -> bool:
    return result.severity is Severity.CRITICAL and result.status is Status.FAIL


def action_needed(results: list[Result], card: Scorecard) -> list[Result]:
    """The failing critical checks, in the order they were found."""
    return [r for r in results if _is_action_needed(r) and r.check_id in card.action_needed]


def cost(result: Result) -> float:
    """How much weight a result loses in the score: its weight times the credit it is missing."""
    return WEIGHTS[result.severity] * (1 - CREDIT[result.status])


def _is_candidate(result: Result) -> bool:
    return bool(result.strategy) and result.status in (Status.FAIL, Status.PARTIAL) and not _is_action_needed(result)


def _rank(result: Result) -> tuple[float, int, bool, bool, str, str]:
    return (-cost(result), -WEIGHTS[result.severity], result.status is not Status.FAIL, result.kind != "device",
            result.title.casefold(), result.subject.casefold())


def next_steps(results: list[Result], limit: int = NEXT_LIMIT) -> list[Result]:
    """The failing or partly done checks that matter most, apart from those already under action needed."""
    candidates = [r for r in results if _is_candidate(r)]
    candidates.sort(key=_rank)
    return candidates[:limit]


@dataclass(frozen=True)
class Step:
    """One thing to put right in a household of several computers: the result, and which computer it is for."""

    result: Result
    computer: str = ""  # the computer's name; "" for the people's answers, which belong to no computer


def household_action_needed(steps: Iterable[Step]) -> list[Step]:
    """Every failing critical check of every computer and of the people, in the order given."""
    return [step for step in steps if _is_action_needed(step.result)]


def household_next_steps(steps: Iterable[Step], limit: int = NEXT_LIMIT) -> list[Step]:
    """``next_steps`` over several computers: ranked by the same rule, then by the computer's name."""
    candidates = [step for step in steps if _is_candidate(step.result)]
    candidates.sort(key=lambda step: (*_rank(step.result), step.computer.casefold()))
    return candidates[:limit]


def where_to_fix(result: Result) -> tuple[FixPlace, str]:
    """Where a result is put right: this device's check (by id), the quiz, or a person's questions (by name).

    The name is "" for questions that are not about one person, and "household" for the family's own questions.
    """
    if result.kind == "device":
        return "device", result.check_id
    if result.check_id.startswith("quiz-"):
        return "quiz", ""
    return "people", result.subject
