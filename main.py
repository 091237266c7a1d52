"""Start Homeguard: the desktop window when there is a display, the terminal report when there is not.

Terminal commands: ``python main.py scan | checks | history | report`` (``--help`` lists the options). This is the
one place that knows both faces: ``auditor/`` (the engine and its terminal front end) never imports ``ui``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence

NO_DISPLAY = "No display was found, so Homeguard is showing its report here in the terminal."


def has_display(environ: Mapping[str, str] = os.environ, platform: str | None = None) -> bool:
    """Whether a desktop window could be shown. macOS and Windows sessions always have one."""
    platform = platform or sys.platform
    if environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        return False
    if platform == "darwin" or platform.startswith("win") or platform in ("macos", "windows"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    window = window_request(argv)
    if window is not None and (window[1] or has_display()):
        return open_window(window[0])  # chosen before the terminal's code is even imported: the window starts sooner
    from auditor import cli

    if cli.command_of(argv) not in (None, "gui"):
        return cli.main(argv)
    # The family commands are only needed to list them in --help; leaving them out keeps the window's start quick.
    wants_help = any(arg in ("-h", "--help") for arg in argv)
    args = cli.build_parser(family=wants_help).parse_args(argv)  # answers --help and --version itself
    if args.command is None and not has_display():
        cli.make_output_safe()
        print(NO_DISPLAY)
        return cli.main([*_shared_options(args), "scan"])
    return open_window(_shared_options(args))


def window_request(argv: Sequence[str]) -> tuple[list[str], bool] | None:
    """For a command line that asks for the window and nothing else (nothing, ``gui``, ``--data-dir DIR``,
    ``--safe-mode``): the shared options, as ``_shared_options`` writes them, and whether ``gui`` was named. None
    for anything else (a command, ``--help``, ``--version``, a mistake): the terminal's parser reads and answers it."""
    data_dir: str | None = None
    safe_mode = gui = False
    arguments = iter(argv)
    for arg in arguments:
        if arg == "--safe-mode":
            safe_mode = True
        elif arg == "--data-dir":
            data_dir = next(arguments, None)
            if data_dir is None or data_dir.startswith("-"):
                return None
        elif arg.startswith("--data-dir="):
            data_dir = arg.partition("=")[2]
        elif arg == "gui" and not gui:
            gui = True
        else:
            return None
    return [*(["--data-dir", data_dir] if data_dir else []), *(["--safe-mode"] if safe_mode else [])], gui


def open_window(options: list[str]) -> int:
    """The desktop window with the shared options; the terminal report when Qt cannot be loaded here."""
    try:
        from ui.app import main as window_main
    except ImportError as exc:
        from auditor import cli

        cli.make_output_safe()
        print(f"The desktop window could not start ({exc}); showing the terminal report instead.", file=sys.stderr)
        return cli.main([*options, "scan"])
    return int(window_main(options))


def _shared_options(args: argparse.Namespace) -> list[str]:
    """The options the window and every terminal command share, as a command line."""
    options = []
    if args.data_dir:
        options += ["--data-dir", str(args.data_dir)]
    if args.safe_mode:
        options.append("--safe-mode")
    return options


if __name__ == "__main__":
    sys.exit(main())
