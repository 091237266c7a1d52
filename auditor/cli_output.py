"""How the terminal commands fit the terminal they print to: its width, and whether colour is wanted."""

from __future__ import annotations

import os
import shutil
import sys


def terminal_width() -> int:
    """The terminal's width less a margin (100 columns when it cannot be told, as when the output is a file)."""
    return shutil.get_terminal_size((100, 24)).columns - 2


def colour_wanted() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
