"""``auditor.household_count``: the number of other computers kept, as the history holds them, with no report read."""

from __future__ import annotations

import pytest

from auditor.household_count import other_computer_count
from auditor.intake import read_report
from auditor.store import Store
from tests.clock import made_at
from tests.support import FIXTURES

REPORTS = FIXTURES / "reports"


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "data")
    yield store
    store.close()


def test_it_counts_the_kept_computers_as_they_come_and_go(store, monkeypatch):
    assert other_computer_count(store) == 0
    mac = read_report(REPORTS / "generated-macos.json")
    now = made_at(REPORTS / "generated-macos.json") + 3600
    store.import_computer(mac, now)
    store.import_computer(read_report(REPORTS / "generated-windows.json"), now)
    store.import_computer(mac, now)  # the same scan again: still one row for that computer
    monkeypatch.setattr(Store, "other_computers", lambda self: pytest.fail("a count needs no report"))
    assert other_computer_count(store) == 2
    monkeypatch.undo()
    store.remove_computer(mac.key)
    assert other_computer_count(store) == 1 == len(store.other_computers())
