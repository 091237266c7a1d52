"""The terminal front end: ``scan``, ``checks``, ``history``, ``report`` and the family commands.

Whether a person gets the window or the terminal is decided in ``main.py``; this module never starts the window.
Each command imports only what it uses, so ``homeguard scan`` starts its checks as early as it can: the scan's
wall time is its slowest probe plus what runs before and after it.

Exit codes: 0 done; 1 the score is under ``--fail-under`` (or there is no score at all); 2 the command line or
an input file was wrong; 3 the history file could not be used.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor import __version__
from auditor.model import PLATFORMS

if TYPE_CHECKING:
    from auditor.cli_guided import GuidedAnswers
    from auditor.host import Host
    from auditor.household import Household
    from auditor.model import ScanRun
    from auditor.registry import Registry
    from auditor.scoring import Scorecard
    from auditor.store import Store

EXIT_OK, EXIT_UNDER, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3
# The commands defined here; the family commands (people, guide, quiz, ...) come from auditor.cli_family, which is
# only imported when one of them, or the full help, is asked for.
CORE_COMMANDS = ("scan", "checks", "history", "report", "gui", "club")
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

    p = sub.add_parser("scan", help="check this computer and print the report")
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

    p = sub.add_parser("checks", help="list the checks and what each looks at")
    _common(p, top=False)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.add_argument("--platform", choices=(*PLATFORMS, "all"),
                   help="list the checks for this system, or for all (default: this one)")
    p.add_argument("--markdown", action="store_true",
                   help="print the README's table of every check on every system")

    p = sub.add_parser("history", help="list past scans")
    _common(p, top=False)
    p.add_argument("--limit", type=int, default=20, metavar="N", help="how many scans to list (default 20)")
    p.add_argument("--json", action="store_true", help="print the list as JSON")

    p = sub.add_parser("report", help="print a saved scan (the latest by default) or a report file")
    _common(p, top=False)
    p.add_argument("run_id", nargs="?", type=int, help="the scan number shown by `history`")
    p.add_argument("--file", metavar="PATH", help="read a JSON report file instead of the history")
    p.add_argument("--json", action="store_true", help="print the JSON report instead of text")
    p.add_argument("--anonymous", action="store_true", help=ANONYMOUS_HELP)
    p.add_argument("--evidence", action="store_true", help="also print what each check looked at and saw")
    p.add_argument("--html", metavar="FILE", help="also write the report as a printable HTML page to FILE")

    from auditor import cli_club  # only its parser: the summary's own code is imported when it runs

    cli_club.add_commands(sub)
    if family:
        from auditor import cli_family, cli_household

        cli_family.add_commands(sub, lambda p: _common(p, top=False))
        cli_household.add_commands(sub, lambda p: _common(p, top=False))

    p = sub.add_parser("gui", help="open the desktop window")
    _common(p, top=False)
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


def main(argv: Sequence[str] | None = None) -> int:
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
    from auditor.store import Store, StoreError

    try:
        if command == "checks":
            return _checks(args)
        if command == "club":  # reads report files only: no history is opened or made
            from auditor import cli_club

            return cli_club.run(args)
        store = Store(args.data_dir)
        if store.notice:
            print(store.notice, file=sys.stderr)
        try:
            if command == "scan":
                return _scan(args, store)
            if command == "history":
                return _history(args, store)
            if command == "report":
                return _report(args, store)
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
    from auditor.registry import discover
    from auditor.safe_mode import safe_mode_requested

    return discover(safe_mode=safe_mode_requested(safe_mode))


def _scan(args: argparse.Namespace, store: Store) -> int:
    from auditor.runner import run_scan

    if not _anonymous_alone(args):
        return EXIT_USAGE
    settings = store.settings()
    if args.lock_minutes is not None:
        try:
            settings = settings.with_value("screen_lock_max_minutes", args.lock_minutes)
        except ValueError as exc:
            print(f"homeguard: {exc}", file=sys.stderr)
            return EXIT_USAGE
        store.save_settings(settings)
    registry = load_registry(args.safe_mode or settings.safe_mode)
    host: Host
    if args.recorded:
        from auditor.recorded import load_scenario

        host = load_scenario(args.recorded)
    else:
        from auditor.host import RealHost

        host = RealHost()
    guided: GuidedAnswers | None = None
    if not args.device_only:
        from auditor.cli_guided import GuidedAnswers

        guided = GuidedAnswers()
    run = run_scan(registry.for_platform(host.platform), host, settings, failures=registry.failures,
                   safe_mode=registry.safe_mode, on_progress=guided.on_progress if guided else None)
    if guided is not None:
        run = guided.add_to(run, store)
    from auditor.reports import build_report, to_json
    from auditor.scoring import scorecard

    card = scorecard(run.results)
    if not args.no_save:
        run_id = store.save_run(run, card)
        run = dataclasses.replace(run, run_id=run_id)
    if args.json or args.anonymous:
        sys.stdout.write(to_json(build_report(run, card, install_id=store.install_id(), anonymous=args.anonymous)))
    else:
        from auditor.textreport import render

        sys.stdout.write(render(run, card, width=_width(), colour=_colour(), evidence=args.evidence))
        if registry.skipped_plugins:
            names = ", ".join(e.name for e in registry.skipped_plugins)
            print(f"Safe mode: these plugin checks were not loaded: {names}.")
        if not args.no_save:
            print(f"Saved to the history as scan {run.run_id} ({store.path}).")
    if args.html and not _write_html(args.html, run, card, None if args.device_only else _household(store)):
        return EXIT_USAGE
    if args.fail_under is not None:
        score = card.overall.score
        return EXIT_OK if score is not None and score >= args.fail_under else EXIT_UNDER
    return EXIT_OK


def _household(store: Store) -> Household:
    from auditor.household import Household

    return Household(store)


def _checks(args: argparse.Namespace) -> int:
    registry = load_registry(args.safe_mode)
    if args.markdown:
        from auditor import check_table

        print(check_table.markdown(check for check, _ in registry.listing().checks))
        return EXIT_OK
    if args.platform == "all":
        status = EXIT_OK
        for platform in PLATFORMS:
            status = max(status, _checks(argparse.Namespace(**{**vars(args), "platform": platform})))
            print()
        return status
    import textwrap

    from auditor.advice import STRATEGIES
    from auditor.host import current_platform
    from auditor.model import PLATFORM_NAMES

    platform = args.platform or current_platform()
    registry = registry.listing(platform)  # every check's part for that system; a broken part is a failure row
    rows: list[dict[str, Any]] = []
    for check, origin in registry.checks:
        spec = check.spec
        rows.append({
            "id": spec.id,
            "title": spec.title,
            "strategy": spec.strategy,
            "severity": str(spec.severity),
            "platforms": list(spec.platforms),
            "looks_at": spec.looks_at.get(platform, ""),
            "needs_admin": spec.needs_admin(platform),
            "admin_note": spec.admin_notes.get(platform, ""),
            "unverified": list(spec.unverified.get(platform, ())),
            "origin": origin.to_dict(),
        })
    if args.json:
        print(json.dumps({"platform": platform, "checks": rows,
                          "load_failures": [f.to_result().to_dict() for f in registry.failures]}, indent=2))
        return EXIT_OK
    width = _width()
    print(f"Checks for {PLATFORM_NAMES.get(platform, platform)} ({len(rows)} in all; * = not on this system)\n")
    titles = {s.id: s.title for s in STRATEGIES}
    order = [s.id for s in STRATEGIES]
    for row in sorted(rows, key=lambda r: (order.index(r["strategy"]), r["id"])):
        here = platform in row["platforms"]
        systems = ", ".join(PLATFORM_NAMES[p] for p in row["platforms"])
        print(f"{'' if here else '*'}{row['id']}  —  {row['title']}")
        details = [f"Advice: {titles[row['strategy']]}. Importance: {row['severity']}. Systems: {systems}."]
        if here and row["looks_at"]:
            details.append("Looks at: " + row["looks_at"])
        if here and row["needs_admin"]:
            details.append("Needs admin rights for a full answer. " + row["admin_note"])
        if here and row["unverified"]:
            details.append("Not yet seen on real output: " + "; ".join(row["unverified"]) + ".")
        for text in details:
            print("\n".join(textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="    ")))
        if not row["origin"]["builtin"]:
            print(f"    From the plugin package {row['origin']['distribution']} {row['origin']['version']}.")
        print()
    for failure in registry.failures:
        print(f"!{failure.name}  —  could not be loaded from {failure.origin.distribution}: {failure.message}")
    return EXIT_OK


def _history(args: argparse.Namespace, store: Store) -> int:
    import time

    from auditor.scoring import ScoreLine
    from auditor.textreport import describe_line

    runs = store.list_runs(limit=max(1, args.limit))
    if args.json:
        print(json.dumps([
            {"run_id": r.run_id, "finished_at": r.finished_at, "hostname": r.hostname, "platform": r.platform,
             "score": r.score, "coverage": r.coverage, "lowest": r.lowest, "highest": r.highest,
             "action_needed": r.action_needed, "cancelled": r.cancelled, "by_strategy": r.strategy_scores}
            for r in runs
        ], indent=2))
        return EXIT_OK
    if not runs:
        print(f"No scans yet. Run `homeguard scan` to make the first one. (History folder: {store.data_dir})")
        return EXIT_OK
    print(f"{'Scan':>5}  {'When':<18}  {'Device':<20}  Score")
    for r in runs:
        when = time.strftime("%d %b %Y %H:%M", time.localtime(r.finished_at))
        line = describe_line(ScoreLine(r.score, r.coverage, r.lowest, r.highest))
        flag = "  action needed" if r.action_needed else ""
        flag += "  (cancelled)" if r.cancelled else ""
        print(f"{r.run_id:>5}  {when:<18}  {r.hostname[:20]:<20}  {line}{flag}")
    print(f"\nShow one with `homeguard report N`. History folder: {store.data_dir}")
    return EXIT_OK


def _report(args: argparse.Namespace, store: Store) -> int:
    from auditor.reports import ReportError, build_report, load_report, to_json
    from auditor.scoring import scorecard
    from auditor.textreport import render

    if not _anonymous_alone(args):
        return EXIT_USAGE
    if args.file:
        try:
            report, run = load_report(args.file)  # the file's own install id travels on; this folder's is not used
        except ReportError as exc:
            print(f"homeguard: {exc}", file=sys.stderr)
            return EXIT_USAGE
        install_id, anonymous = report["device"]["install_id"], bool(report["anonymous"])
    else:
        run_id = args.run_id if args.run_id is not None else store.latest_run_id()
        loaded = store.load_run(run_id) if run_id is not None else None
        if loaded is None:
            what = f"scan {args.run_id}" if args.run_id is not None else "any scan"
            print(f"homeguard: there is no {what} in the history yet (see `homeguard history`).", file=sys.stderr)
            return EXIT_USAGE
        run, install_id, anonymous = loaded, store.install_id(), False
    card = scorecard(run.results)
    if args.json or args.anonymous:
        report = build_report(run, card, install_id=install_id, anonymous=anonymous or args.anonymous)
        sys.stdout.write(to_json(report))
    else:
        sys.stdout.write(render(run, card, width=_width(), colour=_colour(), evidence=args.evidence))
    if args.html and not _write_html(args.html, run, card, None):
        return EXIT_USAGE
    return EXIT_OK


def _anonymous_alone(args: argparse.Namespace) -> bool:
    """An anonymous report is the JSON alone: the HTML page and the evidence would name the computer."""
    if args.anonymous and (args.html or args.evidence):
        print("homeguard: --anonymous writes only the anonymous JSON report; leave out --html and --evidence.",
              file=sys.stderr)
        return False
    return True


def _write_html(path: str, run: ScanRun, card: Scorecard, household: Household | None) -> bool:
    """Write the printable HTML report; say where it went (on stderr, so --json output stays clean)."""
    from auditor.report_html import household_summary_lines, render_html

    summary = household_summary_lines(household) if household is not None else None
    try:
        Path(path).write_text(render_html(run, card, household_summary=summary), encoding="utf-8")
    except OSError as exc:
        print(f"homeguard: the HTML report could not be written to {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    print(f"Wrote the HTML report to {path}.", file=sys.stderr)
    return True


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns - 2


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def make_output_safe() -> None:
    """Never crash on a console that cannot show a character (old Windows code pages)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
