"""Settings read back from the store: stored text becomes typed values, and nonsense never crashes the app."""

import pytest

from auditor.settings import Settings


def test_stored_text_becomes_typed_settings():
    stored = {"screen_lock_max_minutes": "5", "region": "GB", "safe_mode": "true", "from_a_newer_version": "x"}
    assert Settings.from_dict(stored) == Settings(screen_lock_max_minutes=5, region="GB", safe_mode=True)


@pytest.mark.parametrize("minutes", ["soon", "", "9999", "0"])
def test_a_threshold_that_makes_no_sense_gives_the_defaults(minutes):
    assert Settings.from_dict({"screen_lock_max_minutes": minutes, "region": "GB"}) == Settings()


def test_one_setting_changes_by_name_and_is_still_checked():
    assert Settings().with_value("region", "IE").region == "IE"
    with pytest.raises(ValueError):
        Settings().with_value("screen_lock_max_minutes", 0)
    with pytest.raises(TypeError):
        Settings().with_value("no_such_setting", 1)


def test_the_shared_folder_is_kept_as_text_and_is_off_by_default():
    assert Settings().shared_folder == ""
    assert Settings.from_dict({"shared_folder": "/media/usb/Homeguard"}).shared_folder == "/media/usb/Homeguard"
    assert Settings().with_value("shared_folder", "D:\\Homeguard").to_dict()["shared_folder"] == "D:\\Homeguard"


@pytest.mark.parametrize("stored", ["/tmp/a\nb", "bad\x00path", "x" * 5000])
def test_a_stored_shared_folder_that_cannot_be_a_path_is_forgotten_and_nothing_else(stored):
    settings = Settings.from_dict({"shared_folder": stored, "region": "GB", "safe_mode": "true"})
    assert settings == Settings(region="GB", safe_mode=True)
    with pytest.raises(ValueError):
        Settings().with_value("shared_folder", stored)


def test_the_shared_folder_survives_the_store(tmp_path):
    from auditor.store import Store

    store = Store(tmp_path / "data")
    try:
        store.save_settings(Settings(shared_folder=str(tmp_path / "shared")))
        assert store.settings().shared_folder == str(tmp_path / "shared")
        store.save_settings(store.settings().with_value("shared_folder", ""))
        assert store.settings().shared_folder == ""
    finally:
        store.close()
