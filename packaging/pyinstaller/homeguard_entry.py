"""The stand-alone app's entry point: one program that is both the window and the terminal, as ``main.py`` is.

``homeguard`` with no arguments (and a display) opens the window; ``homeguard scan --json`` and every other command
print to the terminal. The app also starts itself as a child, as ``<program> -m auditor scan --stream`` for the
window's scan and ``-m keyring --list-backends`` for the credential-store check: ``auditor.launcher`` runs those
two modules, and only those, before ``main.py`` sees the command line.
"""

import sys

from auditor.launcher import run_frozen_child


def start() -> int:
    if run_frozen_child(sys.argv[1:]):
        return 0
    from main import main

    return main()


if __name__ == "__main__":
    sys.exit(start())
