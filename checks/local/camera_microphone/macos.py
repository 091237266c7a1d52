"""How camera-microphone looks on macOS: which apps are allowed the camera and the microphone (TCC).

macOS keeps each app's permission for the camera (``kTCCServiceCamera``) and the microphone
(``kTCCServiceMicrophone``) in its privacy database, TCC: ``~/Library/Application Support/com.apple.TCC/TCC.db`` for
the person, ``/Library/Application Support/com.apple.TCC/TCC.db`` for the whole Mac (detection-catalogue-2
section 1). It records permission, not use: macOS keeps no record of *when* an app used the camera that a standard
user may read.

Reading either file needs Full Disk Access for the program that reads it (Terminal, or the app running Homeguard);
without it the ``sqlite3`` that comes with macOS answers "authorization denied". Homeguard does not ask for Full
Disk Access just for this: it says so, and where to look in System Settings. When it can read the file, it asks
``sqlite3 -readonly`` (nothing is written), with the columns of macOS 11 and later (``auth_value``: 2 allowed,
3 limited, 0 denied) and, when that column does not exist, the older ``allowed`` column (1 allowed) with the
``last_modified`` time macOS 10.14 and 10.15 keep (a real macOS 10.15 database has both), and without that time
for still older ones (a real macOS 10.12.6 database has neither column).
"""

from __future__ import annotations

from auditor.check import CheckContext, finding
from auditor.host import Host
from auditor.model import Evidence, Finding, Fix, Status

from .verdict import Use, judge, program_key

USER_DB = "Library/Application Support/com.apple.TCC/TCC.db"  # under the home folder
SYSTEM_DB = "/Library/Application Support/com.apple.TCC/TCC.db"
SERVICES = {"kTCCServiceCamera": "camera", "kTCCServiceMicrophone": "microphone"}
_WHERE = "WHERE service IN ('kTCCServiceCamera','kTCCServiceMicrophone')"
QUERY = f"SELECT service, client, client_type, auth_value, last_modified FROM access {_WHERE};"
QUERY_BEFORE_11 = f"SELECT service, client, client_type, allowed * 2, last_modified FROM access {_WHERE};"
QUERY_BEFORE_10_14 = f"SELECT service, client, client_type, allowed * 2, 0 FROM access {_WHERE};"
GRANTED = {2, 3}  # allowed, limited
TIMEOUT = 3.0  # each query; the check as a whole has 10 seconds
HOW_TO_REMOVE = ("to take the permission away, open System Settings, Privacy & Security, Camera (or Microphone) and "
                 "turn it off for that app")
NO_ACCESS = ("macOS lets only apps with Full Disk Access read its privacy database, where it keeps which apps may "
             "use the camera and the microphone. Look in System Settings, Privacy & Security, Camera and "
             "Microphone: each lists the apps allowed")


class Unreadable(Exception):
    """The database could not be read; the message says why, in plain words."""


def sqlite_argv(path: str, query: str) -> list[str]:
    return ["sqlite3", "-readonly", path, query]


def parse_rows(text: str) -> list[tuple[str, str, str, int, int]]:
    """sqlite3's default list output: ``service|client|client_type|auth_value|last_modified`` per line. A client
    holding "|" cannot be told apart from the columns, so such a line is read from both ends."""
    rows = []
    for line in text.splitlines()[:2000]:
        head, sep, rest = line.partition("|")
        parts = rest.rsplit("|", 3)
        if not sep or len(parts) != 4 or head not in SERVICES:
            continue
        client, client_type, value, modified = parts
        try:
            rows.append((head, client, client_type, int(value), int(modified or 0)))
        except ValueError:
            continue
    return rows


def _query(host: Host, path: str) -> tuple[list[tuple[str, str, str, int, int]], int]:
    """The camera and microphone rows of one database, and how many lines of sqlite3's answer were not such a row
    (the query asks for nothing else, so each is an answer cut short or garbled: an entry that cannot be seen)."""
    result = host.run(sqlite_argv(path, QUERY), timeout=TIMEOUT)
    for older in (QUERY_BEFORE_11, QUERY_BEFORE_10_14):  # each older schema lacks a column the newer query asks
        if not (result.ran and "no such column" in result.stderr):
            break
        result = host.run(sqlite_argv(path, older), timeout=TIMEOUT)
    if not result.ok:
        error = result.stderr.strip() or result.problem()
        if "authorization denied" in error or "unable to open" in error:
            raise Unreadable("not readable without Full Disk Access")
        raise Unreadable(result.problem() or error or "no answer")
    rows = parse_rows(result.stdout)
    return rows, sum(1 for line in result.stdout.splitlines()[:2000] if line.strip()) - len(rows)


def _uses(rows: list[tuple[str, str, str, int, int]], where: str, evidence: list[Evidence]) -> list[Use]:
    uses = []
    for service, client, client_type, value, modified in rows:
        device = SERVICES[service]
        state = {2: "allowed", 3: "allowed (limited)", 0: "refused"}.get(value, f"auth_value {value}")
        evidence.append(Evidence(f"{where}: {device}, {client}", state))
        if value in GRANTED:
            path = client if client_type.strip() == "1" else ""
            uses.append(Use(device, client, program_key(client) if path else client.lower(),
                            float(modified) if modified > 0 else None, path=path))
    return uses


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    user_db = host.user().home.rstrip("/") + "/" + USER_DB
    if host.which("sqlite3") is None:
        return finding(Status.UNKNOWN, f"Could not tell: sqlite3, which comes with macOS, was not found. "
                       f"{NO_ACCESS}.", [Evidence("sqlite3", "not found")])
    evidence: list[Evidence] = []
    uses: list[Use] = []
    read_user = False
    unread = 0
    for path, where in ((user_db, "your privacy database"), (SYSTEM_DB, "the Mac's privacy database")):
        if not host.exists(path):
            evidence.append(Evidence(path, "not found (or macOS hides it without Full Disk Access)"))
            continue
        try:
            rows, odd = _query(host, path)
        except Unreadable as why:
            evidence.append(Evidence(path, str(why)))
            continue
        read_user = read_user or path == user_db
        unread += odd
        entries = "entry" if len(rows) == 1 else "entries"
        evidence.append(Evidence(path, f"read: {len(rows)} camera and microphone {entries}"
                                 + (f"; {odd} more lines Homeguard could not read" if odd else "")))
        uses += _uses(rows, where, evidence)
    if not read_user:
        return finding(Status.UNKNOWN, f"Could not tell which apps may use the camera and the microphone: "
                       f"{NO_ACCESS}.", evidence)
    found = judge(uses, evidence, host=host, platform="macos", how_to_remove=HOW_TO_REMOVE, describe="allowed")
    if unread and found.status is Status.PASS:  # a line that could not be read may be an app Homeguard would name
        return finding(Status.UNKNOWN, "Could not tell which apps may use the camera and the microphone: part of "
                       "the privacy database's answer could not be read. Look in System Settings, Privacy & "
                       "Security, Camera and Microphone: each lists the apps allowed.", found.evidence)
    return found


# -- what this check looks at on macOS, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Which apps macOS allows the camera and the microphone, from its privacy database (TCC.db in ~/Library/"
    "Application Support/com.apple.TCC and /Library/Application Support/com.apple.TCC, read with "
    "`sqlite3 -readonly`). macOS lets only apps with Full Disk Access read it, so usually the answer is "
    "\u201cCould not tell\u201d, with where to look in System Settings. macOS does not record when an app used them."
)

ADMIN_NOTE = (
    "Administrator rights do not help here: macOS lets only apps with Full Disk Access read its privacy database. "
    "If you give Terminal Full Disk Access (System Settings, Privacy & Security, Full Disk Access) and run "
    "Homeguard from it, it can list the apps allowed the camera and the microphone; you can take that access away "
    "again afterwards."
)

FIXES = {
    "macos": Fix(
        steps=(
            "Open System Settings, Privacy & Security, Camera (macOS 12 and older: System Preferences, Security & "
            "Privacy, Privacy, Camera).",
            "Turn the camera off for any app you do not know or do not want to see you.",
            "Do the same under Microphone.",
            "A green dot (camera) or orange dot (microphone) at the top of the screen shows an app is using it now.",
        ),
        settings_url="x-apple.systempreferences:com.apple.preference.security?Privacy_Camera",
        more_info="https://support.apple.com/guide/mac-help/control-access-to-your-camera-mchlf6d108da/mac",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "Apps allowed in macOS 11 and later's TCC.db (auth_value rows): the query is recorded on a real 2025 Mac's "
    "database, which has no camera or microphone row; rows come from a database built with macOS 13's schema (a "
    "real macOS 10.15 database with rows is recorded)",
    "Camera and microphone rows in the oldest layout without last_modified: a real macOS 10.12.6 database with "
    "that layout is recorded, but it holds no such row",
)
