"""The club summary as one printable page: the same parts, in the same order and words, as the terminal's text.

It looks like the device report (the same head, CSS and colours from ``auditor.report_html_page``) and keeps to the
HTML that browsers and Qt's text engine both print: tables, paragraphs, lists and background colours on cells, so
the histogram and the bars are table cells. Every value passes through ``esc``, including check titles, which come
from the reports: nothing from a report is ever rendered as markup. The summary holds no names or paths to leak.
"""

from __future__ import annotations

import time

from auditor import __version__
from auditor.cli_club import CHECK_LABELS, answer_line, averages_text, counted, set_aside_words, unanswered
from auditor.club import FEWER, SMALL_GROUP, Averages, Band, ClubSummary, Count
from auditor.freshness import OUT_OF_DATE_DAYS
from auditor.model import Status
from auditor.plural import plural
from auditor.report_html_checks import SEVERITY_WORDS
from auditor.report_html_page import STATUS_COLOURS, page_start, score_colour, theme_for
from auditor.report_html_text import esc

_HEAD_COLOURS = (STATUS_COLOURS[Status.PASS], STATUS_COLOURS[Status.PARTIAL], STATUS_COLOURS[Status.FAIL],
                 STATUS_COLOURS[Status.UNKNOWN], STATUS_COLOURS[Status.NOT_APPLICABLE])
_EXTRA_CSS = """<style>
.grid { width: 100%; margin: 4pt 0; }
.grid th { font-size: 9pt; padding: 3pt 5pt; text-align: left; }
.grid td { padding: 3pt 5pt; border-bottom: 1px solid #c9ced6; vertical-align: middle; }
.grid td.num, .grid th.num { text-align: right; white-space: nowrap; }
.hidden { font-size: 8.5pt; }
</style>
"""


def render_html(summary: ClubSummary, *, dark: bool = False) -> str:
    """The whole summary as one self-contained page; ``dark`` only changes colours, for a dark screen."""
    theme = theme_for(dark)
    title = "Homeguard club summary"
    out = [page_start(title, theme).replace("</head>", _EXTRA_CSS + "</head>", 1), f"<h1>{esc(title)}</h1>\n"]
    made = time.strftime("%d %b %Y, %H:%M", time.localtime(summary.generated_at))
    out.append(f"<p class=\"meta\">{esc(counted(summary.machines, 'computers'))} · made {esc(made)} · "
               f"Homeguard {esc(__version__)}</p>\n")
    out.append(f"<p>Anonymous: no names, computer names, user names or file paths. Any group of fewer than "
               f"{SMALL_GROUP} computers or people is shown as \u201c{esc(FEWER)}\u201d.</p>\n<ul>")
    out.append(f"<li>Out of date (scanned more than {OUT_OF_DATE_DAYS} days ago, so counted as not checked): "
               f"{esc(counted(summary.out_of_date, 'computers'))}.</li>")
    if summary.set_aside:
        out.append(f"<li>Set aside: {esc(set_aside_words(summary.set_aside))}.</li>")
    if summary.refused:
        out.append(f"<li>Left out: {esc(plural(summary.refused, 'file'))} that could not be read (the terminal named "
                   "them).</li>")
    out.append("</ul>\n")
    _scores(summary, theme, out)
    _strategies(summary, theme, out)
    _fixes(summary, out)
    _checks(summary, out)
    _answers(summary, out)
    out.append(
        "<h2>How to read this</h2>\n<p class=\"small\">Each computer counts once, with its newest report. A score "
        "is out of 100 for the checks that gave an answer; <b>checked</b> is how much of the advice gave an answer "
        "at all. Checks that could not tell, questions not answered yet and out-of-date reports count as not "
        "checked, never as passed. Averages are only shown over groups of at least "
        f"{SMALL_GROUP} computers. When any count in a row is hidden, that row's zeros are hidden too, so a hidden "
        "number cannot be worked out from the others.</p>\n"
        f"<p class=\"foot\">Made by Homeguard {esc(__version__)} from report files; nothing was sent anywhere.</p>\n"
        "</body>\n</html>\n")
    return "".join(out)


def _scores(summary: ClubSummary, theme: dict[str, str], out: list[str]) -> None:
    out.append(f"<h2>Scores</h2>\n<p><b>{esc(_sentence(summary.overall))}</b></p>\n"
               "<table class=\"grid\" width=\"100%\" cellspacing=\"0\" cellpadding=\"3\">"
               "<tr><th width=\"16%\">Score</th><th></th><th class=\"num\" align=\"right\" width=\"16%\">"
               "Computers</th></tr>\n")
    shown = [b.machines for b in summary.bands if isinstance(b.machines, int)]
    biggest = max([*shown, 1])
    for band in reversed(summary.bands):
        out.append(f"<tr><td>{band.low}\u2013{band.high}</td><td>{_histogram_bar(band, biggest, theme)}</td>"
                   f"{_count_cell(band.machines)}</tr>\n")
    out.append(f"<tr><td>no score yet</td><td></td>{_count_cell(summary.no_score)}</tr>\n</table>\n")


def _histogram_bar(band: Band, biggest: int, theme: dict[str, str]) -> str:
    """A bar as long as the band's count; a hidden count gets no bar, whose length would give the number away."""
    if not isinstance(band.machines, int) or band.machines == 0:
        return ""
    filled = max(1, round(100 * band.machines / biggest))
    return _bar(filled, score_colour(float(band.low)), theme["track"])


def _strategies(summary: ClubSummary, theme: dict[str, str], out: list[str]) -> None:
    out.append("<h2>The seven kinds of advice</h2>\n"
               "<table class=\"strategies\" width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">"
               "<tr><th>Advice</th><th>Across the club</th><th width=\"24%\"></th></tr>\n")
    for strategy in summary.strategies:
        score = strategy.averages.score
        bar = "" if score is None else _bar(max(0, min(100, round(score))), score_colour(score), theme["track"])
        out.append(f"<tr><td>{esc(strategy.title)}</td><td>{esc(averages_text(strategy.averages))}</td>"
                   f"<td width=\"24%\" style=\"padding-left: 10px\">{bar}</td></tr>\n")
    out.append("</table>\n")


def _fixes(summary: ClubSummary, out: list[str]) -> None:
    out.append("<h2>Fixes most needed</h2>\n<p>Checks that fail, or only partly pass, on the most computers.</p>\n")
    if not summary.fixes:
        out.append("<p>None: no check fails on any computer.</p>\n")
        return
    out.append("<ol>" + "".join(
        f"<li><b>{esc(fix.title)}</b> <span class=\"small\">({esc(SEVERITY_WORDS[fix.severity])})</span>: "
        f"{esc(counted(fix.machines, 'computers'))}</li>" for fix in summary.fixes) + "</ol>\n")


def _checks(summary: ClubSummary, out: list[str]) -> None:
    out.append("<h2>Each check</h2>\n<p>How many computers each check found in each state.</p>\n"
               + _table_head("Check", CHECK_LABELS))
    for row in summary.checks:
        out.append(f"<tr><td>{esc(row.title)}</td>{''.join(_count_cell(c) for c in row.counts)}</tr>\n")
    out.append("</table>\n")


def _answers(summary: ClubSummary, out: list[str]) -> None:
    if not summary.answers:
        return
    out.append("<h2>Guided questions</h2>\n<p>Answers from people, or about their phones, tablets and consoles: "
               "each person or device counts once per question.</p>\n")
    quiet = [answer.title for answer in summary.answers if unanswered(answer.counts)]
    answered = [answer for answer in summary.answers if not unanswered(answer.counts)]
    if answered:
        out.append("<ul>" + "".join(f"<li><b>{esc(answer.title)}</b>: {esc(answer_line(answer.asked, answer.counts))}"
                                    "</li>" for answer in answered) + "</ul>\n")
    if quiet:
        out.append(f"<p>Nobody answered yes, partly or no to {plural(len(quiet), 'question')}:</p>\n"
                   "<ul class=\"small\">" + "".join(f"<li>{esc(title)}</li>" for title in quiet) + "</ul>\n")


def _table_head(first: str, labels: tuple[str, ...]) -> str:
    heads = "".join(f"<th class=\"num\" align=\"right\" width=\"11%\" style=\"background-color: {colour}; "
                    f"color: #ffffff\" bgcolor=\"{colour}\">&nbsp;{esc(label[:1].upper() + label[1:])}&nbsp;</th>"
                    for label, colour in zip(labels, _HEAD_COLOURS, strict=True))
    return (f"<table class=\"grid\" width=\"100%\" cellspacing=\"0\" cellpadding=\"3\"><tr><th>{esc(first)}</th>"
            f"{heads}</tr>\n")


def _count_cell(count: Count) -> str:
    if isinstance(count, int):
        return f"<td class=\"num\" align=\"right\">{count}</td>"
    return f"<td class=\"num hidden\" align=\"right\">{esc(count)}</td>"


def _bar(filled: int, colour: str, track: str) -> str:
    """A bar drawn with table cells, which browsers and Qt both print."""
    cells = []
    if filled:
        cells.append(f"<td width=\"{filled}%\" bgcolor=\"{colour}\" style=\"background-color: {colour}\">"
                     "&nbsp;</td>")
    if filled < 100:
        cells.append(f"<td width=\"{100 - filled}%\" bgcolor=\"{track}\" style=\"background-color: {track}\">"
                     "&nbsp;</td>")
    return f"<table class=\"bar\" width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr>{''.join(cells)}</tr></table>"


def _sentence(averages: Averages) -> str:
    text = averages_text(averages)
    return text[:1].upper() + text[1:] + "."

