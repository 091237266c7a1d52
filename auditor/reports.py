"""Reports: the versioned JSON document (validated by ``auditor/schema/report-2.schema.json``) and reading it back.

The JSON report is the one format every other output is made from, so what a teacher exports, what the history
stores and what the terminal prints all say the same thing. It is also the unit that travels between the
computers of a home or a club, so version 2 says who wrote it: a random install id made once per data folder
(``Store.install_id``), beside the computer's name, when it was scanned and the Homeguard version.

An anonymous report is built from an allow-list: only the fields named in ``_anonymous_device``,
``_anonymous_scan`` and ``_anonymous_result`` are copied, so a field added to results later cannot leak into it.
Summaries are dropped as well as evidence (a summary can name a person, the computer or a path); the check's
title stays, because it is the check's own wording ("Screen locks when you step away"), not what it saw.

Reading a report back goes through ``auditor.intake``, which treats every file as untrusted: version-1 files
still load.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from auditor.advice import STRATEGIES
from auditor.model import JsonDict, Result, ScanRun
from auditor.scoring import Scorecard, scorecard
from auditor.store import INSTALL_ID_PATTERN

REPORT_FORMAT = "homeguard-report"
REPORT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # every version this Homeguard can read; a newer one is refused with a plain reason
SCHEMA_DIR = Path(__file__).parent / "schema"
# A check id as reports carry it: kebab-case for checks, a plugin's entry-point name for a load-failure row.
CHECK_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
ANONYMOUS_NAME = "an anonymous computer"  # how a front end names the computer of an anonymous report


def schema_path(version: int = REPORT_VERSION) -> Path:
    """The published JSON Schema of one report version (every readable version's schema stays in the repo)."""
    return SCHEMA_DIR / f"report-{version}.schema.json"


SCHEMA_PATH = schema_path()


class ReportError(Exception):
    """A report file that cannot be read, with the reason in plain words."""


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def build_report(run: ScanRun, card: Scorecard | None = None, *, install_id: str | None = None,
                 anonymous: bool = False) -> JsonDict:
    """The JSON report of one scan (schema version 2).

    ``install_id`` is the data folder's id (``Store.install_id()``); without it the report says null, and a
    reader cannot match it with the same computer's other reports. ``anonymous`` writes the report a pupil can
    hand in: see the module's docstring for what it keeps.
    """
    if install_id is not None and not INSTALL_ID_PATTERN.fullmatch(install_id):
        raise ValueError(f"{install_id!r} is not an install id (a uuid4 from Store.install_id())")
    card = card or scorecard(run.results)
    report: JsonDict = {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "anonymous": anonymous,
        "generated_at": iso(run.finished_at),
        "app": {"name": "Homeguard", "version": run.app_version},
    }
    if anonymous:
        report["device"] = _anonymous_device(run, install_id)
        report["scan"] = _anonymous_scan(run)
    else:
        report["device"] = {
            "install_id": install_id,
            "hostname": run.hostname,
            "platform": run.platform,
            "os_name": run.os_name,
            "scanned_as_admin": run.user_is_admin,
        }
        report["scan"] = {**_anonymous_scan(run), "run_id": run.run_id}
    # Scores, counts, strategy titles and the ids of failing critical checks name nobody: both kinds carry them.
    report["score"] = {**card.overall.to_dict(), "action_needed": list(card.action_needed)}
    report["strategies"] = [
        {"id": s.id, "title": s.title, **card.by_strategy[s.id].to_dict()} for s in STRATEGIES
    ]
    report["results"] = [_anonymous_result(r) if anonymous else r.to_dict() for r in run.results]
    return report


def _anonymous_device(run: ScanRun, install_id: str | None) -> JsonDict:
    return {"install_id": install_id, "hostname": "", "platform": run.platform, "os_name": "",
            "scanned_as_admin": run.user_is_admin}


def _anonymous_scan(run: ScanRun) -> JsonDict:
    return {
        "run_id": None,  # the writer's own history number says nothing the reader needs
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "duration_seconds": round(run.duration, 3),
        "safe_mode": run.safe_mode,
        "cancelled": run.cancelled,
    }


def _anonymous_result(result: Result) -> JsonDict:
    """Only what a club summary counts: which check, its advice and weight, and its verdict."""
    return {
        "check_id": result.check_id,
        "title": result.title,
        "strategy": result.strategy,
        "severity": str(result.severity),
        "status": str(result.status),
        "summary": "",
        "evidence": [],
        "fix": None,
        "duration": 0.0,
        "origin": None,
        "kind": result.kind,
        "subject": "",
    }


def to_json(report: JsonDict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def load_report(path: str | Path) -> tuple[JsonDict, ScanRun]:
    """Read a JSON report (version 1 or 2) to show it again: the report as this version reads it, and its scan.

    The file goes through ``auditor.intake`` like any report from elsewhere (size limit, every field checked,
    names cleaned, no command or link that could run). Raises ReportError, never a bare exception.
    """
    from auditor.intake import read_report

    device = read_report(Path(path))
    run = device.run
    report = build_report(run, install_id=device.install_id or None, anonymous=device.anonymous)
    if device.anonymous:
        from dataclasses import replace

        run = replace(run, hostname=ANONYMOUS_NAME)
    return report, run
