"""Smoke test of a built stand-alone app: ``python packaging/pyinstaller/smoke.py dist/homeguard [--no-window]``.

Run by ``make bundle-smoke`` (under ``xvfb-run``, for the window) and by the CI workflow on each system (without the
window). It uses the app as a person and as the window would, from outside, with the source tree's Python only as
the judge:

1. ``homeguard scan --json --no-save`` prints a report that validates against ``auditor/schema``, with a row for
   every built-in check this system has, none of them a check that could not be loaded;
2. the window's own scan code (``auditor.scan_process.ScanProcess``) with the bundle as the program it starts
   (``<bundle> -m auditor scan --stream``) reads a whole scan of the same checks through the streaming protocol;
3. with a display: the bundled window paints (its own first-paint probe, ``HOMEGUARD_BENCH_FIRST_PAINT``, prints a
   line and quits); then, started as a person starts it, it opens (seen with ``xwininfo``), is given the keyboard
   and Alt+S ("Start the first scan"), so the bundled window runs a scan through its own child and saves it to the
   history; then it is asked to close as a window manager asks (``WM_DELETE_WINDOW``) and quits by itself with exit
   code 0 and nothing on standard error that looks like a crash.

Prints one line per step; exits 1 with the reason at the first step that fails.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import ctypes.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from auditor.host import current_platform  # noqa: E402
from auditor.registry import discover  # noqa: E402
from auditor.reports import SCHEMA_PATH  # noqa: E402
from auditor.scan_process import ScanOutcome, ScanProcess, ScanRequest  # noqa: E402

SCAN_SECONDS = 120.0
WINDOW_SECONDS = 60.0
NOT_LOADED = "could not be loaded"
FIRST_PAINT_PROBE = "HOMEGUARD_BENCH_FIRST_PAINT"  # ui.main_window: print "first-paint" once painted, and quit


class SmokeFailure(Exception):
    """A step of the smoke test failed; the message says which and why."""


def program_in(bundle: Path) -> Path:
    name = "homeguard.exe" if sys.platform == "win32" else "homeguard"
    program = bundle / name
    if not program.is_file():
        raise SmokeFailure(f"there is no {name} in {bundle}: build the bundle first (make bundle)")
    return program


def expected_checks() -> set[str]:
    """The built-in checks this system has, as the source tree finds them (the bundle must find the same)."""
    return {check.id for check, origin in discover(safe_mode=True).for_platform(current_platform())
            if origin.builtin}


def check_contents(bundle: Path) -> None:
    """The report schema the app validates with travels in the bundle, unchanged."""
    found = [p for p in bundle.rglob(SCHEMA_PATH.name) if p.parent.name == "schema"]
    if not found or found[0].read_bytes() != SCHEMA_PATH.read_bytes():
        raise SmokeFailure(f"the bundle does not carry {SCHEMA_PATH.name} as the source has it")


def check_json_scan(program: Path, data_dir: Path, expected: set[str]) -> None:
    import jsonschema

    done = subprocess.run([str(program), "scan", "--json", "--no-save", "--data-dir", str(data_dir)],
                          capture_output=True, timeout=SCAN_SECONDS, check=False)
    if done.returncode != 0:
        raise SmokeFailure(f"scan --json ended with exit code {done.returncode}: {_tail(done.stderr)}")
    report = json.loads(done.stdout)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)
    ids = {row["check_id"] for row in report["results"]}
    broken = [row["check_id"] for row in report["results"] if NOT_LOADED in row.get("summary", "")]
    if broken or not expected <= ids:
        raise SmokeFailure(f"scan --json is missing checks {sorted(expected - ids)}; not loaded: {broken}")
    print(f"ok: scan --json: a valid report of {len(report['results'])} rows, all {len(expected)} built-in checks")


def check_stream_scan(program: Path, data_dir: Path, expected: set[str]) -> None:
    """The window's scan code, starting the bundle as its child exactly as the bundled window does."""
    outcomes: list[ScanOutcome] = []
    real_executable = sys.executable
    sys.executable = str(program)  # scan_command starts `sys.executable -m auditor scan --stream`, as in the app
    try:
        scan = ScanProcess(ScanRequest(data_dir=data_dir), on_progress=lambda _: None, on_done=outcomes.append)
        scan.start()
        finished = scan.wait(SCAN_SECONDS)
    finally:
        sys.executable = real_executable
    if not finished or not outcomes:
        scan.cancel()
        raise SmokeFailure("the streamed scan did not finish in time")
    outcome = outcomes[0]
    if outcome.run is None or outcome.error:
        raise SmokeFailure(f"the streamed scan failed: {outcome.error}")
    ids = {result.check_id for result in outcome.run.results}
    if expected - ids or outcome.ignored:
        raise SmokeFailure(f"the streamed scan is missing {sorted(expected - ids)}; {outcome.ignored} lines ignored")
    print(f"ok: {program.name} -m auditor scan --stream, read by ScanProcess: {len(ids)} checks")


def check_window(program: Path, data_dir: Path, expected: set[str]) -> None:
    if not os.environ.get("DISPLAY") or shutil.which("xwininfo") is None:
        raise SmokeFailure("the window step needs an X display and xwininfo: run under xvfb-run "
                           "(apt-get install xvfb x11-utils), or pass --no-window")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    probe = subprocess.run([str(program), "--data-dir", str(data_dir)], env={**env, FIRST_PAINT_PROBE: "1"},
                           capture_output=True, timeout=WINDOW_SECONDS, check=False)
    if probe.returncode != 0 or not probe.stdout.startswith(b"first-paint"):
        raise SmokeFailure(f"the bundled window did not paint (exit code {probe.returncode}): {_tail(probe.stderr)}")
    print("ok: the bundled window painted and its first-paint probe quit it")
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen([str(program), "--data-dir", str(data_dir)], env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=errors)
        try:
            window = _wait_for_window(proc)
            print(f"ok: the bundled window is on screen (X window {window:#x})")
            with _X11() as x11:
                x11.focus(window)
                x11.press("Alt_L", "s")  # "&Start the first scan" on the Overview of a new data folder
            saved = _wait_for_saved_scan(data_dir / "homeguard.db", proc)
            broken = sorted(check_id for check_id, data in saved.items() if NOT_LOADED in data)
            if broken or not expected <= set(saved):
                missing = sorted(expected - set(saved))
                raise SmokeFailure(f"the window's scan is missing {missing}; not loaded: {broken}")
            print(f"ok: the bundled window ran a scan through its own child and saved it ({len(saved)} rows, "
                  f"all {len(expected)} built-in checks)")
            with _X11() as x11:
                x11.close(window)
            try:
                code = proc.wait(WINDOW_SECONDS)
            except subprocess.TimeoutExpired:
                raise SmokeFailure("the window was asked to close but the app did not quit") from None
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        errors.seek(0)
        said = errors.read()
    if code != 0 or b"Traceback" in said:
        raise SmokeFailure(f"the window quit with exit code {code}: {_tail(said)}")
    print("ok: the bundled window closed and the app quit cleanly (exit code 0)")


def _wait_for_window(proc: subprocess.Popen[bytes]) -> int:
    """The id of the app's viewable top-level window titled "Homeguard" (or "<page> — Homeguard")."""
    title = re.compile(r'^\s+(0x[0-9a-f]+) "(?:[^"]* \u2014 )?Homeguard":', re.MULTILINE)
    deadline = time.monotonic() + WINDOW_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SmokeFailure(f"the window exited at once with exit code {proc.returncode}")
        tree = subprocess.run(["xwininfo", "-root", "-children"], capture_output=True, text=True, check=False)
        for match in title.finditer(tree.stdout):
            info = subprocess.run(["xwininfo", "-id", match.group(1)], capture_output=True, text=True, check=False)
            if "Map State: IsViewable" in info.stdout:
                return int(match.group(1), 16)
        time.sleep(0.25)  # polling another process's window from outside: there is nothing to wait on
    raise SmokeFailure(f"no Homeguard window appeared within {WINDOW_SECONDS:g} seconds")


def _wait_for_saved_scan(database: Path, proc: subprocess.Popen[bytes]) -> dict[str, str]:
    """The rows the first scan saved in the history (check id -> its saved data), once the window has saved it."""
    deadline = time.monotonic() + SCAN_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SmokeFailure(f"the window exited during its scan, with exit code {proc.returncode}")
        if database.is_file():
            try:
                with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=5)) as db:
                    row = db.execute("SELECT id FROM runs WHERE cancelled = 0 ORDER BY id LIMIT 1").fetchone()
                    if row is not None:
                        rows = db.execute("SELECT check_id, data FROM results WHERE run_id = ?", row).fetchall()
                        return {str(check_id): str(data) for check_id, data in rows}
            except sqlite3.Error:
                pass  # the app is still creating the file or its tables
        time.sleep(0.25)  # another process's database: there is nothing to wait on
    raise SmokeFailure(f"the window did not save a scan within {SCAN_SECONDS:g} seconds of Alt+S (which presses "
                       "\u201cStart the first scan\u201d on the Overview of a new data folder: has its label changed?)")


class _ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class _Event(ctypes.Union):
    _fields_ = [("message", _ClientMessage), ("pad", ctypes.c_long * 24)]


class _X11:
    """Just enough of Xlib (through ctypes) to do what a window manager and a person would: give a window the
    keyboard, press keys (the XTEST extension, as real key presses), and ask a window to close. Xvfb has no window
    manager, and the smoke test needs no Python X library."""

    def __enter__(self) -> _X11:
        names = [ctypes.util.find_library("X11"), ctypes.util.find_library("Xtst")]
        if None in names:
            raise SmokeFailure("libX11 and libXtst are needed to talk to the window (apt-get install libxtst6)")
        self.x11, self.xtst = ctypes.CDLL(names[0]), ctypes.CDLL(names[1])
        x11 = self.x11
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XInternAtom.restype = ctypes.c_ulong
        x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                                   ctypes.POINTER(_Event)]
        x11.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.display = x11.XOpenDisplay(None)
        if not self.display:
            raise SmokeFailure("could not open the X display")
        return self

    def __exit__(self, *exc: object) -> None:
        self.x11.XCloseDisplay(self.display)

    def focus(self, window: int) -> None:
        self.x11.XSetInputFocus(self.display, window, 2, 0)  # RevertToParent, CurrentTime
        self.x11.XSync(self.display, 0)
        time.sleep(0.5)  # the app activates its window when the focus event reaches it; nothing to wait on from here

    def press(self, *keys: str) -> None:
        """Press the keys together, then let go in reverse order (a chord such as Alt+S)."""
        codes = [self.x11.XKeysymToKeycode(self.display, self.x11.XStringToKeysym(k.encode())) for k in keys]
        if 0 in codes:
            raise SmokeFailure(f"the X display has no key for one of {keys}")
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.display, code, 1, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.display, code, 0, 0)
        self.x11.XSync(self.display, 0)

    def close(self, window: int) -> None:
        """Send the window WM_DELETE_WINDOW, as a window manager's close button does."""
        event = _Event()
        event.message.type = 33  # ClientMessage
        event.message.window = window
        event.message.message_type = self.x11.XInternAtom(self.display, b"WM_PROTOCOLS", 0)
        event.message.format = 32
        event.message.data[0] = self.x11.XInternAtom(self.display, b"WM_DELETE_WINDOW", 0)
        event.message.data[1] = 0  # CurrentTime
        if not self.x11.XSendEvent(self.display, window, 0, 0, ctypes.byref(event)):
            raise SmokeFailure("X refused to deliver the close request")
        self.x11.XFlush(self.display)


def _tail(data: bytes, lines: int = 15) -> str:
    return "\n".join(data.decode("utf-8", "replace").strip().splitlines()[-lines:]) or "(nothing on standard error)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke test of the built stand-alone Homeguard.")
    parser.add_argument("bundle", type=Path, help="the one-folder app, e.g. dist/homeguard")
    parser.add_argument("--no-window", action="store_true", help="skip opening the window (no display here)")
    args = parser.parse_args(argv)
    try:
        program = program_in(args.bundle.resolve())
        expected = expected_checks()
        check_contents(args.bundle)
        with tempfile.TemporaryDirectory(prefix="homeguard-smoke-") as data_dir:
            check_json_scan(program, Path(data_dir), expected)
            check_stream_scan(program, Path(data_dir), expected)
            if not args.no_window:
                check_window(program, Path(data_dir), expected)
    except SmokeFailure as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"Bundle smoke test passed: {args.bundle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
