"""`homeguard devices` in the terminal: a device renamed and given to someone else keeps its answers."""

from pathlib import Path

from auditor import cli
from auditor.household import Household
from auditor.model import Status
from auditor.store import Store


def homeguard(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    return code, capsys.readouterr().out


def test_a_device_is_renamed_and_its_owner_changed_from_the_terminal(tmp_path: Path, capsys):
    data = str(tmp_path / "data")
    assert homeguard(capsys, "people", "add", "Sam", "--age", "13-17", "--data-dir", data)[0] == 0
    assert homeguard(capsys, "people", "add", "Alex", "--age", "adult", "--data-dir", data)[0] == 0
    code, out = homeguard(capsys, "devices", "add", "Sam's iPhone", "--kind", "iphone", "--owner", "Sam",
                          "--data-dir", data)
    assert code == 0 and "Added Sam's iPhone." in out
    store = Store(data)
    phone = Household(store).device("Sam's iPhone")
    assert phone is not None
    Household(store).record_answer("device-screen-lock", "device", phone.id, "yes", Status.PASS, when=1000.0)
    store.close()

    code, out = homeguard(capsys, "devices", "rename", "sam's iphone", "Alex's iPhone", "--data-dir", data)
    assert code == 0 and "Sam's iPhone is now called Alex's iPhone." in out
    code, out = homeguard(capsys, "devices", "owner", "Alex's iPhone", "--owner", "alex", "--data-dir", data)
    assert code == 0 and "Alex's iPhone now belongs to Alex." in out
    code, out = homeguard(capsys, "devices", "list", "--data-dir", data)
    assert "Alex's iPhone: iPhone, belongs to Alex" in out
    code, out = homeguard(capsys, "devices", "owner", "Alex's iPhone", "--shared", "--data-dir", data)
    assert code == 0 and "Alex's iPhone is now shared by the family." in out
    assert "Alex's iPhone: iPhone, shared by the family" in homeguard(capsys, "devices", "--data-dir", data)[1]

    store = Store(data)
    household = Household(store)
    moved = household.device(phone.id)
    assert moved is not None and (moved.name, moved.person_id) == ("Alex's iPhone", None)
    answer = household.latest_answers()[("device-screen-lock", "device", phone.id)]
    assert (answer.answer, answer.answered_at) == ("yes", 1000.0)  # the answers went with it
    store.close()


def test_what_cannot_be_done_is_said_plainly(tmp_path: Path, capsys):
    data = str(tmp_path / "data")
    for name in ("Tablet", "Phone"):
        assert homeguard(capsys, "devices", "add", name, "--kind", "ipad", "--data-dir", data)[0] == 0
    code, out = homeguard(capsys, "devices", "rename", "Tablet", "--data-dir", data)
    assert code == 2 and "Give the new name too" in out
    code, out = homeguard(capsys, "devices", "rename", "Tablet", "phone", "--data-dir", data)
    assert code == 2 and "there is already a device called phone" in out
    code, out = homeguard(capsys, "devices", "rename", "Laptop", "Old laptop", "--data-dir", data)
    assert code == 2 and "There is no device called Laptop." in out
    code, out = homeguard(capsys, "devices", "owner", "Tablet", "--data-dir", data)
    assert code == 2 and "--owner NAME (or --shared)" in out
    code, out = homeguard(capsys, "devices", "owner", "Tablet", "--owner", "Kim", "--data-dir", data)
    assert code == 2 and "There is nobody called Kim." in out
    assert "Tablet: iPad, shared by the family" in homeguard(capsys, "devices", "--data-dir", data)[1]
