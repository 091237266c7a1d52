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
