"""The club summary: any number of device reports folded into one anonymous picture for a teacher.

A teacher with thirty machines wants to know how the club is doing, not how one pupil is doing, so the summary is
made from check ids, check titles, strategy titles and numbers only: no computer name, nickname, user name, file
path or evidence text from a report is ever copied into it. Every count of machines or of people passes through
``protect`` (the small-group rule, the one place it lives) before it leaves this module, so no output, today's or a
future one, can show a group of one to four.

Reports are read one at a time. What is kept of each machine is a small tally (its scores, one status per check and
its answer counts), never the report itself: the newest scan per install id has to win, and only once every report
has been read is it known which one that is. A report scanned more than ``OUT_OF_DATE_DAYS`` ago still counts as a
machine, but everything it checked counts as not checked (its score is "no score yet").
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal

from auditor.advice import STRATEGIES, STRATEGY_IDS
from auditor.freshness import OUT_OF_DATE_DAYS, out_of_date
from auditor.intake import DeviceReport, Refused
from auditor.model import JsonDict, Result, Severity, Status
from auditor.scoring import score_line

SUMMARY_FORMAT = "homeguard-club-summary"
SUMMARY_VERSION = 1
SMALL_GROUP = 5  # groups of fewer machines or people than this are never shown as a number
FEWER: Final = "fewer than 5"
TITLE_CHARS = 160

Count = int | Literal["fewer than 5"]
# The columns of a device check's row, and of a guided question's row, in the order every output shows them.
CHECK_COLUMNS = ("pass", "partial", "fail", "could_not_tell", "not_applicable")
ANSWER_COLUMNS = ("yes", "partly", "no", "not_sure", "not_applicable")
_COLUMN_OF = {Status.PASS: 0, Status.PARTIAL: 1, Status.FAIL: 2, Status.UNKNOWN: 3, Status.ERROR: 3,
              Status.NOT_APPLICABLE: 4}
BANDS = tuple((low, low + 9 if low < 90 else 100) for low in range(0, 100, 10))
_SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}
_UNCHECKED_LIMIT = 4_096


def protect(counts: Sequence[int]) -> tuple[Count, ...]:
    """The small-group rule, applied to one group of counts that add up to something the reader may know.

    A count of 1 to 4 is shown as "fewer than 5". A count of 0 is shown as 0: a group with nobody in it points at
    nobody, and hiding it would turn the best news ("no machine has remote access open") into a vague worry. But
    when any count of the same group is hidden, its zeros are hidden too (0 is fewer than 5, so that stays true):
    otherwise a hidden count could be worked out by subtracting the others from the total, and a lone pupil's
    machine ("pass: fewer than 5, everything else 0") would be plain to see.
    """
    hidden = any(0 < count < SMALL_GROUP for count in counts)
    return tuple(FEWER if count < SMALL_GROUP and (hidden or count > 0) else count for count in counts)


def protect_one(count: int) -> Count:
    return protect((count,))[0]


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    machines: Count


@dataclass(frozen=True)
class Averages:
    """An average score and coverage, each over a group big enough to hide any one machine in (else None)."""

    machines: Count  # machines it applies to (the coverage's group)
    machines_with_score: Count  # machines with a score (the score's group)
    score: float | None
    coverage: float | None  # 0-1

    def to_dict(self) -> JsonDict:
        return {"machines": self.machines, "machines_with_score": self.machines_with_score,
                "average_score": _round(self.score, 1), "average_coverage": _round(self.coverage, 4)}


@dataclass(frozen=True)
class StrategyAverages:
    id: str
    title: str
    averages: Averages


@dataclass(frozen=True)
class CheckRow:
    """One device check, with how many machines fell in each of ``CHECK_COLUMNS``."""

    id: str
    title: str
    strategy: str | None  # None for a strategy this version does not know
    severity: Severity
    counts: tuple[Count, ...]  # in CHECK_COLUMNS order

    def count(self, column: str) -> Count:
        return self.counts[CHECK_COLUMNS.index(column)]


@dataclass(frozen=True)
class AnswerRow:
    """One guided question, with how many answers (from people, or about devices) fell in each of
    ``ANSWER_COLUMNS``. ``asked`` is how many it applied to: yes + partly + no + not sure."""

    id: str
    title: str
    strategy: str | None
    severity: Severity
    counts: tuple[Count, ...]  # in ANSWER_COLUMNS order
    asked: Count

    def count(self, column: str) -> Count:
        return self.counts[ANSWER_COLUMNS.index(column)]


@dataclass(frozen=True)
class FixNeed:
    id: str
    title: str
    severity: Severity
    machines: Count  # machines where the check fails or only partly passes


@dataclass(frozen=True)
class ClubSummary:
    """The anonymous summary. Every count in it has already been through ``protect``; it holds no file name."""

    generated_at: float
    machines: Count
    out_of_date: Count
    set_aside: int  # older reports of a machine whose newest report was counted instead (files, not people)
    refused: int  # files that could not be read (the terminal lists them; the summary only counts them)
    bands: tuple[Band, ...]
    no_score: Count
    overall: Averages
    strategies: tuple[StrategyAverages, ...]
    checks: tuple[CheckRow, ...]
    fixes: tuple[FixNeed, ...]  # most needed first; those shown as "fewer than 5" last
    answers: tuple[AnswerRow, ...]

    def to_dict(self) -> JsonDict:
        """The documented shape, ``auditor/schema/club-summary-1.schema.json``."""
        return {
            "format": SUMMARY_FORMAT,
            "version": SUMMARY_VERSION,
            "generated_at": datetime.fromtimestamp(self.generated_at, UTC).isoformat(timespec="seconds"),
            "rules": {"small_group": SMALL_GROUP, "hidden_as": FEWER, "out_of_date_after_days": OUT_OF_DATE_DAYS},
            "reports": {"machines": self.machines, "out_of_date": self.out_of_date, "set_aside": self.set_aside,
                        "refused": self.refused},
            "scores": {"bands": [{"from": b.low, "to": b.high, "machines": b.machines} for b in self.bands],
                       "no_score": self.no_score, **self.overall.to_dict()},
            "strategies": [{"id": s.id, "title": s.title, **s.averages.to_dict()} for s in self.strategies],
            "checks": [{"id": c.id, "title": c.title, "strategy": c.strategy, "severity": str(c.severity),
                        **dict(zip(CHECK_COLUMNS, c.counts, strict=True))} for c in self.checks],
            "fixes": [{"id": f.id, "title": f.title, "severity": str(f.severity), "machines": f.machines}
                      for f in self.fixes],
            "answers": [{"id": a.id, "title": a.title, "strategy": a.strategy, "severity": str(a.severity),
                         "asked": a.asked, **dict(zip(ANSWER_COLUMNS, a.counts, strict=True))}
                        for a in self.answers],
        }


def summarise(reports: Iterable[DeviceReport | Refused], now: float, *,
              on_refused: Callable[[Refused], None] | None = None) -> ClubSummary:
    """Fold reports, read one at a time, into the anonymous summary. ``now`` decides which reports are out of date.

    A refused file is counted and handed to ``on_refused`` (the terminal prints its name there); its name never
    reaches the summary. The same machine seen twice (``DeviceReport.key``: its install id) counts once, with its
    newest scan.
    """
    tally = _Tally(now)
    for item in reports:
        if isinstance(item, Refused):
            tally.refused += 1
            if on_refused is not None:
                on_refused(item)
        else:
            tally.add(item)
    return tally.summary()


@dataclass(frozen=True)
class _CheckInfo:
    id: str
    title: str
    strategy: str | None
    severity: Severity
    seen_at: float  # the newest scan the title came from: a check renamed in a later version shows its new title


@dataclass(frozen=True)
class _Machine:
    """What is kept of one machine's report until the end: numbers and small ints, never text from the report."""

    scanned_at: float
    out_of_date: bool
    lines: tuple[tuple[float | None, float | None], ...]  # (score, coverage): overall, then each strategy
    checks: tuple[tuple[int, int], ...]  # (check number, column) for each device check
    answers: tuple[tuple[int, int], ...]  # (question number x 8 + column, how many answers)


class _Tally:
    """Reports in, one at a time; a small ``_Machine`` kept per install id; the summary out at the end."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.refused = 0
        self.set_aside = 0
        self.machines: dict[str, _Machine] = {}
        self.numbers: dict[str, dict[str, int]] = {"device": {}, "guided": {}}  # kind -> check id -> number
        self.infos: list[_CheckInfo] = []
        self.unchecked: dict[tuple[str, str, str, Severity, str], Result] = {}  # see _unchecked

    def add(self, report: DeviceReport) -> None:
        key = report.key  # the install id; for an old report without one, the computer's name (or the file's)
        held = self.machines.get(key)
        if held is not None:
            self.set_aside += 1  # one of the two is set aside: the older
            if held.scanned_at >= report.scanned_at:
                return
        self.machines[key] = self._machine(report)

    def _machine(self, report: DeviceReport) -> _Machine:
        stale = out_of_date(report.scanned_at, self.now)
        results = [self._unchecked(r) for r in report.run.results] if stale else report.run.results
        # Scored as auditor.scoring.scorecard scores it (the same score_line, overall and for each strategy), with
        # the results grouped in one pass rather than one pass per strategy: this runs for every report.
        groups: dict[str, list[Result]] = {sid: [] for sid in STRATEGY_IDS}
        checks: dict[int, int] = {}
        answers: Counter[int] = Counter()
        seen_at, infos, numbers = report.scanned_at, self.infos, self.numbers
        for result in results:
            if not result.strategy:  # a check that could not be loaded: not a check of the machine
                continue
            group = groups.get(result.strategy)
            if group is not None:  # a strategy this version does not know still counts in the overall score
                group.append(result)
            number = numbers["guided" if result.kind == "guided" else "device"].get(result.check_id)
            if number is None or seen_at > infos[number].seen_at:
                number = self._number(result, seen_at)
            if result.kind == "guided":
                answers[number * 8 + _COLUMN_OF[result.status]] += 1
            else:
                checks[number] = _COLUMN_OF[result.status]
        lines = tuple((line.score, line.coverage) for line in (score_line(results), *map(score_line, groups.values())))
        return _Machine(report.scanned_at, stale, lines, tuple(checks.items()), tuple(answers.items()))

    def _number(self, result: Result, seen_at: float) -> int:
        numbers = self.numbers["guided" if result.kind == "guided" else "device"]
        number = numbers.get(result.check_id)
        if number is None:
            number = numbers[result.check_id] = len(self.infos)
            self.infos.append(_info(result, seen_at))
        elif seen_at > self.infos[number].seen_at:
            self.infos[number] = _info(result, seen_at)
        return number

    def _unchecked(self, result: Result) -> Result:
        """A result of an out-of-date report: whatever it found then counts as not checked now (only "does not
        apply" stays). Only what the summary reads is kept; machines share their checks, so each is made once
        (up to a bound: a club of hostile files cannot grow it)."""
        if result.status is Status.NOT_APPLICABLE:
            return result
        key = (result.check_id, result.title, result.strategy, result.severity, result.kind)
        found = self.unchecked.get(key)
        if found is None:
            found = Result(result.check_id, result.title, result.strategy, result.severity, Status.UNKNOWN, "",
                           kind=result.kind)
            if len(self.unchecked) < _UNCHECKED_LIMIT:
                self.unchecked[key] = found
        return found

    def summary(self) -> ClubSummary:
        machines = list(self.machines.values())
        scores = [m.lines[0][0] for m in machines]
        band_counts = [sum(1 for s in scores if s is not None and _band(s) == i) for i in range(len(BANDS))]
        shown = protect([*band_counts, sum(1 for s in scores if s is None)])
        return ClubSummary(
            generated_at=self.now,
            machines=protect_one(len(machines)),
            out_of_date=protect_one(sum(1 for m in machines if m.out_of_date)),
            set_aside=self.set_aside,
            refused=self.refused,
            bands=tuple(Band(low, high, count) for (low, high), count in zip(BANDS, shown, strict=False)),
            no_score=shown[-1],
            overall=_averages([m.lines[0] for m in machines]),
            strategies=tuple(StrategyAverages(s.id, s.title, _averages([m.lines[i] for m in machines]))
                             for i, s in enumerate(STRATEGIES, start=1)),
            checks=self._check_rows(machines),
            fixes=self._fixes(machines),
            answers=self._answer_rows(machines),
        )

    def _check_rows(self, machines: list[_Machine]) -> tuple[CheckRow, ...]:
        columns: dict[int, list[int]] = {}
        for machine in machines:
            for number, column in machine.checks:
                columns.setdefault(number, [0] * len(CHECK_COLUMNS))[column] += 1
        rows = [CheckRow(info.id, info.title, info.strategy, info.severity, protect(columns[number]))
                for number, info in enumerate(self.infos) if number in columns]
        return tuple(sorted(rows, key=_row_order))

    def _answer_rows(self, machines: list[_Machine]) -> tuple[AnswerRow, ...]:
        columns: dict[int, list[int]] = {}
        for machine in machines:
            for key, count in machine.answers:
                number, column = divmod(key, 8)
                columns.setdefault(number, [0] * len(ANSWER_COLUMNS))[column] += count
        rows = []
        for number, info in enumerate(self.infos):
            if number in columns:
                counts = columns[number]
                rows.append(AnswerRow(info.id, info.title, info.strategy, info.severity, protect(counts),
                                      asked=protect_one(sum(counts[:4]))))
        return tuple(sorted(rows, key=_row_order))

    def _fixes(self, machines: list[_Machine]) -> tuple[FixNeed, ...]:
        """Checks by how many machines need them (fail or partly), most first, the more important first when
        level. Those shown as "fewer than 5" come last, by importance and title only, so their order cannot tell
        which of them is bigger."""
        need: Counter[int] = Counter()
        for machine in machines:
            need.update(number for number, column in machine.checks if column in (1, 2))
        ranked = sorted(need.items(), key=lambda item: (
            item[1] < SMALL_GROUP, -item[1] if item[1] >= SMALL_GROUP else 0,
            _SEVERITY_ORDER[self.infos[item[0]].severity], self.infos[item[0]].title, self.infos[item[0]].id))
        return tuple(FixNeed(self.infos[n].id, self.infos[n].title, self.infos[n].severity, protect_one(count))
                     for n, count in ranked)


def _averages(lines: list[tuple[float | None, float | None]]) -> Averages:
    scores = [score for score, _ in lines if score is not None]
    coverages = [coverage for _, coverage in lines if coverage is not None]
    return Averages(
        machines=protect_one(len(coverages)),
        machines_with_score=protect_one(len(scores)),
        score=statistics.fmean(scores) if len(scores) >= SMALL_GROUP else None,
        coverage=statistics.fmean(coverages) if len(coverages) >= SMALL_GROUP else None,
    )


def _band(score: float) -> int:
    """Which band of ten a score is in, judged by the number a reader sees (79.6 is shown, and counted, as 80)."""
    return min(len(BANDS) - 1, round(score) // 10)


def _info(result: Result, seen_at: float) -> _CheckInfo:
    return _CheckInfo(_one_line(result.check_id, 80), _one_line(result.title, TITLE_CHARS) or
                      _one_line(result.check_id, 80), result.strategy if result.strategy in STRATEGY_IDS else None,
                      result.severity, seen_at)


def _one_line(text: str, limit: int) -> str:
    """A title from a report, made safe to show anywhere: one line, no control characters, not huge."""
    flat = " ".join("".join(ch for ch in str(text) if ch.isprintable()).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _row_order(row: CheckRow | AnswerRow) -> tuple[int, str, str]:
    place = STRATEGY_IDS.index(row.strategy) if row.strategy in STRATEGY_IDS else len(STRATEGY_IDS)
    return (place, row.title.casefold(), row.id)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
