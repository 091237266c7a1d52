"""Guided answers become results in the same score: statuses, applicability, expiry and the quiz."""

import pytest

from auditor.guided import DAY, guided_results
from auditor.household import Household
from auditor.model import Status
from auditor.packs import load_content
from auditor.scoring import scorecard
from auditor.store import Store

CONTENT = load_content()
NOW = 1_795_000_000.0


@pytest.fixture
def household(tmp_path):
    store = Store(tmp_path)
    yield Household(store)
    store.close()


def rows(household, check_id, **kwargs):
    return [r for r in guided_results(CONTENT, household, now=NOW, **kwargs) if r.check_id == check_id]


def test_a_fresh_install_shows_everything_unchecked_never_passed(household):
    results = guided_results(CONTENT, household, now=NOW)
    assert results and all(r.status is Status.UNKNOWN for r in results)
    assert all(r.kind == "guided" for r in results)
    line = scorecard(results).overall
    assert line.score is None and line.coverage == 0


def test_yes_passes_no_fails_not_sure_is_unknown(household):
    jo = household.add_person("Jo", "adult")
    household.set_services(jo, ["gmail", "instagram", "snapchat"])
    household.record_answer("two-step-main-email", "person", jo.id, "yes", Status.PASS, when=NOW - DAY)
    household.record_answer("two-step-instagram", "person", jo.id, "no", Status.FAIL, when=NOW - DAY)
    household.record_answer("two-step-snapchat", "person", jo.id, "not_sure", None, when=NOW - DAY)
    assert rows(household, "two-step-main-email")[0].status is Status.PASS
    failing = rows(household, "two-step-instagram")[0]
    assert failing.status is Status.FAIL and failing.subject == "Jo"
    assert failing.fix and failing.fix.steps  # the steps to turn it on come with the failure
    assert rows(household, "two-step-snapchat")[0].status is Status.UNKNOWN


def test_a_service_nobody_uses_does_not_apply(household):
    jo = household.add_person("Jo", "adult")
    household.set_services(jo, ["gmail"])
    tiktok = rows(household, "two-step-tiktok")[0]
    assert tiktok.status is Status.NOT_APPLICABLE
    assert "does not use it" in tiktok.summary


def test_services_not_chosen_yet_is_unknown_not_skipped(household):
    household.add_person("Jo", "adult")
    assert rows(household, "two-step-tiktok")[0].status is Status.UNKNOWN


def test_an_old_answer_must_be_confirmed(household):
    jo = household.add_person("Jo", "adult")
    household.set_services(jo, ["gmail"])
    check = CONTENT.check("two-step-main-email")
    household.record_answer(check.id, "person", jo.id, "yes", Status.PASS,
                            when=NOW - (check.valid_days + 1) * DAY)
    row = rows(household, check.id)[0]
    assert row.status is Status.UNKNOWN
    assert "confirm" in row.summary


def test_audience_decides_who_is_asked(household):
    household.add_person("Jo", "adult")
    household.add_person("Sam", "13-17")
    teen_only = next(c for c in CONTENT.checks if c.audience == "teen" and c.asked == "person" and not c.services)
    by_person = {r.subject: r.status for r in rows(household, teen_only.id)}
    assert by_person == {"Jo": Status.NOT_APPLICABLE, "Sam": Status.UNKNOWN}


def test_pack_choices_give_their_own_status(household):
    check = next(c for c in CONTENT.checks if any(ch.status is Status.PARTIAL for ch in c.choices)
                 and c.asked == "person")
    person = household.add_person("Jo", "adult" if check.audience != "teen" else "13-17")
    household.set_services(person, list(check.services))
    index = next(i for i, ch in enumerate(check.choices) if ch.status is Status.PARTIAL)
    household.record_answer(check.id, "person", person.id, f"choice:{index}", Status.PARTIAL, when=NOW - DAY)
    row = rows(household, check.id)[0]
    assert row.status is Status.PARTIAL
    assert check.choices[index].label in row.summary


def test_device_questions_wait_for_devices_then_apply_by_kind(household):
    check = next(c for c in CONTENT.checks if c.asked == "device" and "iphone" in c.device_kinds)
    assert rows(household, check.id)[0].status is Status.UNKNOWN  # devices not added yet
    household.mark_devices_reviewed()
    assert rows(household, check.id)[0].status is Status.NOT_APPLICABLE  # the family said: no such devices
    household.add_device("Sam's iPhone", "iphone")
    row = rows(household, check.id)[0]
    assert (row.status, row.subject) == (Status.UNKNOWN, "Sam's iPhone")


def test_region_picks_the_guide_for_where_the_family_lives(household):
    jo = household.add_person("Jo", "adult")
    household.record_answer("report-where-to-report", "person", jo.id, "no", Status.FAIL, when=NOW - DAY)
    uk = rows(household, "report-where-to-report", region="GB")[0]
    us = rows(household, "report-where-to-report", region="US")[0]
    assert "CEOP" in " ".join(uk.fix.steps)
    assert uk.fix.steps != us.fix.steps


def test_quiz_counts_towards_phishing_and_educate_per_person(household):
    sam = household.add_person("Sam", "13-17")
    questions = [q for q in CONTENT.quiz.questions if q.audience in ("everyone", "teen")]
    answers = {q.id: q.answer for q in questions}  # all right...
    wrong = [q for q in questions if q.strategy == "phishing"]
    for question in wrong:  # ...except every phishing one
        answers[question.id] = (question.answer + 1) % len(question.choices)
    household.record_quiz(sam, answers, when=NOW - DAY)
    results = {r.check_id: r for r in guided_results(CONTENT, household, now=NOW) if r.check_id.startswith("quiz")}
    assert results["quiz-red-flags"].status is Status.PASS
    assert results["quiz-red-flags"].strategy == "educate"
    assert results["quiz-phishing"].status is Status.FAIL
    assert results["quiz-phishing"].strategy == "phishing"
