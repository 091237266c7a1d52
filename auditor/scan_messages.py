"""What the scan child says, read as untrusted input, one line and one protocol message at a time.

``auditor.scan_process`` owns the child's life (starting it, cancelling it, waiting for it) and the words for how
a scan ended. This module owns the other half, the reading of what the child writes, kept apart because it is the
part a broken or hostile child can aim at, and because it can be read and tested without any process:

- a line longer than its cap is skipped (and counted) without ever being held whole (``bounded_lines``);
- a line that is not protocol JSON, or a message out of place, is counted in ``ignored`` and otherwise left alone;
- the first message (``hello``) must speak this protocol's version, or nothing the child says is used
  (``ProtocolMismatch``);
- every result is rebuilt through the model by ``auditor.scan_stream``'s decoders before anyone sees it.

What was read so far (``StreamReading``) is also what a cancelled scan keeps: ``partial_run``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, TypeGuard

from auditor.model import Result, ScanRun
from auditor.runner import Progress
from auditor.scan_stream import PROTOCOL, ProtocolError, result_from_dict, run_from_dict


class ProtocolMismatch(Exception):
    """The child speaks another version of the scan protocol (``spoken``), so nothing it says can be used."""

    def __init__(self, spoken: object) -> None:
        super().__init__(f"the scan process speaks protocol {spoken!r}, not {PROTOCOL}")
        self.spoken = spoken


@dataclass(frozen=True)
class Hello:
    """The child's first message: what it is about to scan."""

    platform: str
    hostname: str
    os_name: str
    app_version: str
    safe_mode: bool
    user_is_admin: bool
    started_at: float


@dataclass
class StreamReading:
    """What the reader has learnt from the child so far."""

    hello: Hello | None = None
    order: list[str] = field(default_factory=list)
    results: dict[str, Result] = field(default_factory=dict)
    run: ScanRun | None = None
    ignored: int = 0

    def skipped(self) -> None:
        """A line too long to read was passed over."""
        self.ignored += 1

    def take(self, line: bytes, on_progress: Callable[[Progress], None]) -> None:
        """Act on one line: a progress step is handed to ``on_progress``, the whole run kept in ``run``, and
        anything that is not a protocol message in its place counted in ``ignored``. Raises ``ProtocolMismatch``
        when the first message speaks another version of the protocol."""
        try:
            message = json.loads(line)
        except (ValueError, RecursionError):
            self.ignored += 1
            return
        kind = message.get("type") if isinstance(message, dict) else None
        try:
            if kind == "hello" and self.hello is None:
                self._hello(message)
            elif kind in ("started", "finished") and self.hello is not None:
                on_progress(self._progress(message))
            elif kind == "run" and self.hello is not None:
                decoded = run_from_dict(message.get("run"))
                self.ignored += decoded.skipped
                self.run = decoded.run
            else:
                self.ignored += 1
        except ProtocolError:
            self.ignored += 1

    def _hello(self, message: dict[str, object]) -> None:
        if message.get("protocol") != PROTOCOL:
            raise ProtocolMismatch(message.get("protocol"))
        checks = message.get("checks")
        if not isinstance(checks, list) or not all(isinstance(c, str) for c in checks):
            raise ProtocolError("hello must list the checks")
        started_at = message.get("started_at")
        self.hello = Hello(
            platform=_text(message, "platform"),
            hostname=_text(message, "hostname"),
            os_name=_text(message, "os_name"),
            app_version=_text(message, "app_version"),
            safe_mode=message.get("safe_mode") is True,
            user_is_admin=message.get("user_is_admin") is True,
            started_at=float(started_at) if isinstance(started_at, int | float) else time.time(),
        )
        self.order = list(checks)

    def _progress(self, message: dict[str, object]) -> Progress:
        check_id, done, total = message.get("check_id"), message.get("done"), message.get("total")
        if not isinstance(check_id, str) or not _count(done) or not _count(total):
            raise ProtocolError("progress must name a check and count")
        result: Result | None = None
        if message["type"] == "finished":
            result = result_from_dict(message.get("result"))
            self.results[result.check_id] = result
        return Progress(str(message["type"]), check_id, done, total, result)

    def partial_run(self) -> ScanRun | None:
        """The scan so far, as the in-process runner would return it after a cancel."""
        if self.hello is None:
            return None
        h = self.hello
        ordered = [self.results[i] for i in self.order if i in self.results]
        ordered += [r for i, r in self.results.items() if i not in self.order]
        return ScanRun(
            results=tuple(ordered), started_at=h.started_at, finished_at=time.time(), platform=h.platform,
            hostname=h.hostname, os_name=h.os_name, app_version=h.app_version, safe_mode=h.safe_mode,
            cancelled=True, user_is_admin=h.user_is_admin,
        )


def bounded_lines(stream: IO[bytes], limit: int, on_skipped: Callable[[], None]) -> Iterator[bytes]:
    """Lines of at most ``limit`` bytes; a longer one is skipped (``on_skipped`` is called) without ever being
    held whole."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit:
            on_skipped()
            while not line.endswith(b"\n"):
                line = stream.readline(limit + 1)
                if not line:
                    return
            continue
        yield line


def _text(message: Mapping[str, object], key: str) -> str:
    value = message.get(key)
    if not isinstance(value, str):
        raise ProtocolError(f"{key} must be text")
    return value


def _count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
