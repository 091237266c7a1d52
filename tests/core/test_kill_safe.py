"""A scan killed while it is being saved never leaves a half-written scan, and the history still opens.

A real child process opens a ``Store`` and saves a large scan again and again, saying "saving N" on its output
before each save and "saved N" after it. The test waits for a seeded random number of saves to begin, waits a
seeded random moment more (on the child's output, never by sleeping), and kills the child with SIGKILL: no Python
code runs after that, no ``finally``, no rollback. Then it opens the history as the next start of Homeguard would
and checks that it opens, that SQLite's integrity check is "ok", that every saved scan loads whole, that no scan is
there without its results or its scores (and no results without their scan), and that every save the child saw
finish is there. At least one kill must land inside a save (its rollback journal left behind), or the test would
prove nothing; most of them do (about one in three lands after the save, between two saves).

Why it holds: ``Store.save_run`` writes the scan's row, its results and its scores in one ``BEGIN IMMEDIATE`` ...
``COMMIT`` transaction, in SQLite's default rollback-journal mode (``journal_mode=DELETE``) with
``synchronous=FULL``: a transaction cut off before its commit is rolled back from the journal the next time the
file is opened.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from auditor.store import DB_NAME, Store

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or os.name != "posix",
                                reason="needs SIGKILL and pipes that select() can wait on")

ROOT = Path(__file__).resolve().parents[2]
RESULTS_PER_SCAN = 1500  # large enough that a save takes a while, so kills land inside saves
ROUNDS = 12
SEED = 20261203
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
LINE_WAIT_SECONDS = 60.0  # only reached if the child is stuck: then the test fails rather than hangs

CHILD = textwrap.dedent(f"""
    import sys
    from auditor.model import Result, ScanRun, Severity, Status
    from auditor.store import Store

    store = Store(sys.argv[1])
    results = tuple(
        Result(check_id=f"check-{{i}}", title=f"Check number {{i}}", strategy="secure-devices",
               severity=Severity.MEDIUM, status=(Status.PASS, Status.FAIL, Status.UNKNOWN)[i % 3],
               summary="What was seen, in a sentence long enough to take some room in the file. " * 3)
        for i in range({RESULTS_PER_SCAN})
    )
    n = 0
    while True:
        run = ScanRun(results=results, started_at=1.0e9 + n, finished_at=1.0e9 + n + 1, platform="linux",
                      hostname="kill-test-{RESULTS_PER_SCAN}", os_name="Test Linux", app_version="0")
        print(f"saving {{n}}", flush=True)
        store.save_run(run)
        print(f"saved {{n}}", flush=True)
        n += 1
""")


class Lines:
    """The child's output, line by line, read straight from the pipe: no buffer of its own hides a line that has
    already arrived from ``select``."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.pending = b""

    def next(self, timeout: float) -> str | None:
        """The next line, or None when none came within ``timeout`` seconds (the child is still working)."""
        while b"\n" not in self.pending:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self.fd, 4096)
            assert chunk, "the child ended by itself"
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return line.decode()

    def rest(self) -> list[str]:
        """Every line left, once the child has ended."""
        while chunk := os.read(self.fd, 4096):
            self.pending += chunk
        return self.pending.decode().splitlines()


def save_and_kill(data: Path, rng: random.Random) -> int:
    """One round: start the child, let some saves begin, kill it at a random moment. Returns the saves it finished.

    The child's output is line-buffered through a pipe, read here one line at a time with ``select``, so the only
    waiting is for the child itself."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(data)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, bufsize=0, env=env, cwd=ROOT)
    assert proc.stdout is not None
    lines = Lines(proc.stdout.fileno())
    finished = 0
    try:
        saves_to_start = rng.randint(1, 4)
        started = 0
        while started < saves_to_start:
            line = lines.next(LINE_WAIT_SECONDS)
            assert line is not None, "the child said nothing for a minute"
            if line.startswith("saving"):
                started += 1
            elif line.startswith("saved"):
                finished += 1
        # A save has just begun: wait a random moment into it (or past its end), on the child's own output.
        line = lines.next(rng.uniform(0.0, 0.08))
        while line is not None and line.startswith("saved"):
            finished += 1
            line = lines.next(0.0)  # the next "saving" follows at once: the kill lands in that save
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=LINE_WAIT_SECONDS)
        finished += sum(1 for rest in lines.rest() if rest.startswith("saved"))
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return finished


def check_history(data: Path, saves_seen: int) -> int:
    """Open the history as the next start would and check it whole. Returns how many scans it holds."""
    store = Store(data)
    try:
        assert store.notice == ""  # opened as it is: nothing had to be set aside as damaged
        assert store.query("PRAGMA integrity_check") == [("ok",)]
        assert store.query("PRAGMA foreign_key_check") == []
        runs = [run_id for (run_id,) in store.query("SELECT id FROM runs ORDER BY id")]
        counts = dict(store.query("SELECT run_id, COUNT(*) FROM results GROUP BY run_id"))
        scored = {run_id for (run_id,) in store.query("SELECT DISTINCT run_id FROM strategy_scores")}
        assert set(counts) <= set(runs), "results without their scan"
        for run_id in runs:
            assert counts.get(run_id) == RESULTS_PER_SCAN, f"scan {run_id} is half written"
            assert run_id in scored, f"scan {run_id} has no scores"
            loaded = store.load_run(run_id)
            assert loaded is not None and len(loaded.results) == RESULTS_PER_SCAN
            assert loaded.hostname == f"kill-test-{RESULTS_PER_SCAN}"
        # Every save the child saw finish is there; one more may be, committed just before the kill.
        assert saves_seen <= len(runs) <= saves_seen + 1
        return len(runs)
    finally:
        store.close()


def is_hot(journal: Path) -> bool:
    """A rollback journal SQLite would play back: its header starts with the journal's magic number (in FULL
    syncing mode it is written only once the journal's pages are on the disk)."""
    return journal.exists() and journal.read_bytes()[:8] == JOURNAL_MAGIC


def test_a_scan_killed_while_saving_leaves_a_history_that_opens_with_no_half_written_scan(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store(data).close()
    rng = random.Random(SEED)
    kept = 0
    cut_mid_save = 0
    for _ in range(ROUNDS):
        finished = save_and_kill(data, rng)
        if (data / f"{DB_NAME}-journal").exists():
            cut_mid_save += 1  # killed inside a transaction: the next open must roll it back
        kept = check_history(data, kept + finished)
        # Opening rolled back a journal that had started to change the file; one cut off before that was synced
        # has a zeroed header, so SQLite ignores it, and the next save writes over it.
        assert not is_hot(data / f"{DB_NAME}-journal")
    assert cut_mid_save >= 1, "no kill landed inside a save, so this test showed nothing"


def test_the_history_uses_a_rollback_journal_with_full_syncing(tmp_path: Path) -> None:
    """What the test above relies on: a cut-off transaction is rolled back from the journal at the next open, and
    a finished one was on the disk before ``COMMIT`` returned."""
    store = Store(tmp_path / "data")
    try:
        assert store.query("PRAGMA journal_mode") == [("delete",)]
        assert store.query("PRAGMA synchronous") == [(2,)]  # FULL
        assert store.query("PRAGMA foreign_keys") == [(1,)]
    finally:
        store.close()
