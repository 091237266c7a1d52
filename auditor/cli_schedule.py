"""``homeguard schedule on|off|status`` and the run the scheduler starts, ``homeguard scan --scheduled``.

The weekly re-check is off until the person turns it on (here or in Settings); ``auditor.schedule`` does the
work with the system's own scheduler. The scheduled run is quiet: it scans, saves the scan to the history, and
prints nothing unless something fails badly. Then ``auditor.watch`` decides whether anything needs the person;
only then is one notification shown, by the desktop app in a process of its own (the scan never loads Qt). With
no display to show it on, one line on standard error says what it would have said (a systemd user service's
standard error goes to the journal).

Exit codes of ``schedule``: 0 done; 1 the files are in place but the system's scheduler could not take them up
(it says why); 2 not available on this system; 3 a file could not be written or removed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.host import Host
    from auditor.model import ScanRun
    from auditor.packs import Content
    from auditor.schedule import Scheduler
    from auditor.store import Store
    from auditor.watch import Notice

def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                 common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser(
        "schedule", help="check this computer again every week, or stop (on, off, status)",
        description="Turns Homeguard's weekly re-check of this computer on or off, using this system's own "
        "scheduler: a systemd user timer on Linux, a LaunchAgent on macOS, a Task Scheduler task on Windows. Nothing "
        "of Homeguard's runs in the background when it is off. Each week it scans quietly, saves the scan to the "
        "history, and shows one notification only when something needs you: a check got worse, an important check "
        "fails, or answers need confirming. `off` removes every file `on` wrote.")
    common(p)
    p.add_argument("action", choices=("on", "off", "status"),
                   help="on: start checking every week; off: stop and remove the files; status: say how it stands")


def scheduler() -> Scheduler:
    """This system's scheduler (a function of its own so tests can give theirs)."""
    from auditor.schedule import for_platform

    return for_platform()


def data_dir_of(args: argparse.Namespace) -> str | None:
    """The data folder the weekly run must use: the one named here, or $HOMEGUARD_HOME (the scheduler does not
    see this shell's environment)."""
    from auditor.store import DATA_DIR_ENV

    return getattr(args, "data_dir", None) or os.environ.get(DATA_DIR_ENV) or None


def run(args: argparse.Namespace) -> int:
    chosen = scheduler()
    try:
        if args.action == "on":
            state = chosen.turn_on(data_dir_of(args))
            for path in state.files:
                print(f"Wrote {path}")
        elif args.action == "off":
            before = chosen.present()
            state = chosen.turn_off()
            for path in before:
                if path not in state.files:
                    print(f"Removed {path}")
            if state.files:
                print("homeguard: these files could not be removed: " + ", ".join(map(str, state.files)),
                      file=sys.stderr)
                return 3
        else:
            state = chosen.status()
    except OSError as exc:
        if not chosen.paths():
            print(f"homeguard: {exc}.", file=sys.stderr)
            return 2
        print(f"homeguard: the weekly re-check could not be turned {args.action}: {exc}", file=sys.stderr)
        return 3
    for line in state.lines(_recorded_last_run(args)):
        print(line)
    if state.on and not state.active and args.action == "on":
        print("The files are kept. Run `homeguard schedule on` again from a desktop session to turn the timer on, "
              "or `homeguard schedule off` to remove them.")
        return 1
    return 0


def _recorded_last_run(args: argparse.Namespace) -> float | None:
    """The last scheduled scan the history saw (None when there is none, or no history to ask)."""
    import sqlite3

    from auditor.store import Store, StoreError
    from auditor.watch import last_scheduled_run

    try:
        store = Store(data_dir_of(args))
    except StoreError:
        return None
    try:
        return last_scheduled_run(store)
    except sqlite3.Error:
        return None
    finally:
        store.close()


# -- the scheduled run ----------------------------------------------------------------------------------------------

def scheduled_scan(args: argparse.Namespace, store: Store) -> int:
    """Scan, save, and tell the person only what needs them (``auditor.watch.what_to_tell``)."""
    import sqlite3

    from auditor.cli import EXIT_OK, EXIT_STORE, load_registry
    from auditor.cli_guided import GuidedAnswers
    from auditor.cli_shared_folder import share_after_scan
    from auditor.data_folder import save_or_explain
    from auditor.quiet_output import checks_cannot_print
    from auditor.runner import run_scan
    from auditor.scoring import scorecard

    settings = store.settings()
    host: Host
    with checks_cannot_print():
        registry = load_registry(args.safe_mode or settings.safe_mode)
    if args.recorded:
        from auditor.recorded import load_scenario

        host = load_scenario(args.recorded)
    else:
        from auditor.host import RealHost

        host = RealHost()
    guided = GuidedAnswers()
    with checks_cannot_print():
        run = run_scan(registry.for_platform(host.platform), host, settings, failures=registry.failures,
                       safe_mode=registry.safe_mode, on_progress=guided.on_progress)
    run = guided.add_to(run, store)
    card = scorecard(run.results)
    run = save_or_explain(store, run, card)  # says so on stderr when the history cannot be written
    if run.run_id is None:
        return EXIT_STORE
    share_after_scan(store, run, card, say=_problems_only)
    try:
        from auditor.watch import record_scheduled_run

        record_scheduled_run(store, run.finished_at)
        notice = decide(store, run, guided.content())
    except sqlite3.Error as exc:
        print(f"homeguard: the weekly re-check saved its scan but could not read the history: {exc}", file=sys.stderr)
        return EXIT_STORE
    if notice is not None:
        tell(notice, data_dir_of(args))
    return EXIT_OK


def decide(store: Store, run: ScanRun, content: Content) -> Notice | None:
    """What to tell after the saved scan ``run``: compared with the previous scan, the answers' ages, the snooze."""
    from auditor.changes import comparison_for
    from auditor.household import Household
    from auditor.watch import expired_answers, snoozed_until, what_to_tell

    household = Household(store)
    expired = expired_answers(content, household)
    people = frozenset(person.nickname for person in household.people())
    return what_to_tell(run, comparison_for(store, run), expired, snoozed_until=snoozed_until(store), people=people)


def tell(notice: Notice, data_dir: str | None) -> None:
    """One notification, in the desktop app's own small window; with no display, one line on standard error."""
    from auditor.launcher import launch_detached
    from auditor.watch import display_available, notify_command

    if not display_available():
        print(f"homeguard: {notice.message} (No display to show a notification on; the scan is in the history.)",
              file=sys.stderr)
        return
    problem = launch_detached(notify_command(notice, data_dir))
    if problem:
        print(f"homeguard: {notice.message} (The notification could not be shown: {problem}.)", file=sys.stderr)


def _problems_only(line: str) -> None:
    """The shared folder's lines: only a problem is said; success is quiet."""
    if line.startswith("homeguard:"):
        print(line, file=sys.stderr)
