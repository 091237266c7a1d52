"""Start Homeguard: the desktop window when there is a display, the terminal report when there is not.

Terminal commands: ``python main.py scan | checks | history | report`` (``--help`` lists the options).
"""

import sys

from auditor.cli import main

if __name__ == "__main__":
    sys.exit(main())
