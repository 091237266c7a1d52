"""Shared test set-up: Qt offscreen, and every test's data folder kept inside its own temporary folder."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """No test ever reads or writes the real user's Homeguard history."""
    monkeypatch.setenv("HOMEGUARD_HOME", str(tmp_path / "homeguard-data"))
    monkeypatch.delenv("HOMEGUARD_SAFE_MODE", raising=False)
