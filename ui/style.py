"""The look every page shares: calm colours that follow the system's light or dark theme, status badges, labels that
always show untrusted text (process names, paths, people's names) as plain text, and sizes that follow the font.

Sizes that hold text are worked out from the font, never fixed in pixels: a person who sets a 16 pt system font
gets check boxes, fields, table rows and the sidebar to match (``FontScaledStyle``, ``fit_text``, ``text_rows``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QProxyStyle,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QStyleOptionComboBox,
    QVBoxLayout,
    QWidget,
)

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


def say(label: QLabel, page: QWidget, text: str, *, problem: bool = False) -> None:
    """A page's one-line message under its buttons: in the failing colour when it is a problem, otherwise in the
    page's own text colour (the label's may still be the failing one), and hidden when there is nothing to say."""
    palette = label.palette()
    palette.setColor(label.foregroundRole(),
                     status_color(Status.FAIL) if problem else page.palette().color(page.foregroundRole()))
    label.setPalette(palette)
    label.setText(text)
    label.setVisible(bool(text))


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


def status_icon(status: Status, size: int = 0) -> QIcon:
    """A filled circle with a glyph: colour and shape both say the status, so it does not rely on colour alone.
    ``size`` 0 is as tall as a line of the application's text (18 px at least), so it grows with a large font.

    Painted once per status, size and theme: views ask for it on every repaint.
    """
    if size <= 0:
        size = max(18, QFontMetrics(QApplication.font()).height())
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


# -- sizes that follow the font -----------------------------------------------------------------------------------

# Check boxes, radio buttons and the small icons in lists and tables (status badges): as tall as this share of a
# line of text. Styles draw them at a fixed pixel size (Fusion: 14 and 16 px), whatever the font.
INDICATOR_SHARE = 0.8
_SCALED_METRICS = {
    QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    QStyle.PixelMetric.PM_SmallIconSize,
}


class FontScaledStyle(QProxyStyle):
    """The system's own style, with check boxes, radio buttons and small icons as big as the text beside them.
    Styles draw these at a fixed pixel size, so with a large system font they stay tiny; here they grow with the
    font (never below the style's own size, so at an ordinary font nothing changes)."""

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        size = super().pixelMetric(metric, option, widget)
        if metric in _SCALED_METRICS:
            font = widget.font() if widget is not None else QApplication.font()
            size = max(size, round(QFontMetrics(font).height() * INDICATOR_SHARE))
        return size


# Some widgets' text is a little larger than the application's (the page list's is 1.08 times): the style follows
# the font as soon as the application's text comes within this share of needing it.
FONT_HEADROOM = 1.1


def font_outgrows_the_style(app: QApplication) -> bool:
    """Whether the application's text is tall enough for FontScaledStyle to change a size. At an ordinary font the
    style's own sizes are already as big, and the proxy would only make every call into the style slower (each
    one asks Python first): about 10 ms of the window's first paint (tests/bench_start.py)."""
    style = app.style()
    wanted = round(QFontMetrics(app.font()).height() * INDICATOR_SHARE * FONT_HEADROOM)
    return any(wanted > style.pixelMetric(metric) for metric in _SCALED_METRICS)


def follow_the_font(app: QApplication) -> None:
    """Give the application the style whose sizes follow the font, once its text is large enough to need it (once;
    the system's style stays underneath). Called again when the application's font changes."""
    if not isinstance(app.style(), FontScaledStyle) and font_outgrows_the_style(app):
        app.setStyle(FontScaledStyle(app.style().name()))


def text_rows(widget: QWidget, rows: float) -> int:
    """The height of this many lines of the widget's text, in pixels."""
    return round(widget.fontMetrics().lineSpacing() * rows)


def list_row_height(view: QListWidget) -> int:
    """A row of a list of one-line items (the page list): a line of its text with calm space above and below."""
    return view.fontMetrics().lineSpacing() + 12


def list_width(view: QListWidget, texts: Sequence[str]) -> int:
    """The width a list needs to show the longest of ``texts`` whole in its font, its rows' padding and a little
    air included."""
    metrics = view.fontMetrics()
    longest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
    padding = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1 + view.spacing())
    return longest + padding + metrics.averageCharWidth() + 2 * view.frameWidth()


def list_height(view: QListWidget) -> int:
    """The height that shows every row of the list."""
    return sum(view.sizeHintForRow(row) + 2 * view.spacing() for row in range(view.count())) + 2 * view.frameWidth()


def fit_text(widget: QLineEdit | QComboBox, text: str = "") -> None:
    """Make a field at least as wide as ``text`` (by default its placeholder, such as "Choose…") needs in its font,
    frame, margins and buttons included, so the hint is never cut."""
    metrics = widget.fontMetrics()
    if isinstance(widget, QLineEdit):
        text = text or widget.placeholderText()
        frame = widget.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, widget)
        margins = widget.textMargins()
        width = metrics.horizontalAdvance(text) + 2 * frame + 4 + margins.left() + margins.right() + 2
        if widget.isClearButtonEnabled():
            width += widget.sizeHint().height()  # the clear button's place beside the text
        widget.setMinimumWidth(width)
        return
    text = text or widget.placeholderText() or widget.currentText()
    option = QStyleOptionComboBox()
    widget.initStyleOption(option)
    contents = QSize(metrics.horizontalAdvance(text) + metrics.height(), metrics.height())
    width = widget.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option, contents, widget).width()
    widget.setMinimumWidth(width)
