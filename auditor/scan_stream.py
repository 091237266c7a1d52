"""The scan as a child process speaks it: progress and results as JSON lines, one object per line.

``homeguard scan --stream`` (``python -m auditor scan --stream``) runs one scan in its own process and writes
this protocol to its standard output; ``auditor.scan_process`` starts that child and reads it. A hung or noisy
check then lives and dies in the child, and the window only reads lines.

Protocol version 1, in order:

- ``{"type": "hello", "protocol": 1, "platform", "hostname", "os_name", "app_version", "safe_mode",
  "user_is_admin", "started_at", "total", "checks": [ids]}`` once the checks are loaded;
- ``{"type": "started", "check_id", "done", "total"}`` and
  ``{"type": "finished", "check_id", "done", "total", "result": <Result.to_dict()>}`` as the scan goes;
- ``{"type": "run", "run": <the whole ScanRun>}`` last.

The child never saves to the history and never adds the household's guided answers: the parent does both.
Nothing a check or plugin prints can reach the protocol: before any of them is imported, the protocol gets a
private copy of the original standard output and file descriptor 1 is pointed at standard error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from auditor import __version__
from auditor.model import Result, ScanRun

if TYPE_CHECKING:
    from auditor.host import Host
    from auditor.settings import Settings

PROTOCOL = 1
SCAN_NICENESS = 5  # how far the window's scan steps back for the window (give_way_to_the_window)


class ProtocolError(ValueError):
    """A message that does not say what protocol version 1 says it must."""


# -- turning a scan into messages and back ---------------------------------------------------------------------
def result_to_dict(result: Result) -> dict[str, Any]:
    """``Result.to_dict()`` with the exact duration, so the parent rebuilds the very same result.

    A plugin's summary or evidence that is not text (bytes, a number) is sent as its text, as a report would show it.
    """
    data = {**result.to_dict(), "duration": result.duration, "summary": _as_text(result.summary)}
    data["evidence"] = [{"looked_at": _as_text(e.looked_at), "seen": _as_text(e.seen)} for e in result.evidence]
    return data


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


def result_from_dict(data: object) -> Result:
    """A result from untrusted JSON: rebuilt through the model, then every field's type checked."""
    if not isinstance(data, Mapping):
        raise ProtocolError("a result must be an object")
    try:
        result = Result.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProtocolError(f"a result could not be read ({type(exc).__name__}: {exc})") from exc
    texts = (result.check_id, result.title, result.strategy, result.summary, result.kind, result.subject)
    if not all(isinstance(text, str) for text in texts) or not result.check_id:
        raise ProtocolError("a result has a field of the wrong kind")
    if not all(isinstance(e.looked_at, str) and isinstance(e.seen, str) for e in result.evidence):
        raise ProtocolError("a result's evidence is not text")
    if result.fix is not None and not all(isinstance(step, str) for step in result.fix.steps):
        raise ProtocolError("a result's fix is not text")
    return result


def run_to_dict(run: ScanRun) -> dict[str, Any]:
    return {
        "results": [result_to_dict(r) for r in run.results],
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "platform": run.platform,
        "hostname": run.hostname,
        "os_name": run.os_name,
        "app_version": run.app_version,
        "safe_mode": run.safe_mode,
        "cancelled": run.cancelled,
        "user_is_admin": run.user_is_admin,
    }


@dataclass(frozen=True)
class DecodedRun:
    run: ScanRun
    skipped: int  # results that could not be read and were left out


def run_from_dict(data: object) -> DecodedRun:
    """The whole scan from untrusted JSON. A bad result is left out and counted; a bad header is an error."""
    if not isinstance(data, Mapping) or not isinstance(data.get("results"), list):
        raise ProtocolError("the scan must be an object with a list of results")
    results: list[Result] = []
    skipped = 0
    for item in data["results"]:
        try:
            results.append(result_from_dict(item))
        except ProtocolError:
            skipped += 1
    header = {
        "started_at": _number(data, "started_at"),
        "finished_at": _number(data, "finished_at"),
        "platform": _text(data, "platform"),
        "hostname": _text(data, "hostname"),
        "os_name": _text(data, "os_name"),
        "app_version": _text(data, "app_version"),
        "safe_mode": _flag(data, "safe_mode"),
        "cancelled": _flag(data, "cancelled"),
        "user_is_admin": _flag(data, "user_is_admin"),
    }
    return DecodedRun(ScanRun(results=tuple(results), **header), skipped)  # type: ignore[arg-type]


def _number(data: Mapping[str, object], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProtocolError(f"{key} must be a number")
    return float(value)


def _text(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ProtocolError(f"{key} must be text")
    return value


def _flag(data: Mapping[str, object], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise ProtocolError(f"{key} must be true or false")
    return value


# -- the child's side ------------------------------------------------------------------------------------------
def protect_protocol_stream() -> IO[bytes]:
    """Keep a private copy of standard output for the protocol and send everything else to standard error.

    Called before any check or plugin is imported. Afterwards ``print()``, ``sys.stdout``, a write to file
    descriptor 1 and a program started with the inherited standard output all land on standard error. The private
    copy is not inherited by programs the checks start (Python makes duplicated descriptors non-inheritable).
    """
    sys.stdout.flush()
    private = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(private, "wb", buffering=0)


class ProtocolWriter:
    """Writes one message per line and flushes it at once. Thread-safe: progress may come from any thread."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._lock = threading.Lock()
        self.broken = threading.Event()  # the reader went away

    def send(self, message: Mapping[str, object]) -> None:
        # default=str: a plugin's odd value (bytes in its evidence) becomes text the parent can check, not a crash.
        line = json.dumps(message, ensure_ascii=True, separators=(",", ":"), default=str).encode("ascii")
        with self._lock:
            if self.broken.is_set():
                return
            try:
                self._stream.write(line + b"\n")
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                self.broken.set()

    def close(self) -> None:
        with self._lock:
            try:
                self._stream.close()
            except OSError:
                self.broken.set()


def give_way_to_the_window(pid: int = 0) -> None:
    """Lower the scan process's share of the processor (``pid``; 0: this process), so the window that reads it
    stays responsive. The window calls it on the child as soon as it has started it, and the child on itself.

    Measured (tests/bench_gui.py, 2 cores): while the child starts, imports and runs its checks it keeps both cores
    busy, and the window's thread, woken to draw, waited 10-25 ms for a core (not for its interpreter: its own
    worker threads ran under 1 ms in those steps). A lower priority costs the scan nothing when the processor is
    free; it only decides who goes first when both want it. On Linux with automatic process groups (autogroups) a
    process's niceness counts only inside its own group, and the window starts the child in a session (so a group)
    of its own: that group's niceness is lowered too, but only when the process leads its session, so a
    ``scan --stream`` typed in a terminal never lowers the terminal's group. Best effort: a refusal is fine.
    """
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        if os.getpriority(os.PRIO_PROCESS, pid) < SCAN_NICENESS:  # the same level, whoever sets it first
            os.setpriority(os.PRIO_PROCESS, pid, SCAN_NICENESS)  # inherited by its threads and the programs it runs
    with contextlib.suppress(OSError):
        if sys.platform.startswith("linux") and os.getsid(pid) == (pid or os.getpid()):
            with open(f"/proc/{pid or 'self'}/autogroup", "w", encoding="ascii") as group:
                group.write(str(SCAN_NICENESS))


def stream_scan(
    writer: ProtocolWriter, *, safe_mode: bool, recorded: str | None, lock_minutes: int | None,
    data_dir: str | None,
) -> int:
    """Load the checks, run the scan in this process and speak the protocol. Returns the exit code.

    The settings come from ``lock_minutes`` when it is given (the window passes its own), otherwise from the
    history folder, read the way the terminal scan reads them; nothing is written there. The scan first gives
    way to the window (``give_way_to_the_window``).
    """
    give_way_to_the_window()
    from auditor.registry import discover
    from auditor.runner import Progress, host_facts, run_scan, unique_ids
    from auditor.safe_mode import safe_mode_requested
    from auditor.settings import Settings
    from auditor.store import StoreError

    try:
        if lock_minutes is not None:
            settings = Settings(screen_lock_max_minutes=lock_minutes)
        else:
            settings = _stored_settings(data_dir)
    except ValueError as exc:
        print(f"homeguard: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"homeguard: {exc}", file=sys.stderr)
        return 3
    if recorded:
        from auditor.recorded import load_scenario

        host: Host = load_scenario(recorded)
    else:
        from auditor.host import RealHost

        host = RealHost()
    registry = discover(safe_mode=safe_mode_requested(safe_mode or settings.safe_mode), builtin_parts_now=False)
    wanted, failures = unique_ids(registry.for_platform(host.platform), registry.failures)  # as the runner counts
    ids = [check.id for check, _ in wanted] + [failure.name for failure in failures]
    cancel = threading.Event()
    facts = host_facts(host)
    writer.send({
        "type": "hello", "protocol": PROTOCOL, "platform": host.platform,
        "hostname": facts.hostname, "os_name": facts.os_name,
        "app_version": __version__, "safe_mode": registry.safe_mode,
        "user_is_admin": facts.user_is_admin,
        "started_at": time.time(), "total": len(ids), "checks": ids,
    })

    def progress(step: Progress) -> None:
        message: dict[str, object] = {"type": step.event, "check_id": step.check_id, "done": step.done,
                                      "total": step.total}
        if step.result is not None:
            message["result"] = result_to_dict(step.result)
        writer.send(message)
        if writer.broken.is_set():
            cancel.set()  # nobody is listening any more: start nothing new

    run = run_scan(wanted, host, settings, failures=failures, on_progress=progress, cancel=cancel,
                   safe_mode=registry.safe_mode)
    writer.send({"type": "run", "run": run_to_dict(run)})
    writer.close()
    return 141 if writer.broken.is_set() else 0


def _stored_settings(data_dir: str | None) -> Settings:
    from auditor.store import Store

    store = Store(data_dir)
    try:
        if store.notice:
            print(store.notice, file=sys.stderr)
        return store.settings()
    finally:
        store.close()
