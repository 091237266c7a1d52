"""``python -m auditor``: the terminal front end (and the scan child the window starts, ``scan --stream``)."""

import sys

from auditor.cli import main

if __name__ == "__main__":
    sys.exit(main())
