"""Homeguard's reverse-DNS id, ``org.homeguard.Homeguard``: the desktop entry's name, the icon's name, the AppStream
id, and what the window tells the desktop it is (``QGuiApplication.setDesktopFileName``).

A module of its own so the window can name itself before its first paint without importing ``desktop_entry``,
which it needs only when a person installs the menu entry.
"""

APP_ID = "org.homeguard.Homeguard"

__all__ = ["APP_ID"]
