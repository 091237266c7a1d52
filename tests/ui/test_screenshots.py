"""The screenshot script (python -m ui.screenshots) uses the app's own pages, and a page that cannot be built is
reported rather than quietly left out of the pictures."""

import pytest

pytest.importorskip("PySide6")

from ui import screenshots
from ui.main_window import BrokenPage
from ui.pages import PageEntry


def broken() -> type:
    raise ImportError("a mistake in the device page")


@pytest.fixture
def window_pages():
    return [PageEntry.in_module("overview", "Overview", "ui.pages.overview"),
            PageEntry("device", "This device", broken),
            PageEntry.in_module("help", "Get help now", "ui.pages.help_now")]


def test_a_broken_page_is_reported_not_skipped(main_window):
    assert main_window.show_page("device")
    assert isinstance(main_window.current_page(), BrokenPage)
    with pytest.raises(LookupError, match="the device page could not be built"):
        screenshots.prepare(main_window, "device")


def test_a_page_is_put_into_the_state_its_picture_shows(main_window):
    main_window.show_page("help")
    screenshots.prepare(main_window, "help-notes")
    assert main_window.pages["help"].tabs.currentIndex() == 1
    screenshots.prepare(main_window, "help")
    assert main_window.pages["help"].tabs.currentIndex() == 0
    with pytest.raises(LookupError, match="DevicePage was expected"):
        screenshots.prepare(main_window, "device")  # the help page is on screen, not This device


def test_every_picture_is_of_a_page_the_app_has():
    from ui.main_window import default_pages

    assert {page_id for _, page_id in screenshots.PICTURES} == {entry.page_id for entry in default_pages()}
