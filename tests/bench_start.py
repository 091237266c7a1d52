"""`make bench` (first part): from process start to the first painted window, Homeguard against a bare PySide6
window of the same size, measured side by side in one run.

The target: Homeguard's median at most 1.5 times the bare window's. Each round starts both as fresh processes, in
turn (the order swaps every round, so neither always runs on a warmer cache). Each child prints "first-paint" once
its window has painted (with the CPU seconds it has used, shown beside the wall time because they say more on a
busy machine) and then quits: Homeguard through ``ui.paint_probe.FirstPaintProbe`` (switched on by an
environment variable, for measurement only), the bare window through a copy of the same probe. A round is timed
from just before the process is started to the moment that line arrives, so interpreter start, imports, reading the
history and building the window all count. Homeguard starts as a person starts it, ``python main.py``, over an
empty data folder of its own. It needs a display: without one the bench runs itself again inside ``xvfb-run -a``
when that is installed, and otherwise measures on the offscreen platform (``main.py gui``) and says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_PAINT_PROBE = "HOMEGUARD_BENCH_FIRST_PAINT"  # the same name as ui.paint_probe.FIRST_PAINT_PROBE
TARGET_RATIO = 1.5
UNDER_XVFB = "HOMEGUARD_BENCH_UNDER_XVFB"
TIMEOUT_SECONDS = 60.0

# A bare PySide6 main window of Homeguard's size, with a copy of ui.paint_probe.FirstPaintProbe.
BARE_WINDOW = """
import sys
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaintProbe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        print(f"first-paint {time.process_time():.4f}", flush=True)
        QApplication.quit()

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.installEventFilter(FirstPaintProbe(window))
window.show()
sys.exit(app.exec())
"""


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def time_to_first_paint(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting ``argv`` to its "first-paint" line, and the CPU seconds the process says it had used
    by then (less affected by other work on a busy machine). The process is then left to quit on its own."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("first-paint "):
                elapsed = time.perf_counter() - start
                child.wait(timeout=TIMEOUT_SECONDS)
                return elapsed, float(line.split()[1])
        raise RuntimeError(f"{' '.join(argv)} ended (code {child.wait()}) without painting a window")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench_start")
    parser.add_argument("--rounds", type=int, default=7, help="starts of each window to time (at least 3)")
    args = parser.parse_args(argv)
    if not has_display() and not os.environ.get(UNDER_XVFB) and shutil.which("xvfb-run"):
        sys.stdout.flush()
        os.execvpe("xvfb-run", ["xvfb-run", "-a", sys.executable, "-m", "tests.bench_start",
                                *(argv if argv is not None else sys.argv[1:])], {**os.environ, UNDER_XVFB: "1"})

    env = {**os.environ, FIRST_PAINT_PROBE: "1"}
    # Bytecode is cached, as it is for an installed app, but in a folder of the bench's own, not in the tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if has_display():
        where = "under xvfb-run" if os.environ.get(UNDER_XVFB) else "on this display"
        if env.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
            del env["QT_QPA_PLATFORM"]  # the display is there to be used; main.py would choose the terminal
        homeguard_args: list[str] = []
    else:
        where = "offscreen (no display and no xvfb-run: the figures say less)"
        env["QT_QPA_PLATFORM"] = "offscreen"
        homeguard_args = ["gui"]  # main.py chooses the terminal when there is no display
    bare = [sys.executable, "-c", BARE_WINDOW]
    rounds = max(3, args.rounds)
    times: dict[str, list[float]] = {"bare": [], "homeguard": []}
    cpu: dict[str, list[float]] = {"bare": [], "homeguard": []}
    with tempfile.TemporaryDirectory(prefix="homeguard-bench-start-") as folder:
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "bytecode")

        def homeguard(n: int) -> list[str]:
            return [sys.executable, "main.py", *homeguard_args, "--data-dir", str(Path(folder) / f"data-{n}")]

        time_to_first_paint(bare, env)  # a first start of each, not counted: compiles the bytecode, fills caches
        time_to_first_paint(homeguard(0), env)
        for n in range(1, rounds + 1):
            order = [("bare", bare), ("homeguard", homeguard(n))]
            for name, command in order if n % 2 else reversed(order):
                wall, used = time_to_first_paint(command, env)
                times[name].append(wall)
                cpu[name].append(used)

    ratio = statistics.median(times["homeguard"]) / statistics.median(times["bare"])
    cpu_ratio = statistics.median(cpu["homeguard"]) / statistics.median(cpu["bare"])
    print(f"Window start: process start to first painted 1280x800 window ({rounds} starts each, {where})")
    for label, name in (("bare PySide6 QMainWindow", "bare"), ("Homeguard (python main.py)", "homeguard")):
        print(f"  {label:28} median {statistics.median(times[name]):5.2f} s (CPU {statistics.median(cpu[name]):4.2f} s)"
              f"   (all: {', '.join(f'{t:.2f}' for t in times[name])})")
    print(f"  ratio {ratio:4.1f}x (CPU {cpu_ratio:3.1f}x)   (target <= {TARGET_RATIO}x)   "
          f"{'target met' if ratio <= TARGET_RATIO else 'target NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
