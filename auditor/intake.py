"""Reading reports from other computers: every file is untrusted, and a bad one never hurts the others.

A family's other computers, or thirty pupils, hand Homeguard JSON reports through a USB stick or a shared folder.
Any of them may be damaged, from a newer Homeguard, or made by hand to cause trouble. So a report is read the
way a careful parser reads anything from outside:

- Size first: a file over ``MAX_REPORT_BYTES`` is refused from its size, before a byte is read, and at most
  ``MAX_REPORT_BYTES + 1`` bytes are ever read, so a file that grows meanwhile cannot get past the limit. Only
  regular files are opened (a named pipe would wait for ever); one file is in memory at a time.
- Strict JSON in UTF-8: no NaN or Infinity, no field given twice, no nesting deep enough to exhaust the stack.
- Read by allow-list: only the fields below are taken, each checked for its type; anything else in the file is
  never looked at, so it can never reach the screen. The scores the file states are not read at all: the
  reader scores the results itself.
- Ids must match their patterns and statuses, severities, strategies and platforms must be known values:
  a report that breaks one is refused.
- Text is shown later as plain text, never as markup, so HTML stays as the literal characters it is. Control and
  formatting characters (including right-to-left overrides) are removed. Names (the computer's name, whom a
  guided answer is about) are one line and are refused when still too long, because a name cut short could pass
  for another; free text (titles, summaries, evidence, fix steps, the system's name) is shortened with "…".
- Nothing that could run comes through: a fix's settings command is dropped, a settings link is kept only when
  it opens the system's own settings app, and "read more" only when it is a plain https address.
- An anonymous report keeps no name, summary, evidence, fix, origin or subject, even if the file has them.
- For a club summary (``for_club=True``) every report is read as an anonymous one is: only what the summary uses
  (ids, titles, statuses, severities, strategies, kinds, the install id, times, platform, version) is checked and
  kept, so no name, evidence or fix step ever reaches the club's process as an object, and a thousand full
  reports cost little more than a thousand anonymous ones. The computer's name is still checked (it is what tells
  two machines apart in a report without an install id) but only a digest of it is kept. The full reading stays
  for everything else (a household import shows the evidence).

The reason given for a refusal follows the file name: ``f"{source} {reason}"`` reads as a sentence.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.advice import STRATEGY_IDS
from auditor.bounded_read import Unreadable, os_reason, read_capped
from auditor.intake_fields import Fields, Refusal, clean_line, shorten
from auditor.model import PLATFORMS, Evidence, Fix, Origin, Result, ScanRun, Severity, Status
from auditor.reports import CHECK_ID_PATTERN, READABLE_VERSIONS, REPORT_FORMAT, REPORT_VERSION, ReportError
from auditor.store import INSTALL_ID_PATTERN

MAX_REPORT_BYTES = 20 * 1024 * 1024
MAX_RESULTS = 5_000  # Homeguard writes a few dozen; thousands means a file made to waste the reader's time
FUTURE_SLACK_SECONDS = 86_400  # clocks differ; a scan more than a day ahead would win "newest" for ever
EARLIEST_SCAN = 1_577_836_800.0  # 2020-01-01: before any Homeguard existed
APP_VERSION_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+!_-]{0,49}")
SETTINGS_URL_PATTERN = re.compile(r"(ms-settings|x-apple\.systempreferences):[A-Za-z0-9._\-/?=&]{0,200}")
MORE_INFO_PATTERN = re.compile(r"https://[^\s\"'<>\\]{1,500}")
NAME_CHARS, SUBJECT_CHARS = 255, 100  # a DNS name is at most 253 characters; nicknames are at most 40
TITLE_CHARS, TEXT_CHARS, LIST_ITEMS = 200, 4_000, 100


@dataclass(frozen=True)
class DeviceReport:
    """One computer's scan as read from a report file, every field checked and cleaned."""

    source: str  # the file name it came from (for messages; never shown in anonymous summaries)
    install_id: str  # "" for a report that has none (version 1, or written without one)
    computer_name: str  # "" for anonymous reports
    platform: str
    scanned_at: float
    app_version: str
    schema_version: int
    anonymous: bool
    run: ScanRun  # results include guided (kind == "guided") results when the report had them
    name_digest: str = ""  # read for a club: the computer's name, hashed, when the report has no install id

    @property
    def key(self) -> str:
        """Which computer this is, for "newest scan per computer wins": the install id, or for a report without
        one (version 1) the computer's name (its digest, when read for a club)."""
        if self.install_id:
            return self.install_id
        if self.computer_name:
            return f"name:{self.computer_name}"
        return f"name#{self.name_digest}" if self.name_digest else f"file:{self.source}"


@dataclass(frozen=True)
class Refused:
    source: str
    reason: str  # plain words, following the file name

    @property
    def message(self) -> str:
        return f"{self.source} {self.reason}"


class ReportRefused(ReportError):
    """A report file that was not read, with its name and the reason in plain words."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source} {reason}")
        self.source = source
        self.reason = reason


def read_report(path: Path, *, now: float | None = None) -> DeviceReport:
    """Read one report file. Raises ReportRefused (a ReportError) with the file name and the reason."""
    path = Path(path)
    return report_from_bytes(_name(path), _read_capped(path), now=now)


def read_reports(paths: Iterable[Path], *, now: float | None = None,
                 for_club: bool = False) -> Iterator[DeviceReport | Refused]:
    """Every report in these files and folders, in order, each either read or refused with its reason.

    ``for_club`` reads each as an anonymous report is read (see the module's docstring): for a club summary.

    A folder gives its own ``*.json`` files, sorted by name, not those of folders inside it; hidden files
    (``.name.json``, such as the ``._`` copies macOS leaves on USB sticks) are passed over. A second copy of a
    file already read (the same bytes), or a second file with the same computer's same scan, is refused by name.
    """
    seen_bytes: dict[bytes, str] = {}
    seen_scans: dict[tuple[str, float], str] = {}
    known: _KnownResults = {}
    for item in _files(paths):
        if isinstance(item, Refused):
            yield item
            continue
        source = _name(item)
        try:
            data = _read_capped(item)
            digest = hashlib.sha256(data).digest()
            if digest in seen_bytes:
                raise ReportRefused(source, f"is the same file as {seen_bytes[digest]}, which was already read")
            report = _report(source, data, now, for_club, known)
        except ReportRefused as exc:
            yield Refused(exc.source, exc.reason)
            continue
        finally:
            data = b""  # let the bytes go before the next file is read
        seen_bytes[digest] = source
        scan = (report.key, report.scanned_at)
        if scan in seen_scans:
            yield Refused(source, f"is the same scan of the same computer as {seen_scans[scan]}, which was "
                                  "already read")
            continue
        seen_scans[scan] = source
        yield report


# -- files and folders --------------------------------------------------------------------------------------------

def _name(path: Path) -> str:
    return path.name or str(path)


def _files(paths: Iterable[Path]) -> Iterator[Path | Refused]:
    for path in map(Path, paths):
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:
            yield Refused(_name(path), _os_reason(exc))
            continue
        if not is_folder:
            yield path
            continue
        try:
            with os.scandir(path) as entries:
                names = sorted(e.name for e in entries if e.name.lower().endswith(".json") and e.name[:1] != ".")
        except OSError as exc:
            yield Refused(_name(path), f"is a folder that could not be read ({_os_reason(exc)})")
            continue
        yield from (path / name for name in names)


def _read_capped(path: Path) -> bytes:
    """The file's bytes, refused from its size before reading, and never more than the limit plus one byte:
    ``bounded_read``'s reading, with the reasons worded for a report."""
    source = _name(path)
    try:
        return read_capped(path, MAX_REPORT_BYTES)
    except Unreadable as exc:
        if exc.error is not None:
            raise ReportRefused(source, _os_reason(exc.error)) from exc.error
        if exc.why == "folder":
            raise ReportRefused(source, "is a folder, not a report file") from None
        if exc.why == "special":
            raise ReportRefused(source, "is not a regular file (a device or a pipe), so it was not opened") from None
        raise ReportRefused(source, _too_big(exc.size)) from None


def _too_big(size: int) -> str:
    limit = MAX_REPORT_BYTES // (1024 * 1024)
    return (f"is larger than {limit} MB ({size / (1024 * 1024):.1f} MB or more); a Homeguard report is far "
            "smaller, so it was not read")


def _os_reason(exc: OSError) -> str:
    if exc.errno in (errno.ELOOP, errno.ENOENT, errno.EACCES, errno.EPERM):  # the reasons ``bounded_read`` words
        return f"could not be opened: {os_reason(exc)}"
    return f"could not be opened ({exc.strerror or exc})"


# -- the report inside ------------------------------------------------------------------------------------------

def report_from_bytes(source: str, data: bytes, *, now: float | None = None, for_club: bool = False) -> DeviceReport:
    """A report from a file's bytes; ``source`` names it in messages; ``for_club`` as for ``read_reports``. Raises
    ReportRefused."""
    return _report(source, data, now, for_club, {})


# A result as an anonymous reading keeps it depends only on six fields (check id, title, strategy, severity, status,
# kind): once one set of their values has passed, the same values in the next report need no second check, and the
# same frozen Result serves both.
_KNOWN_LIMIT = 4_096  # a club's reports share a few hundred; a file made of unique titles cannot grow memory
_KnownResults = dict[tuple[Any, ...], Result]


def _report(source: str, data: bytes, now: float | None, for_club: bool, known: _KnownResults) -> DeviceReport:
    try:
        return _parse(source, data, time.time() if now is None else now, for_club, known)
    except Refusal as exc:
        raise ReportRefused(source, str(exc)) from None


def _parse(source: str, data: bytes, now: float, for_club: bool, known: _KnownResults) -> DeviceReport:
    raw = _json(data)
    if not isinstance(raw, dict) or raw.get("format") != REPORT_FORMAT:
        raise Refusal("is JSON, but not a Homeguard report")
    version = raw.get("version")
    if type(version) is not int:
        raise Refusal("is JSON, but not a Homeguard report (it has no version number)")
    if version > REPORT_VERSION:
        readable = " and ".join(str(v) for v in READABLE_VERSIONS)
        raise Refusal(f"was made by a newer Homeguard (report version {version}; this Homeguard reads versions "
                      f"{readable}). Update Homeguard on this computer to read it.")
    if version not in READABLE_VERSIONS:
        raise Refusal(f"is a Homeguard report of version {version}, which no Homeguard writes")
    top = Fields(raw, "")
    anonymous = top.flag("anonymous") if version >= 2 else False
    app, device, scan = top.section("app"), top.section("device"), top.section("scan")
    top.section("score")  # present, as the schema says, but never trusted: the results are scored again
    top.items("strategies")
    install_id = ""
    if version >= 2:
        found = device.optional_text("install_id")
        if found is not None:
            install_id = device.matching("install_id", INSTALL_ID_PATTERN)
    started, finished = scan.when("started_at"), scan.when("finished_at")
    if finished < EARLIEST_SCAN or started < EARLIEST_SCAN:
        raise Refusal("says it was scanned before Homeguard existed, so its times cannot be right")
    if finished > now + FUTURE_SLACK_SECONDS:
        raise Refusal("says it was scanned in the future, so its times cannot be right")
    items = top.items("results")
    if len(items) > MAX_RESULTS:
        raise Refusal(f"has {len(items)} results, more than any Homeguard writes, so it was not read")
    lean = anonymous or for_club
    if lean:
        results = tuple(_lean_result(item, i, known) for i, item in enumerate(items))
    else:
        results = tuple(_result(Fields.of(item, f"results[{i}]"), False) for i, item in enumerate(items))
    run_id = None if lean else scan.optional_count("run_id")
    name = "" if anonymous else device.name("hostname", NAME_CHARS)
    name_digest = ""
    if for_club and name:
        name_digest = "" if install_id else hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
        name = ""
    run = ScanRun(
        results=results, started_at=started, finished_at=finished,
        platform=device.choice("platform", PLATFORMS), hostname=name,
        os_name="" if lean else device.text("os_name", TITLE_CHARS),
        app_version=app.matching("version", APP_VERSION_PATTERN),
        safe_mode=scan.flag("safe_mode"), cancelled=scan.flag("cancelled"), run_id=run_id,
        user_is_admin=device.flag("scanned_as_admin"),
    )
    return DeviceReport(source=source, install_id=install_id, computer_name=name, platform=run.platform,
                        scanned_at=finished, app_version=run.app_version, schema_version=version,
                        anonymous=anonymous, run=run, name_digest=name_digest)


class _Repeated(ValueError):
    pass


def _json(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark, as some Windows tools write, is allowed
    except UnicodeDecodeError:
        raise Refusal("is not a text file (not UTF-8), so it cannot be a Homeguard report") from None
    try:
        return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_repeats)
    except json.JSONDecodeError as exc:
        raise Refusal(f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except _Repeated:  # which field is not said: a key can be any text, even a name
        raise Refusal("is JSON, but not a Homeguard report: one field appears twice in the same place") from None
    except RecursionError:
        raise Refusal("is JSON nested far deeper than any Homeguard report, so it was not read") from None
    except ValueError as exc:  # NaN, Infinity, or a number with thousands of digits
        raise Refusal(f"is not valid JSON for a report ({exc})") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a report can hold")


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _Repeated()
    return found


_STATUSES = {str(s): s for s in Status}
_SEVERITIES = {str(s): s for s in Severity}
_STRATEGIES = frozenset(("", *STRATEGY_IDS))  # "" is a check that could not be loaded
_KINDS = frozenset(("device", "guided"))


def _result(fields: Fields, anonymous: bool) -> Result:
    """One result by allow-list; an anonymous report's result keeps only what a club summary counts."""
    check_id = fields.matching("check_id", CHECK_ID_PATTERN)
    title = fields.text("title", TITLE_CHARS)
    strategy = fields.choice("strategy", _STRATEGIES)
    severity = fields.member("severity", _SEVERITIES)
    status = fields.member("status", _STATUSES)
    kind = fields.choice("kind", _KINDS)
    if anonymous:
        return Result(check_id, title, strategy, severity, status, "", kind=kind)
    evidence = tuple(
        Evidence(item.text("looked_at", TEXT_CHARS, lines=True), item.text("seen", TEXT_CHARS, lines=True))
        for item in fields.each("evidence", LIST_ITEMS)
    )
    return Result(
        check_id, title, strategy, severity, status, fields.text("summary", TEXT_CHARS, lines=True), evidence,
        fix=_fix(fields.optional_section("fix")), duration=fields.seconds("duration"),
        origin=_origin(fields.optional_section("origin")), kind=kind, subject=fields.name("subject", SUBJECT_CHARS),
    )


def _lean_result(item: object, index: int, known: _KnownResults) -> Result:
    """One result as an anonymous report's is read; values already checked in an earlier report are not checked
    again (``known``, filled only here)."""
    if type(item) is not dict:
        return _result(Fields.of(item, f"results[{index}]"), True)  # refused, with the reason
    get = item.get
    key = (get("check_id"), get("title"), get("strategy"), get("severity"), get("status"), get("kind"))
    try:
        found = known.get(key)
    except TypeError:  # a list or an object where text belongs: the full check below says so
        found = None
    if found is not None:
        return found
    result = _result(Fields(item, f"results[{index}]"), True)
    if len(known) < _KNOWN_LIMIT and len(item["title"]) <= 2 * TITLE_CHARS:
        known[key] = result  # only values that passed every check, and none of them long
    return result


def _fix(fields: Fields | None) -> Fix | None:
    """The fix as words; a command is never taken from another computer, and links only of known safe kinds."""
    if fields is None:
        return None
    steps = tuple(fields.text_items("steps", TEXT_CHARS, LIST_ITEMS))
    url = fields.optional_text("settings_url")
    more = fields.optional_text("more_info")
    return Fix(
        steps=steps,
        settings_url=url if url is not None and SETTINGS_URL_PATTERN.fullmatch(url) else None,
        settings_command=None,
        more_info=more if more is not None and MORE_INFO_PATTERN.fullmatch(more) else None,
    )


def _origin(fields: Fields | None) -> Origin | None:
    if fields is None:
        return None
    said = (fields.raw_text("distribution"), fields.raw_text("version"), fields.raw_text("entry_point"))
    builtin = fields.flag("builtin")
    if sum(map(len, said)) > 3 * TITLE_CHARS:  # only short texts are remembered, so memory stays small
        return _clean_origin.__wrapped__(*said, builtin)
    return _clean_origin(*said, builtin)


@functools.lru_cache(maxsize=64)
def _clean_origin(distribution: str, version: str, entry_point: str, builtin: bool) -> Origin:
    """Most results share a handful of origins (Homeguard's own checks, its packs): each is cleaned once."""
    def clean(text: str) -> str:
        return shorten(clean_line(text), TITLE_CHARS)

    return Origin(clean(distribution), clean(version), clean(entry_point), builtin)
