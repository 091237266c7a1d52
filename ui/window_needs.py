"""What Qt needs before it can open a window, looked at before it tries.

Qt does not fail politely: on a Linux machine with no display, or without the ``libxcb-cursor`` library its X11
plugin needs since Qt 6.5, creating the application prints a few lines about "platform plugins" and aborts the
process (SIGABRT, exit code 134). ``window_problem`` finds those cases first, from the environment and by trying
to load the library the way Qt will, and says in plain words what is missing, so the app can show the terminal
report instead. This module imports no Qt.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

# Qt platforms that draw without any display server (tests, screenshots, a kiosk's framebuffer).
_NO_SERVER_NEEDED = ("offscreen", "minimal", "minimalegl", "linuxfb", "eglfs", "vnc", "vkkhrdisplay")
XCB_CURSOR = "libxcb-cursor.so.0"
INSTEAD = "Showing the report here in the terminal instead."


def window_problem(environ: Mapping[str, str] = os.environ, platform: str = sys.platform,
                   can_load: Callable[[str], bool] | None = None) -> str | None:
    """Why Qt could not open a window here, in plain words; None when nothing needed is missing.

    Only Linux (and other X11 or Wayland systems) can lack a display: macOS and Windows always have one.
    ``can_load`` tells whether a shared library can be loaded (tests replace it).
    """
    if platform.startswith(("darwin", "win", "cygwin")):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "").split(";")[0].partition(":")[0].strip().lower()
    if requested in _NO_SERVER_NEEDED:
        return None
    wayland, x11 = bool(environ.get("WAYLAND_DISPLAY")), bool(environ.get("DISPLAY"))
    if requested.startswith("wayland"):
        return None if wayland else ("Homeguard's window needs a desktop session, and none was found "
                                     "(QT_QPA_PLATFORM asks for Wayland, but WAYLAND_DISPLAY is not set).")
    if requested not in ("", "xcb") or (not requested and wayland):
        return None  # a platform Qt will choose itself, or a Wayland session: Qt needs no more from us
    if not x11:
        return ("Homeguard's window needs a desktop session, and none was found here (neither DISPLAY nor "
                "WAYLAND_DISPLAY is set).")
    if not (can_load or _can_load)(XCB_CURSOR):
        return ("Homeguard's window needs the system library libxcb-cursor, which is not installed. Install the "
                "package libxcb-cursor0 (Debian, Ubuntu) or xcb-util-cursor (Fedora, Arch), then start Homeguard "
                "again.")
    return None


def _can_load(name: str) -> bool:
    """Whether the shared library loads, from the system's folders or from the Qt that came with PySide6."""
    candidates = [name]
    spec = importlib.util.find_spec("PySide6")  # found, not imported
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidates.append(str(Path(folder) / "Qt" / "lib" / name))
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
            return True
        except OSError:
            continue
    return False
