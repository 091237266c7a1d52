"""Homeguard's application icon: ``homeguard.svg`` (drawn by hand) and PNGs rendered from it (``make icons``).

The PNG sizes are listed one by one so each size is drawn from its own rendering (crisper at 16 and 24 px than
a scaled-down large one); the SVG covers any other size.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

FOLDER = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The icon every window and dialog shows (set once on the application). Qt loads each file only when that
    size is first drawn, so building it costs nothing at start."""
    icon = QIcon()
    for size in SIZES:
        icon.addFile(str(FOLDER / f"homeguard-{size}.png"))
    icon.addFile(str(FOLDER / "homeguard.svg"))
    return icon
