"""``homeguard household``: the family's other computers, added from their reports, and the picture of them all.

- ``homeguard household import FILE...`` reads report files and folders of them (``auditor.intake``) and keeps the
  newest scan of each computer (``Store.import_computer``). Each file that is not used is named on stderr with the
  reason; the rest are kept. Exit 0 when at least one was added or every one was already up to date, 2 when every
  file was refused.
- ``homeguard household`` lists every computer (this one from its latest scan, then the others) with its score,
  how much was checked, when it was scanned, "out of date" after 30 days and its most urgent fix, then the
  household score (``auditor.household_score``: every computer plus the people's answers) and "do these next", each
  saying which computer it is for.
- ``homeguard household remove NAME-or-ID`` forgets one of the other computers.

This module only presents; the rules live in ``auditor.household_score``, ``auditor.next_steps`` and the store.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.freshness import OUT_OF_DATE_DAYS
from auditor.store import Store, StoreError

if TYPE_CHECKING:
    from auditor.household_score import Computer, HouseholdScore
    from auditor.model import Result
    from auditor.next_steps import Step

EXIT_OK, EXIT_USAGE = 0, 2
Say = Callable[[str], None]
PLATFORM_WORDS = {"linux": "Linux", "macos": "macOS", "windows": "Windows"}


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                 common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("household", help="the family's other computers: add their reports, list every computer",
                       description="With no action, lists every computer of the household with its score and its "
                       "most urgent fix, then the household score and what to do next. `import FILE...` adds "
                       "other computers' reports (files, or folders of them); `remove NAME-or-ID` forgets one.")
    common(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "import", "remove"))
    p.add_argument("items", nargs="*", metavar="FILE-or-NAME",
                   help="import FILE... (report files or folders) | remove NAME-or-ID")


def run(args: argparse.Namespace, store: Store, *, now: float | None = None,
        guided: Sequence[Result] | None = None, say: Say = print) -> int:
    """``guided`` is the people's answers as results; by default they are made from this household's answers."""
    now = time.time() if now is None else now
    if args.action == "import":
        return import_files([Path(item) for item in args.items], store, now, say)
    if args.action == "remove":
        if len(args.items) != 1:
            print("homeguard: say which computer to remove: homeguard household remove NAME-or-ID", file=sys.stderr)
            return EXIT_USAGE
        try:
            gone = store.remove_computer(args.items[0])
        except StoreError as exc:
            print(f"homeguard: {exc}", file=sys.stderr)
            return EXIT_USAGE
        say(f"Removed {gone.computer_name} from the household's computers.")
        return EXIT_OK
    if args.items:
        print("homeguard: `homeguard household` lists the computers and takes no names", file=sys.stderr)
        return EXIT_USAGE
    say("\n".join(render(picture(store, now, _people_answers(store) if guided is None else guided), now)))
    return EXIT_OK


def import_files(paths: Sequence[Path], store: Store, now: float, say: Say) -> int:
    from auditor.intake import Refused, ReportRefused, read_reports

    if not paths:
        print("homeguard: name the report files (or folders of them) to add: homeguard household import FILE...",
              file=sys.stderr)
        return EXIT_USAGE
    used = 0
    for report in read_reports(paths, now=now):
        if isinstance(report, Refused):
            print(f"homeguard: {report.message}", file=sys.stderr)
            continue
        try:
            outcome = store.import_computer(report, now)
        except ReportRefused as exc:
            print(f"homeguard: {exc}", file=sys.stderr)
            continue
        used += 1
        name = report.computer_name
        say({"added": f"Added {name} ({report.source}).", "replaced": f"Updated {name} with its newer scan "
             f"({report.source}).", "up to date": f"{name} is already up to date ({report.source})."}[outcome])
    return EXIT_OK if used else EXIT_USAGE


def picture(store: Store, now: float, guided: Sequence[Result]) -> HouseholdScore:
    """Every computer the history knows, and the people's answers, scored together."""
    from auditor.household_score import household_score, other_computer, read_kept, this_computer
    from auditor.intake import ReportRefused

    computers: list[Computer] = []
    latest = store.latest_run_id()
    run = store.load_run(latest) if latest is not None else None
    if run is not None:
        computers.append(this_computer(run, store.install_id(), now))
    for kept in store.other_computers():
        try:
            computers.append(other_computer(read_kept(kept), now))
        except ReportRefused as exc:  # a row changed by hand: said, and left out, never a crash
            print(f"homeguard: the kept report of {kept.computer_name} could not be read and was left out: "
                  f"{exc.reason}", file=sys.stderr)
    return household_score(computers, guided)


def _people_answers(store: Store) -> list[Result]:
    from auditor.cli_family import household_region
    from auditor.guided import guided_results
    from auditor.household import Household
    from auditor.packs import load_content

    content = load_content()
    for error in content.errors:
        print(f"homeguard: a content pack has a problem and part of it was left out: {error}", file=sys.stderr)
    region = household_region(content, store)
    return guided_results(content, Household(store), region=region.id if region else "")


def render(score: HouseholdScore, now: float) -> list[str]:
    """The household as lines of plain text (names are shown as the plain text they are, never as markup)."""
    from auditor.textreport import describe_line

    lines = ["Every computer in the household", ""]
    if not score.computers:
        lines += ["  No computer has been checked yet: run `homeguard scan` here, and add the others' reports",
                  "  with `homeguard household import FILE...`.", ""]
    for c in score.computers:
        lines += _computer_lines(c, describe_line(c.card.overall))
    lines += [f"Household score: {describe_line(score.card.overall)}",
              f"  ({len(score.computers)} computer{'s' if len(score.computers) != 1 else ''} and the people's "
              "answers)", ""]
    if score.action_needed:
        lines.append("Action needed")
        lines += [f"  - {_step(step)}" for step in score.action_needed]
        lines.append("")
    if score.next_steps:
        lines.append("Do these next")
        lines += [f"  {i}. {_step(step)}" for i, step in enumerate(score.next_steps, 1)]
        lines.append("")
    return lines


def _computer_lines(c: Computer, described: str) -> list[str]:
    platform = PLATFORM_WORDS.get(c.platform, c.platform)
    whose = f"this computer, {platform}" if c.this_computer else platform
    moment = time.localtime(c.scanned_at)
    when = f"{moment.tm_mday} {time.strftime('%B %Y', moment)}"
    stale = ", out of date" if c.out_of_date else ""
    lines = [f"  {c.name or 'a computer with no name'} ({whose})", f"    score: {described}",
             f"    scanned {when}{stale}"]
    if c.out_of_date:
        lines.append(f"    Its report is more than {OUT_OF_DATE_DAYS} days old, so its results count as not checked: "
                     "scan it again and add its new report.")
    elif c.most_urgent is not None:
        lines.append(f"    most urgent: {_what(c.most_urgent)}")
    else:
        lines.append("    most urgent: nothing known needs putting right")
    return [*lines, ""]


def _step(step: Step) -> str:
    result = step.result
    where = f"on {step.computer}" if step.computer else f"for {result.subject}" if result.subject else "for everyone"
    return f"{_what(result)} ({where})"


def _what(result: Result) -> str:
    """A check's title states the good state ("The disk is encrypted"), so how far from it is said beside it."""
    from auditor.model import Status

    return f"{result.title}: {'partly done' if result.status is Status.PARTIAL else 'needs fixing'}"
