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
- ``homeguard household share FOLDER`` / ``share --off``: the shared folder (``auditor.cli_shared_folder``); while
  one is set, the list first reads the others' reports from it.

This module only presents; the rules live in ``auditor.household_score``, ``auditor.next_steps`` and the store.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.store import Store, StoreError

if TYPE_CHECKING:
    from auditor.household_score import HouseholdScore
    from auditor.intake import ReportRefused
    from auditor.model import Result, ScanRun
    from auditor.store import OtherComputer

EXIT_OK, EXIT_USAGE = 0, 2
Say = Callable[[str], None]


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                 common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("household", help="the family's other computers: add their reports, list every computer",
                       description="With no action, lists every computer of the household with its score and its "
                       "most urgent fix, then the household score and what to do next. `import FILE...` adds "
                       "other computers' reports (files, or folders of them); `remove NAME-or-ID` forgets one. "
                       "`share FOLDER` uses a shared folder (a USB stick, or a folder your own sync tool such as "
                       "OneDrive, iCloud Drive, Dropbox or Nextcloud keeps in step): each computer puts its latest "
                       "report there after every scan, and this list first reads the others' reports from it. "
                       "Homeguard never sends anything itself. `share --off` stops using it; `share` alone says "
                       "which folder is used.")
    common(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "import", "remove", "share"))
    p.add_argument("items", nargs="*", metavar="FILE-or-NAME",
                   help="import FILE... (report files or folders) | remove NAME-or-ID | share FOLDER")
    p.add_argument("--off", action="store_true", help="with share: stop using the shared folder (its files stay)")


def run(args: argparse.Namespace, store: Store, *, now: float | None = None,
        guided: Sequence[Result] | None = None, say: Say = print) -> int:
    """``guided`` is the people's answers as results; by default they are made from this household's answers."""
    now = time.time() if now is None else now
    off = bool(getattr(args, "off", False))
    if args.action == "share" or off:
        from auditor.cli_shared_folder import share

        if args.action != "share":
            print("homeguard: --off goes with share: homeguard household share --off", file=sys.stderr)
            return EXIT_USAGE
        return share(args.items, off, store, say)
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
    from auditor.cli_shared_folder import read_shared_folder

    read_shared_folder(store, now, say)  # first the others' newest reports from the shared folder, if one is set
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
    """Every computer the history knows, and the people's answers, scored together (``auditor.household_picture``)."""
    from auditor.household_picture import household_picture

    return household_picture(store, now, guided, on_refused=refused_note)


def refused_note(kept: OtherComputer, exc: ReportRefused) -> None:
    """A kept report that can no longer be read (a row changed by hand): said, and left out, never a crash."""
    print(f"homeguard: the kept report of {kept.computer_name} could not be read and was left out: {exc.reason}",
          file=sys.stderr)


def _people_answers(store: Store) -> list[Result]:
    from auditor.household_picture import people_answers

    return people_answers(store, warn=_warn)


def home_around(store: Store, run: ScanRun) -> HouseholdScore | None:
    """The household around this scan, for ``homeguard scan`` and ``homeguard report``; None when no other computer
    has been added. A kept report or a content pack that cannot be read is said on stderr."""
    from auditor.household_picture import home_of

    return home_of(store, run, time.time(), warn=_warn, on_refused=refused_note)


def _warn(text: str) -> None:
    print(f"homeguard: {text}", file=sys.stderr)


def render(score: HouseholdScore, now: float) -> list[str]:
    """The household as lines of plain text (``auditor.household_text``: names are the plain text they are)."""
    from auditor.household_text import render as household_lines

    return household_lines(score)
