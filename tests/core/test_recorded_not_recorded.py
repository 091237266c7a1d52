"""A recording can say "this was not recorded", and a check asking about it then says it could not tell.

The family scenarios are put together from several real machines, and none of them captured everything. Read as
absent, a gap made up verdicts (Find my device "never turned on", XProtect "not found on this Mac"). A scenario now
marks such gaps (``not_recorded = true``); the recorded host answers them with ``NotRecorded``, which the runner
turns into an ``unknown`` row that says the recording did not include it, never a pass or a fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.bounded_read import FileRefused
from auditor.check import Check, CouldNotTell
from auditor.host import AccessDenied
from auditor.model import Origin, Result, Status
from auditor.recorded import NotRecorded, RecordedHost, load_scenario
from auditor.runner import run_scan
from checks.local.backups import CHECK as BACKUPS
from checks.local.find_my_device import CHECK as FIND_MY_DEVICE
from checks.local.find_my_device.windows import POLICIES, SWITCHES
from checks.local.xprotect import CHECK as XPROTECT
from tests.support import FIXTURES

ORIGIN = Origin("homeguard", "test")
SCENARIOS = FIXTURES / "scenarios"
SAID = "Could not tell: the recording of this computer did not include"


def _row(check: Check, host: RecordedHost) -> Result:
    (row,) = run_scan([(check, ORIGIN)], host).results
    return row


# -- the recorded host -------------------------------------------------------------------------------------------

def test_a_key_not_recorded_is_neither_absent_nor_refused_and_covers_the_keys_under_it() -> None:
    host = RecordedHost("windows").registry_not_recorded(r"HKLM\SOFTWARE\Microsoft\Settings\FindMyPhone")
    for ask in (lambda: host.registry_values(r"HKEY_LOCAL_MACHINE\Software\Microsoft\Settings\FindMyPhone"),
                lambda: host.registry_values(r"HKLM\SOFTWARE\Microsoft\Settings\FindMyPhone\Deeper"),
                lambda: host.registry_subkeys(r"HKLM\SOFTWARE\Microsoft\Settings\FindMyPhone")):
        with pytest.raises(NotRecorded) as caught:
            ask()
        assert not isinstance(caught.value, AccessDenied)  # a check's "Windows refused" wording must not catch it
        assert isinstance(caught.value, CouldNotTell)
    assert host.registry_values(r"HKLM\SOFTWARE\Microsoft\Settings") is None  # its parent: as recorded (absent)
    assert host.registry_values(r"HKLM\SOFTWARE\Microsoft\Settings\FindMyPhoneOther") is None


def test_a_folder_not_recorded_answers_no_question_about_itself_or_what_is_under_it() -> None:
    host = RecordedHost().add_file("/etc/os-release", "ID=debian\n").not_recorded("/etc/geoclue")
    asks = (lambda: host.exists("/etc/geoclue"), lambda: host.is_dir("/etc/geoclue"),
            lambda: host.list_dir("/etc/geoclue/conf.d"), lambda: host.read_text("/etc/geoclue/geoclue.conf"),
            lambda: host.mtime("/etc/geoclue/geoclue.conf"), lambda: host.glob("/etc/geoclue/conf.d/*.conf"),
            lambda: host.glob("/etc/geo*"))  # a pattern that would match the folder itself
    for ask in asks:
        with pytest.raises(NotRecorded):
            ask()
    assert host.read_text("/etc/os-release") == "ID=debian\n" and host.list_dir("/etc") == ["os-release"]
    assert host.glob("/etc/*-release") == ["/etc/os-release"] and not host.exists("/etc/geoclue2")


def test_a_command_not_recorded_and_whether_its_program_is_there() -> None:
    host = RecordedHost("windows").command_not_recorded(["net", "share"])
    with pytest.raises(NotRecorded) as caught:
        host.run(["net", "share"])
    assert str(caught.value) == "the recording of this computer did not include `net share`"
    with pytest.raises(NotRecorded):
        host.which("net")  # nothing says whether net is installed
    host.add_command(["net", "user"], "User accounts for \\\\PC\n")
    assert host.which("net") and host.run(["net", "user"]).ok  # now the recording shows net is there


def test_a_mark_over_something_recorded_is_refused() -> None:
    host = RecordedHost().add_file("/etc/geoclue/geoclue.conf", "[agent]\n")
    with pytest.raises(ValueError, match=r"recording holds /etc/geoclue/geoclue\.conf"):
        host.not_recorded("/etc/geoclue")
    windows = RecordedHost("windows").add_registry_value(r"HKLM\SOFTWARE\X\Y", "Z", "REG_DWORD", 1)
    with pytest.raises(ValueError, match=r"recording holds HKLM\\SOFTWARE\\X\\Y$"):
        windows.registry_not_recorded(r"HKLM\SOFTWARE\X")


# -- checks on it: unknown, saying why, where the gap used to decide ----------------------------------------------

def test_find_my_device_reads_absent_keys_as_off_but_keys_not_recorded_as_could_not_tell() -> None:
    absent = _row(FIND_MY_DEVICE, RecordedHost("windows"))
    assert absent.status is Status.FAIL  # what a real PC with none of the values set gets: Windows' own reading
    host = RecordedHost("windows")
    for key in {key for key, _ in (*POLICIES, *SWITCHES)}:
        host.registry_not_recorded(key)
    row = _row(FIND_MY_DEVICE, host)
    assert row.status is Status.UNKNOWN
    assert row.summary == rf"{SAID} HKLM\SOFTWARE\Policies\Microsoft\FindMyDevice."
    assert [(e.looked_at, e.seen) for e in row.evidence] == [
        (r"HKLM\SOFTWARE\Policies\Microsoft\FindMyDevice", "not in the recording")]


def test_the_family_pc_no_longer_fails_find_my_device_on_a_gap() -> None:
    row = _row(FIND_MY_DEVICE, load_scenario(SCENARIOS / "family-windows.toml"))
    assert row.status is Status.UNKNOWN and row.summary.startswith(SAID)


def test_the_family_mac_no_longer_fails_xprotect_on_a_gap() -> None:
    assert _row(XPROTECT, RecordedHost("macos")).status is Status.FAIL  # a Mac with no XProtect at all
    row = _row(XPROTECT, load_scenario(SCENARIOS / "family-mac.toml"))
    assert row.status is Status.UNKNOWN
    assert row.summary == f"{SAID} /var/protected/xprotect/XProtect.bundle/Contents/Info.plist."


def test_the_family_laptop_no_longer_fails_backups_on_a_gap() -> None:
    row = _row(BACKUPS, load_scenario(SCENARIOS / "family-laptop.toml"))
    assert row.status is Status.UNKNOWN
    assert "glib-2.0/schemas/org.gnome.DejaDup.gschema.xml" in row.summary and row.summary.startswith(SAID)


# -- the scenario format: the new field is checked at the boundary ------------------------------------------------

def _scenario(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gaps.toml"
    path.write_text('platform = "windows"\n' + body, encoding="utf-8")
    return path


def test_a_scenario_marks_keys_files_and_commands_as_not_recorded(tmp_path: Path) -> None:
    host = load_scenario(_scenario(tmp_path, (
        '[[registry]]\nkey = "HKLM\\\\SOFTWARE\\\\Gap"\nnot_recorded = true\n'
        '[[files]]\npath = "C:\\\\ProgramData\\\\Gap"\nnot_recorded = true\n'
        '[[files]]\npath = "C:\\\\Windows\\\\win.ini"\ncontent = "; for 16-bit app support"\nnot_recorded = false\n'
        '[[commands]]\nargv = ["net", "share"]\nnot_recorded = true\n')))
    with pytest.raises(NotRecorded):
        host.registry_values(r"HKLM\SOFTWARE\Gap")
    with pytest.raises(NotRecorded):
        host.exists(r"C:\ProgramData\Gap\x.dat")
    with pytest.raises(NotRecorded):
        host.run(["net", "share"])
    assert host.read_text(r"C:\Windows\win.ini") == "; for 16-bit app support"


@pytest.mark.parametrize(("body", "reason"), [
    ('[[registry]]\nkey = "HKLM\\\\SOFTWARE\\\\Gap"\nnot_recorded = "yes"\n',
     "says not_recorded = 'yes' in a [[registry]] entry; it must be true or false"),
    ('[[files]]\nnot_recorded = true\n',
     "has a [[files]] entry marked not recorded whose path is missing or not a text"),
    ('[[files]]\npath = 7\nnot_recorded = true\n',
     "has a [[files]] entry marked not recorded whose path is missing or not a text"),
    ('[[commands]]\nargv = "net share"\nnot_recorded = true\n',
     "has a [[commands]] entry marked not recorded whose argv is missing or not a list of words"),
    ('[[files]]\npath = "C:\\\\x.txt"\ncontent = "x"\nnot_recorded = true\n',
     "marks C:\\x.txt as not recorded but also records it (content is given)"),
    ('[[registry]]\nkey = "HKLM\\\\SECURITY"\ndenied = true\nnot_recorded = true\n',
     "marks HKLM\\SECURITY as not recorded but also records it (denied is given)"),
    ('files = ["C:\\\\x.txt"]\n', "has a [[files]] entry that is not a table of settings"),
    ('[[files]]\npath = "C:\\\\Data\\\\a.txt"\ncontent = "a"\n[[files]]\npath = "C:\\\\Data"\nnot_recorded = true\n',
     "contradicts itself: C:\\Data is marked as not recorded, but the recording holds C:\\Data\\a.txt"),
])
def test_a_malformed_mark_refuses_the_scenario_by_name(tmp_path: Path, body: str, reason: str) -> None:
    with pytest.raises(FileRefused) as refused:
        load_scenario(_scenario(tmp_path, body))
    assert refused.value.subject == "This scenario file (gaps.toml)"
    assert refused.value.reason == reason
