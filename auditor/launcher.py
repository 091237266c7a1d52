"""Starting programs: a settings panel for the person, and Homeguard's own children in the stand-alone app.

"Open settings" on Linux runs a desktop's own settings program (``gnome-control-center privacy``). It is started
detached from Homeguard (its own session, no pipes), as an argument list, never through a shell; Homeguard does not
wait for it. URLs (``ms-settings:``, ``x-apple.systempreferences:``, https pages) are opened by the desktop app
itself through Qt, only when the person clicks.

Homeguard starts itself as a child in two places, both as ``python -m <module>``: the window's scan
(``python -m auditor scan --stream``, ``auditor.scan_process``) and the credential-store check's question to
keyring (``python -m keyring --list-backends``). In the stand-alone app (PyInstaller, ``packaging/pyinstaller``)
``sys.executable`` is Homeguard itself, which has no ``-m``: its entry script asks ``run_frozen_child`` first, which
runs those two modules, and only those, for such a command line. So the children are started the same way in both
forms, and the bundle's own executable is the child.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
from collections.abc import Sequence
from typing import Any


def launch_detached(argv: Sequence[str]) -> str:
    """Start a program and return at once. Returns "" on success, or a plain sentence saying why it did not start."""
    if isinstance(argv, str | bytes) or not argv:
        raise TypeError("launch_detached() takes an argument list")
    argv = [str(a) for a in argv]
    if shutil.which(argv[0]) is None:
        return f"{argv[0]} is not installed on this computer"
    kwargs: dict[str, Any] = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
                    "shell": False, "close_fds": True}
    if os.name == "posix":
        kwargs["start_new_session"] = True
    else:  # pragma: no cover - Windows only
        kwargs["creationflags"] = getattr(subprocess, "DETACHED_PROCESS", 0) | getattr(
            subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
    try:
        subprocess.Popen(argv, **kwargs)
    except OSError as exc:
        return f"{argv[0]} could not be started ({exc.strerror or exc})"
    return ""


# -- Homeguard's own children in the stand-alone app -----------------------------------------------------------------

# The modules Homeguard runs as ``python -m <module>`` children of itself. Nothing else may be run that way in the
# stand-alone app: its command line is Homeguard's, not a Python interpreter's.
CHILD_MODULES = frozenset({"auditor", "keyring"})


def is_frozen() -> bool:
    """Whether this is the stand-alone app, where ``sys.executable`` is Homeguard's own program, not Python."""
    return bool(getattr(sys, "frozen", False))


def module_command(module: str, *args: str) -> list[str]:
    """The command line that runs ``module`` (one of ``CHILD_MODULES``) as a child of this program.

    The same in both forms: Python reads ``-m`` itself, and the stand-alone app's entry script reads it through
    ``run_frozen_child``. Raises ValueError for any other module, which the stand-alone app would refuse.
    """
    if module not in CHILD_MODULES:
        raise ValueError(f"{module!r} is not one of the modules Homeguard starts as a child")
    return [sys.executable, "-m", module, *args]


def frozen_child_request(argv: Sequence[str]) -> tuple[str, list[str]] | None:
    """For the stand-alone app's command line (``argv`` without the program): the module to run and its arguments
    when it is ``-m <module> ...`` for one of ``CHILD_MODULES``; None otherwise, and always None outside the app."""
    if not is_frozen() or len(argv) < 2 or argv[0] != "-m" or argv[1] not in CHILD_MODULES:
        return None
    return argv[1], list(argv[2:])


def run_frozen_child(argv: Sequence[str]) -> bool:
    """In the stand-alone app, run ``-m <module> ...`` as Python would, and return True once it has run (the
    module may end the process itself, as ``auditor``'s does); False when the command line is not such a request,
    for ``main.py`` to read instead."""
    request = frozen_child_request(argv)
    if request is None:
        return False
    module, args = request
    program = sys.argv[0] if sys.argv else sys.executable
    sys.argv = [program, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
    return True
