"""The printable report for a home with more than one computer: the whole home first, then a part per computer.

When the family has added other computers' reports, the page opens with the household score (every computer plus
the people's answers, ``auditor.household_score``), a table of the computers in this home (each one's score, how
much of it was checked, when it was scanned, "out of date" after 30 days, and its most urgent fix) and "do these
next", each saying which computer it is for. This computer's part follows exactly as the one-computer report has
it, then each other computer's part, each starting on a new printed page. With no other computer the page is the
one-computer report, byte for byte (``auditor.report_html.render_html``).

Another computer's report was written by a Homeguard this one does not control, so everything from it is escaped,
its names are made one short printable line, its evidence is left out (the JSON it came in keeps it) and its "read
more" addresses are shown as text, never as links. The fixes are worded by ``auditor.household_text``, as the
terminal words them.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.household_picture import others
from auditor.household_score import Computer, HouseholdScore
from auditor.household_text import fix_words, urgent_words, where_words
from auditor.model import PLATFORM_NAMES, Result, ScanRun, Status
from auditor.next_steps import Step
from auditor.report_html import computer_part, page_end, render_html
from auditor.report_html_checks import UNDECIDED, result_html, worst_first
from auditor.report_html_page import NEW_PAGE_STYLE, page_start, theme_for
from auditor.report_html_summary import score_box
from auditor.report_html_text import capitalised, esc, format_when, plain_name
from auditor.scoring import Scorecard, scorecard
from auditor.textreport import describe_line, percent

HOUSEHOLD_TITLE = "Homeguard report for this home"
NO_NAME = "A computer with no name"
# Room between the right-aligned numbers and the text after them. Qt's text engine lets an inline style replace the
# cell's class style, so the rule under each row is said again here.
GAP_HEAD = " style=\"padding-left: 12px; border-bottom: 1px solid #8a9099\""
GAP = " style=\"padding-left: 12px; border-bottom: 1px solid #c9ced6\""


def render_household_html(run: ScanRun, score: HouseholdScore | None, card: Scorecard | None = None, *,
                          household_summary: str | Sequence[str] | None = None, dark: bool = False) -> str:
    """The report of the whole home (``score``, which includes ``run`` as this computer); with no other computer
    (or no ``score``), exactly ``render_html(run, card, ...)``."""
    if score is None or not others(score):
        return render_html(run, card, household_summary=household_summary, dark=dark)
    card = card or scorecard(run.results)
    theme = theme_for(dark)
    out = [page_start(HOUSEHOLD_TITLE, theme)]
    household_part(score, theme, out)
    computer_part(run, card, theme, out, household_summary=household_summary, new_page=True)
    for c in others(score):
        other_computer_part(c, theme, out)
    page_end(run, out)
    return "".join(out)


def report_title(run: ScanRun, score: HouseholdScore | None) -> str:
    """The report's title, for its page and its printed footer."""
    return HOUSEHOLD_TITLE if score is not None and others(score) else f"Homeguard report for {run.hostname}"


def household_part(score: HouseholdScore, theme: dict[str, str], out: list[str]) -> None:
    """The top of the page: the household score in words, action needed, the computers, and what to do next."""
    count = len(score.computers)
    over = f"{count} computers and the people\u2019s answers"
    out.append(f"<h1>{esc(HOUSEHOLD_TITLE)}</h1>\n<p class=\"meta\">{esc(capitalised(over))}, each computer from "
               "its latest scan.</p>\n")
    score_box(score.card.overall, theme, out)
    out.append(f"<p><b>Household score: {esc(describe_line(score.card.overall))}.</b> It covers all {count} "
               "computers in this home and the people\u2019s answers together, counted the same way as one "
               "computer\u2019s score.</p>\n")
    if score.action_needed:
        items = "".join(f"<li>{_step_html(step)}</li>" for step in score.action_needed)
        out.append("<table class=\"action\" width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" "
                   f"bgcolor=\"{theme['action_bg']}\"><tr><td>"
                   "<p><b>Action needed first.</b> These matter most and need fixing.</p>"
                   f"<ul>{items}</ul></td></tr></table>\n")
    computers_table(score.computers, out)
    out.append("<h2>Do these next</h2>\n")
    if score.next_steps:
        out.append("<ol>" + "".join(f"<li>{_step_html(step)}</li>" for step in score.next_steps) + "</ol>\n")
    else:
        out.append("<p>Nothing known needs putting right on any computer.</p>\n")
    out.append("<p class=\"small\">Each computer\u2019s own part follows, each on a page of its own, starting with "
               "this one.</p>\n")


def computers_table(computers: Sequence[Computer], out: list[str]) -> None:
    """One row per computer: its name and system, score, how much was checked, when it was scanned, what first."""
    out.append("<h2>Computers in this home</h2>\n"
               "<table class=\"strategies\" width=\"100%\" cellspacing=\"0\" cellpadding=\"4\"><tr>"
               "<th>Computer</th><th class=\"num\" align=\"right\" width=\"8%\">Score</th>"
               "<th class=\"num\" align=\"right\" width=\"10%\">Checked</th>"
               f"<th width=\"22%\"{GAP_HEAD}>Scanned</th><th width=\"34%\">Most urgent fix</th></tr>\n")
    for c in computers:
        line = c.card.overall
        checked = "nothing yet" if line.coverage is None else f"{round(line.coverage * 100):d}%"
        stale = "<br><b>out of date</b>" if c.out_of_date else ""
        out.append(f"<tr><td><b>{esc(_name(c))}</b><br><span class=\"small\">{esc(_system(c))}</span></td>"
                   f"<td class=\"num\" align=\"right\">{esc(percent(line.score))}</td>"
                   f"<td class=\"num\" align=\"right\">{esc(checked)}</td>"
                   f"<td{GAP}>{esc(format_when(c.scanned_at))}{stale}</td>"
                   f"<td>{esc(capitalised(urgent_words(c)))}</td></tr>\n")
    out.append("</table>\n")


def other_computer_part(c: Computer, theme: dict[str, str], out: list[str]) -> None:
    """Another computer, on a page of its own: when it was scanned, its score, and each of its checks."""
    stale = " \u00b7 out of date" if c.out_of_date else ""
    out.append(f"<h1 style=\"{NEW_PAGE_STYLE}\">{esc(_name(c))}</h1>\n"
               f"<p class=\"meta\">{esc(_system(c))} \u00b7 scanned {esc(format_when(c.scanned_at))}{stale} "
               "\u00b7 from the report it saved</p>\n")
    if c.out_of_date:
        out.append(f"<p><b>Out of date.</b> {esc(urgent_words(c))}</p>\n")
    score_box(c.card.overall, theme, out)
    decided = sorted((r for r in c.results if r.status.decided), key=worst_first)
    if decided:
        out.append("<h2>What was checked</h2>\n")
        out.extend(result_html(r, evidence=False, links=False) for r in decided)
    undecided = sorted((r for r in c.results if r.status in UNDECIDED), key=worst_first)
    if c.out_of_date and undecided:
        n = len(undecided)
        what = "Its one check does not" if n == 1 else f"None of its {n} checks"
        out.append(f"<p>{what} count until it is scanned again.</p>\n")
    elif undecided:
        out.append("<h2>What was not checked</h2>\n<p>These count as not checked, never as passed. Each says "
                   "why.</p>\n<ul>" + "".join(_undecided_item(r) for r in undecided) + "</ul>\n")
    not_applying = sorted((r for r in c.results if r.status is Status.NOT_APPLICABLE), key=lambda r: r.title)
    if not_applying:
        items = "".join(f"<li>{esc(r.title)}: {esc(r.summary)}</li>" for r in not_applying)
        out.append(f"<p class=\"small\"><b>Does not apply there:</b></p><ul class=\"small\">{items}</ul>\n")
    if not c.results:
        out.append("<p>Its report has no checks of this computer.</p>\n")


def _undecided_item(result: Result) -> str:
    failed = " <span class=\"small\">(the check itself failed)</span>" if result.status is Status.ERROR else ""
    return f"<li><b>{esc(result.title)}</b>{failed}: {esc(result.summary)}</li>"


def _step_html(step: Step) -> str:
    """A step of "do these next": the fix, then which computer (or whom) it is for, the name shortened."""
    where = where_words(Step(step.result, plain_name(step.computer))) if step.computer else where_words(step)
    return f"{esc(fix_words(step.result))} <span class=\"small\">({esc(where)})</span>"


def _name(c: Computer) -> str:
    return plain_name(c.name) or NO_NAME


def _system(c: Computer) -> str:
    platform = PLATFORM_NAMES.get(c.platform, c.platform)
    return f"This computer \u00b7 {platform}" if c.this_computer else platform


__all__ = ["HOUSEHOLD_TITLE", "computers_table", "household_part", "other_computer_part", "render_household_html",
           "report_title"]
