"""Keeping the terminal scan's report clean: nothing a check or plugin prints may land in it.

``homeguard scan --json`` is read by programs (a fleet tool, a school's script), so one stray ``print`` from a plugin
would make the whole report unreadable. The window's scan child protects its protocol for its whole life
(``auditor.scan_stream.protect_protocol_stream``); the terminal scan does the same while checks load and run:
file descriptor 1 and ``sys.stdout`` point at standard error, and the real standard output is given back for the
report. A check that overran its deadline is still running in its abandoned thread; if it prints afterwards, its
``print`` goes to standard error too (``_MainThreadOnly``), because only the main thread writes the report.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any, TextIO


@contextlib.contextmanager
def checks_cannot_print() -> Iterator[None]:
    """Inside: fd 1 and ``sys.stdout`` are standard error. After: the real standard output again, for the main
    thread only when threads started inside are still running."""
    real = sys.stdout
    with contextlib.suppress(Exception):
        real.flush()
    saved: int | None = None
    try:
        saved = os.dup(1)
        os.dup2(2, 1)
    except OSError:  # no standard output or error at all: nothing to protect, nothing to move
        if saved is not None:
            os.close(saved)
            saved = None
    sys.stdout = sys.stderr
    before = set(threading.enumerate())
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)
        left_running = any(t.is_alive() for t in threading.enumerate() if t not in before)
        sys.stdout = _MainThreadOnly(real) if left_running and not isinstance(real, _MainThreadOnly) else real


class _MainThreadOnly:
    """Standard output for the main thread; what any other thread writes goes to standard error."""

    def __init__(self, real: TextIO) -> None:
        self._real = real

    def write(self, text: str) -> int:
        if threading.current_thread() is threading.main_thread():
            return self._real.write(text)
        return sys.stderr.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)
