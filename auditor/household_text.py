"""The household in words: each computer, the household score and "do these next", as the reports say them.

``homeguard household`` lists these lines, and ``homeguard scan`` and ``homeguard report`` print them after this
computer's report; the HTML report (``auditor.report_html_household``) words each fix and each step with the same
functions, so the terminal, the page and the paper say one thing. Names are plain text here; the page escapes them.
"""

from __future__ import annotations

from auditor.dates import date_text
from auditor.freshness import OUT_OF_DATE_DAYS
from auditor.household_score import Computer, HouseholdScore
from auditor.model import PLATFORM_NAMES, Result, Status
from auditor.next_steps import Step
from auditor.plural import plural
from auditor.textreport import describe_line

NO_NAME = "a computer with no name"
HEADING = "Every computer in the household"
REPORT_HEADING = "Computers in this home"  # the same lines after this computer's report
OUT_OF_DATE_ADVICE = (f"Its report is more than {OUT_OF_DATE_DAYS} days old, so its results count as not checked: "
                      "scan it again and add its new report.")


def fix_words(result: Result) -> str:
    """A check's title states the good state ("The disk is encrypted"), so how far from it is said beside it."""
    return f"{result.title}: {'partly done' if result.status is Status.PARTIAL else 'needs fixing'}"


def where_words(step: Step) -> str:
    """Which computer a step is for, or whom: "on Alexs-MacBook-Air", "for Jo", "for everyone"."""
    result = step.result
    return f"on {step.computer}" if step.computer else f"for {result.subject}" if result.subject else "for everyone"


def step_words(step: Step) -> str:
    return f"{fix_words(step.result)} ({where_words(step)})"


def system_words(c: Computer) -> str:
    """"this computer, Linux" or "macOS"."""
    platform = PLATFORM_NAMES.get(c.platform, c.platform)
    return f"this computer, {platform}" if c.this_computer else platform


def urgent_words(c: Computer) -> str:
    """A computer's most urgent fix in words, or why there is none to name."""
    if c.out_of_date:
        return OUT_OF_DATE_ADVICE
    if c.most_urgent is None:
        return "nothing known needs putting right"
    return fix_words(c.most_urgent)


def computer_lines(c: Computer) -> list[str]:
    """One computer: its name and system, its score, when it was scanned and its most urgent fix."""
    stale = ", out of date" if c.out_of_date else ""
    lines = [f"  {c.name or NO_NAME} ({system_words(c)})", f"    score: {describe_line(c.card.overall)}",
             f"    scanned {date_text(c.scanned_at)}{stale}"]
    lines.append(f"    {OUT_OF_DATE_ADVICE}" if c.out_of_date else f"    most urgent: {urgent_words(c)}")
    return [*lines, ""]


def render(score: HouseholdScore, heading: str = HEADING) -> list[str]:
    """The household as lines of plain text: every computer, the household score, action needed, do these next."""
    lines = [heading, ""]
    if not score.computers:
        lines += ["  No computer has been checked yet: run `homeguard scan` here, and add the others' reports",
                  "  with `homeguard household import FILE...`.", ""]
    for c in score.computers:
        lines += computer_lines(c)
    count = len(score.computers)
    lines += [f"Household score: {describe_line(score.card.overall)}",
              f"  ({plural(count, 'computer')} and the people's answers)", ""]
    if score.action_needed:
        lines.append("Action needed")
        lines += [f"  - {step_words(step)}" for step in score.action_needed]
        lines.append("")
    if score.next_steps:
        lines.append("Do these next")
        lines += [f"  {i}. {step_words(step)}" for i, step in enumerate(score.next_steps, 1)]
        lines.append("")
    return lines


def report_section(score: HouseholdScore) -> str:
    """What ``homeguard scan`` and ``homeguard report`` print after this computer's report when the family has
    added other computers: the lines ``homeguard household`` lists, under their own heading."""
    return "\n".join(render(score, REPORT_HEADING)).rstrip() + "\n"
