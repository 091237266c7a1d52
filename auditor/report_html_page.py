"""How the report page looks: its HTML head, the inline CSS and the colours, light for paper and dark for screens.

The page carries its own style and nothing else (no scripts, no pictures, nothing fetched), so it can be saved,
emailed or opened years later. The sections of the page only name classes and ask here for colours, so the look
can change in one place, and the dark-screen version only changes colours, never words.
"""

from __future__ import annotations

from auditor.model import Status
from auditor.report_html_text import esc

# Badge and bar colours: white text on each keeps at least 4.5:1 contrast; they read on white paper and dark screens.
STATUS_COLOURS = {
    Status.PASS: "#1b7a3d", Status.PARTIAL: "#8a5a00", Status.FAIL: "#b3261e",
    Status.UNKNOWN: "#5b6470", Status.NOT_APPLICABLE: "#5f6b7a", Status.ERROR: "#7b3fa0",
}
TRACK_COLOUR = "#c9ced6"
# The style of a heading that starts a part on a new printed page (each computer of the household report). It is
# inline, not a class in the CSS below, so a one-computer report stays exactly as it was; browsers and Qt's text
# engine both honour it (``ui.widgets.report_print`` draws each page's lines on that page only).
NEW_PAGE_STYLE = "page-break-before: always; break-before: page"
# Text drawn straight on the page (the big score, links) needs lighter colours on a dark screen. Exports always use
# the light set (paper is white); the desktop preview asks for the dark set when the system theme is dark.
LIGHT_TEXT = {"pass": "#1b7a3d", "partial": "#8a5a00", "fail": "#b3261e", "none": "#5b6470", "link": "#1a5fb4",
              "action_bg": "#fdecea", "action_fg": "#4a0f0b", "action_border": "#b3261e",
              "track": TRACK_COLOUR}
DARK_TEXT = {"pass": "#6fd08f", "partial": "#f0b95a", "fail": "#ff8a80", "none": "#b8c0cc", "link": "#8ab4f8",
             "action_bg": "#3d1714", "action_fg": "#ffdad6", "action_border": "#ff8a80",
             "track": "#4d535c"}

# The page's width and centring sit inside @supports, which browsers read and Qt's text engine skips: Qt takes
# "margin: auto" on the body as an indent for every table, which would push them off the printed page's margin.
# Text sizes are relative to the reader's own size, never fixed: the body sets none, so it is the desktop preview's
# font (a 16 pt system font gives 16 pt text), the browser's default size, or the print size the printing code sets
# (ui.widgets.report_print.PRINT_POINTS). Qt's text engine reads no em or % sizes, only the size keywords, which
# it takes relative to that size as browsers do: small 0.8 (browsers 8/9), large 1.2, x-large 1.5, xx-large 2.
CSS = """
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; line-height: 1.35; }
h1 { font-size: x-large; margin: 0 0 4pt 0; }
h2 { font-size: large; margin: 18pt 0 4pt 0; border-bottom: 1px solid #8a9099; }
h3 { font-size: medium; margin: 10pt 0 2pt 0; }
p { margin: 3pt 0; }
ol, ul { margin-top: 2pt; margin-bottom: 4pt; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: small; }
a { color: %(link)s; }
table { border-collapse: collapse; }
.meta { font-size: small; }
.scorebox { border: 1px solid #8a9099; margin: 8pt 0; }
.scorebox td { padding: 8pt 12pt; vertical-align: middle; }
.bignum { font-size: xx-large; font-weight: bold; }
.action { background-color: %(action_bg)s; color: %(action_fg)s; border: 1px solid %(action_border)s;
          margin: 8pt 0; }
.action td { padding: 6pt 12pt; background-color: %(action_bg)s; color: %(action_fg)s; }
.action a { color: %(action_fg)s; }
.strategies { width: 100%%; margin: 4pt 0; }
.strategies th { text-align: left; font-size: small; padding: 3pt 6pt; border-bottom: 1px solid #8a9099; }
.strategies td { padding: 4pt 6pt; border-bottom: 1px solid #c9ced6; vertical-align: middle; }
.num, .strategies th.num { text-align: right; white-space: nowrap; }
.bar { width: 100%%; }
.bar td { padding: 0; border: none; font-size: 5pt; height: 8px; }  /* a drawn bar: its cell holds no text */
.badge { font-weight: bold; font-size: small; color: #ffffff; white-space: nowrap; }
.check { margin: 8pt 0 10pt 0; page-break-inside: avoid; break-inside: avoid; }
.checkhead { font-size: medium; font-weight: normal; margin: 11pt 0 3pt 0; }
.fixhead { margin-top: 4pt; font-weight: bold; }
.evidence { font-size: small; }
.small { font-size: small; }
.foot { font-size: small; margin-top: 16pt; border-top: 1px solid #8a9099; padding-top: 4pt; }
@supports (display: block) { body { max-width: 52em; margin: 1.5em auto; padding: 0 1em; } }
@page { size: A4; margin: 16mm 15mm; }
@media print { body { max-width: none; margin: 0; padding: 0; } a { color: inherit; } }
"""


def theme_for(dark: bool) -> dict[str, str]:
    """The colours for text drawn straight on the page: the dark set for a dark screen, else the light set."""
    return DARK_TEXT if dark else LIGHT_TEXT


def page_start(title: str, theme: dict[str, str]) -> str:
    """Everything before the report's first heading: the doctype, the head with its title and style, ``<body>``."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{esc(title)}</title>\n<style>{CSS % theme}</style>\n</head>\n<body>\n")


def score_band(score: float | None) -> str:
    """Which colour a score gets: "pass" from 80, "partial" from 50, else "fail"; "none" without a score."""
    if score is None:
        return "none"
    shown = round(score)  # judge the number the reader sees: 79.6 is shown, and coloured, as 80
    return "pass" if shown >= 80 else "partial" if shown >= 50 else "fail"


def score_colour(score: float | None) -> str:
    """The bar colour for a score, from the badge colours."""
    return STATUS_COLOURS[{"pass": Status.PASS, "partial": Status.PARTIAL, "fail": Status.FAIL,
                           "none": Status.UNKNOWN}[score_band(score)]]
