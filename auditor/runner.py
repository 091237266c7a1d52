"""Running checks side by side, each against its own deadline, so that one bad check never spoils a scan.

Each check runs in its own daemon thread. Python cannot stop a thread, so a check that overruns its deadline is
reported as ``error`` and abandoned: the scan finishes without it, the thread is never joined (daemon threads do
not hold the program open), and every command it runs through the host was already limited to its deadline.
The check allowed the longest starts first and is given a moment (``HEAD_START``) to start its first command, the
slowest of the scan as a rule, before the others start and compete with it for the interpreter. A scan's registry
leaves each built-in check's part for this system to be imported by the check's own thread (``registry.discover``),
so the others' imports happen beside that first command rather than before it; a part that will not import is that
check's ``error`` row.
Progress is reported through a plain callback; the desktop app turns it into Qt signals on the main thread.
"""

from __future__ import annotations

import contextlib
import dataclasses
import queue
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from auditor import __version__
from auditor.check import Check, CheckContext, CouldNotTell, DeadlineHost, PartNotLoaded
from auditor.contract import BrokenContract, checked_finding, effective_timeout
from auditor.host import DEFAULT_COMMAND_TIMEOUT, AccessDenied, CommandResult, Host
from auditor.model import Evidence, Finding, Origin, Result, ScanRun, Status
from auditor.registry import LoadFailure
from auditor.settings import Settings

T = TypeVar("T")

DEFAULT_MAX_WORKERS = 16
# Seconds the check started first (the one allowed the longest, usually waiting on the package manager) is given
# to start its first command before the others start and compete with it for the interpreter.
HEAD_START = 0.02


@dataclass(frozen=True)
class Progress:
    """One step of a scan: a check started or finished. ``done`` counts finished checks."""

    event: str  # "started" or "finished"
    check_id: str
    done: int
    total: int
    result: Result | None = None


ProgressCallback = Callable[[Progress], None]


def run_scan(
    checks: Sequence[tuple[Check, Origin]],
    host: Host,
    settings: Settings | None = None,
    *,
    failures: Sequence[LoadFailure] = (),
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    max_workers: int = DEFAULT_MAX_WORKERS,
    safe_mode: bool = False,
) -> ScanRun:
    """Run every check that supports this host's platform and return the whole scan."""
    settings = settings or Settings()
    cancel = cancel or threading.Event()
    wanted, failures = unique_ids([(check, origin) for check, origin in checks if check.supports(host.platform)],
                                  failures)
    total = len(wanted) + len(failures)
    started_at = time.time()
    results: dict[str, Result] = {}
    order = [check.id for check, _ in wanted] + [f.name for f in failures]

    def report(progress: Progress) -> None:
        if on_progress is None:
            return
        try:
            on_progress(progress)
        except Exception:  # a broken listener must not break the scan
            import logging  # only here: importing it costs a scan 2 ms, and a listener almost never breaks

            logging.getLogger(__name__).exception("progress callback failed")

    for failure in failures:
        results[failure.name] = failure.to_result()
        report(Progress("finished", failure.name, len(results), total, results[failure.name]))

    events: queue.Queue[tuple[str, Finding, float]] = queue.Queue()
    # The checks allowed the longest start first: they are the ones that wait on slow programs (the package
    # manager, PowerShell), and a scan ends when its slowest check does. Results keep the registry's order.
    pending = sorted(wanted, key=lambda pair: -effective_timeout(pair[0].spec))
    running: dict[str, tuple[Check, Origin, float]] = {}  # id -> (check, origin, deadline)
    head_start: threading.Event | None = threading.Event() if len(pending) > 1 else None

    while pending or running:
        while pending and len(running) < max(1, max_workers) and not cancel.is_set():
            check, origin = pending.pop(0)
            deadline = time.monotonic() + effective_timeout(check.spec)
            running[check.id] = (check, origin, deadline)
            first = head_start
            context = CheckContext(DeadlineHost(host if first is None else _Announcing(host, first), deadline),
                                   settings)
            thread = threading.Thread(
                target=_work, args=(check, origin, context, events, first), name=f"check-{check.id}", daemon=True
            )
            report(Progress("started", check.id, len(results), total))
            thread.start()
            if first is not None:  # its first command (or its answer) lets the others start; never more than this
                head_start = None
                first.wait(HEAD_START)
        if cancel.is_set():
            pending.clear()
            if not running:
                break
        if not running:
            continue
        nearest = min(deadline for _, _, deadline in running.values())
        try:
            check_id, finding, duration = events.get(timeout=max(0.0, min(nearest - time.monotonic(), 0.1)))
        except queue.Empty:
            now = time.monotonic()
            for check_id, (check, origin, deadline) in list(running.items()):
                if now >= deadline:
                    del running[check_id]
                    allowed = effective_timeout(check.spec)
                    late = Finding(
                        Status.ERROR,
                        f"This check did not finish within {allowed:g} seconds, so it was stopped "
                        "and the scan went on without it.",
                    )
                    results[check_id] = _to_result(check, origin, late, allowed, host.platform)
                    report(Progress("finished", check_id, len(results), total, results[check_id]))
            if cancel.is_set():
                running.clear()
            continue
        if check_id not in running:
            continue  # a check that already timed out finally answered; its answer comes too late to count
        check, origin, _ = running.pop(check_id)
        results[check_id] = _to_result(check, origin, finding, duration, host.platform)
        report(Progress("finished", check_id, len(results), total, results[check_id]))

    facts = host_facts(host)
    return ScanRun(
        results=tuple(results[i] for i in order if i in results),
        started_at=started_at,
        finished_at=time.time(),
        platform=host.platform,
        hostname=facts.hostname,
        os_name=facts.os_name,
        app_version=__version__,
        safe_mode=safe_mode,
        cancelled=cancel.is_set() and len(results) < total,
        user_is_admin=facts.user_is_admin,
    )


class _Announcing:
    """The host of the check started first: it says when that check starts its first command (see HEAD_START)."""

    def __init__(self, host: Host, started: threading.Event) -> None:
        self._host = host
        self._started = started

    def __getattr__(self, name: str) -> Any:
        return getattr(self._host, name)

    def run(self, argv: Sequence[str], timeout: float = DEFAULT_COMMAND_TIMEOUT) -> CommandResult:
        self._started.set()
        return self._host.run(argv, timeout=timeout)


def _work(check: Check, origin: Origin, context: CheckContext,
          events: queue.Queue[tuple[str, Finding, float]], answered: threading.Event | None = None) -> None:
    try:
        _run_one(check, origin, context, events)
    finally:
        if answered is not None:
            answered.set()


def _run_one(check: Check, origin: Origin, context: CheckContext,
             events: queue.Queue[tuple[str, Finding, float]]) -> None:
    start = time.monotonic()
    try:
        finding = checked_finding(check.run(context))  # the contract, checked here: nothing unchecked goes further
    except BrokenContract as exc:
        package = f"{origin.distribution} {origin.version}".strip()
        source = "" if origin.builtin else f" (from the package {package})"
        finding = Finding(Status.ERROR, f"This check{source} gave back an answer Homeguard cannot use: {exc}. It was "
                                        "left out of the score; whoever made the check can put it right.")
    except AccessDenied as exc:
        admin = " It needs admin rights to look." if check.spec.needs_admin(context.host.platform) else ""
        finding = Finding(Status.UNKNOWN, f"Could not tell: {exc}.{admin}", (Evidence(exc.what, "access denied"),))
    except CouldNotTell as exc:
        finding = exc.finding()
    except PartNotLoaded as exc:  # a part imported when its check runs (``registry.discover``) that would not import
        finding = Finding(Status.ERROR, f"This check could not be loaded: {exc}.")
    except Exception as exc:
        frames = traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-3)
        finding = Finding(
            Status.ERROR,
            f"This check stopped with an unexpected problem ({type(exc).__name__}: {exc}).",
            (Evidence("the check's own code", "".join(frames).strip()),),
        )
    with contextlib.suppress(BrokenContract):  # an exception's message is the check's own text: cut it to length
        finding = checked_finding(finding)
    events.put((check.id, finding, time.monotonic() - start))


def unique_ids(
    wanted: Sequence[tuple[Check, Origin]], failures: Sequence[LoadFailure]
) -> tuple[list[tuple[Check, Origin]], list[LoadFailure]]:
    """The checks and load failures with every row's id used once: results are kept by id, so a second check with
    a taken id would replace or repeat the first, and be counted twice. The first keeps the id; a later check is
    not run and becomes a failure row of its own, and a failure whose name is taken gets a name of its own. (The
    registry already refuses such plugins; this keeps the rule for any caller.)"""
    taken: set[str] = set()
    kept: list[tuple[Check, Origin]] = []
    doubles: list[LoadFailure] = []
    for check, origin in wanted:
        if check.id in taken:
            doubles.append(LoadFailure(f"plugin:{origin.distribution}:{check.id}", origin,
                                       f"the id {check.id!r} is already used by another check"))
        else:
            kept.append((check, origin))
            taken.add(check.id)
    renamed = []
    for failure in [*failures, *doubles]:
        name = free_name(failure.name, taken)
        taken.add(name)
        renamed.append(failure if name == failure.name else dataclasses.replace(failure, name=name))
    return kept, renamed


def free_name(base: str, taken: set[str]) -> str:
    """``base``, or ``base#2``, ``base#3``... whichever is not yet in ``taken``."""
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}#{n}"
    return name


def _to_result(check: Check, origin: Origin, finding: Finding, duration: float, platform: str) -> Result:
    spec = check.spec
    needs_fix = finding.status in (Status.FAIL, Status.PARTIAL, Status.UNKNOWN)
    return Result(
        check_id=spec.id,
        title=spec.title,
        strategy=spec.strategy,
        severity=spec.severity,
        status=finding.status,
        summary=finding.summary,
        evidence=finding.evidence,
        fix=spec.fix_for(platform, finding.desktop) if needs_fix else None,
        duration=duration,
        origin=origin,
    )


@dataclass(frozen=True)
class HostFacts:
    """What a scan says about the computer it ran on: its name, its system and whether it ran as an administrator."""

    hostname: str
    os_name: str
    user_is_admin: bool


def host_facts(host: Host) -> HostFacts:
    """The facts for a scan's header, read once here for the runner and the scan child alike. A fact the host cannot
    give becomes a neutral value (the name "unknown", the platform as the system, not an administrator): a computer
    that will not say its name is still scanned."""
    return HostFacts(
        hostname=_or_default(host.hostname, "unknown"),
        os_name=_or_default(host.os_name, host.platform),
        user_is_admin=_or_default(lambda: bool(host.user().is_admin), False),
    )


def _or_default(fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception:
        return default
