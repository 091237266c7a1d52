"""The tray icon (ui/widgets/tray.py): its menu, a click on it, and the quick exit taking it away with the window.

Offscreen there is no system tray, so the icon is built as if there were one (``available=True``) and its menu's
actions are triggered directly.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from ui.pages import Page
from ui.pages.help_now import HelpNowPage
from ui.pages.overview import OverviewPage
from ui.widgets.tray import Tray, tray_for


def stand_in(page_id: str, title: str) -> type[Page]:
    return type(f"StandIn{page_id.title()}", (Page,), {"page_id": page_id, "title": title})


PAGES = [OverviewPage, stand_in("device", "This device"), stand_in("settings", "Settings"), HelpNowPage]


@pytest.fixture
def window_pages():
    return PAGES


@pytest.fixture
def quits() -> list[str]:
    return []


@pytest.fixture
def tray(main_window, quits) -> Tray:
    return Tray(main_window, available=True, quit_app=lambda: quits.append("quit"))


def texts(tray: Tray) -> list[str]:
    return [action.text().replace("&", "") for action in tray.menu.actions() if not action.isSeparator()]


def test_the_menu_offers_scan_help_and_quit_with_the_app_icon(tray):
    assert texts(tray) == ["Scan now", "Get help now", "Quit"]
    assert tray.icon.contextMenu() is tray.menu
    assert not tray.icon.icon().isNull()
    assert tray.icon.isVisible()  # the window is open


def test_no_tray_on_the_desktop_means_no_icon(main_window):
    tray = Tray(main_window, available=False)
    main_window.hide()
    main_window.show()
    assert not tray.icon.isVisible()
    made = tray_for(main_window)
    assert (made is not None) == QSystemTrayIcon.isSystemTrayAvailable()


def test_scan_now_brings_the_window_back_on_the_overview_and_starts_a_scan(qtbot, tray, main_window, app_context):
    main_window.show_page("settings")
    main_window.quick_exit()
    with qtbot.waitSignal(app_context.scan_started, timeout=5000):
        tray.scan_action.trigger()
    assert main_window.isVisible() and main_window.current_page_id() == "overview"
    assert app_context.scanning
    with qtbot.waitSignal(app_context.scan_finished, timeout=60_000):
        pass
    assert tray.icon.isVisible()


def test_get_help_now_opens_get_help_now(qtbot, tray, main_window):
    main_window.showMinimized()
    qtbot.waitUntil(main_window.isMinimized)
    tray.help_action.trigger()
    assert main_window.current_page_id() == "help"
    assert main_window.isVisible() and not main_window.isMinimized()


def test_quit_closes_the_window_and_quits(tray, main_window, quits):
    tray.quit_action.trigger()
    assert not main_window.isVisible()
    assert quits == ["quit"]
    assert not tray.icon.isVisible()


def test_a_click_on_the_icon_brings_the_window_back(qtbot, tray, main_window):
    main_window.quick_exit()
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Context)  # the menu opens; the window stays away
    assert not main_window.isVisible()
    tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    assert main_window.isVisible()
    assert tray.icon.isVisible()  # back with the window


def test_the_quick_exit_takes_the_tray_icon_away_at_once(qtbot, tray, main_window):
    main_window.windowHandle().requestActivate()  # window shortcuts need an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    assert tray.icon.isVisible()
    qtbot.keyClick(main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not main_window.isVisible()
    assert not tray.icon.isVisible()


def test_the_quick_exit_button_on_get_help_now_takes_it_away_too(qtbot, tray, main_window):
    main_window.show_help()
    qtbot.mouseClick(main_window.pages["help"].quick_exit_button, Qt.MouseButton.LeftButton)
    assert not main_window.isVisible()
    assert not tray.icon.isVisible()
