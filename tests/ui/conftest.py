"""Shared set-up for the desktop-app tests: each test gets its own history file, closed afterwards."""

import pytest

from auditor.store import Store


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "data")
    yield store
    store.close()
