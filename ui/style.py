"""The look every page shares: calm colours that follow the system's light or dark theme, status badges, and
labels that always show untrusted text (process names, paths, people's names) as plain text."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from auditor.model import Status

# Status colours chosen to keep at least 4.5:1 contrast for their text on both light and dark window colours.
_LIGHT = {
    Status.PASS: "#1b7a3d", Status.PARTIAL: "#8a5a00", Status.FAIL: "#b3261e",
    Status.UNKNOWN: "#5b6470", Status.NOT_APPLICABLE: "#6b7280", Status.ERROR: "#7b3fa0",
}
_DARK = {
    Status.PASS: "#6fd08f", Status.PARTIAL: "#f0b95a", Status.FAIL: "#ff8a80",
    Status.UNKNOWN: "#b8c0cc", Status.NOT_APPLICABLE: "#9aa3ad", Status.ERROR: "#d2a8ff",
}
_GLYPHS = {
    Status.PASS: "\u2713", Status.PARTIAL: "\u25d0", Status.FAIL: "!", Status.UNKNOWN: "?",
    Status.NOT_APPLICABLE: "\u2013", Status.ERROR: "\u00d7",
}
STATUS_WORDS = {
    Status.PASS: "OK", Status.PARTIAL: "Partly", Status.FAIL: "Needs fixing", Status.UNKNOWN: "Not checked",
    Status.NOT_APPLICABLE: "Does not apply", Status.ERROR: "Check failed",
}


def is_dark() -> bool:
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):  # none yet, or a QCoreApplication without colours
        return False
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def status_color(status: Status) -> QColor:
    return QColor((_DARK if is_dark() else _LIGHT)[status])


def score_color(score: float | None) -> QColor:
    if score is None:
        return status_color(Status.UNKNOWN)
    shown = round(score)  # judge the number the person sees: 79.6 is shown, and coloured, as 80
    return status_color(Status.PASS if shown >= 80 else Status.PARTIAL if shown >= 50 else Status.FAIL)


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio between two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def with_contrast(background: QColor, text: QColor, ratio: float = 4.5) -> QColor:
    """The background, darkened (or lightened, under dark text) until the text on it reaches the ratio."""
    colour = QColor(background)
    darken = _luminance(text) > 0.5
    for _ in range(40):
        if contrast(colour, text) >= ratio:
            break
        colour = colour.darker(108) if darken else colour.lighter(108)
    return colour


_ICONS: dict[tuple[Status, int, bool], QIcon] = {}


def status_icon(status: Status, size: int = 18) -> QIcon:
    """A filled circle with a glyph: colour and shape both say the status, so it does not rely on colour alone.

    Painted once per status, size and theme: views ask for it on every repaint.
    """
    key = (status, size, is_dark())
    if key not in _ICONS:
        _ICONS[key] = _paint_status_icon(status, size)
    return _ICONS[key]


def _paint_status_icon(status: Status, size: int) -> QIcon:
    ratio = 2.0
    pixmap = QPixmap(QSize(int(size * ratio), int(size * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(status_color(status))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.setPen(QColor("#ffffff") if not is_dark() else QColor("#111111"))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, _GLYPHS[status])
    painter.end()
    return QIcon(pixmap)


def plain_label(text: str = "", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    """A label that never interprets its text as HTML: safe for names, paths and anything a check saw."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse |
                                      Qt.TextInteractionFlag.TextSelectableByKeyboard)
    # Setting a size policy replaces the one setWordWrap() made, so keep its height-for-width: without it a
    # wrapped label asks for the height of its unwrapped text and leaves a gap under itself.
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(wrap)
    label.setSizePolicy(policy)
    return label


def heading(text: str, level: int = 1) -> QLabel:
    label = plain_label(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * {1: 1.6, 2: 1.25, 3: 1.08}.get(level, 1.0))
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    return label


def card(parent: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A softly framed panel for grouping things on a page."""
    frame = QFrame(parent)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(8)
    return frame, layout


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in a layout. They are hidden, never orphaned: setParent(None) makes a widget
    a window of its own, and a "show" Qt has queued for it can then pop it up and take the keyboard focus."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def button(text: str, name: str, *, tip: str = "", on_click=None, auto_default: bool = False) -> QPushButton:
    """A push button with its accessible name (and tooltip, and what it does) set in one place, so none is left
    without a name. ``auto_default``: Enter on the focused button presses it, as Space does."""
    widget = QPushButton(text)
    widget.setAccessibleName(name)
    if auto_default:
        widget.setAutoDefault(True)
    if tip:
        widget.setToolTip(tip)
    if on_click is not None:
        widget.clicked.connect(on_click)
    return widget
