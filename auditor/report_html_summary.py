"""The top of the report page: what was scanned, the score and how much of it was checked, what needs action first,
the seven kinds of advice at a glance, and who the family questions covered.

These are the parts a parent reads first, so each says where the truth could lie: a score always comes with how
much was checked, and the bars are drawn with table cells so browsers and Qt print them alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.advice import STRATEGIES
from auditor.model import PLATFORM_NAMES, ScanRun, Severity, Status
from auditor.report_html_page import score_band, score_colour
from auditor.report_html_text import esc, format_when, title_with_subject
from auditor.scoring import Scorecard, ScoreLine
from auditor.textreport import percent


def meta_line(run: ScanRun) -> str:
    """The line under the title: which system, when it was scanned, which Homeguard, and with what rights."""
    system = PLATFORM_NAMES.get(run.platform, run.platform)
    parts = [
        f"{run.os_name or system}",
        f"scanned {format_when(run.finished_at)}",
        f"Homeguard {run.app_version}",
        "with admin rights" if run.user_is_admin else "without admin rights (some checks say what they could "
                                                        "not see)",
    ]
    if run.safe_mode:
        parts.append("safe mode: only the checks that ship with Homeguard")
    return " · ".join(parts)


def score_box(line: ScoreLine, theme: dict[str, str], out: list[str]) -> None:
    """The big score, always beside how much was checked and, when it is uncertain, the range it lies in."""
    if line.score is None:
        big, under = "—", "no score yet"
    else:
        big, under = percent(line.score), "out of 100"
    colour = theme[score_band(line.score)]
    explain = []
    if line.coverage is None:
        explain.append("Nothing could be checked yet.")
    else:
        explain.append(f"<b>{round(line.coverage * 100):d}% checked.</b> That is how much of the advice Homeguard "
                       "could actually confirm, weighted by how much each part matters.")
        if line.lowest is not None and line.highest is not None and round(line.lowest) != round(line.highest):
            explain.append(f"The real figure is between {percent(line.lowest)} and {percent(line.highest)}, "
                           "depending on the parts that are not checked yet. They never count as passed.")
    out.append(
        "<table class=\"scorebox\" cellspacing=\"0\" cellpadding=\"8\"><tr>"
        f"<td align=\"center\" width=\"110\"><span class=\"bignum\" style=\"color: {colour}\">{esc(big)}</span><br>"
        f"<span class=\"small\">{esc(under)}</span></td>"
        f"<td>{' '.join(explain)}</td></tr></table>\n"
    )


def action_needed(run: ScanRun, card: Scorecard, theme: dict[str, str], out: list[str]) -> None:
    """The box of very important checks that fail, each linked to its steps; nothing when there are none."""
    if not card.action_needed:
        return
    wanted = set(card.action_needed)
    items = [
        f"<li><a href=\"#r{index}\">{esc(title_with_subject(result))}</a></li>"
        for index, result in enumerate(run.results)
        if result.check_id in wanted and result.status is Status.FAIL and result.severity is Severity.CRITICAL
    ]
    out.append(
        "<table class=\"action\" width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" "
        f"bgcolor=\"{theme['action_bg']}\"><tr><td>"
        "<p><b>Action needed first.</b> These matter most and need fixing; each has the steps below.</p>"
        f"<ul>{''.join(items)}</ul></td></tr></table>\n"
    )


def strategy_table(card: Scorecard, theme: dict[str, str], out: list[str]) -> None:
    """The seven kinds of advice at a glance: each one's score, how much was checked, and a bar."""
    out.append("<h2>The seven kinds of advice</h2>\n"
               "<table class=\"strategies\" width=\"100%\" cellspacing=\"0\" cellpadding=\"4\">"
               "<tr><th>Advice</th><th class=\"num\" align=\"right\" width=\"9%\">Score</th>"
               "<th class=\"num\" align=\"right\" width=\"11%\">Checked</th><th width=\"24%\"></th></tr>\n")
    for strategy in STRATEGIES:
        line = card.by_strategy[strategy.id]
        score = "—" if line.score is None else percent(line.score)
        checked = "nothing yet" if line.coverage is None else f"{round(line.coverage * 100):d}%"
        out.append(
            f"<tr><td><a href=\"#s-{strategy.id}\">{esc(strategy.title)}</a></td>"
            f"<td class=\"num\" align=\"right\">{esc(score)}</td>"
            f"<td class=\"num\" align=\"right\">{esc(checked)}</td>"
            f"<td width=\"24%\" style=\"padding-left: 10px\">{_bar(line.score, theme['track'])}</td></tr>\n"
        )
    out.append("</table>\n")


def _bar(score: float | None, track: str) -> str:
    """A bar drawn with table cells, which browsers and Qt both print; empty when there is no score."""
    filled = 0 if score is None else max(0, min(100, round(score)))
    cells = []
    if filled:
        cells.append(f"<td width=\"{filled}%\" bgcolor=\"{score_colour(score)}\" "
                     f"style=\"background-color: {score_colour(score)}\">&nbsp;</td>")
    if filled < 100:
        cells.append(f"<td width=\"{100 - filled}%\" bgcolor=\"{track}\" "
                     f"style=\"background-color: {track}\">&nbsp;</td>")
    return f"<table class=\"bar\" width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr>{''.join(cells)}</tr></table>"


def who_this_covers(summary: str | Sequence[str], out: list[str]) -> None:
    """The household part: the plain lines saying whom the family questions were about."""
    lines = [summary] if isinstance(summary, str) else list(summary)
    out.append("<h2>Who this covers</h2>\n")
    out.extend(f"<p>{esc(line)}</p>\n" for line in lines if line)
