"""Starting a scan as a child process and reading it as it goes; Qt-free, so the window only adapts callbacks.

The child is the same installed program in its streaming mode (``auditor.scan_stream``): it loads the checks,
runs them and writes JSON lines. A check that hangs at import, crashes the interpreter or prints to standard
output can only hurt the child. Cancel kills the child's whole process group (and anything it started in groups
of its own) at once. Whatever happens, ``on_done`` is called exactly once, from the reader thread.

Everything the child writes is untrusted: lines are capped in length, lines that are not protocol JSON are
ignored, and every result is rebuilt through the model and checked before anyone sees it. That reading is
``auditor.scan_messages``'s; this module keeps the process's life and the words for how the scan ended.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from auditor.model import ScanRun
from auditor.runner import Progress
from auditor.scan_messages import ProtocolMismatch, StreamReading, bounded_lines
from auditor.scan_stream import PROTOCOL

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 8 * 1024 * 1024  # a whole scan is far smaller; a longer line is refused, not read into memory
STDERR_TAIL_LINES = 20
EXIT_GRACE_SECONDS = 5.0  # after the last message, how long the child may take to exit before it is killed


@dataclass(frozen=True)
class ScanRequest:
    """What to scan and how. Paths are made absolute before the child sees them."""

    data_dir: Path | None = None
    safe_mode: bool = False
    recorded: Path | None = None  # a scenario TOML: tests and demos scan a recorded machine
    lock_minutes: int | None = None  # Settings.screen_lock_max_minutes
    extra_env: Mapping[str, str] = field(default_factory=dict)  # e.g. PYTHONPATH for a test plugin


@dataclass(frozen=True)
class ScanOutcome:
    """How a scan ended.

    ``run`` holds the device results only, not saved; after ``cancel()`` it is the results so far with
    ``cancelled=True`` (``None`` when the child was cancelled before it had loaded its checks). ``error``, when the
    scan could not finish (``run`` is then ``None``), is one plain sentence for the person, then, after
    "Details:", what a helper would want: for a crash, the child's error, then its last words on standard error
    (``last_words``, ``with_details``).
    ``ignored`` counts lines and results from the child that could not be read and were left out.
    """

    run: ScanRun | None
    error: str = ""
    cancelled: bool = False
    ignored: int = 0


def scan_command(request: ScanRequest) -> list[str]:
    """The child's command line: the one place that knows how to start this program in streaming mode."""
    argv = [sys.executable, "-m", "auditor", "scan", "--stream"]
    if request.data_dir is not None:
        argv += ["--data-dir", str(Path(request.data_dir).absolute())]
    if request.safe_mode:
        argv.append("--safe-mode")
    if request.recorded is not None:
        argv += ["--recorded", str(Path(request.recorded).absolute())]
    if request.lock_minutes is not None:
        argv += ["--lock-minutes", str(int(request.lock_minutes))]
    return argv


def child_environment(request: ScanRequest) -> dict[str, str]:
    """The parent's environment plus the request's; a source folder that was never installed stays importable."""
    env = dict(os.environ)
    env.update(request.extra_env)
    from auditor import __version__

    if __version__.endswith("+source"):
        source_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (source_root, env.get("PYTHONPATH", "")) if p)
    return env


class ScanProcess:
    """One scan in a child process. ``start()`` once; callbacks come from the reader thread."""

    def __init__(self, request: ScanRequest, *, on_progress: Callable[[Progress], None],
                 on_done: Callable[[ScanOutcome], None]) -> None:
        self.request = request
        self._on_progress = on_progress
        self._on_done = on_done
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()  # guards _cancelled/_exited against the kill in cancel()
        self._cancelled = False
        self._exited = False  # the child has exited; its pid may soon be reused, so it must not be signalled
        self._started = False
        self._done = threading.Event()
        self._stderr_tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
        self._stderr_thread: threading.Thread | None = None

    # -- the interface -----------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._started:
            raise RuntimeError("a ScanProcess starts only once")
        self._started = True
        if self._cancelled:
            self._finish_soon(ScanOutcome(None, cancelled=True))
            return
        posix = os.name == "posix"
        flags = 0 if posix else (getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
                                 | getattr(subprocess, "CREATE_NO_WINDOW", 0))
        try:
            self._proc = subprocess.Popen(
                scan_command(self.request), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=child_environment(self.request), shell=False, close_fds=True,
                start_new_session=posix, creationflags=flags,
            )
        except OSError as exc:
            self._finish_soon(ScanOutcome(None, f"The scan could not be started ({exc.strerror or exc})."))
            return
        self._stderr_thread = threading.Thread(target=self._drain_stderr, name="scan-stderr", daemon=True)
        self._stderr_thread.start()
        threading.Thread(target=self._read, name="scan-reader", daemon=True).start()
        if self._cancelled:  # cancel() came from another thread while the child was being started
            self.cancel()

    def cancel(self) -> None:
        """End the child and everything it started, at once. Returns immediately; ``on_done`` follows."""
        with self._lock:
            self._cancelled = True
            if self._proc is None or self._exited or self._proc.returncode is not None:
                return  # never signal a process id that may already belong to someone else
            _kill_tree(self._proc)

    @property
    def pid(self) -> int | None:
        """The child's process id (also its process group's), once started."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._started and not self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the reader has finished and ``on_done`` has been called."""
        return self._done.wait(timeout)

    # -- the reader thread -------------------------------------------------------------------------------------
    def _read(self) -> None:
        proc = self._proc
        assert proc is not None and proc.stdout is not None
        reading = StreamReading()
        outcome: ScanOutcome | None = None
        try:
            for line in bounded_lines(proc.stdout, MAX_LINE_BYTES, reading.skipped):
                try:
                    reading.take(line, self._progress)
                except ProtocolMismatch as exc:  # the child cannot be trusted to go on
                    self.cancel()
                    outcome = ScanOutcome(None, _mismatch(exc.spoken), ignored=reading.ignored)
                    break
                if reading.run is not None:
                    break  # the last message: nothing after it matters
        except Exception as exc:  # never let the reader die without calling on_done
            log.exception("reading the scan process failed")
            self.cancel()
            outcome = ScanOutcome(None, f"Homeguard could not read the scan as it went ({type(exc).__name__}).")
        returncode = self._reap(proc, grace=EXIT_GRACE_SECONDS if reading.run is not None else None)
        if self._stderr_thread is not None:
            self._stderr_thread.join(timeout=1.0)
        with contextlib.suppress(OSError):
            proc.stdout.close()
        self._finish(outcome or self._outcome(reading, returncode))

    def _progress(self, step: Progress) -> None:
        try:
            self._on_progress(step)
        except Exception:  # a broken listener must not stop the reading
            log.exception("scan progress callback failed")

    def _outcome(self, reading: StreamReading, returncode: int | None) -> ScanOutcome:
        if reading.run is not None:
            return ScanOutcome(reading.run, ignored=reading.ignored)
        if self._cancelled:
            return ScanOutcome(reading.partial_run(), cancelled=True, ignored=reading.ignored)
        if returncode is None or returncode == 0:
            how = ""
        elif returncode < 0:
            how = f" (the system ended it: {_signal_name(-returncode)})"
        else:
            how = f" (exit code {returncode})"
        details: list[str] = []
        if reading.hello is None:
            how = " before giving any results" + how
            if reading.ignored:
                lines = "line" if reading.ignored == 1 else "lines"
                details.append(f"It wrote {reading.ignored} {lines} Homeguard could not read.")
        details += last_words(list(self._stderr_tail), cut=len(self._stderr_tail) == STDERR_TAIL_LINES)
        return ScanOutcome(None, with_details(f"The scan stopped unexpectedly{how}.", details),
                           ignored=reading.ignored)

    def _reap(self, proc: subprocess.Popen[bytes], grace: float | None) -> int | None:
        """Wait for the child to exit (killing it if it lingers after its last message) and return its exit code."""
        if grace is not None:
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.cancel()
        if proc.returncode is None and hasattr(os, "waitid"):
            # Wait without reaping first: until it is reaped, the child's pid (and group id) cannot be reused,
            # so a cancel() arriving meanwhile still signals the right processes.
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        with self._lock:
            self._exited = True
        return proc.wait()

    def _drain_stderr(self) -> None:
        proc = self._proc
        assert proc is not None and proc.stderr is not None
        try:
            for line in bounded_lines(proc.stderr, 16 * 1024, lambda: None):
                self._stderr_tail.append(line.decode("utf-8", errors="replace").rstrip())
        except (OSError, ValueError):
            pass
        finally:
            with contextlib.suppress(OSError):
                proc.stderr.close()

    def _finish_soon(self, outcome: ScanOutcome) -> None:
        """Report an outcome from a thread of its own, as every other outcome is reported."""
        threading.Thread(target=self._finish, args=(outcome,), name="scan-reader", daemon=True).start()

    def _finish(self, outcome: ScanOutcome) -> None:
        with self._lock:
            if self._done.is_set():
                return
            self._exited = True
        try:
            self._on_done(outcome)
        except Exception:
            log.exception("scan done callback failed")
        finally:
            self._done.set()


def _kill_tree(proc: subprocess.Popen[bytes]) -> None:
    """Kill the child, its process group, and whatever it started in groups of its own (commands run by checks)."""
    descendants = []
    try:
        import psutil

        descendants = psutil.Process(proc.pid).children(recursive=True)
    except Exception:  # it may already be gone; the group kill below still covers the rest
        descendants = []
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)  # the child leads its own session, so its group id is its pid
    else:  # pragma: no cover - Windows only
        with contextlib.suppress(OSError):
            proc.kill()
    for child in descendants:
        with contextlib.suppress(Exception):
            child.kill()


def last_words(tail: list[str], *, cut: bool) -> list[str]:
    """The end of what the child wrote to standard error, its most telling line first: the last one (after a crash,
    the error itself), then the lines before it, from the start of a whole traceback frame when the beginning was
    ``cut`` off (so no fragment of a line leads)."""
    lines = [line for line in tail if line.strip()]
    if not lines:
        return []
    before = lines[:-1]
    if cut:
        whole = next((i for i, line in enumerate(before) if line.startswith("  File ") or not line[0].isspace()),
                     len(before))
        before = before[whole:]
    return [lines[-1], *before]


def with_details(sentence: str, details: list[str]) -> str:
    """A failure as the person reads it: one plain sentence, then "Details:" and the details, one per line (a
    traceback keeps its shape), so a window can show the sentence and the details apart or together."""
    if not details:
        return sentence
    return f"{sentence} Details: " + "\n".join(details)


def _mismatch(spoken: object) -> str:
    return with_details("The scan process speaks a different version of Homeguard's scan protocol, so its results "
                        "were not used.", [f"It speaks version {spoken!r}; this window speaks {PROTOCOL}."])


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
