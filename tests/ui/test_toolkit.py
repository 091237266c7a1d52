"""The Qt binding itself must be safe to run for a whole family review.

PySide6 6.12.0 on Python 3.11 drops a reference to None on many calls (QLabel.setText among them); after a few
thousand calls Python aborts with "none_dealloc: deallocating None". pyproject.toml excludes that release; this
test repeats the measurement in a child process, so a bad binding fails here instead of in a parent's hands.
"""

import subprocess
import sys

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for _ in range(20000):
    label.setText("a")
print(before, sys.getrefcount(None))
"""


def test_the_qt_binding_does_not_leak_references_to_none():
    child = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, f"the Qt binding crashed Python: {child.stderr.strip()[:300]}"
    before, after = map(int, child.stdout.split())
    assert after >= before - 100, f"references to None fell from {before} to {after} (a binding refcount bug)"
