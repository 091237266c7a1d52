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


def test_a_device_is_renamed_and_given_to_someone_else_and_keeps_its_answers(household):
    sam, alex = household.add_person("Sam", "13-17"), household.add_person("Alex", "adult")
    phone = household.add_device("Sam's iPhone", "iphone", sam)
    tablet = household.add_device("Family iPad", "ipad")
    household.record_answer("device-screen-lock", "device", phone.id, "yes", Status.PASS, when=1000.0)

    renamed = household.rename_device(phone, "  Alex's\n iPhone ")
    assert (renamed.id, renamed.name, renamed.kind, renamed.person_id) == (phone.id, "Alex's iPhone", "iphone", sam.id)
    given = household.set_device_owner(renamed, alex)
    assert (given.name, given.person_id) == ("Alex's iPhone", alex.id)
    assert household.device("alex's iphone") == given == household.device(phone.id)
    shared = household.set_device_owner(given, None)
    assert shared.person_id is None
    # Its answers are kept by its id, so they stay with it; the other device is untouched.
    answer = household.latest_answers()[("device-screen-lock", "device", phone.id)]
    assert (answer.answer, answer.status, answer.answered_at) == ("yes", Status.PASS, 1000.0)
    assert household.device(tablet.id) == tablet

    # Its own name again, in other letters, is fine; another device's name, or nothing, is not.
    assert household.rename_device(shared, "ALEX'S IPHONE").name == "ALEX'S IPHONE"
    with pytest.raises(HouseholdError, match="already a device called"):
        household.rename_device(shared, "family ipad")
    with pytest.raises(HouseholdError, match="cannot be empty"):
        household.rename_device(shared, " \t ")
    household.remove_person(sam)
    with pytest.raises(HouseholdError, match="Sam is no longer"):
        household.set_device_owner(shared, sam)
    household.remove_device(tablet)
    with pytest.raises(HouseholdError, match="Family iPad is no longer"):
        household.rename_device(tablet, "Old iPad")
    assert [d.name for d in household.devices()] == ["ALEX'S IPHONE"]


def test_quiz_attempts_keep_the_latest(household):
    sam = household.add_person("Sam", "13-17")
    assert household.latest_quiz(sam) is None
    household.record_quiz(sam, {"q1": 0}, when=1.0)
    household.record_quiz(sam, {"q1": 2}, when=5.0)
    assert household.latest_quiz(sam).answers == {"q1": 2}
