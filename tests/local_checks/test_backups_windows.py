"""backups on Windows: File History and OneDrive folder backup.

File History's settings are real Config1.xml files (Alex Verboon's Windows 8 PC backing up to a network share, and a
2026 PC backing up to a Storage Space; tests/fixtures/windows/backups). The turned-off one is edited, and the User
Shell Folders values and OneDrive's folder are inline: all marked "unverified", and listed in UNVERIFIED. The
recorded host's clock is 2026-11-18.
"""

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.backups import CHECK
from checks.local.backups.windows import FH_POLICY_KEY, SHELL_FOLDERS_KEY, parse_file_history
from tests.support import fixture, run_check

NOW = 1_795_000_000.0
LOCAL = "C:\\Users\\alex\\AppData\\Local"
CONFIG = LOCAL + "\\Microsoft\\Windows\\FileHistory\\Configuration"


def pc(*programs: str, folders: bool = True) -> RecordedHost:
    host = RecordedHost("windows", env={"LOCALAPPDATA": LOCAL, "OneDrive": "C:\\Users\\alex\\OneDrive"}, now=NOW)
    for name in ("System", "explorer.exe", *programs):
        host.add_process(name)
    if folders:
        # unverified: made to the documented format of User Shell Folders as Windows sets it up (REG_EXPAND_SZ
        # values under %USERPROFILE%)
        for name, folder in (("Desktop", "Desktop"), ("Personal", "Documents"), ("My Pictures", "Pictures")):
            host.add_registry_value(SHELL_FOLDERS_KEY, name, "REG_EXPAND_SZ", f"%USERPROFILE%\\{folder}")
    return host


def with_file_history(host: RecordedHost, config: str = "file-history-config1-win8.xml",
                      catalog_age_days: float | None = 1.0) -> RecordedHost:
    host.add_file(CONFIG + "\\Config1.xml", fixture(f"windows/backups/{config}"))
    if catalog_age_days is not None:
        host.add_file(CONFIG + "\\Catalog1.edb", b"", mtime=NOW - catalog_age_days * 86400)
    return host


def with_onedrive_folders(host: RecordedHost) -> RecordedHost:
    # unverified: made to the documented format of User Shell Folders after OneDrive folder backup (REG_EXPAND_SZ
    # values pointing into %OneDrive%; threeisacloud.tech "OneDrive and its unknown folder move")
    host.add_registry_value(SHELL_FOLDERS_KEY, "Desktop", "REG_EXPAND_SZ", "%OneDrive%\\Desktop")
    host.add_registry_value(SHELL_FOLDERS_KEY, "Personal", "REG_EXPAND_SZ", "C:\\Users\\alex\\OneDrive\\Documents")
    host.add_registry_value(SHELL_FOLDERS_KEY, "My Pictures", "REG_EXPAND_SZ", "%OneDrive%\\Pictures")
    host.add_registry_value(SHELL_FOLDERS_KEY, "My Music", "REG_EXPAND_SZ", "%USERPROFILE%\\Music")
    return host


def test_file_history_settings_are_read():
    status, target = parse_file_history(fixture("windows/backups/file-history-config1-win8.xml"))
    assert (status, target) == ("ENABLED", "\\\\labhome099\\data\\FileHistoryBackup\\")
    assert parse_file_history("<Other/>") is None and parse_file_history("not xml") is None


def test_a_recent_windows_config_with_a_local_drive_is_read():
    # Real: an XML declaration, a SchemaVersion attribute, libraries, and a fixed drive (E:) as the target.
    config = "file-history-config1-win-2026-storage-space.xml"
    assert parse_file_history(fixture(f"windows/backups/{config}")) == ("ENABLED", "E:\\")
    found = run_check(CHECK, with_file_history(pc(), config))
    assert found.status is Status.PASS
    assert any(e.seen == "DPStatus ENABLED; backup drive E:\\" for e in found.evidence)


def test_nothing_set_up_fails():
    found = run_check(CHECK, pc())
    assert found.status is Status.FAIL
    assert "File History is off" in found.summary


def test_file_history_that_ran_yesterday_passes():
    found = run_check(CHECK, with_file_history(pc()))
    assert found.status is Status.PASS
    assert "File History" in found.summary and "yesterday" in found.summary


def test_file_history_that_stopped_a_month_ago_is_partial():
    found = run_check(CHECK, with_file_history(pc(), catalog_age_days=30))
    assert found.status is Status.PARTIAL
    assert "30 days ago" in found.summary


def test_file_history_that_never_ran_is_partial():
    found = run_check(CHECK, with_file_history(pc(), catalog_age_days=None))
    assert found.status is Status.PARTIAL
    assert "has not finished a backup yet" in found.summary


def test_file_history_turned_off_or_blocked_is_not_a_backup():
    # unverified: the Windows 8 recording with DPStatus edited to DISABLED (see SOURCES.toml)
    assert run_check(CHECK, with_file_history(pc(), "file-history-config1-win8-disabled.xml")).status is Status.FAIL
    blocked = with_file_history(pc())
    # unverified: made to the documented format of the File History policy (Disabled = 1)
    blocked.add_registry_value(FH_POLICY_KEY, "Disabled", "REG_DWORD", 1)
    assert run_check(CHECK, blocked).status is Status.FAIL


def test_onedrive_folder_backup_running_passes():
    found = run_check(CHECK, with_onedrive_folders(pc("OneDrive.exe")))
    assert found.status is Status.PASS
    assert "OneDrive folder backup (Desktop, Documents, Pictures)" in found.summary


def test_onedrive_folder_backup_not_running_is_partial():
    found = run_check(CHECK, with_onedrive_folders(pc()))
    assert found.status is Status.PARTIAL
    assert "not running" in found.summary


def test_unreadable_folders_with_nothing_else_are_unknown():
    host = pc()
    host.deny_registry(SHELL_FOLDERS_KEY)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Desktop, Documents and Pictures" in found.summary
    # the key is in every Windows profile: when it is missing, it was not read, which is no proof of "no backup"
    assert run_check(CHECK, pc(folders=False)).status is Status.UNKNOWN


def test_unreadable_file_history_or_program_list_is_unknown():
    host = pc()
    host.add_file(CONFIG + "\\Config1.xml", "<DataProtectionUserConfig")  # unverified: a damaged settings file
    assert run_check(CHECK, host).status is Status.UNKNOWN
    no_programs = RecordedHost("windows", env={"OneDrive": "C:\\Users\\alex\\OneDrive"})
    with_onedrive_folders(no_programs)
    found = run_check(CHECK, no_programs)
    assert found.status is Status.UNKNOWN and "OneDrive is running" in found.summary
