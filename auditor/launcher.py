"""Opening a settings panel for the person: a program started and left running, never waited for.

"Open settings" on Linux runs a desktop's own settings program (``gnome-control-center privacy``). It is started
detached from Homeguard (its own session, no pipes), as an argument list, never through a shell; Homeguard does not
wait for it. URLs (``ms-settings:``, ``x-apple.systempreferences:``, https pages) are opened by the desktop app
itself through Qt, only when the person clicks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
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
