"""Homeguard's application icon: ``homeguard.svg`` (drawn by hand) and PNGs rendered from it (``make icons``).

The PNG sizes are listed one by one so each size is drawn from its own rendering (crisper at 16 and 24 px than
a scaled-down large one); the SVG covers any other size.

The window starts with the small sizes only (``START_SIZES``) and is given the whole icon once it has painted
(``ui.app``): on X11, Qt reads every size of the application's icon and hands each to the window manager as the
window is shown, and decoding the 128 to 512 px pictures then costs about 12 ms of the first paint
(tests/bench_start.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QIcon

FOLDER = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
START_SIZES = (16, 24, 32, 48, 64)  # what title bars, task bars and window switchers draw


def app_icon(sizes: Sequence[int] = SIZES) -> QIcon:
    """The icon every window and dialog shows (set on the application). Building it only notes the files; a size
    is read when it is drawn. ``sizes`` other than all of them: those PNGs alone, without the SVG."""
    icon = QIcon()
    for size in sizes:
        icon.addFile(str(FOLDER / f"homeguard-{size}.png"))
    if tuple(sizes) == SIZES:
        icon.addFile(str(FOLDER / "homeguard.svg"))
    return icon
