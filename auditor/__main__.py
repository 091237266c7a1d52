"""``python -m auditor``: the terminal front end (and the scan child the window starts, ``scan --stream``).

After the command has finished, its output is flushed and the process ends at once with ``os._exit``: the history
file is already closed, nothing registers work for interpreter shutdown, and tearing down every imported module
would add 15-25 ms to each scan (measured with ``make bench``) for nothing the person sees.
"""

import contextlib
import os
import sys

from auditor.cli import main


def run() -> None:
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a reader that went away is not an error here
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
