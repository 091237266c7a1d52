"""What to ask next and how far someone has got (auditor.walk): the rules both front ends follow."""

import pytest

from auditor.guided import DAY, Subject, guided_results, status_of, subjects, too_old
from auditor.household import Household
from auditor.model import Status
from auditor.packs import load_content
from auditor.scoring import WEIGHTS
from auditor.store import Store
from auditor.walk import (
    ANSWERED,
    DEVICE,
    EXPIRED,
    HOUSEHOLD,
    NOT_SURE,
    PERSON,
    TODO,
    Counts,
    Snapshot,
    answer_keys,
    counts_for,
    give_answer,
    guide_names,
    previous_choice,
    question_rows,
    questions_for,
    saved_note,
    service_groups,
    state_of,
    subject_for,
    walk_list,
)

CONTENT = load_content()
NOW = 1_795_000_000.0
YEAR = 365  # support-family-agreement's valid_days, checked below


@pytest.fixture
def household(tmp_path):
    store = Store(tmp_path)
    yield Household(store)
    store.close()


def person_subject(household, name, band, services, region=""):
    person = household.set_services(household.add_person(name, band), services)
    return subject_for(household, PERSON, person.id, region)


# -- expiry: one rule, at its edge -----------------------------------------------------------------------------------

def test_an_answer_exactly_as_old_as_allowed_still_counts_and_a_moment_later_does_not():
    check = CONTENT.check("support-family-agreement")
    assert check is not None and check.valid_days == YEAR
    assert not too_old(NOW - YEAR * DAY, YEAR, NOW)
    assert too_old(NOW - YEAR * DAY - 1, YEAR, NOW)
    assert not too_old(NOW, YEAR, NOW)


def test_the_walk_the_people_page_and_the_score_agree_on_expiry_at_the_edge(household):
    check = CONTENT.check("support-family-agreement")
    household.record_answer(check.id, HOUSEHOLD, 0, "yes", Status.PASS, when=NOW - check.valid_days * DAY)
    subject = subject_for(household, HOUSEHOLD, 0)
    answer = household.latest_answers()[(check.id, HOUSEHOLD, 0)]
    for now, state, status in ((NOW, ANSWERED, Status.PASS), (NOW + 1, EXPIRED, Status.UNKNOWN)):
        assert state_of(check, answer, now) == state
        assert status_of(check, answer, now)[0] is status
        assert [r.status for r in guided_results(CONTENT, household, now=now) if r.check_id == check.id] == [status]
        waiting = [c.id for c in walk_list(CONTENT, Snapshot.of(household, now), subject, revisit=False)]
        assert (check.id in waiting) is (state == EXPIRED)


# -- which questions, in which order ---------------------------------------------------------------------------------

def test_a_person_gets_the_questions_for_their_age_and_apps_most_important_first(household):
    sam = person_subject(household, "Sam", "13-17", ["instagram"])
    asked = questions_for(CONTENT, household, sam)
    ids = [c.id for c in asked]
    assert "privacy-instagram-private" in ids and "privacy-instagram-supervision" in ids  # a teen question
    assert not any("tiktok" in i for i in ids)  # an app Sam does not use
    assert "support-warning-signs" not in ids  # for parents only
    weights = [WEIGHTS[c.severity] for c in asked]
    assert weights == sorted(weights, reverse=True)
    same_weight = [c.id for c in asked if c.severity == asked[0].severity]
    pack_order = [c.id for c in CONTENT.checks if c.id in same_weight]
    assert same_weight == pack_order  # ties keep the pack's order
    # exactly the questions the score counts as applying to Sam
    applying = {c.id for c in CONTENT.checks if c.asked == PERSON
                for who, reason in subjects(c, household.people(), [], False) if who and not reason}
    assert set(ids) == applying


def test_the_household_and_each_device_get_their_own_questions(household):
    household_questions = questions_for(CONTENT, household, subject_for(household, HOUSEHOLD, 0))
    assert {c.id for c in household_questions} == {c.id for c in CONTENT.checks if c.asked == HOUSEHOLD}
    assert household_questions[0].id != "support-family-agreement"  # high before medium
    phone = household.add_device("Sam's iPhone", "iphone")
    device = subject_for(household, DEVICE, phone.id)
    ids = [c.id for c in questions_for(CONTENT, household, device)]
    assert "device-screen-lock" in ids and "device-console-family" not in ids


def test_a_walk_resumes_with_what_is_waiting_and_a_review_asks_everything(household):
    sam = person_subject(household, "Sam", "13-17", ["instagram", "snapchat"])
    everything = walk_list(CONTENT, household, sam, revisit=False)
    first, second, third = everything[:3]
    give_answer(household, first, sam, "yes")
    give_answer(household, second, sam, "not_sure")
    household.record_answer(third.id, PERSON, sam.id, "skip", None)
    waiting = walk_list(CONTENT, household, sam, revisit=False)
    assert waiting[0] == third  # skipped is still to do, and comes first again
    assert first not in waiting and second not in waiting  # "not sure" is an answer; it is not asked again
    assert waiting == [c for c in everything if c not in (first, second)]
    assert walk_list(CONTENT, household, sam, revisit=True) == everything


def test_a_person_who_has_not_chosen_apps_is_not_counted_yet(household):
    alex = household.add_person("Alex", "adult")
    subject = subject_for(household, PERSON, alex.id)
    assert not subject.services_chosen
    assert counts_for(CONTENT, household, subject) == Counts(needs_services=True)
    assert counts_for(CONTENT, household, subject).summary() == "Apps not chosen yet"


# -- progress ----------------------------------------------------------------------------------------------------------

def test_progress_counts_each_state_once(household):
    sam = person_subject(household, "Sam", "13-17", ["instagram"])
    asked = questions_for(CONTENT, household, sam)
    give_answer(household, asked[0], sam, "yes", now=NOW)
    give_answer(household, asked[1], sam, "not_sure", now=NOW)
    give_answer(household, asked[2], sam, "no", now=NOW - (asked[2].valid_days + 1) * DAY)
    counts = counts_for(CONTENT, Snapshot.of(household, NOW), sam)
    assert counts == Counts(answered=2, not_sure=1, todo=len(asked) - 3, expired=1)
    assert counts.total == len(asked) and counts.waiting == len(asked) - 2
    assert counts.summary() == f"2 of {len(asked)} answered \u00b7 1 needs confirming"
    states = [row.state for row in question_rows(CONTENT, Snapshot.of(household, NOW), sam)]
    assert states[:3] == [ANSWERED, NOT_SURE, EXPIRED] and set(states[3:]) == {TODO}
    assert "still waiting" in counts.after_walk("Sam") and "Where you were not sure" in counts.after_walk("Sam")
    assert Counts(answered=3).summary() == "All 3 answered" and Counts().summary() == "No questions"


# -- answers -----------------------------------------------------------------------------------------------------------

def test_an_answer_is_saved_only_when_it_says_something_new(household):
    check = CONTENT.check("support-no-trouble-promise")
    family = subject_for(household, HOUSEHOLD, 0)
    assert give_answer(household, check, family, "yes", now=NOW)
    assert not give_answer(household, check, family, "yes", now=NOW + DAY)  # the same again: nothing new
    assert household.latest_answers()[(check.id, HOUSEHOLD, 0)].answered_at == NOW
    assert give_answer(household, check, family, "no", now=NOW + DAY)  # changed
    later = NOW + DAY + (check.valid_days + 1) * DAY
    assert give_answer(household, check, family, "no", now=later)  # confirms one that had become too old
    saved = household.latest_answers()[(check.id, HOUSEHOLD, 0)]
    assert (saved.answer, saved.status, saved.answered_at) == ("no", Status.FAIL, later)
    with pytest.raises(ValueError):
        give_answer(household, check, family, "choice:7")


def test_answer_keys_previous_choice_and_the_note_about_what_was_saved(household):
    plain = CONTENT.check("device-screen-lock")
    assert answer_keys(plain) == [("Yes", "yes", Status.PASS), ("No", "no", Status.FAIL),
                                  ("Not sure", "not_sure", None)]
    custom = CONTENT.check("device-automatic-updates")
    keys = answer_keys(custom)
    assert [k for _label, k, _status in keys] == [f"choice:{i}" for i in range(len(custom.choices))] + ["not_sure"]
    phone = household.add_device("Phone", "iphone")
    subject = subject_for(household, DEVICE, phone.id)
    assert previous_choice(custom, None) is None and saved_note(custom, None, NOW) == ""
    give_answer(household, custom, subject, "choice:1", now=NOW)
    answer = household.latest_answers()[(custom.id, DEVICE, phone.id)]
    assert previous_choice(custom, answer) == 1
    assert saved_note(custom, answer, NOW).startswith("Saved before: Answered")
    assert saved_note(custom, answer, NOW + (custom.valid_days + 1) * DAY).startswith("Needs confirming.")


# -- subjects, guides and the service picker -------------------------------------------------------------------------

def test_one_subject_type_carries_what_picks_the_guides(household):
    sam = person_subject(household, "Sam", "13-17", ["instagram"], region="GB")
    assert isinstance(sam, Subject) and sam.name == "Sam" and sam.used == ("instagram", "GB")
    phone = household.add_device("Phone", "iphone")
    assert subject_for(household, DEVICE, phone.id, "GB").used == ("iphone", "GB")
    assert subject_for(household, HOUSEHOLD, 0).name == "the whole family"
    assert subject_for(household, PERSON, 999) is None and subject_for(household, DEVICE, 999) is None
    report = CONTENT.check("report-where-to-report")
    assert [g.for_ for g in report.guides_for(sam.used)] == ["GB"]
    assert guide_names(CONTENT, "GB")["GB"] and guide_names(CONTENT)["instagram"] == "Instagram"


def test_services_are_grouped_main_accounts_first_and_sorted_by_name():
    groups = service_groups(CONTENT)
    assert groups[0][0].startswith("Main accounts")
    for _title, services in groups:
        assert [s.name.casefold() for s in services] == sorted(s.name.casefold() for s in services)
    assert sum(len(services) for _title, services in groups) == len(CONTENT.services)
