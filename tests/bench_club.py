"""`make bench` (club part): `homeguard club summary` over 1,000 reports, its wall time and its peak memory.

The reports are made from real recorded scans: every scenario in tests/fixtures/scenarios (recorded outputs of real
Linux, macOS and Windows machines, as many as there are) is scanned once by the real terminal (``scan --recorded
--json``) and read back through ``auditor.intake``. Each of the 1,000 is one of those scans with its statuses
varied (device checks and guided answers), its own random install id, a computer name, the guided questions
answered for one person (seven in ten: a pupil's laptop), two or three (a family's computer), and a scan time up
to 45 days ago (so about a third are out of date); one in twenty is an older or newer re-scan of a machine
already written. Nine in ten are anonymous, as the reports pupils hand in and the fleet recipes in deploy/ write
them; the rest are full reports, with evidence, as a teacher's own scan of a club machine writes it
(``--anonymous-share 0`` makes every report a full one: the heaviest input, about three times the bytes).
They are written with ``build_report``, as a computer writes its report, into a temporary folder.

Then ``python -m auditor club summary FOLDER --json`` runs as a teacher runs it, several rounds, from process start
to exit. Target: under 2 s. Peak memory is the child's own (``os.wait4``), measured at 100 reports too, so that
"bounded" can be seen: reports are read one at a time, and what is kept per machine is a small tally.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from auditor import cli
from auditor.intake import DeviceReport, report_from_bytes
from auditor.model import Result, Status
from auditor.reports import build_report, to_json

SCENARIOS = Path(__file__).parent / "fixtures" / "scenarios"
TARGET_SECONDS = 2.0
DAY = 86400.0
DEVICE_STATUSES = (Status.PASS, Status.PARTIAL, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE, Status.ERROR)
DEVICE_WEIGHTS = (50, 8, 25, 10, 5, 2)
ANSWER_STATUSES = (Status.PASS, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE, Status.PARTIAL)
ANSWER_WEIGHTS = (40, 15, 30, 12, 3)


def recorded_scans() -> list[DeviceReport]:
    """Each scenario scanned once by the real terminal (nothing saved), read back as a report file is."""
    scans = []
    with tempfile.TemporaryDirectory(prefix="homeguard-bench-club-") as data_dir:
        for scenario in sorted(SCENARIOS.glob("*.toml")):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = cli.main(["scan", "--data-dir", data_dir, "--recorded", str(scenario), "--json", "--no-save"])
            if code != 0:
                raise SystemExit(f"the recorded scan of {scenario.name} failed ({code})")
            scans.append(report_from_bytes(scenario.name, out.getvalue().encode(), now=time.time()))
    return scans


def write_reports(folder: Path, count: int, scans: list[DeviceReport], *, anonymous_share: float = 0.9,
                  seed: int = 9) -> None:
    """``count`` varied reports in ``folder``, one file each."""
    rng = random.Random(seed)
    now = time.time()
    written: list[str] = []
    for n in range(count):
        if written and rng.random() < 0.05:
            install_id = rng.choice(written)  # a re-scan of a machine already written, older or newer
        else:
            install_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            written.append(install_id)
        base = scans[n % len(scans)]
        results = [_vary(r, rng) for r in base.run.results if r.kind != "guided"]
        people = rng.choices((1, 2, 3), (70, 20, 10))[0]
        for result in (r for r in base.run.results if r.kind == "guided"):
            for person in range(people if not result.subject else 1):
                status = rng.choices(ANSWER_STATUSES, ANSWER_WEIGHTS)[0]
                results.append(dataclasses.replace(result, status=status, subject=result.subject or f"Pupil {person}"))
        finished = now - rng.uniform(0, 45) * DAY
        run = dataclasses.replace(base.run, results=tuple(results), started_at=finished - 2, finished_at=finished,
                                  hostname=f"club-pc-{n:04d}")
        report = build_report(run, install_id=install_id, anonymous=rng.random() < anonymous_share)
        (folder / f"report-{n:04d}.json").write_text(to_json(report), encoding="utf-8")


def _vary(result: Result, rng: random.Random) -> Result:
    if rng.random() < 0.6:
        return result
    return dataclasses.replace(result, status=rng.choices(DEVICE_STATUSES, DEVICE_WEIGHTS)[0])


def summarise_once(folder: Path) -> tuple[float, float, dict[str, object]]:
    """One teacher's run: wall seconds from start to exit, the child's peak memory in MB, and its summary."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "auditor", "club", "summary", str(folder), "--json"],
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"club summary exited with {child.returncode}")
        out.seek(0)
        summary = json.loads(out.read())
    peak = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    return wall, peak, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench (club)")
    parser.add_argument("--reports", type=int, default=1000, help="how many reports to summarise (default 1000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs (at least 3)")
    parser.add_argument("--anonymous-share", type=float, default=0.9, metavar="X",
                        help="the share of anonymous reports, 0 to 1 (default 0.9)")
    args = parser.parse_args(argv)
    rounds = max(3, args.rounds)
    scans = recorded_scans()
    with tempfile.TemporaryDirectory(prefix="homeguard-bench-club-") as tmp:
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        small.mkdir()
        large.mkdir()
        started = time.perf_counter()
        write_reports(large, args.reports, scans, anonymous_share=args.anonymous_share)
        made = time.perf_counter() - started
        write_reports(small, max(1, args.reports // 10), scans, anonymous_share=args.anonymous_share)
        size = sum(f.stat().st_size for f in large.iterdir()) / (1024 * 1024)
        summarise_once(large)  # warm-up: the bytecode cache and the disk cache, as on a teacher's second run
        timed = [summarise_once(large) for _ in range(rounds)]
        _, small_peak, _ = summarise_once(small)
    walls = [wall for wall, _, _ in timed]
    peak = max(p for _, p, _ in timed)
    summary = timed[-1][2]
    wall = statistics.median(walls)
    systems = ", ".join(sorted({s.platform for s in scans}))
    print(f"Homeguard club benchmark: `homeguard club summary FOLDER --json` over {args.reports} reports "
          f"({size:.1f} MB, {args.anonymous_share:.0%} anonymous, made in {made:.1f} s from {len(scans)} recorded "
          f"scan(s): {systems})")
    print(f"  summary says              {summary['reports']}")
    print(f"  median wall time          {wall * 1000:8.0f} ms   (all: {', '.join(f'{w * 1000:.0f}' for w in walls)})")
    print(f"  peak memory               {peak:8.1f} MB   (the child; {small_peak:.1f} MB over "
          f"{max(1, args.reports // 10)} reports)")
    met = wall < TARGET_SECONDS
    print(f"  target: under {TARGET_SECONDS:.0f} s: {'met' if met else 'missed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
