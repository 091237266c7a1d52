"""Reports: the versioned JSON document (validated by ``auditor/schema/report-1.schema.json``) and reading it back.

The JSON report is the one format every other output is made from, so what a teacher exports, what the history
stores and what the terminal prints all say the same thing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from auditor.advice import STRATEGIES
from auditor.model import JsonDict, Result, ScanRun
from auditor.scoring import Scorecard, scorecard

REPORT_FORMAT = "homeguard-report"
REPORT_VERSION = 1
SCHEMA_PATH = Path(__file__).parent / "schema" / f"report-{REPORT_VERSION}.schema.json"


class ReportError(Exception):
    """A report file that cannot be read, with the reason in plain words."""


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


def build_report(run: ScanRun, card: Scorecard | None = None) -> JsonDict:
    card = card or scorecard(run.results)
    return {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "generated_at": iso(run.finished_at),
        "app": {"name": "Homeguard", "version": run.app_version},
        "device": {
            "hostname": run.hostname,
            "platform": run.platform,
            "os_name": run.os_name,
            "scanned_as_admin": run.user_is_admin,
        },
        "scan": {
            "run_id": run.run_id,
            "started_at": iso(run.started_at),
            "finished_at": iso(run.finished_at),
            "duration_seconds": round(run.duration, 3),
            "safe_mode": run.safe_mode,
            "cancelled": run.cancelled,
        },
        "score": {**card.overall.to_dict(), "action_needed": list(card.action_needed)},
        "strategies": [
            {"id": s.id, "title": s.title, **card.by_strategy[s.id].to_dict()} for s in STRATEGIES
        ],
        "results": [r.to_dict() for r in run.results],
    }


def to_json(report: JsonDict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def load_report(path: str | Path) -> tuple[JsonDict, ScanRun]:
    """Read a JSON report back. Raises ReportError, never a bare exception, for a file that is not one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"{path} could not be opened: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ReportError(f"{path} is not a text file, so it cannot be a Homeguard report") from exc
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
        raise ReportError(f"{path} is JSON, but not a Homeguard report")
    if data.get("version") != REPORT_VERSION:
        raise ReportError(
            f"{path} is a Homeguard report of version {data.get('version')!r}; this version reads version "
            f"{REPORT_VERSION}"
        )
    try:
        results = tuple(Result.from_dict(r) for r in data["results"])
        scan, device = data["scan"], data["device"]
        run = ScanRun(
            results=results,
            started_at=datetime.fromisoformat(scan["started_at"]).timestamp(),
            finished_at=datetime.fromisoformat(scan["finished_at"]).timestamp(),
            platform=device["platform"],
            hostname=device["hostname"],
            os_name=device["os_name"],
            app_version=data["app"]["version"],
            safe_mode=bool(scan.get("safe_mode")),
            cancelled=bool(scan.get("cancelled")),
            run_id=scan.get("run_id"),
            user_is_admin=bool(device.get("scanned_as_admin")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportError(f"{path} is a Homeguard report with a missing or damaged part ({exc})") from exc
    return data, run
