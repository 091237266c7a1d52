"""The household's picture as the reports show it: this computer's scan, the kept reports of the family's other
computers, and the people's answers, scored together by ``auditor.household_score``.

The terminal (``homeguard household``, ``homeguard scan`` and ``homeguard report``) and the window (the Overview and
the Report page) all get the picture from ``household_picture`` so that every front end lists the same computers
with the same scores. It reads the history, so the window calls it on a worker, never on the main thread.

A kept report is read back through ``auditor.intake`` like any file; one that can no longer be read (a row changed
by hand) is left out and handed to ``on_refused``, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from auditor.household_score import Computer, HouseholdScore, household_score, other_computer, read_kept, this_computer
from auditor.intake import ReportRefused

if TYPE_CHECKING:
    from auditor.model import Result, ScanRun
    from auditor.store import OtherComputer, Store

Refused = Callable[["OtherComputer", ReportRefused], None]


def household_picture(store: Store, now: float, guided: Iterable[Result], *, run: ScanRun | None = None,
                      on_refused: Refused | None = None) -> HouseholdScore:
    """Every computer and the people's answers (``guided``), scored together as they count at ``now``.

    ``run`` is this computer's scan as the report shows it; without one, the newest scan in the history (and no
    computer of its own before the first scan).
    """
    if run is None:
        latest = store.latest_run_id()
        run = store.load_run(latest) if latest is not None else None
    computers: list[Computer] = []
    if run is not None:
        computers.append(this_computer(run, store.install_id(), now))
    for kept in store.other_computers():
        try:
            computers.append(other_computer(read_kept(kept), now))
        except ReportRefused as exc:
            if on_refused is not None:
                on_refused(kept, exc)
    return household_score(computers, guided)


def home_of(store: Store, run: ScanRun, now: float, *, warn: Callable[[str], None] | None = None,
            on_refused: Refused | None = None) -> HouseholdScore | None:
    """The household around this computer's ``run``, for its report; None when no other computer has been added
    (the report is then this computer's alone, and nothing more is read).

    The people's answers are the ones the scan carries, so the household score and this computer's part of the
    report count the same answers; a scan made without them (``--device-only``) gets the answers as they are now.
    """
    if not store.other_computers():
        return None
    guided = answers_in(run) or people_answers(store, warn)
    score = household_picture(store, now, guided, run=run, on_refused=on_refused)
    return score if others(score) else None


def answers_in(run: ScanRun) -> list[Result]:
    """The people's answers a scan carries (none for a scan made with ``--device-only``)."""
    return [r for r in run.results if r.kind == "guided"]


def people_answers(store: Store, warn: Callable[[str], None] | None = None) -> list[Result]:
    """The people's answers as they are now, from this household's answers (``warn`` hears of a damaged pack)."""
    from auditor.cli_family import household_region
    from auditor.guided import guided_results
    from auditor.household import Household
    from auditor.packs import load_content

    content = load_content()
    for error in content.errors:
        if warn is not None:
            warn(f"a content pack has a problem and part of it was left out: {error}")
    region = household_region(content, store)
    return guided_results(content, Household(store), region=region.id if region else "")


def others(score: HouseholdScore) -> Sequence[Computer]:
    """The household's computers other than this one: the reports gain their part only when there are some."""
    return [c for c in score.computers if not c.this_computer]
