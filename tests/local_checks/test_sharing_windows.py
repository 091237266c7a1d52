"""sharing on Windows: shared folders and printers, Nearby sharing and media streaming.

`net share` answers are real, in English and Chinese, and so are the `tasklist /svc` lists the running programs come
from (tests/fixtures/windows/sharing; SOURCES.toml says where each came from). Also real: a Windows 10 Enterprise's
LanmanServer\\Parameters as Get-ItemProperty listed it (no NullSessionShares value), and a Process Monitor capture of
Settings switching Nearby sharing off (the value 0 written). Registry values no real machine has been recorded giving
(Nearby sharing's 1 and 2, a share named in NullSessionShares) and a printer's row are inline, marked "unverified",
and listed in the check's UNVERIFIED. The Server service stopped is net.exe's real NET HELPMSG 2114 error, as printed
by `net view` (the same message for `net share` is not recorded); other languages and code pages are the recordings
changed as each test says.
"""

import re

import pytest

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from auditor.winreg_pasted import parse_get_item_property, parse_procmon_writes
from auditor.winreg_reader import RegistryValue
from checks.local.sharing import CHECK
from checks.local.sharing.windows import CDP_KEY, CDP_POLICY_KEY, LANMAN_PARAMETERS, is_system_share, parse_net_share
from tests.support import fixture, run_check

LANMAN_RECORD = "windows/sharing/get-itemproperty-lanmanserver-parameters-win10-enterprise.txt"
NEARBY_OFF_RECORD = "windows/sharing/procmon-settings-nearby-sharing-off.txt"


def load(host: RecordedHost, key: str, values: dict[str, RegistryValue]) -> RecordedHost:
    for name, value in values.items():
        host.add_registry_value(key, name, value.type, value.data)
    return host


def pc(net_share: str = "net-share-win10-defaults-only.txt", *programs: str) -> RecordedHost:
    host = RecordedHost("windows")
    for name in ("System", "explorer.exe", *programs):
        host.add_process(name)
    host.add_command(["net", "share"], fixture(f"windows/sharing/{net_share}"))
    return host


_TASK = re.compile(r"^(?P<name>\S.*?)\s+(?P<pid>\d+)(?:\s|$)")


def pc_running(tasklist: str, net_share: str = "net-share-win10-defaults-only.txt") -> RecordedHost:
    """A PC whose running programs are a recorded `tasklist /svc` (image name and PID; wrapped lines skipped)."""
    host = RecordedHost("windows")
    for line in fixture(tasklist).splitlines():
        match = _TASK.match(line)
        if match:
            host.add_process(match["name"], pid=int(match["pid"]))
    host.add_command(["net", "share"], fixture(f"windows/sharing/{net_share}"))
    return host


def nearby(host: RecordedHost, value: int) -> RecordedHost:
    # unverified: made to the documented format of the CDP key (tenforums 97582: 0 off, 1 my devices, 2 everyone)
    host.add_registry_value(CDP_KEY, "NearShareChannelUserAuthzPolicy", "REG_DWORD", value)
    return host


def test_net_share_rows_are_read_and_windows_own_shares_left_out():
    shares = parse_net_share(fixture("windows/sharing/net-share-win10-company-data.txt"))
    assert [(s.name, s.resource, s.remark) for s in shares] == [
        ("C$", "C:\\", "Default share"), ("IPC$", "", "Remote IPC"), ("ADMIN$", "C:\\WINDOWS", "Remote Admin"),
        ("Company Data", "C:\\Users\\htb-student\\Desktop\\Company Data", "")]
    assert [s.name for s in shares if not is_system_share(s.name)] == ["Company Data"]
    assert is_system_share("print$") and is_system_share("D$") and not is_system_share("Photos$")


def test_a_long_name_and_a_printer_row_are_read():
    # unverified: made to the documented format of `net share` (a name longer than its column on its own line; a
    # printer's remark starting with "Spooled"; a printer port with a remark in another language)
    text = ("Share name   Resource                        Remark\n\n" + "-" * 79 + "\n"
            "FamilyPhotosShare\n             C:\\Users\\alex\\Pictures\n"
            "HPLaserJ     USB001                          Spooled  HP LaserJet 1020\n"
            "Drucker      LPT1:                           Laserdrucker im Flur\n\n"
            "The command completed successfully.\n")
    shares = parse_net_share(text)
    assert [(s.name, s.resource, s.printer) for s in shares] == [
        ("FamilyPhotosShare", "C:\\Users\\alex\\Pictures", False), ("HPLaserJ", "USB001", True),
        ("Drucker", "LPT1:", True)]


def test_chinese_windows_closing_sentence_and_wrapped_remark_are_not_shares():
    # Recorded: 命令成功完成。 right after the last row, and print$'s remark on its own indented line.
    shares = parse_net_share(fixture("windows/sharing/net-share-zh-cn-print-drivers-users.txt"))
    assert [(s.name, s.resource, s.remark) for s in shares] == [
        ("C$", "C:\\", "默认共享"), ("IPC$", "", "远程 IPC"),
        ("print$", "C:\\WINDOWS\\system32\\spool\\drivers", "打印机驱动程序"),
        ("ADMIN$", "C:\\WINDOWS", "远程管理"), ("Users", "C:\\Users", "")]
    found = run_check(CHECK, pc("net-share-zh-cn-print-drivers-users.txt"))
    assert found.status is Status.PARTIAL
    assert "\u201cUsers\u201d (C:\\Users)" in found.summary
    assert "命令" not in found.summary and "打印机" not in found.summary
    assert any("Windows' own: C$, IPC$, print$, ADMIN$; others: Users" in e.seen for e in found.evidence)


def test_chinese_windows_with_only_its_own_shares_passes():
    found = run_check(CHECK, pc("net-share-zh-cn-defaults-2019.txt"))
    assert found.status is Status.PASS
    assert any("6 shares, of which Windows' own: C$, D$, E$, F$, IPC$, ADMIN$; others: none" in e.seen
               for e in found.evidence)


def test_chinese_windows_shared_folder_is_partial():
    found = run_check(CHECK, pc("net-share-zh-cn-blog-share-2019.txt"))
    assert found.status is Status.PARTIAL
    assert "\u201cblog\u201d (E:\\amrom)" in found.summary


def test_closing_sentence_right_after_the_rows_is_not_a_share():
    found = run_check(CHECK, pc("net-share-thm-three-shares-no-blank-line.txt"))
    assert found.status is Status.PARTIAL
    assert any(e.seen.endswith("others: Internal, THM{829738}, Users") for e in found.evidence)
    assert "completed" not in found.summary


def test_only_windows_own_shares_and_nearby_sharing_off_pass():
    found = run_check(CHECK, pc())
    assert found.status is Status.PASS
    assert any("Windows' own: C$, IPC$, ADMIN$" in e.seen for e in found.evidence)


def test_a_shared_folder_that_needs_an_account_is_partial():
    found = run_check(CHECK, pc("net-share-win10-company-data.txt"))
    assert found.status is Status.PARTIAL
    assert "\u201cCompany Data\u201d (C:\\Users\\htb-student\\Desktop\\Company Data)" in found.summary
    assert "Advanced Sharing" in found.summary


def test_a_share_anyone_can_open_fails():
    host = pc("net-share-win10-company-data.txt")
    # unverified: made to the documented format of NullSessionShares (REG_MULTI_SZ of share names)
    host.add_registry_value(LANMAN_PARAMETERS, "NullSessionShares", "REG_MULTI_SZ", ["Company Data"])
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "opens without any account" in found.summary


def test_a_real_parameters_key_without_null_session_shares_leaves_the_share_to_account_holders():
    """Two real recordings side by side: a Windows 10 PC sharing "Company Data" (`net share`) and a Windows 10
    Enterprise's LanmanServer\\Parameters as Get-ItemProperty listed every value in it (no NullSessionShares)."""
    values = parse_get_item_property(fixture(LANMAN_RECORD))
    assert values is not None
    found = run_check(CHECK, load(pc("net-share-win10-company-data.txt"), LANMAN_PARAMETERS, values))
    assert found.status is Status.PARTIAL
    assert "for people with an account on this PC" in found.summary
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen[f"{LANMAN_PARAMETERS}, NullSessionShares"] == "none (every share needs an account)"


def test_nearby_sharing_switched_off_in_settings_reads_as_off():
    """What Settings wrote when Nearby sharing was switched off (a Process Monitor capture): 0, not a missing value."""
    host = pc()
    for key, values in parse_procmon_writes(fixture(NEARBY_OFF_RECORD)).items():
        load(host, key, values)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen[f"{CDP_KEY}, NearShareChannelUserAuthzPolicy"] == "0 (Off)"


def test_nearby_sharing_everyone_fails_and_my_devices_is_partial():
    everyone = run_check(CHECK, nearby(pc(), 2))
    assert everyone.status is Status.FAIL
    assert "Everyone nearby" in everyone.summary and "Nearby sharing: choose Off" in everyone.summary
    assert run_check(CHECK, nearby(pc(), 1)).status is Status.PARTIAL
    assert run_check(CHECK, nearby(pc(), 0)).status is Status.PASS


def test_a_policy_that_switches_the_platform_off_wins():
    host = nearby(pc(), 2)
    # unverified: made to the documented format of the EnableCdp policy (0 = off)
    host.add_registry_value(CDP_POLICY_KEY, "EnableCdp", "REG_DWORD", 0)
    assert run_check(CHECK, host).status is Status.PASS


def test_media_streaming_running_fails():
    # Recorded on a Windows 7 PC: wmpnetwk.exe runs as the WMPNetworkSvc service.
    found = run_check(CHECK, pc_running("windows/sharing/tasklist-svc-win7-wmpnetwk.txt"))
    assert found.status is Status.FAIL
    assert "media streaming" in found.summary
    assert any(e.seen.endswith("(wmpnetwk.exe): running") for e in found.evidence)


@pytest.mark.parametrize("tasklist", ["windows/remote-access/tasklist-svc-win10pro-love.txt",
                                      "windows/remote-access/tasklist-windows8-teamviewer.txt"])
def test_media_streaming_not_running_on_recorded_pcs_passes(tasklist):
    found = run_check(CHECK, pc_running(tasklist))
    assert found.status is Status.PASS
    assert any(e.seen.endswith("(wmpnetwk.exe): not running") for e in found.evidence)


def test_net_share_failing_is_unknown_not_a_pass():
    host = pc()
    host.add_command(["net", "share"], outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "shared folders and printers" in found.summary


def test_the_fix_opens_windows_settings():
    assert CHECK.spec.fix_for("windows").settings_url == "ms-settings:crossdevice"


def test_refused_registry_and_no_program_list_are_unknown():
    host = RecordedHost("windows")
    host.add_command(["net", "share"], fixture("windows/sharing/net-share-win10-defaults-only.txt"))
    host.deny_registry(CDP_KEY)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Nearby sharing" in found.summary and "media streaming" in found.summary


def test_a_share_is_still_reported_when_the_anonymous_list_is_refused():
    host = pc("net-share-win10-company-data.txt")
    host.deny_registry(LANMAN_PARAMETERS)
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert any(e.looked_at == LANMAN_PARAMETERS for e in found.evidence)


def test_server_service_stopped_shares_nothing_and_passes():
    # net.exe's own error when the Server service (LanmanServer) is stopped: nothing can be shared over the network.
    host = pc()
    error = fixture("windows/sharing/net-server-service-not-started-htb-resolute.txt")
    host.add_command(["net", "share"], stderr=error, returncode=2)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == "net share" and "Server service is not running" in e.seen for e in found.evidence)


def test_server_service_stopped_is_read_in_any_language():
    # unverified: made to the recorded message's layout; the sentence translated, "NET HELPMSG 2114" kept as it is
    host = pc()
    host.add_command(["net", "share"], stderr="Der Serverdienst wurde nicht gestartet.\r\n\r\nSie erhalten weitere "
                     "Hilfe, wenn Sie NET HELPMSG 2114 eingeben.\r\n\r\n", returncode=2)
    assert run_check(CHECK, host).status is Status.PASS


def test_another_net_error_stays_unknown():
    # unverified: net's "access denied" error, typed to its usual layout: only 2114 means nothing is shared
    host = pc()
    host.add_command(["net", "share"], stderr="System error 5 has occurred.\r\n\r\nAccess is denied.\r\n\r\n",
                     returncode=2)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "shared folders and printers" in found.summary


@pytest.mark.parametrize("name", ["net-share-zh-cn-print-drivers-users.txt", "net-share-zh-cn-blog-share-2019.txt"])
def test_chinese_windows_bytes_in_its_own_code_page_are_still_read(name):
    # net.exe writes to a pipe in the console's code page (936 on Chinese Windows), not UTF-8, so the headings, the
    # remarks and the closing sentence arrive as bytes Homeguard cannot decode. The layout and the ASCII names and
    # paths must still be read. unverified: the recorded text re-encoded in code page 936 (the page printed text).
    text = fixture(f"windows/sharing/{name}")
    host = pc()
    host.add_command(["net", "share"], text.encode("gbk"))
    found = run_check(CHECK, host)
    readable = run_check(CHECK, pc(name))
    assert found.status is readable.status is Status.PARTIAL
    assert found.summary == readable.summary
    assert [e.seen for e in found.evidence if e.looked_at == "net share"] == \
        [e.seen for e in readable.evidence if e.looked_at == "net share"]
