"""The score formula, case by case and as properties that must hold for any set of results."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.advice import STRATEGY_IDS
from auditor.model import Result, Severity, Status
from auditor.scoring import WEIGHTS, score_line, scorecard


def result(status, severity=Severity.MEDIUM, strategy="secure-devices", check_id="c"):
    return Result(check_id, "t", strategy, severity, status, "s")


def test_weights_are_fixed_by_severity():
    assert [WEIGHTS[s] for s in Severity] == [8, 4, 2, 1, 0]


def test_worked_example_from_the_readme():
    results = [
        result(Status.PASS, Severity.CRITICAL),  # 8 of 8
        result(Status.PARTIAL, Severity.HIGH),  # 2 of 4
        result(Status.FAIL, Severity.MEDIUM),  # 0 of 2
        result(Status.UNKNOWN, Severity.HIGH),  # 4 undecided
        result(Status.NOT_APPLICABLE, Severity.CRITICAL),  # does not count
    ]
    line = score_line(results)
    assert line.score == pytest.approx(100 * 10 / 14)  # 71.4
    assert line.coverage == pytest.approx(14 / 18)
    assert line.lowest == pytest.approx(100 * 10 / 18)  # 55.6
    assert line.highest == pytest.approx(100 * 14 / 18)  # 77.8
    assert line.counts == {"pass": 1, "partial": 1, "fail": 1, "unknown": 1, "not_applicable": 1}


def test_nothing_decided_is_no_score_never_a_hundred():
    assert score_line([]).score is None
    line = score_line([result(Status.UNKNOWN), result(Status.ERROR)])
    assert line.score is None
    assert line.coverage == 0
    assert (line.lowest, line.highest) == (0, 100)


def test_only_not_applicable_means_nothing_to_score():
    line = score_line([result(Status.NOT_APPLICABLE)])
    assert line.score is None and line.coverage is None


def test_errors_count_as_unchecked_and_load_failures_not_at_all():
    error = result(Status.ERROR, Severity.HIGH)
    load_failure = Result("plugin", "t", "", Severity.INFO, Status.ERROR, "s")
    line = score_line([result(Status.PASS), error, load_failure])
    assert line.coverage == pytest.approx(2 / 6)


def test_action_needed_lists_failing_critical_checks_only():
    card = scorecard([
        result(Status.FAIL, Severity.CRITICAL, check_id="remote-access"),
        result(Status.PARTIAL, Severity.CRITICAL, check_id="other-critical"),
        result(Status.FAIL, Severity.HIGH, check_id="screen-lock"),
    ])
    assert card.action_needed == ("remote-access",)


def test_every_strategy_gets_a_line():
    card = scorecard([result(Status.PASS, strategy="personal-info"), result(Status.FAIL, strategy="phishing")])
    assert set(card.by_strategy) == set(STRATEGY_IDS)
    assert card.by_strategy["personal-info"].score == 100
    assert card.by_strategy["phishing"].score == 0
    assert card.by_strategy["support"].score is None


results_lists = st.lists(
    st.builds(result, st.sampled_from(list(Status)), st.sampled_from(list(Severity)), st.sampled_from(STRATEGY_IDS)),
    max_size=30,
)


@given(results_lists)
def test_bounds_always_hold(results):
    line = score_line(results)
    if line.score is not None:
        assert 0 <= line.lowest <= line.score + 1e-9
        assert line.score <= line.highest + 1e-9 <= 100 + 1e-9
        assert 0 < line.coverage <= 1


@given(results_lists)
def test_unknowns_can_never_raise_the_score(results):
    """Turning a fail into "could not tell" must never make the headline score look better than a pass would."""
    before = score_line(results)
    extra = score_line([*results, result(Status.UNKNOWN, Severity.CRITICAL)])
    assert extra.score == before.score
    if before.coverage is not None and extra.coverage is not None:
        assert extra.coverage <= before.coverage + 1e-9


@given(results_lists)
def test_fixing_a_failure_never_lowers_the_score(results):
    failing = [*results, result(Status.FAIL, Severity.HIGH)]
    fixed = [*results, result(Status.PASS, Severity.HIGH)]
    assert score_line(fixed).score >= score_line(failing).score


def score_line_as_first_written(results):
    """The formula as score_line first wrote it (str() on each status, the ``decided`` property), kept here to
    prove the faster table lookups give the very same numbers, to the last bit."""
    earned = decided_weight = undecided_weight = 0.0
    counts = {}
    for r in results:
        counts[str(r.status)] = counts.get(str(r.status), 0) + 1
        if not r.strategy:
            continue
        weight = WEIGHTS[r.severity]
        if r.status.decided:
            decided_weight += weight
            earned += weight * {Status.PASS: 1.0, Status.PARTIAL: 0.5, Status.FAIL: 0.0}[r.status]
        elif r.status in (Status.UNKNOWN, Status.ERROR):
            undecided_weight += weight
    applicable = decided_weight + undecided_weight
    if applicable == 0:
        return (None, None, None, None, counts)
    coverage = decided_weight / applicable
    if decided_weight == 0:
        return (None, coverage, 0.0, 100.0, counts)
    return (100.0 * earned / decided_weight, coverage, 100.0 * earned / applicable,
            100.0 * (earned + undecided_weight) / applicable, counts)


@given(st.lists(st.builds(result, st.sampled_from(list(Status)), st.sampled_from(list(Severity)),
                          st.sampled_from(["", *STRATEGY_IDS])), max_size=200))
def test_score_line_gives_exactly_the_numbers_of_the_formula_as_first_written(results):
    line = score_line(results)
    expected = score_line_as_first_written(results)
    assert (line.score, line.coverage, line.lowest, line.highest) == expected[:4]
    assert list(line.counts.items()) == list(expected[4].items())  # the same counts, in the same order
