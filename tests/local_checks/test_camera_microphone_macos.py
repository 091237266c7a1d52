"""camera-microphone on macOS: TCC.db read with sqlite3 when macOS allows it, "could not tell" when it does not.

Fixtures (tests/fixtures/macos/camera-microphone/SOURCES.toml): the "authorization denied" answer is a real macOS
Big Sur output; the macOS 10.15 rows and its "no such column" answer are real sqlite3 output from a real Mac's
TCC.db (plaso's test data), and so is the empty answer of a real 2025 Mac's database with the macOS 11+ table (it
holds no camera or microphone row), and the answers of a real macOS 10.12.6 database, whose table has neither
auth_value nor last_modified. The macOS 11+ rows and the oldest layout's rows are real sqlite3 output from databases
built with those schemas (the rows are made, so they are listed as unverified).
"""

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.camera_microphone import CHECK
from checks.local.camera_microphone.macos import (
    QUERY,
    QUERY_BEFORE_10_14,
    QUERY_BEFORE_11,
    SYSTEM_DB,
    parse_rows,
    sqlite_argv,
)
from tests.support import fixture, run_check

USER_DB = "/Users/alex/Library/Application Support/com.apple.TCC/TCC.db"
DENIED = fixture("macos/camera-microphone/sqlite3-tcc-authorization-denied.stderr.txt")
VENTURA = fixture("macos/camera-microphone/sqlite3-tcc-ventura-schema.txt")


def mac(user: tuple[str, str, int] | None, system: tuple[str, str, int] | None = ("", DENIED, 1)) -> RecordedHost:
    """Each database: (stdout, stderr, exit code) of the query, or None when the file is not there."""
    host = RecordedHost("macos").add_tool("sqlite3")
    for path, answer in ((USER_DB, user), (SYSTEM_DB, system)):
        if answer is not None:
            host.add_file(path, b"SQLite format 3\x00")
            out, err, code = answer
            host.add_command(sqlite_argv(path, QUERY), out, stderr=err, returncode=code)
    return host


def test_without_full_disk_access_it_says_so_and_where_to_look():
    found = run_check(CHECK, mac(("", DENIED, 1)))
    assert found.status is Status.UNKNOWN
    assert "Full Disk Access" in found.summary
    assert "System Settings, Privacy & Security, Camera and Microphone" in found.summary
    assert {e.looked_at: e.seen for e in found.evidence}[USER_DB] == "not readable without Full Disk Access"


def test_allowed_apps_are_read_and_one_it_does_not_know_is_named():
    found = run_check(CHECK, mac((VENTURA, "", 0)))
    assert found.status is Status.PARTIAL
    assert found.summary.startswith("1 app is allowed to use the camera: "
                                    "/Users/alex/Library/Application Support/.helper/camd (camera).")
    assert "System Settings, Privacy & Security, Camera (or Microphone)" in found.summary
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen["your privacy database: microphone, com.apple.Terminal"] == "refused"
    assert seen["your privacy database: camera, us.zoom.xos"] == "allowed"
    assert seen[SYSTEM_DB] == "not readable without Full Disk Access"


def test_only_well_known_apps_allowed_passes():
    rows = "\n".join(line for line in VENTURA.splitlines() if "camd" not in line) + "\n"
    found = run_check(CHECK, mac((rows, "", 0)))
    assert found.status is Status.PASS
    assert found.summary == ("Only well-known apps are allowed to use the camera and the microphone: "
                             "us.zoom.xos (camera and microphone).")


def test_no_app_allowed_passes():
    """A real 2025 database with the macOS 11+ table answers the query without error and with no row."""
    nothing = fixture("macos/camera-microphone/sqlite3-tcc-2025-real-no-camera-rows.txt")
    assert nothing == ""
    found = run_check(CHECK, mac((nothing, "", 0)))
    assert found.status is Status.PASS
    assert found.summary == "No app is allowed to use the camera or the microphone."
    assert {e.looked_at: e.seen for e in found.evidence}[USER_DB] == "read: 0 camera and microphone entries"


def test_a_real_catalina_database_is_read_with_its_allowed_column_and_times():
    """macOS 10.15's table has no auth_value: the real "no such column" answer leads to the allowed column."""
    host = mac(("", fixture("macos/camera-microphone/sqlite3-tcc-plaso-catalina-no-auth-value.stderr.txt"), 1),
               system=None)
    host.add_command(sqlite_argv(USER_DB, QUERY_BEFORE_11),
                     fixture("macos/camera-microphone/sqlite3-tcc-plaso-catalina.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == ("Only well-known apps are allowed to use the camera and the microphone: "
                             "com.google.Chrome (camera and microphone).")
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen["your privacy database: camera, com.google.Chrome"] == "allowed"
    assert seen["your privacy database: microphone, com.google.Chrome"] == "allowed"
    assert seen[USER_DB] == "read: 2 camera and microphone entries"
    assert tuple(sqlite_argv(USER_DB, QUERY_BEFORE_10_14)) not in host.asked  # the times were there


def test_the_oldest_layout_without_times_is_read_too():
    no_column = fixture("macos/camera-microphone/sqlite3-tcc-old-schema-no-last-modified.stderr.txt")
    host = mac(("", fixture("macos/camera-microphone/sqlite3-tcc-plaso-catalina-no-auth-value.stderr.txt"), 1),
               system=None)
    host.add_command(sqlite_argv(USER_DB, QUERY_BEFORE_11), stderr=no_column, returncode=1)
    host.add_command(sqlite_argv(USER_DB, QUERY_BEFORE_10_14),
                     fixture("macos/camera-microphone/sqlite3-tcc-old-schema.txt"))  # unverified: made row
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "Only well-known apps are allowed to use the microphone: com.hnc.Discord (microphone)."


def test_a_real_sierra_database_falls_through_to_the_oldest_layout():
    """macOS 10.12.6's table has neither auth_value nor last_modified: both real errors lead to the third query."""
    host = mac(("", fixture("macos/camera-microphone/sqlite3-tcc-plaso-catalina-no-auth-value.stderr.txt"), 1),
               system=None)
    host.add_command(sqlite_argv(USER_DB, QUERY_BEFORE_11), returncode=1,
                     stderr=fixture("macos/camera-microphone/sqlite3-tcc-old-schema-no-last-modified.stderr.txt"))
    host.add_command(sqlite_argv(USER_DB, QUERY_BEFORE_10_14),
                     fixture("macos/camera-microphone/sqlite3-tcc-sierra-real-oldest-layout.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "No app is allowed to use the camera or the microphone."
    assert host.asked[-1] == tuple(sqlite_argv(USER_DB, QUERY_BEFORE_10_14))


def test_known_spying_software_allowed_the_camera_fails():
    row = "kTCCServiceCamera|/Applications/tmagent.app/Contents/MacOS/tmagent|1|2|1794400000\n"
    found = run_check(CHECK, mac((row, "", 0)))
    assert found.status is Status.FAIL
    assert found.summary.startswith("Teramind (hidden agent), known spying software, is allowed to use the camera")


def test_no_sqlite3_is_unknown():
    host = RecordedHost("macos")
    host.add_command(["sqlite3"], outcome=CommandOutcome.MISSING)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "sqlite3" in found.summary


def test_a_missing_user_database_is_unknown_not_a_pass():
    found = run_check(CHECK, mac(None))
    assert found.status is Status.UNKNOWN
    assert {e.looked_at: e.seen for e in found.evidence}[USER_DB].startswith("not found")


def test_rows_are_read_from_both_ends_and_other_lines_ignored():
    rows = parse_rows("kTCCServiceCamera|odd|name|0|2|5\nkTCCServiceScreenCapture|x|0|2|1\ngarbage\n"
                      "kTCCServiceMicrophone|y|0|two|1\n")
    assert rows == [("kTCCServiceCamera", "odd|name", "0", 2, 5)]
