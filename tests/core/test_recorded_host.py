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
