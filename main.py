"""Start Homeguard: the desktop window when there is a display, the terminal report when there is not.

Terminal commands: ``python main.py scan | checks | history | report`` (``--help`` lists the options). This is the
one place that knows both faces: ``auditor/`` (the engine and its terminal front end) never imports ``ui``, so the
PDF writer ``club summary --pdf`` needs is handed to it from here (``write_pdf``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

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
    if any(arg.split("=")[0] in ("--notify", "--show") for arg in argv):  # the weekly re-check's notification
        from ui.launch import main as launch_window  # and its "Open Homeguard" (the stand-alone app has no -gui)

        return launch_window(argv)
    window = window_request(argv)
    if window is not None and (window[1] or has_display()):
        return open_window(window[0])  # chosen before the terminal's code is even imported: the window starts sooner
    from auditor import cli

    if cli.command_of(argv) not in (None, "gui"):
        return cli.main(argv, write_pdf=write_pdf)
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


def write_pdf(page: str, target: Path) -> None:
    """``club summary --pdf``: the page laid out on A4 by Qt, the same way the app's Report page writes its PDFs.

    Qt is imported only here, when a PDF is asked for, so the text summary never waits for it. On Linux and the
    BSDs Qt draws offscreen (unless QT_QPA_PLATFORM says otherwise): a PDF needs fonts, not a screen, so it works in
    CI, over ssh, and with a DISPLAY that leads nowhere. The file appears whole or not at all (``save_pdf`` paints a
    temporary file in the same folder, then renames it). Raises OSError, in plain words, when Qt cannot be loaded or
    the file written.
    """
    if sys.platform not in ("darwin", "win32"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtGui import QGuiApplication

        from ui.widgets.report_print import save_pdf
    except ImportError as exc:
        raise OSError(f"the PDF needs the desktop parts of Homeguard (Qt), which could not be loaded here ({exc}); "
                      "--html still writes the page, which a web browser can print to PDF") from exc
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0] or "homeguard"])  # fonts; kept till the end
    save_pdf(page, target, "Homeguard club summary")
    del app


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
