"""The recorded host behaves like a machine that has exactly what was recorded, and nothing else."""

import pytest

from auditor.host import AccessDenied, CommandOutcome
from auditor.recorded import RecordedHost, load_scenario


def test_unrecorded_commands_are_missing_programs():
    host = RecordedHost().add_command(["ufw", "status"], "Status: active\n")
    assert host.run(["ufw", "status"]).stdout == "Status: active\n"
    assert host.run(["nft", "list", "ruleset"]).outcome is CommandOutcome.MISSING
    assert host.run(["ufw", "status", "verbose"]).outcome is CommandOutcome.FAILED  # ufw exists, not that line
    assert host.asked == [("ufw", "status"), ("nft", "list", "ruleset"), ("ufw", "status", "verbose")]
    assert host.which("ufw") and not host.which("nft")


def test_files_folders_and_globs():
    host = RecordedHost().add_file("/etc/sddm.conf.d/10-a.conf", "x").add_file("/etc/sddm.conf.d/20-b.conf", "y")
    assert host.list_dir("/etc/sddm.conf.d") == ["10-a.conf", "20-b.conf"]
    assert host.glob("/etc/sddm.conf.d/*.conf") == ["/etc/sddm.conf.d/10-a.conf", "/etc/sddm.conf.d/20-b.conf"]
    assert host.glob("/etc/*.conf") == []  # a star never crosses a slash
    assert host.is_dir("/etc") and host.exists("/etc/sddm.conf.d/10-a.conf")
    assert host.read_text("/etc/missing") is None


def test_home_is_expanded_for_the_recorded_user():
    host = RecordedHost().add_file("~/.ssh/id_ed25519", "key")
    assert host.read_text("/home/alex/.ssh/id_ed25519") == "key"


def test_denied_paths_raise_like_the_real_host():
    host = RecordedHost().deny("/etc/ufw")
    with pytest.raises(AccessDenied):
        host.read_text("/etc/ufw/ufw.conf")
    with pytest.raises(AccessDenied):
        host.list_dir("/etc/ufw")


def test_oversized_recordings_come_back_truncated():
    host = RecordedHost().add_command(["apt", "list"], b"x" * (5 * 1024 * 1024))
    result = host.run(["apt", "list"])
    assert result.truncated and not result.ok


def test_socket_listing_can_be_refused():
    with pytest.raises(AccessDenied):
        RecordedHost().deny_sockets().listening_sockets()


def test_a_scenario_file_builds_a_host(tmp_path):
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "out.txt").write_text("recorded\n")
    scenario = tmp_path / "scenarios" / "demo.toml"
    scenario.parent.mkdir()
    scenario.write_text(
        'platform = "linux"\nhostname = "family-laptop"\n[env]\nXDG_CURRENT_DESKTOP = "GNOME"\n'
        '[[commands]]\nargv = ["tool", "--x"]\nstdout_file = "out.txt"\n'
        '[[files]]\npath = "/etc/a.conf"\ncontent = "a=1"\n'
        '[[processes]]\nname = "gnome-shell"\n',
        encoding="utf-8",
    )
    host = load_scenario(scenario, tmp_path / "fixtures")
    assert host.hostname() == "family-laptop"
    assert host.env("XDG_CURRENT_DESKTOP") == "GNOME"
    assert host.run(["tool", "--x"]).stdout == "recorded\n"
    assert host.read_text("/etc/a.conf") == "a=1"
    assert [p.name for p in host.processes()] == ["gnome-shell"]


def test_a_scenario_carries_registry_recordings_and_process_ids(tmp_path):
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    # regedit writes its exports in UTF-16 with a byte order mark; `reg query` output is plain text.
    export = ('\ufeffWindows Registry Editor Version 5.00\r\n\r\n'
              '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Demo]\r\n"On"=dword:00000001\r\n')
    (fixtures / "demo.reg").write_bytes(export.encode("utf-16-le"))
    (fixtures / "query.txt").write_text("HKEY_CURRENT_USER\\Control Panel\\Desktop\n"
                                        "    ScreenSaveTimeOut    REG_SZ    600\n", encoding="utf-8")
    scenario = tmp_path / "scenarios" / "pc.toml"
    scenario.parent.mkdir()
    scenario.write_text(
        'platform = "windows"\n'
        'processes = [{ name = "explorer.exe", pid = 4492 }]\n'
        'sockets = [{ address = "0.0.0.0", port = 445, pid = 4, process = "System" }]\n'
        '[[registry]]\ncontent_file = "demo.reg"\n'
        '[[registry]]\ncontent_file = "query.txt"\n'
        '[[registry]]\nkey = "HKLM\\\\SECURITY"\ndenied = true\n',
        encoding="utf-8",
    )
    host = load_scenario(scenario, fixtures)
    assert host.registry_values(r"HKLM\SOFTWARE\Demo")["on"].as_int() == 1
    assert host.registry_values(r"HKCU\Control Panel\Desktop")["screensavetimeout"].as_text() == "600"
    assert host.registry_subkeys(r"HKLM\SOFTWARE") == ["Demo"]
    assert host.registry_values(r"HKLM\SOFTWARE\Other") is None
    with pytest.raises(AccessDenied):
        host.registry_values(r"HKLM\SECURITY")
    assert [(p.name, p.pid) for p in host.processes()] == [("explorer.exe", 4492)]
    [sock] = host.listening_sockets()
    assert (sock.port, sock.pid, sock.process) == (445, 4, "System")


def test_the_recorded_family_computers_use_only_files_with_a_source():
    """Every file a scenario points at is a fixture with its SOURCES.toml entry (nothing made up slips in)."""
    import tomllib

    from tests.support import FIXTURES, fixture_bytes

    for scenario in sorted((FIXTURES / "scenarios").glob("*.toml")):
        data = tomllib.loads(scenario.read_text(encoding="utf-8"))
        entries = [e for table in ("commands", "files", "registry") for e in data.get(table, ())]
        named = [e[key] for e in entries for key in ("stdout_file", "stderr_file", "content_file") if key in e]
        assert named, scenario.name
        for relative in named:
            fixture_bytes(relative)  # raises when the file or its SOURCES.toml entry is missing
