"""People, devices and answers are kept in the history file, newest answer first, names cleaned."""

import pytest

from auditor.household import Household, HouseholdError
from auditor.model import Status
from auditor.store import Store


@pytest.fixture
def household(tmp_path):
    store = Store(tmp_path)
    yield Household(store)
    store.close()


def test_people_are_added_renamed_and_removed_with_their_answers(household):
    sam = household.add_person("Sam", "13-17")
    household.record_answer("two-step-instagram", "person", sam.id, "yes", Status.PASS)
    assert household.person("sam") == sam  # nicknames are found without caring about case
    sam = household.rename_person(sam, "Sammy")
    assert household.person("Sammy").age_band == "13-17"
    household.remove_person(sam)
    assert household.people() == []
    assert household.latest_answers() == {}


def test_names_are_cleaned_and_clashes_refused(household):
    person = household.add_person("  Jo\x1b[31m   Bloggs\n", "adult")
    assert person.nickname == "Jo[31m Bloggs"
    with pytest.raises(HouseholdError, match="already someone called"):
        household.add_person("jo[31m bloggs", "adult")
    with pytest.raises(HouseholdError, match="cannot be empty"):
        household.add_person("   ", "adult")
    with pytest.raises(HouseholdError, match="age band"):
        household.add_person("Kim", "teenager")


def test_the_newest_answer_wins_and_all_are_kept(household):
    jo = household.add_person("Jo", "adult")
    household.record_answer("x", "person", jo.id, "no", Status.FAIL, when=1000.0)
    household.record_answer("x", "person", jo.id, "yes", Status.PASS, when=2000.0)
    latest = household.latest_answers()[("x", "person", jo.id)]
    assert (latest.answer, latest.status, latest.answered_at) == ("yes", Status.PASS, 2000.0)
    assert len(household.store.query("SELECT * FROM answers")) == 2


def test_services_and_devices(household):
    sam = household.add_person("Sam", "13-17")
    assert not sam.services_chosen
    sam = household.set_services(sam, ["snapchat", "instagram", "snapchat"])
    assert sam.services == ("instagram", "snapchat") and sam.services_chosen
    assert not household.devices_reviewed()
    phone = household.add_device("Sam's iPhone", "iphone", sam)
    assert household.devices_reviewed()
    assert phone.person_id == sam.id
    household.remove_device(phone)
    assert household.devices() == []


def test_quiz_attempts_keep_the_latest(household):
    sam = household.add_person("Sam", "13-17")
    assert household.latest_quiz(sam) is None
    household.record_quiz(sam, {"q1": 0}, when=1.0)
    household.record_quiz(sam, {"q1": 2}, when=5.0)
    assert household.latest_quiz(sam).answers == {"q1": 2}
