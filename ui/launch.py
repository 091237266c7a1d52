"""``homeguard-gui``: answers ``--help`` and ``--version`` before Qt is even imported, then opens the window.

Packagers and people check an install with ``homeguard-gui --version``. Importing Qt takes a moment and, on a
machine without the libraries Qt's display code loads (a server, a minimal container), fails outright; neither
should stop the answer. So the entry point is this Qt-free module: it reads the command line, then hands over to
``ui.app.main``, the window. When Qt cannot be loaded at all, it says so in one line and shows the terminal report
instead, as ``main.py`` does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

RECORDED_HELP = ("for development, in Homeguard's source folder: show a recorded machine (a scenario file under "
                 "tests/fixtures/scenarios) instead of this one")


class ShowVersion(argparse.Action):
    """``--version``, with the version looked up only when it is asked for. Looking it up reads the installed
    package's metadata (``importlib.metadata``, about 30 ms to import), and the window parses this command line on
    every start, before its first paint (measured by tests/bench_start.py)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        from auditor import __version__

        sys.stdout.write(f"Homeguard {__version__}\n")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The window's command line (``ui.app`` reads it with this same parser)."""
    parser = argparse.ArgumentParser(
        prog="homeguard-gui",
        description="Opens Homeguard's desktop window: check this computer and the family's accounts, and see "
                    "what to fix first. Nothing leaves this computer.")
    parser.add_argument("--version", action=ShowVersion)
    parser.add_argument("--data-dir", metavar="DIR", help="keep the history in this folder instead of the usual one")
    parser.add_argument("--safe-mode", action="store_true", help="use only the checks that come with Homeguard")
    parser.add_argument("--recorded", metavar="SCENARIO", help=RECORDED_HELP)
    parser.add_argument("--show", metavar="TARGET",
                        help="open at one item: a page, or a page and an item on it (device#screen-lock, people#Sam)")
    # The weekly re-check's notification (auditor.cli_schedule starts it; ui/widgets/notification.py shows it).
    parser.add_argument("--notify", choices=("critical", "worse", "expired"),
                        help="for the weekly re-check: show its notification instead of the window")
    parser.add_argument("--message", metavar="TEXT", help="the notification's message (with --notify)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(arguments)  # --help and --version are answered (and exit) here
    if args.notify:  # the notification alone, never the terminal report in its place
        try:
            from ui.widgets.notification import main as notify_main
        except ImportError as exc:
            print(f"homeguard-gui: {args.message or ''} (the notification could not be shown: {exc})",
                  file=sys.stderr)
            return 0
        return notify_main(args)
    try:
        from ui.app import main as window_main
    except ImportError as exc:
        from auditor import cli

        cli.make_output_safe()
        print(f"The desktop window could not start ({exc}); showing the terminal report instead.", file=sys.stderr)
        options = [*(["--data-dir", args.data_dir] if args.data_dir else []),
                   *(["--safe-mode"] if args.safe_mode else [])]
        return cli.main([*options, "scan", *(["--recorded", args.recorded] if args.recorded else [])])
    return int(window_main(arguments))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
