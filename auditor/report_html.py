"""The printable report: one self-contained HTML page a parent can read and a teacher can check.

It says the same as the terminal report (auditor/textreport.py) and the JSON report, in the same order: the score
with how much was checked and where the truth could lie, what needs action first, the seven kinds of advice with
their scores, then each kind's checks with the verdict, the reason, how to fix it and what was looked at, and at the
end, plainly, what was not checked.

The page has inline CSS only: no scripts, no pictures, nothing fetched from anywhere, so it can be saved, emailed
to a school or opened years later. Every value that came from a check, a file or a person is escaped, and only
http(s) addresses become links. It keeps to the HTML that Qt's own text engine understands too (tables,
paragraphs, lists, background colours on cells), so the desktop app previews, prints and writes PDFs from this
same page. Anything with a background colour also sets its own text colour, so the page reads on a dark screen.

This module puts the page together in that order and writes its closing explanation and footer. The parts live
apart: the head, CSS and colours in ``auditor.report_html_page``, the top of the page (score, action needed, the
seven kinds of advice) in ``auditor.report_html_summary``, each check and what was not checked in
``auditor.report_html_checks``, and the escaping and shortening every value passes through in
``auditor.report_html_text``. Callers import what they need from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.advice import STRATEGIES
from auditor.household import AGE_BANDS, Household
from auditor.model import Result, ScanRun
from auditor.report_html_checks import (
    NOT_CHECKED_ANCHOR,
    SEVERITY_WORDS,
    UNDECIDED,
    not_checked,
    result_html,
    strategy_section,
)
from auditor.report_html_page import NEW_PAGE_STYLE, STATUS_COLOURS, TRACK_COLOUR, page_start, theme_for
from auditor.report_html_summary import action_needed, meta_line, score_box, strategy_table, who_this_covers
from auditor.report_html_text import EVIDENCE_CHARS, esc
from auditor.scoring import Scorecard, scorecard

__all__ = [
    "EVIDENCE_CHARS",
    "NOT_CHECKED_ANCHOR",
    "SEVERITY_WORDS",
    "STATUS_COLOURS",
    "TRACK_COLOUR",
    "UNDECIDED",
    "computer_part",
    "household_summary_lines",
    "page_end",
    "render_html",
    "result_html",
]


def render_html(run: ScanRun, card: Scorecard | None = None, *,
                household_summary: str | Sequence[str] | None = None, dark: bool = False) -> str:
    """The whole report as one HTML page; ``household_summary`` is plain text (a line or a list of lines).

    ``dark`` is for showing the page on a dark screen (the desktop preview); files and prints leave it off.
    """
    card = card or scorecard(run.results)
    theme = theme_for(dark)
    out: list[str] = [page_start(f"Homeguard report for {run.hostname}", theme)]
    computer_part(run, card, theme, out, household_summary=household_summary)
    page_end(run, out)
    return "".join(out)


def computer_part(run: ScanRun, card: Scorecard, theme: dict[str, str], out: list[str], *,
                  household_summary: str | Sequence[str] | None = None, new_page: bool = False) -> None:
    """This computer's part of the page, from its title to what was not checked; ``new_page`` starts it on a new
    printed page (the household report opens with the whole home first)."""
    title = f"Homeguard report for {run.hostname}"
    style = f" style=\"{NEW_PAGE_STYLE}\"" if new_page else ""
    out.append(f"<h1{style}>{esc(title)}</h1>\n")
    out.append(f"<p class=\"meta\">{esc(meta_line(run))}</p>\n")
    if run.cancelled:
        out.append("<p><b>The scan was stopped before it finished,</b> so some checks did not run.</p>\n")
    score_box(card.overall, theme, out)
    action_needed(run, card, theme, out)
    strategy_table(card, theme, out)
    if household_summary:
        who_this_covers(household_summary, out)

    grouped: dict[str, list[tuple[int, Result]]] = {}
    for index, result in enumerate(run.results):
        grouped.setdefault(result.strategy, []).append((index, result))
    for strategy in STRATEGIES:
        strategy_section(strategy, card.by_strategy[strategy.id], grouped.get(strategy.id, []), out)
    not_checked(grouped, out)


def page_end(run: ScanRun, out: list[str]) -> None:
    """How the score works, the footer, and the end of the page."""
    _how_scored(out)
    out.append(f"<p class=\"foot\">{esc(_footer(run))}</p>\n</body>\n</html>\n")


def household_summary_lines(household: Household) -> list[str]:
    """Who the family questions were about, in plain words, for the report's "Who this covers" part."""
    people = household.people()
    devices = household.devices()
    lines = []
    if people:
        lines.append("People: " + "; ".join(f"{p.nickname} ({AGE_BANDS.get(p.age_band, p.age_band)})"
                                              for p in people) + ".")
    else:
        lines.append("Nobody has been added to the household yet, so the questions for each person are still open.")
    if devices:
        lines.append("Phones, tablets and consoles: " + "; ".join(d.name for d in devices) + ".")
    elif household.devices_reviewed():
        lines.append("The family said it has no phones, tablets or consoles to check.")
    else:
        lines.append("The family's phones, tablets and consoles have not been added yet.")
    return lines


def _how_scored(out: list[str]) -> None:
    out.append(
        "<h2>How the score works</h2>\n"
        "<p class=\"small\">Each check has a weight from how much it matters (very important 8, important 4, "
        "worth doing 2, good to have 1). A pass earns its full weight, a partial pass half, a fail nothing. "
        "The score is what was earned out of the checks that gave an answer; <b>checked</b> is how much of the "
        "weight gave an answer at all. Checks that could not tell, and questions not answered yet, are never "
        "counted as passed: the range shows the score if they all failed and if they all passed. "
        "Anything very important that fails is listed as <b>action needed</b>.</p>\n"
    )


def _footer(run: ScanRun) -> str:
    origins = sorted({f"{r.origin.distribution} {r.origin.version}".strip()
                      for r in run.results if r.origin and not r.origin.builtin})
    text = (f"Made by Homeguard {run.app_version} on this computer; nothing in it was sent anywhere. "
            "It describes where this family could be safer, so keep it somewhere private.")
    if origins:
        text += " Some checks came from add-on packages: " + ", ".join(origins) + "."
    if run.run_id is not None:
        text += f" Scan number {run.run_id} in this computer's history."
    return text
