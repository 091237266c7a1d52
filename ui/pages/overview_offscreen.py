"""Getting the Overview's dashboard ready off screen, so the frames that show it have little left to do.

On a first run the window paints the welcome alone; the dashboard (the score, what needs action, what to do next,
the strategies) is built after that and drawn once off screen (``warm_up``), which styles it and fills the style's,
the fonts' and the status icons' caches while the person reads. When the first scan ends and the filled dashboard
is about to take the welcome's place, it is laid out at the width it will have and drawn off screen again
(``lay_out``), on a turn of the event loop of its own, so the frame that shows it only lays out and paints the page.
Each is a frame's work; done in the frame that shows the dashboard, the window would stutter (tests/bench_gui.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from auditor.model import Status
from ui.style import status_icon

ICON_SIZE = 20  # the rows' status icons


def warm_up(dashboard: QWidget, width: int, labels: Iterable[QLabel]) -> None:
    """Style the hidden dashboard, paint the status icons, measure the labels' digits and draw it all once off
    screen at ``width``. Imports the results' model too, which the rows' wording needs."""
    from ui.models.results import check_text  # noqa: F401 - imported now, not when the first row is filled

    dashboard.ensurePolished()
    for status in Status:
        status_icon(status, ICON_SIZE)
    for label in labels:
        label.fontMetrics().horizontalAdvance("0123456789 \u2014 checked")
    dashboard.resize(width, dashboard.height())
    dashboard.render(QPixmap(dashboard.size()))  # style, glyph and icon caches filled, off screen


def lay_out(dashboard: QWidget, width: int) -> None:
    """The filled, still hidden dashboard laid out at ``width`` and drawn once off screen: its labels' wrapped
    heights are worked out and their new words drawn into the font's cache now."""
    layout = dashboard.layout()
    if layout is None:
        return
    height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
    dashboard.resize(width, max(height, layout.totalMinimumSize().height()))
    layout.activate()
    dashboard.render(QPixmap(dashboard.size()))


__all__ = ["ICON_SIZE", "lay_out", "warm_up"]
