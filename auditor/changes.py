"""What changed since the previous scan of this computer: the one rule the Overview, History, the terminal report
and the scheduled re-check's notification ("a check got worse since the last scan") all use.

Two scans are compared check by check, on this computer's own checks only (results of kind ``"device"``). The
family's guided answers are carried in each saved run too, but they are left out on purpose:
- they change because a person answered in the app, not because the computer changed, so the person already knows;
- an answer that grows old has its own rule and its own notice (``auditor.guided.too_old``: "3 answers for Sam
  need confirming"); compared here as well, every expiry would also read as "could not be checked this time";
- a ``--device-only`` scan carries no answers, and the window shows the answers as they are now rather than as
  they were saved, so comparing them would report answers "gone" or "new" that nobody touched.

The previous scan is the newest one before it that finished and can be read: a scan stopped early holds only some
checks (every other one would look "new"), and one whose rows are damaged would make the rows it lost look "new",
so both are passed over for the one before. A previous scan of another computer (a data folder copied from one
computer to another) or of another system is not compared at all: the sentence says so instead, since differences
between two computers are not changes. A check missing only because this scan ran in safe mode, or because it was
stopped early, is said as such, never as "gone".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from auditor.dates import date_text, date_time_text
from auditor.model import PLATFORM_NAMES, Result, ScanRun, Severity, Status
from auditor.plural import plural, word_for

if TYPE_CHECKING:
    from auditor.store import Store

UNCHECKED = (Status.UNKNOWN, Status.ERROR)
TITLES_SHOWN = 3  # checks named in the sentence for each kind of bad news; the rest are counted


class ChangeKind(StrEnum):
    """What happened to one check between two scans. Declared most serious first: that is the order shown."""

    WORSE = "worse"  # pass -> partial, pass or partial -> fail
    NEWLY_FAILING = "newly_failing"  # could not tell, check failed or did not apply -> fail
    NEWLY_UNCHECKED = "newly_unchecked"  # pass, partial or fail -> could not tell or check failed
    GONE = "gone"  # in the previous scan, not in this one (a plugin removed, a check retired)
    NEW = "new"  # in this scan, not in the previous one
    FIXED = "fixed"  # fail or partial -> pass
    BETTER = "better"  # fail -> partial
    CHECKED_AGAIN = "checked_again"  # could not tell or check failed -> pass or partial
    NOW_APPLIES = "now_applies"  # did not apply -> anything but fail
    NO_LONGER_APPLIES = "no_longer_applies"  # anything -> does not apply
    NOT_RUN_SAFE_MODE = "not_run_safe_mode"  # a plugin's check, not loaded because this scan ran in safe mode
    NOT_RUN_STOPPED = "not_run_stopped"  # this scan was stopped before the check finished
    UNCHANGED = "unchanged"


_KIND_ORDER = {kind: rank for rank, kind in enumerate(ChangeKind)}
_STATUS_ORDER = {Status.FAIL: 0, Status.ERROR: 1, Status.UNKNOWN: 2, Status.PARTIAL: 3, Status.PASS: 4,
                 Status.NOT_APPLICABLE: 5}
_SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(Severity)}


@dataclass(frozen=True)
class CheckChange:
    """One check in two scans: its status before (None: not in the previous scan) and now (None: not in this one)."""

    check_id: str
    title: str
    severity: Severity
    kind: ChangeKind
    before: Status | None
    after: Status | None

    @property
    def got_worse(self) -> bool:
        """Something known to be good is now known to be less good: pass -> partial, pass or partial -> fail."""
        return self.kind is ChangeKind.WORSE

    @property
    def newly_failing(self) -> bool:
        """Fails now and did not in the previous scan (got worse, or failing where it could not tell before)."""
        return self.after is Status.FAIL and self.before is not None and self.before is not Status.FAIL

    @property
    def changed(self) -> bool:
        return self.kind is not ChangeKind.UNCHANGED


@dataclass(frozen=True)
class Comparison:
    """A scan compared with the previous one: every check of either, the most serious change first and the checks
    that did not change last. ``not_compared`` says, in words, why the two were not compared (then ``changes`` is
    empty)."""

    finished_at: float
    previous_finished_at: float
    previous_run_id: int | None
    changes: tuple[CheckChange, ...] = ()
    not_compared: str = ""

    @property
    def changed(self) -> tuple[CheckChange, ...]:
        return tuple(c for c in self.changes if c.changed)

    def of_kind(self, kind: ChangeKind) -> tuple[CheckChange, ...]:
        return tuple(c for c in self.changes if c.kind is kind)


def classify(before: Status | None, after: Status | None, *, safe_mode: bool = False, stopped: bool = False,
             builtin: bool = True) -> ChangeKind:
    """The kind of change from ``before`` to ``after`` (None: the check was not in that scan). For a check missing
    from this scan: ``stopped`` (this scan was stopped early), or ``safe_mode`` with ``builtin`` False (a plugin's
    check, which safe mode does not load) explain why it is missing."""
    if before is None and after is None:
        return ChangeKind.UNCHANGED
    if before is None:
        return ChangeKind.NEW
    if after is None:
        if stopped:
            return ChangeKind.NOT_RUN_STOPPED
        return ChangeKind.NOT_RUN_SAFE_MODE if safe_mode and not builtin else ChangeKind.GONE
    if before is after or (before in UNCHECKED and after in UNCHECKED):
        return ChangeKind.UNCHANGED
    if after is Status.FAIL:
        return ChangeKind.WORSE if before in (Status.PASS, Status.PARTIAL) else ChangeKind.NEWLY_FAILING
    if after is Status.NOT_APPLICABLE:
        return ChangeKind.NO_LONGER_APPLIES
    if before is Status.NOT_APPLICABLE:
        return ChangeKind.NOW_APPLIES
    if after in UNCHECKED:
        return ChangeKind.NEWLY_UNCHECKED
    if before in UNCHECKED:
        return ChangeKind.CHECKED_AGAIN
    if after is Status.PASS:
        return ChangeKind.FIXED  # from fail or partial
    return ChangeKind.WORSE if before is Status.PASS else ChangeKind.BETTER  # to partial: from pass, or from fail


def _device_results(run: ScanRun) -> dict[str, Result]:
    found: dict[str, Result] = {}
    for result in run.results:
        if result.kind == "device":
            found.setdefault(result.check_id, result)
    return found


def _order(change: CheckChange) -> tuple[int, int, int, str, str]:
    shown = change.after if change.after is not None else change.before
    return (_KIND_ORDER[change.kind], _STATUS_ORDER.get(shown, 9) if shown is not None else 9,
            _SEVERITY_ORDER[change.severity], change.title.casefold(), change.check_id)


def other_computer(current: ScanRun, previous: ScanRun) -> str:
    """Why two scans are not compared, in words ("" when they are of the same computer on the same system)."""
    if previous.hostname != current.hostname:
        system = PLATFORM_NAMES.get(previous.platform, previous.platform)
        return (f"The scan before this one was of another computer ({previous.hostname}, {system}), so the two "
                "are not compared.")
    if previous.platform != current.platform:
        system = PLATFORM_NAMES.get(previous.platform, previous.platform)
        return f"The scan before this one was made on {system}, so the two are not compared."
    return ""


def compare(current: ScanRun, previous: ScanRun | None) -> Comparison | None:
    """``current`` compared with ``previous``, check by check (None when there is no previous scan)."""
    if previous is None:
        return None
    reason = other_computer(current, previous)
    if reason:
        return Comparison(current.finished_at, previous.finished_at, previous.run_id, (), reason)
    now, before = _device_results(current), _device_results(previous)
    changes = []
    for check_id in list(now) + [i for i in before if i not in now]:
        new, old = now.get(check_id), before.get(check_id)
        shown = new if new is not None else old
        assert shown is not None
        builtin = old is None or old.origin is None or old.origin.builtin
        kind = classify(old.status if old else None, new.status if new else None, safe_mode=current.safe_mode,
                        stopped=current.cancelled, builtin=builtin)
        changes.append(CheckChange(check_id, shown.title, shown.severity, kind,
                                   old.status if old else None, new.status if new else None))
    return Comparison(current.finished_at, previous.finished_at, previous.run_id,
                      tuple(sorted(changes, key=_order)))


def worse(changes: Comparison | Iterable[CheckChange] | None) -> bool:
    """Whether any check got worse (pass -> partial, pass or partial -> fail): what the scheduled re-check tells the
    person about. A check that fails where it could not tell before is "newly failing", said in the sentence, but
    not "worse": nothing known to be good changed, and a check that flickers between "could not tell" and "needs
    fixing" would otherwise notify again for the same old problem. (A failing critical check has its own notice.)"""
    if changes is None:
        return False
    items = changes.changes if isinstance(changes, Comparison) else changes
    return any(change.got_worse for change in items)


# -- in words ------------------------------------------------------------------------------------------------------

def _as_is(change: CheckChange) -> str:
    return change.title


def _titles(changes: Sequence[CheckChange], name: Callable[[CheckChange], str]) -> str:
    names = [name(c) for c in changes[:TITLES_SHOWN]]
    if len(changes) > TITLES_SHOWN:
        names.append(f"{len(changes) - TITLES_SHOWN} more")
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _part(kind: ChangeKind, changes: Sequence[CheckChange], name: Callable[[CheckChange], str]) -> str:
    n = len(changes)
    words = {
        ChangeKind.WORSE: f"{n} got worse ({_titles(changes, name)})",
        ChangeKind.NEWLY_FAILING: f"{n} now {word_for(n, 'needs', 'need')} fixing ({_titles(changes, name)})",
        ChangeKind.NEWLY_UNCHECKED: f"{n} could not be checked this time",
        ChangeKind.GONE: f"{n} {word_for(n, 'is', 'are')} no longer checked",
        ChangeKind.NEW: plural(n, "new check"),
        ChangeKind.FIXED: f"{n} fixed",
        ChangeKind.BETTER: f"{n} partly fixed",
        ChangeKind.CHECKED_AGAIN: f"{n} could be checked again",
        ChangeKind.NOW_APPLIES: f"{n} now {word_for(n, 'applies', 'apply')}",
        ChangeKind.NO_LONGER_APPLIES: f"{n} no longer {word_for(n, 'applies', 'apply')}",
        ChangeKind.NOT_RUN_SAFE_MODE: f"{n} not run in safe mode",
        ChangeKind.NOT_RUN_STOPPED: f"{n} not run because the scan was stopped",
    }
    return words[kind]


def _grouped(comparison: Comparison) -> list[tuple[ChangeKind, tuple[CheckChange, ...]]]:
    return [(kind, found) for kind in ChangeKind if kind is not ChangeKind.UNCHANGED
            if (found := comparison.of_kind(kind))]


def since_text(comparison: Comparison) -> str:
    """"the scan on 28 Nov 2026", with the time too when both scans were on the same day."""
    same_day = date_text(comparison.finished_at) == date_text(comparison.previous_finished_at)
    when = date_time_text if same_day else date_text
    return f"the scan on {when(comparison.previous_finished_at)}"


def summary(comparison: Comparison | None, *, on_this_computer: bool = False,
            name: Callable[[CheckChange], str] = _as_is) -> str | None:
    """One plain sentence: "Since the scan on 28 Nov 2026: 1 got worse (The disk is encrypted), 2 fixed, 1 could
    not be checked this time." None when there is no previous scan to compare with. ``on_this_computer`` says so,
    for a page that also shows other computers; ``name`` words a check's title (the window makes it a link)."""
    if comparison is None:
        return None
    if comparison.not_compared:
        return comparison.not_compared
    since = since_text(comparison)
    where = " on this computer" if on_this_computer else ""
    parts = [_part(kind, found, name) for kind, found in _grouped(comparison)]
    if not parts:
        return f"Nothing changed{where} since {since}."
    start = f"On this computer, since {since}" if on_this_computer else f"Since {since}"
    return f"{start}: {', '.join(parts)}."


_SHORT = {
    ChangeKind.WORSE: "worse", ChangeKind.NEWLY_FAILING: "now failing", ChangeKind.NEWLY_UNCHECKED: "not checked",
    ChangeKind.GONE: "no longer checked", ChangeKind.NEW: "new", ChangeKind.FIXED: "fixed",
    ChangeKind.BETTER: "partly fixed", ChangeKind.CHECKED_AGAIN: "checked again", ChangeKind.NOW_APPLIES: "now apply",
    ChangeKind.NO_LONGER_APPLIES: "no longer apply", ChangeKind.NOT_RUN_SAFE_MODE: "not run (safe mode)",
    ChangeKind.NOT_RUN_STOPPED: "not run (stopped)",
}


def short_summary(comparison: Comparison | None) -> str:
    """A few words for a list of scans: "1 worse, 2 fixed"; "No change"; "First scan" when there was none before."""
    if comparison is None:
        return "First scan"
    if comparison.not_compared:
        return "Another computer before"
    parts = [f"{len(found)} {_SHORT[kind]}" for kind, found in _grouped(comparison)]
    return ", ".join(parts) if parts else "No change"


_LINE = {
    **_SHORT, ChangeKind.WORSE: "got worse", ChangeKind.NEWLY_FAILING: "now needs fixing",
    ChangeKind.NEWLY_UNCHECKED: "could not be checked this time", ChangeKind.NEW: "new check",
    ChangeKind.NOW_APPLIES: "now applies", ChangeKind.NO_LONGER_APPLIES: "no longer applies",
    ChangeKind.NOT_RUN_SAFE_MODE: "not run in safe mode", ChangeKind.NOT_RUN_STOPPED: "not run: the scan was stopped",
    ChangeKind.UNCHANGED: "no change",
}


def _status_word(status: Status) -> str:
    return status.label if status is Status.PASS else status.label.lower()  # "OK", "needs fixing"


def change_line(change: CheckChange) -> str:
    """One change for a list: "Firewall is on: got worse (was OK, now needs fixing)"."""
    if change.before is None or change.after is None:
        status = change.after if change.after is not None else change.before
        assert status is not None
        when = "now" if change.after is not None else "last time"
        return f"{change.title}: {_LINE[change.kind]} ({when} {_status_word(status)})"
    return (f"{change.title}: {_LINE[change.kind]} (was {_status_word(change.before)}, "
            f"now {_status_word(change.after)})")


# -- reading the history -------------------------------------------------------------------------------------------

def _readable(store: Store, run_id: int) -> ScanRun | None:
    """A saved scan with every one of its stored results readable; None when it is gone or damaged."""
    try:
        run = store.load_run(run_id)
        if run is None:
            return None
        stored = store.query("SELECT COUNT(*) FROM results WHERE run_id = ?", (run_id,))
    except (sqlite3.DatabaseError, ValueError, TypeError, KeyError):
        return None
    return run if stored and stored[0][0] == len(run.results) else None


def _saved_runs(store: Store) -> list[tuple[int, float, bool]]:
    """Every saved scan as (run id, started at, stopped early), oldest first: the order ``Store.list_runs`` uses."""
    rows = store.query("SELECT id, started_at, cancelled FROM runs ORDER BY started_at, id")
    return [(int(run_id), float(started), bool(cancelled)) for run_id, started, cancelled in rows]


def _newest_finished(store: Store, earlier: Sequence[tuple[int, float, bool]]) -> ScanRun | None:
    """The newest of these scans (oldest first) that finished and can be read whole."""
    for run_id, _, cancelled in reversed(earlier):
        if not cancelled and (found := _readable(store, run_id)) is not None:
            return found
    return None


def previous_scan(store: Store, run: ScanRun) -> ScanRun | None:
    """The newest scan saved before ``run`` that finished and can be read whole (one stopped early or damaged is
    passed over for the one before it); None when there is none. ``run`` need not be saved (``--no-save``)."""
    try:
        rows = _saved_runs(store)
        if run.run_id is not None:
            earlier = [r for r in rows if (r[1], r[0]) < (run.started_at, run.run_id)]
        else:
            earlier = [r for r in rows if r[1] <= run.started_at]
        return _newest_finished(store, earlier)
    except sqlite3.DatabaseError:
        return None


def comparison_for(store: Store, run: ScanRun) -> Comparison | None:
    """``run`` compared with the previous scan in the history (None when there is none)."""
    return compare(run, previous_scan(store, run))


def history_changes(store: Store, run_ids: Iterable[int]) -> dict[int, Comparison | None]:
    """For each saved scan named, what changed since the one before it, reading each scan once, from the one
    before the oldest named (for a list of scans). The first maps to None; one that cannot be read is left out."""
    wanted = set(run_ids)
    found: dict[int, Comparison | None] = {}
    try:
        rows = _saved_runs(store)
        first = next((i for i, row in enumerate(rows) if row[0] in wanted), len(rows))
        last = _newest_finished(store, rows[:first])  # the newest finished, readable scan so far
        for run_id, _, _ in rows[first:]:
            run = _readable(store, run_id)
            if run is None:
                continue
            if run_id in wanted:
                found[run_id] = compare(run, last)
            if not run.cancelled:
                last = run
    except sqlite3.DatabaseError:
        pass  # what was worked out before the history failed is still right
    return found


__all__ = ["ChangeKind", "CheckChange", "Comparison", "change_line", "classify", "compare", "comparison_for",
           "history_changes", "other_computer", "previous_scan", "short_summary", "since_text", "summary", "worse"]
