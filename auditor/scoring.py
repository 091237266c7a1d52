"""The score: the one place its formula lives (the README repeats it in words).

Every result has a weight from its severity: critical 8, high 4, medium 2, low 1, info 0.
A decided result earns credit: pass 1, partial 0.5, fail 0. Results that could not be decided (unknown, error)
still count as applicable; not_applicable results and load failures do not count at all.

    score       = 100 x sum(weight x credit, decided)  /  sum(weight, decided)
    coverage    = sum(weight, decided)  /  sum(weight, applicable)
    lowest      = 100 x sum(weight x credit, decided)  /  sum(weight, applicable)              (undecided = fail)
    highest     = 100 x (sum(weight x credit, decided) + sum(weight, undecided)) / sum(weight, applicable)
                                                                                               (undecided = pass)

The same is computed for each of the seven strategies. With nothing decided there is no score (``None``), never
100: empty data is not a pass. "Action needed" lists every critical check whose status is fail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from auditor.advice import STRATEGY_IDS
from auditor.model import JsonDict, Result, Severity, Status

WEIGHTS: dict[Severity, int] = {
    Severity.CRITICAL: 8,
    Severity.HIGH: 4,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}
CREDIT: dict[Status, float] = {Status.PASS: 1.0, Status.PARTIAL: 0.5, Status.FAIL: 0.0}
UNDECIDED = (Status.UNKNOWN, Status.ERROR)


@dataclass(frozen=True)
class ScoreLine:
    """A score with the honesty around it: how much was checked, and where the truth could lie."""

    score: float | None  # 0-100, or None when nothing was decided
    coverage: float | None  # 0-1 share of the applicable weight that was decided, None when nothing applied
    lowest: float | None  # the score if every undecided check failed
    highest: float | None  # the score if every undecided check passed
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return sum(self.counts.get(s, 0) for s in ("pass", "partial", "fail"))

    @property
    def applicable(self) -> int:
        return self.decided + sum(self.counts.get(s, 0) for s in ("unknown", "error"))

    def to_dict(self) -> JsonDict:
        return {
            "score": _round(self.score),
            "coverage": _round(self.coverage, 4),
            "lowest": _round(self.lowest),
            "highest": _round(self.highest),
            "counts": dict(self.counts),
        }


@dataclass(frozen=True)
class Scorecard:
    overall: ScoreLine
    by_strategy: dict[str, ScoreLine]
    action_needed: tuple[str, ...]  # ids of failing critical checks

    def to_dict(self) -> JsonDict:
        return {
            "overall": self.overall.to_dict(),
            "by_strategy": {k: v.to_dict() for k, v in self.by_strategy.items()},
            "action_needed": list(self.action_needed),
        }


# The formula's tables, keyed by the enum members themselves: score_line runs for every strategy of every report a
# club summary reads, and a dictionary lookup costs less than str() or a property on each result.
_COUNT_KEY: dict[Status, str] = {status: status.value for status in Status}
_UNDECIDED = frozenset(UNDECIDED)


def score_line(results: Iterable[Result]) -> ScoreLine:
    earned = decided_weight = undecided_weight = 0.0
    counts: dict[str, int] = {}
    count_key, credits, weights, undecided = _COUNT_KEY, CREDIT, WEIGHTS, _UNDECIDED
    for result in results:
        status = result.status
        key = count_key[status]
        counts[key] = counts.get(key, 0) + 1
        if not result.strategy:  # a check that could not even be loaded has no weight to give
            continue
        credit = credits.get(status)  # only the decided statuses (pass, partial, fail) have a credit
        if credit is not None:
            weight = weights[result.severity]
            decided_weight += weight
            earned += weight * credit
        elif status in undecided:
            undecided_weight += weights[result.severity]
    applicable = decided_weight + undecided_weight
    if applicable == 0:
        return ScoreLine(None, None, None, None, counts)
    coverage = decided_weight / applicable
    if decided_weight == 0:
        return ScoreLine(None, coverage, 0.0, 100.0, counts)
    return ScoreLine(
        score=100.0 * earned / decided_weight,
        coverage=coverage,
        lowest=100.0 * earned / applicable,
        highest=100.0 * (earned + undecided_weight) / applicable,
        counts=counts,
    )


def scorecard(results: Iterable[Result]) -> Scorecard:
    results = list(results)
    by_strategy = {sid: score_line(r for r in results if r.strategy == sid) for sid in STRATEGY_IDS}
    action = tuple(
        r.check_id for r in results if r.severity is Severity.CRITICAL and r.status is Status.FAIL
    )
    return Scorecard(score_line(results), by_strategy, action)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
