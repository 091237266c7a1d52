"""The household's picture: every computer's device results and the people's answers in one scorecard.

The main computer knows three things: its own latest scan (from the history), the newest report of each of the
family's other computers (imported, kept in the history by ``Store.import_computer``), and what the people answered
in the guided checks. They are scored together by ``auditor.scoring`` exactly as one scan is, so the household
score, its coverage and its bounds mean what they mean for one computer.

Rules that live here:
- Only a computer's device results count as that computer's. The people's answers come from this household's own
  answers, never from the guided rows another computer's report happens to carry (that computer's Homeguard may
  hold another household's answers, or an older copy of these).
- A computer whose scan is more than ``OUT_OF_DATE_DAYS`` old (``auditor.freshness``) still counts as a computer,
  but every result it had becomes "could not tell" with the reason ``OUT_OF_DATE_REASON``: what it found then is not
  known to be true now. "Does not apply" stays (a Mac does not grow a Windows setting), so the unchecked weight is
  what the computer would be checked for.
- Each computer's most urgent fix is its first failing critical check, else the first of its "do these next".
  The household's own "do these next" ranks every computer's and the people's steps by one rule
  (``auditor.next_steps``), each saying which computer it is for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from auditor.freshness import OUT_OF_DATE_REASON, out_of_date
from auditor.intake import DeviceReport, report_from_bytes
from auditor.model import Result, ScanRun, Status
from auditor.next_steps import Step, household_action_needed, household_next_steps, next_steps
from auditor.scoring import Scorecard, scorecard
from auditor.store import OtherComputer


@dataclass(frozen=True)
class Computer:
    """One computer of the household as it counts today."""

    name: str
    install_id: str  # for a report without an install id, "name:" and the computer's name
    platform: str
    scanned_at: float
    this_computer: bool
    out_of_date: bool
    results: tuple[Result, ...]  # its device results as they count (could not tell when out of date)
    card: Scorecard
    most_urgent: Result | None  # its most urgent fix, or None when nothing known needs putting right


@dataclass(frozen=True)
class HouseholdScore:
    computers: tuple[Computer, ...]  # this computer first, then the others by name
    card: Scorecard  # every computer's device results plus the people's answers
    action_needed: tuple[Step, ...]  # every failing critical check, with the computer it is on
    next_steps: tuple[Step, ...]  # "do these next", with the computer each is for ("" for the people's answers)


def unchecked(result: Result) -> Result:
    """A result of an out-of-date scan as it counts now: not checked, with the reason (does not apply stays)."""
    if result.status is Status.NOT_APPLICABLE:
        return result
    return dataclasses.replace(result, status=Status.UNKNOWN, summary=OUT_OF_DATE_REASON, evidence=())


def computer(name: str, install_id: str, platform: str, scanned_at: float, results: Iterable[Result], now: float,
             *, this_computer: bool = False) -> Computer:
    """One computer from its scan's results (the device ones are kept), scored as it counts at ``now``."""
    stale = out_of_date(scanned_at, now)
    device = tuple(unchecked(r) if stale else r for r in results if r.kind == "device")
    card = scorecard(device)
    urgent = [r for r in device if r.check_id in card.action_needed] or next_steps(list(device), limit=1)
    return Computer(name=name, install_id=install_id, platform=platform, scanned_at=scanned_at,
                    this_computer=this_computer, out_of_date=stale, results=device, card=card,
                    most_urgent=urgent[0] if urgent else None)


def this_computer(run: ScanRun, install_id: str, now: float) -> Computer:
    """This computer, from its latest scan in the history."""
    return computer(run.hostname, install_id, run.platform, run.finished_at, run.results, now, this_computer=True)


def other_computer(report: DeviceReport, now: float) -> Computer:
    """Another computer, from its report."""
    return computer(report.computer_name, report.key, report.platform, report.scanned_at, report.run.results, now)


def read_kept(kept: OtherComputer) -> DeviceReport:
    """A kept report read back through ``auditor.intake`` like any file (raises ReportRefused if it was damaged).

    Its times were checked when it was imported, so they are checked against its own scan time now: a report kept
    for a year is out of date, not refused.
    """
    return report_from_bytes(kept.computer_name, kept.report.encode("utf-8"), now=kept.scanned_at)


def household_score(computers: Sequence[Computer], guided: Iterable[Result]) -> HouseholdScore:
    """Every computer and the people's answers (``auditor.guided.guided_results``) in one scorecard."""
    people = [r for r in guided if r.kind == "guided"]
    ordered = sorted(computers, key=lambda c: (not c.this_computer, c.name.casefold(), c.install_id))
    steps = [Step(r, c.name) for c in ordered for r in c.results] + [Step(r) for r in people]
    card = scorecard(step.result for step in steps)
    return HouseholdScore(computers=tuple(ordered), card=card,
                          action_needed=tuple(household_action_needed(steps)),
                          next_steps=tuple(household_next_steps(steps)))


def computer_of(score: HouseholdScore, step: Step) -> Computer | None:
    """The computer a step of ``score`` is for, or None for the people's answers (which belong to no computer).

    A step names its computer only by name, and two computers may share one; the computer is the first (this
    computer first) of that name whose results hold the step's result.
    """
    if step.result.kind != "device":
        return None
    return next((c for c in score.computers if c.name == step.computer and step.result in c.results), None)
