"""The terminal front end: ``scan``, ``checks``, ``history``, ``report`` and the family commands.

Whether a person gets the window or the terminal is decided in ``main.py``; this module never starts the window.
Each command imports only what it uses, so ``homeguard scan`` starts its checks as early as it can: the scan's
wall time is its slowest probe plus what runs before and after it.

Exit codes: 0 done; 1 the score is under ``--fail-under`` (or there is no score at all); 2 the command line or
an input file was wrong; 3 the data folder or its history file could not be used (a scan whose history is only
read-only still prints its report and exits with its own code; see ``auditor.data_folder``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from auditor import __version__
from auditor.cli_output import colour_wanted, terminal_width
from auditor.model import PLATFORMS

if TYPE_CHECKING:
    from auditor.cli_club import PdfWriter
    from auditor.cli_guided import GuidedAnswers
    from auditor.host import Host
    from auditor.household import Household
    from auditor.registry import Registry
    from auditor.store import Store

EXIT_OK, EXIT_UNDER, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3
# The commands defined here; the family commands (people, guide, quiz, ...) come from auditor.cli_family, which is
# only imported when one of them, or the full help, is asked for.
CORE_COMMANDS = ("scan", "checks", "history", "report", "gui", "club", "install-desktop-entry", "schedule")
ANONYMOUS_HELP = ("write the anonymous JSON report a pupil can hand in (implies --json): no computer name, user "
                  "names, nicknames, paths or evidence; only ids, statuses, scores and this data folder's install id")


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", default=default, metavar="DIR",
                        help="where history is kept (default: the user data folder, or $HOMEGUARD_HOME)")
    parser.add_argument("--safe-mode", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="load only the checks that ship with Homeguard, no plugins")


def build_parser(*, family: bool = True) -> argparse.ArgumentParser:
    """The whole command line; ``family=False`` leaves out the family commands, for a core command's quick start."""
    parser = argparse.ArgumentParser(
        prog="homeguard",
        description="Checks how well this computer and its people follow the advice that prevents "
        "sextortion and online blackmail. Nothing leaves this computer.",
    )
    parser.add_argument("--version", action="version", version=f"Homeguard {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("scan", help="check this computer and print the report",
                       description="Checks this computer, prints the report with what to fix first, and adds it "
                       "to the history. The household's answers to the guided questions count in the score too "
                       "(leave them out with --device-only).")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print the JSON report instead of text")
    p.add_argument("--anonymous", action="store_true", help=ANONYMOUS_HELP)
    p.add_argument("--fail-under", type=_score_arg, metavar="N",
                   help="exit with code 1 when the score is under N (0-100), or when there is no score")
    p.add_argument("--evidence", action="store_true", help="also print what each check looked at and saw")
    p.add_argument("--html", metavar="FILE", help="also write the report as a printable HTML page to FILE")
    p.add_argument("--no-save", action="store_true", help="do not add this scan to the history")
    p.add_argument("--device-only", action="store_true",
                   help="leave out the guided answers (people and accounts); score this computer alone")
    p.add_argument("--lock-minutes", type=int, metavar="N",
                   help="longest screen-lock delay, in minutes, that still passes (saved as a setting)")
    p.add_argument("--recorded", metavar="SCENARIO", help=argparse.SUPPRESS)  # tests and demos: a recorded host
    # The window's scan process (auditor.scan_stream): progress and results as JSON lines, nothing saved.
    p.add_argument("--stream", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--scheduled", action="store_true",  # auditor.cli_schedule
                   help="for the weekly re-check (`homeguard schedule on`): scan quietly, save the scan, and show "
                   "one notification only if something needs you")

    p = sub.add_parser("checks", help="list the checks and what each looks at",
                       description="Lists every check Homeguard has for this system (or another, with --platform) "
                       "and what each one looks at.")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.add_argument("--platform", choices=(*PLATFORMS, "all"),
                   help="list the checks for this system, or for all (default: this one)")
    p.add_argument("--markdown", action="store_true",
                   help="print the README's table of every check on every system")

    p = sub.add_parser("history", help="list past scans",
                       description="Lists the scans saved in the history, with their scores. "
                       "`homeguard report N` shows one of them again.")
    _common(p, top=False)
    p.add_argument("--limit", type=int, default=20, metavar="N", help="how many scans to list (default 20)")
    p.add_argument("--json", action="store_true", help="print the list as JSON")

    p = sub.add_parser("report", help="print a saved scan (the latest by default) or a report file",
                       description="Prints a saved scan again (the latest, or the one numbered in `history`), or "
                       "a JSON report file from any computer.")
    _common(p, top=False)
    p.add_argument("run_id", nargs="?", type=int, help="the scan number shown by `history`")
    p.add_argument("--file", metavar="PATH", help="read a JSON report file instead of the history")
    p.add_argument("--json", action="store_true", help="print the JSON report instead of text")
    p.add_argument("--anonymous", action="store_true", help=ANONYMOUS_HELP)
    p.add_argument("--evidence", action="store_true", help="also print what each check looked at and saw")
    p.add_argument("--html", metavar="FILE", help="also write the report as a printable HTML page to FILE")

    from auditor import cli_club, cli_schedule  # only their parsers: their work is imported when it runs

    cli_club.add_commands(sub)
    cli_schedule.add_commands(sub, lambda p: _common(p, top=False))  # the weekly re-check
    if family:
        from auditor import cli_family, cli_household

        cli_family.add_commands(sub, lambda p: _common(p, top=False))
        cli_household.add_commands(sub, lambda p: _common(p, top=False))

    p = sub.add_parser("gui", help="open the desktop window",
                       description="Opens the desktop window (as `homeguard` alone does when there is a display).")
    _common(p, top=False)

    p = sub.add_parser("install-desktop-entry", help="add Homeguard to this desktop's app menu (Linux, pipx installs)",
                       description="Adds Homeguard, with its icon, to this desktop's app menu, for an install that "
                       "did not (pipx or pip): Linux and other freedesktop.org desktops only. --remove takes it out.")
    p.add_argument("--remove", action="store_true", help="take the menu entry and its icons out again")
    return parser


def command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named on a command line, without parsing it (None when there is none)."""
    takes_value = False
    for arg in argv:
        if takes_value:
            takes_value = False
        elif arg == "--data-dir":
            takes_value = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def _score_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("the score runs from 0 to 100")
    return value


def main(argv: Sequence[str] | None = None, *, write_pdf: PdfWriter | None = None) -> int:
    """``write_pdf`` is how ``club summary --pdf`` lays a page out as a PDF: Qt's, handed in by main.py (the one
    place that knows both faces). ``python -m auditor`` has none, and ``--pdf`` then says so."""
    make_output_safe()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(family=command_of(argv) not in CORE_COMMANDS).parse_args(argv)
    command = args.command
    if command == "scan" and args.stream:
        return _stream(args)
    if command is None:
        build_parser().print_help()
        return EXIT_USAGE
    if command == "gui":
        print("homeguard: the desktop window starts from `homeguard` or `python main.py`.", file=sys.stderr)
        return EXIT_USAGE
    if command == "schedule":  # the system scheduler's files; the history is only read for the last run
        from auditor import cli_schedule

        return cli_schedule.run(args)
    if command == "install-desktop-entry":  # files in the desktop's own folders; no history is opened
        from auditor import desktop_entry

        return desktop_entry.run(args.remove)
    import sqlite3

    from auditor.store import Store, StoreError

    try:
        if command == "checks":
            from auditor import cli_checks

            return cli_checks.run(args)
        if command == "club":  # reads report files only: no history is opened or made
            from auditor import cli_club

            return cli_club.run(args, write_pdf=write_pdf)
        store = Store(args.data_dir)
        if store.notice:
            print(store.notice, file=sys.stderr)
        try:
            if command == "scan":
                return _scan(args, store)
            if command == "history":
                from auditor import cli_saved

                return cli_saved.history(args, store)
            if command == "report":
                from auditor import cli_saved

                return cli_saved.report(args, store)
            if command == "household":
                from auditor import cli_household

                return cli_household.run(args, store)
            from auditor import cli_family

            return cli_family.run(command, args, store)
        finally:
            store.close()
    except StoreError as exc:
        print(f"homeguard: {exc}", file=sys.stderr)
        return EXIT_STORE
    except sqlite3.Error as exc:  # a write the history refused (read-only, disk full): plain words, no traceback
        from auditor.data_folder import write_problem

        print(f"homeguard: the history could not be written: {write_problem(exc)}.", file=sys.stderr)
        return EXIT_STORE
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`homeguard checks | head`): stop quietly, as other terminal tools do.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _stream(args: argparse.Namespace) -> int:
    """The scan child: the protocol stream is protected before any check or plugin is imported."""
    from auditor.scan_stream import ProtocolWriter, protect_protocol_stream, stream_scan

    writer = ProtocolWriter(protect_protocol_stream())
    return stream_scan(writer, safe_mode=args.safe_mode, recorded=args.recorded, lock_minutes=args.lock_minutes,
                       data_dir=args.data_dir)


def load_registry(safe_mode: bool) -> Registry:
    """The checks, for a scan or a listing. Each built-in check's part for this system is imported when it runs
    (``registry.discover``), so the slowest probe starts sooner; a listing imports the parts it shows itself."""
    from auditor.registry import discover
    from auditor.safe_mode import safe_mode_requested

    return discover(safe_mode=safe_mode_requested(safe_mode), builtin_parts_now=False)


def _scan(args: argparse.Namespace, store: Store) -> int:
    from auditor.data_folder import install_id_or_none, save_or_explain, save_settings_or_explain
    from auditor.quiet_output import checks_cannot_print
    from auditor.runner import run_scan

    if args.scheduled:  # the weekly re-check: quiet, saved, and a notification only when needed
        from auditor.cli_schedule import scheduled_scan

        return scheduled_scan(args, store)
    from auditor.cli_saved import anonymous_alone, write_html

    if not anonymous_alone(args):
        return EXIT_USAGE
    settings = store.settings()
    if args.lock_minutes is not None:
        try:
            settings = settings.with_value("screen_lock_max_minutes", args.lock_minutes)
        except ValueError as exc:
            print(f"homeguard: {exc}", file=sys.stderr)
            return EXIT_USAGE
        save_settings_or_explain(store, settings)
    with checks_cannot_print():  # a plugin's print must never reach the report (auditor.quiet_output)
        registry = load_registry(args.safe_mode or settings.safe_mode)
    host: Host
    if args.recorded:
        from auditor.bounded_read import FileRefused
        from auditor.recorded import load_scenario

        try:
            host = load_scenario(args.recorded)
        except (FileRefused, OSError) as exc:  # a development option, but still never a traceback
            print(f"homeguard: {exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        from auditor.host import RealHost

        host = RealHost()
    guided: GuidedAnswers | None = None
    if not args.device_only:
        from auditor.cli_guided import GuidedAnswers

        guided = GuidedAnswers()
    with checks_cannot_print():
        run = run_scan(registry.for_platform(host.platform), host, settings, failures=registry.failures,
                       safe_mode=registry.safe_mode, on_progress=guided.on_progress if guided else None)
    if guided is not None:
        run = guided.add_to(run, store)
    from auditor.reports import build_report, to_json
    from auditor.scoring import scorecard

    card = scorecard(run.results)
    if not args.no_save:  # a history that cannot be written is said on stderr; the report is still printed
        run = save_or_explain(store, run, card)
    home = None  # the family's other computers around this scan, for the text and the HTML report
    if not args.device_only and (args.html or not (args.json or args.anonymous)):
        from auditor.cli_household import home_around

        home = home_around(store, run)
    if args.json or args.anonymous:
        sys.stdout.write(to_json(build_report(run, card, install_id=install_id_or_none(store),
                                              anonymous=args.anonymous)))
    else:
        from auditor.changes import previous_scan
        from auditor.textreport import render

        sys.stdout.write(render(run, card, width=terminal_width(), colour=colour_wanted(), evidence=args.evidence,
                                previous=previous_scan(store, run)))
        if registry.skipped_plugins:
            names = ", ".join(e.name for e in registry.skipped_plugins)
            print(f"Safe mode: these plugin checks were not loaded: {names}.")
        if run.run_id is not None:
            print(f"Saved to the history as scan {run.run_id} ({store.path}).")
        if home is not None:
            from auditor.household_text import report_section

            sys.stdout.write("\n" + report_section(home))
    if run.run_id is not None:  # a saved scan
        from auditor.cli_shared_folder import share_after_scan

        share_after_scan(store, run, card)  # with a shared folder set: one line on stderr, never the exit code
    if args.html and not write_html(args.html, run, card, None if args.device_only else _household(store), home):
        return EXIT_USAGE
    if args.fail_under is not None:
        score = card.overall.score
        return EXIT_OK if score is not None and score >= args.fail_under else EXIT_UNDER
    return EXIT_OK


def _household(store: Store) -> Household:
    from auditor.household import Household

    return Household(store)


def make_output_safe() -> None:
    """Never crash on a console that cannot show a character (old Windows code pages)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
