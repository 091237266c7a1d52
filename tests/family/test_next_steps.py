"""What to put right first (auditor.next_steps): action needed, and "do these next" in order of what it costs."""

from auditor.model import Result, Severity, Status
from auditor.next_steps import NEXT_LIMIT, action_needed, cost, next_steps, where_to_fix
from auditor.scoring import CREDIT, WEIGHTS, scorecard


def result(check_id, status, severity, *, kind="device", subject="", strategy="secure-devices", title=""):
    return Result(check_id, title or check_id.replace("-", " ").capitalize(), strategy, severity, status,
                  f"{check_id}: {status}", kind=kind, subject=subject)


def test_action_needed_is_every_failing_critical_check():
    results = [result("disk", Status.FAIL, Severity.CRITICAL), result("lock", Status.PARTIAL, Severity.CRITICAL),
               result("email-2fa", Status.FAIL, Severity.CRITICAL, kind="guided", subject="Jo"),
               result("firewall", Status.FAIL, Severity.HIGH), result("updates", Status.UNKNOWN, Severity.CRITICAL)]
    assert [r.check_id for r in action_needed(results, scorecard(results))] == ["disk", "email-2fa"]


def test_next_steps_rank_by_the_score_each_one_costs():
    results = [
        result("low-fail", Status.FAIL, Severity.LOW),
        result("high-partial", Status.PARTIAL, Severity.HIGH),
        result("critical-partial", Status.PARTIAL, Severity.CRITICAL),
        result("medium-fail", Status.FAIL, Severity.MEDIUM),
        result("high-fail", Status.FAIL, Severity.HIGH),
        result("critical-fail", Status.FAIL, Severity.CRITICAL),  # action needed, never listed twice
        result("high-unknown", Status.UNKNOWN, Severity.HIGH),  # not known to be wrong
        result("high-pass", Status.PASS, Severity.HIGH),
        result("no-strategy", Status.FAIL, Severity.HIGH, strategy=""),  # a check that could not load
    ]
    ranked = next_steps(results, limit=10)
    assert [cost(r) for r in ranked] == sorted((cost(r) for r in ranked), reverse=True)
    assert {r.check_id for r in ranked} == {"low-fail", "high-partial", "critical-partial", "medium-fail", "high-fail"}
    assert ranked[0].check_id == max(ranked, key=cost).check_id
    assert cost(result("x", Status.PARTIAL, Severity.HIGH)) == WEIGHTS[Severity.HIGH] * (1 - CREDIT[Status.PARTIAL])
    assert len(next_steps(results * 3)) == NEXT_LIMIT


def test_equal_costs_put_a_failure_then_this_computer_then_the_name_first():
    same = [
        result("zeta-guided", Status.FAIL, Severity.MEDIUM, kind="guided", subject="Jo", title="A guided one"),
        result("beta-device", Status.FAIL, Severity.MEDIUM, title="B device"),
        result("alpha-device", Status.FAIL, Severity.MEDIUM, title="A device"),
    ]
    assert [r.check_id for r in next_steps(same)] == ["alpha-device", "beta-device", "zeta-guided"]
    # at the same cost, the more important check comes first: half of a high one before all of a medium one
    light = result("a-medium-fail", Status.FAIL, Severity.MEDIUM)
    heavy = result("b-high-partial", Status.PARTIAL, Severity.HIGH)
    assert cost(light) == cost(heavy)
    assert next_steps([light, heavy]) == [heavy, light]


def test_where_each_result_is_put_right():
    assert where_to_fix(result("screen-lock", Status.FAIL, Severity.HIGH)) == ("device", "screen-lock")
    assert where_to_fix(result("quiz-phishing", Status.FAIL, Severity.MEDIUM, kind="guided", subject="Jo")) == \
        ("quiz", "")
    assert where_to_fix(result("two-step-gmail", Status.FAIL, Severity.HIGH, kind="guided", subject="Jo")) == \
        ("people", "Jo")
    assert where_to_fix(result("support-family-agreement", Status.FAIL, Severity.MEDIUM, kind="guided",
                               subject="household")) == ("people", "household")
