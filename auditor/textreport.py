"""The terminal report: the score with its honesty and what changed since the previous scan, then each strategy's
checks with verdict, reason and fix."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Protocol

from auditor.advice import STRATEGIES
from auditor.changes import compare, summary
from auditor.dates import date_time_text
from auditor.model import PLATFORM_NAMES, Result, ScanRun, Status
from auditor.plural import plural, word_for
from auditor.scoring import Scorecard, ScoreLine, scorecard

Paint = Callable[[str, str], str]  # text and an ANSI colour code -> the text, coloured when colour is on


class Para(Protocol):
    """Adds one wrapped paragraph to the report: ``indent`` spaces, later lines ``hang`` spaces further in."""

    def __call__(self, text: str, indent: int, hang: int = 0) -> None: ...

_ORDER = {Status.FAIL: 0, Status.ERROR: 1, Status.UNKNOWN: 2, Status.PARTIAL: 3, Status.PASS: 4,
          Status.NOT_APPLICABLE: 5}
_TAGS = {
    Status.PASS: "OK",
    Status.PARTIAL: "PARTLY",
    Status.FAIL: "NEEDS FIXING",
    Status.UNKNOWN: "COULD NOT TELL",
    Status.NOT_APPLICABLE: "DOES NOT APPLY",
    Status.ERROR: "CHECK FAILED",
}
_COLOURS = {Status.PASS: "32", Status.PARTIAL: "33", Status.FAIL: "31", Status.ERROR: "35"}
_TAG_WIDTH = max(len(t) for t in _TAGS.values())


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value):d}"


def describe_line(line: ScoreLine) -> str:
    """'72 out of 100, 60% checked, between 43 and 83' in words a parent can read."""
    if line.coverage is None:
        return "nothing to check here yet"
    checked = f"{round(line.coverage * 100):d}% checked"
    if line.score is None:
        return f"no score yet: {checked}"
    text = f"{percent(line.score)} out of 100, {checked}"
    if line.lowest is not None and line.highest is not None and round(line.lowest) != round(line.highest):
        text += f" (the real figure is between {percent(line.lowest)} and {percent(line.highest)})"
    return text


def render(run: ScanRun, card: Scorecard | None = None, *, width: int = 100, colour: bool = False,
           evidence: bool = False, previous: ScanRun | None = None) -> str:
    """The report of one scan. With ``previous`` (``auditor.changes.previous_scan``), one paragraph under the
    score says what changed since it."""
    card = card or scorecard(run.results)
    width = max(60, min(width, 120))
    out: list[str] = []

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour and code else text

    def para(text: str, indent: int, hang: int = 0) -> None:
        out.extend(textwrap.wrap(text, width, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                                 break_on_hyphens=False, break_long_words=False) or [""])

    when = date_time_text(run.finished_at)
    system = PLATFORM_NAMES.get(run.platform, run.platform)
    out.append(paint(f"Homeguard report for {run.hostname}", "1"))
    para(f"{run.os_name or system}, scanned {when}"
         + (", with admin rights" if run.user_is_admin else ", without admin rights")
         + (", built-in checks only (safe mode)" if run.safe_mode else "")
         + (". The scan was cancelled before it finished." if run.cancelled else "."), 0)
    out.append("")
    out.append(paint("Score: " + describe_line(card.overall), "1"))
    if card.action_needed:
        titles = [r.title for r in run.results if r.check_id in card.action_needed]
        out.append(paint("Action needed: " + "; ".join(titles), "1;31"))
    changed = summary(compare(run, previous))
    if changed:
        out.append("")
        para(changed, 0)
    out.append("")

    grouped: dict[str, list[Result]] = {}
    for result in run.results:
        grouped.setdefault(result.strategy, []).append(result)
    unchecked = []
    for strategy in STRATEGIES:
        results = grouped.get(strategy.id, [])
        if not results:
            unchecked.append(strategy.title)
            continue
        line = card.by_strategy[strategy.id]
        out.append(paint(strategy.title, "1") + f"  —  {describe_line(line)}")
        shown = [r for r in results if r.kind != "guided" or r.status.decided or evidence]
        for result in sorted(shown, key=lambda r: (_ORDER[r.status], r.title, r.subject)):
            _render_result(result, out, para, paint, evidence)
        if not evidence:
            _summarise_open_questions(results, out, para, paint)
        out.append("")
    broken = grouped.get("", [])
    if broken:
        out.append(paint("Checks that could not be loaded", "1"))
        for result in broken:
            _render_result(result, out, para, paint, evidence)
        out.append("")
    if unchecked:
        para("Nothing was checked yet for: " + "; ".join(unchecked) + ".", 0)
        out.append("")
    undecided = sum(1 for r in run.results if r.status in (Status.UNKNOWN, Status.ERROR) and r.kind != "guided")
    if undecided:
        para(f"{plural(undecided, 'check')} of this computer could not give an answer; each says why above. "
             "They count as unchecked, never as passed.", 0)
    return "\n".join(out).rstrip() + "\n"


def _summarise_open_questions(results: list[Result], out: list[str], para: Para, paint: Paint) -> None:
    """Unanswered guided questions as one line, not a page each: the guide is where they are answered."""
    open_questions = [r for r in results if r.kind == "guided" and r.status in (Status.UNKNOWN, Status.ERROR)]
    not_applying = [r for r in results if r.kind == "guided" and r.status is Status.NOT_APPLICABLE]
    indent = 4 + _TAG_WIDTH
    if open_questions:
        tag = _TAGS[Status.UNKNOWN].ljust(_TAG_WIDTH)
        n = len(open_questions)
        out.append(f"  {paint(tag, '')}  {plural(n, 'question')} for the family {word_for(n, 'is', 'are')} not "
                   f"answered yet or {word_for(n, 'needs', 'need')} confirming")
        titles = sorted({r.title for r in open_questions})
        shown = "; ".join(titles[:4]) + (f"; and {len(titles) - 4} more" if len(titles) > 4 else "")
        para(f"For example: {shown}. Answer them with `homeguard guide`.", indent)
    if not_applying:
        para(f"{plural(len(not_applying), 'question')} {word_for(len(not_applying), 'does', 'do')} not apply to this "
             "family (apps nobody uses, or other ages).",
             indent)


def _render_result(result: Result, out: list[str], para: Para, paint: Paint, evidence: bool) -> None:
    tag = _TAGS[result.status].ljust(_TAG_WIDTH)
    who = f" ({result.subject})" if result.subject and result.kind == "guided" else ""
    out.append(f"  {paint(tag, _COLOURS.get(result.status, ''))}  {result.title}{who}")
    indent = 4 + _TAG_WIDTH
    para(result.summary, indent)
    if result.fix and result.fix.steps and result.status is not Status.PASS:
        steps = result.fix.steps
        if len(steps) == 1:
            para("Fix: " + steps[0], indent, hang=5)
        else:
            para("Fix:", indent)
            for number, step in enumerate(steps, 1):
                para(f"{number}. {step}", indent + 2, hang=3)
        if result.fix.more_info:
            para(f"More: {result.fix.more_info}", indent, hang=6)
    if evidence:
        for item in result.evidence:
            para(f"- {item.looked_at}: {item.seen}", indent, hang=2)
