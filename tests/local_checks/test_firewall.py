"""firewall on Linux: ufw, firewalld, nftables and iptables, against files and outputs from real systems."""

import pytest

from auditor.host import CommandOutcome, CommandResult, UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.firewall import CHECK
from checks.local.firewall.linux import (
    Kind,
    analyze_iptables_rules,
    analyze_nft_ruleset,
    firewall_cmd_state,
    nft_conf_drops_input,
    ufw_status,
)
from tests.support import fixture, run_check

ROOT = UserInfo(name="root", home="/root", uid=0, is_admin=True)
NFT = ["nft", "-j", "list", "ruleset"]
UFW_STATUS = ["ufw", "status", "verbose"]
STATE = ["firewall-cmd", "--state"]
UFW_WANTS = "/etc/systemd/system/multi-user.target.wants/ufw.service"
NFT_WANTS = "/etc/systemd/system/sysinit.target.wants/nftables.service"


def user_host() -> RecordedHost:
    """A machine whose program folders can be looked in (every real Linux system has them)."""
    return RecordedHost("linux").add_dir("/usr/bin").add_dir("/usr/sbin")


def root_host() -> RecordedHost:
    return RecordedHost("linux", user=ROOT).add_dir("/usr/bin").add_dir("/usr/sbin")


def with_ufw(host: RecordedHost, conf: str = "debian12-ufw.conf-enabled",
             defaults: str = "debian12-default-ufw") -> RecordedHost:
    host.add_file("/etc/ufw/ufw.conf", fixture(f"linux/ufw/{conf}"))
    return host.add_file("/etc/default/ufw", fixture(f"linux/ufw/{defaults}"))


def with_firewalld(host: RecordedHost, conf: str = "debian12-firewalld.conf") -> RecordedHost:
    return host.add_file("/etc/firewalld/firewalld.conf", fixture(f"linux/firewalld/{conf}"))


def state_result(name: str, returncode: int, stream: str = "stderr") -> CommandResult:
    text = fixture(f"linux/firewalld/{name}")
    out, err = (text, "") if stream == "stdout" else ("", text)
    return CommandResult(tuple(STATE), CommandOutcome.RAN, returncode, out, err)


# -- parsers --------------------------------------------------------------------------------------------------

def test_ufw_status_lines():
    assert ufw_status(fixture("linux/ufw/ufw-status-verbose-active.txt")) == (True, "deny")
    assert ufw_status(fixture("linux/ufw/ufw-status-inactive.txt")) == (False, None)
    assert ufw_status(fixture("linux/ufw/debian12-ufw-status-not-root.stderr")) == (None, None)


def test_firewall_cmd_state_answers():
    assert firewall_cmd_state(state_result("firewall-cmd-state-running.txt", 0, "stdout")) == "running"
    assert firewall_cmd_state(state_result("firewall-cmd-state-not-running.stderr", 252)) == "not running"
    assert firewall_cmd_state(state_result("firewall-cmd-state-not-authorized.stderr", 253)) == "not authorized"
    assert firewall_cmd_state(state_result("debian12-firewall-cmd-state-no-dbus.stderr", 36)) == "unclear"
    assert firewall_cmd_state(CommandResult(tuple(STATE), CommandOutcome.TIMEOUT)) == "unclear"


def test_nftables_conf_input_policy():
    assert not nft_conf_drops_input(fixture("linux/nftables/debian12-nftables.conf"))
    assert nft_conf_drops_input(fixture("linux/nftables/debian12-nftables.conf-input-policy-drop"))


def test_nft_rulesets():
    assert analyze_nft_ruleset(fixture("linux/nftables/debian12-vm-root-empty.json")).kind is Kind.EMPTY
    assert analyze_nft_ruleset(fixture("linux/nftables/debian12-default-conf-loaded-netns.json")).kind is Kind.OPEN
    drop = analyze_nft_ruleset(fixture("linux/nftables/halite-netns-input-policy-drop.json"))
    assert (drop.kind, drop.tool) == (Kind.BLOCKS, "nftables")
    nixos = analyze_nft_ruleset(fixture("linux/nftables/nixos-fw-rules-loaded-netns.json"))
    assert (nixos.kind, nixos.tool) == (Kind.BLOCKS, "the NixOS firewall")
    assert "ends by refusing" in nixos.detail


def test_iptables_listings():
    assert analyze_iptables_rules(fixture("linux/iptables/debian12-vm-root-iptables-S.txt")).kind is Kind.EMPTY
    ufw = analyze_iptables_rules(fixture("linux/iptables/ufw-fail2ban-iptables-S-excerpt.txt"))
    assert (ufw.kind, ufw.tool) == (Kind.BLOCKS, "ufw")
    nixos = analyze_iptables_rules(fixture("linux/iptables/nixos-fw-rules-loaded-netns-iptables-S.txt"))
    assert (nixos.kind, nixos.tool) == (Kind.BLOCKS, "the NixOS firewall")
    assert "ends by refusing" in nixos.detail


def test_unreadable_listings_raise():
    with pytest.raises(ValueError):
        analyze_iptables_rules(fixture("linux/ufw/ufw-status-inactive.txt"))
    with pytest.raises(ValueError):
        analyze_nft_ruleset(fixture("linux/ufw/ufw-status-inactive.txt"))


# -- without admin rights: settings and running programs ------------------------------------------------------

def test_ufw_switched_on_passes_without_running_anything():
    host = with_ufw(user_host())
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "ufw" in found.summary
    assert host.asked == []


def test_ufw_on_and_its_service_enabled_passes_where_systemd_runs():
    host = with_ufw(user_host()).add_dir("/run/systemd/system").add_file(UFW_WANTS, b"")
    assert run_check(CHECK, host).status is Status.PASS


def test_ufw_on_but_not_started_with_the_computer_is_partial():
    host = with_ufw(user_host()).add_dir("/run/systemd/system")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "after a restart" in found.summary


def test_kde_session_is_named_so_the_kde_steps_are_shown():
    host = with_ufw(user_host(), conf="debian12-ufw.conf").set_env("XDG_CURRENT_DESKTOP", "KDE")
    found = run_check(CHECK, host)
    assert found.desktop == "kde"
    assert CHECK.spec.fix_for("linux", found.desktop).settings_command == ("systemsettings", "kcm_firewall")


def test_ufw_letting_everything_in_fails():
    found = run_check(CHECK, with_ufw(user_host(), defaults="debian12-default-ufw-input-accept"))
    assert found.status is Status.FAIL
    assert "every incoming connection" in found.summary


def test_ufw_installed_but_off_fails():
    found = run_check(CHECK, with_ufw(user_host(), conf="debian12-ufw.conf"))
    assert found.status is Status.FAIL
    assert "switched off" in found.summary


def test_unreadable_ufw_settings_are_unknown():
    host = user_host().add_tool("ufw").deny("/etc/ufw/ufw.conf")
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_running_firewalld_passes():
    host = with_firewalld(user_host()).add_process("firewalld", cmdline=["/usr/bin/python3", "/usr/sbin/firewalld"])
    assert run_check(CHECK, host).status is Status.PASS


def test_firewalld_state_running_passes():
    host = with_firewalld(user_host()).add_command(STATE, fixture("linux/firewalld/firewall-cmd-state-running.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "firewalld" in found.summary


def test_firewalld_trusting_everyone_fails():
    host = with_firewalld(user_host(), "debian12-firewalld.conf-trusted").add_process("firewalld")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "trusted" in found.summary


def test_firewalld_refusing_an_ordinary_user_is_unknown():
    host = with_firewalld(user_host()).add_command(
        STATE, stderr=fixture("linux/firewalld/firewall-cmd-state-not-authorized.stderr"), returncode=253)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "administrator" in found.summary


def test_firewalld_refusing_but_seen_running_passes():
    host = with_firewalld(user_host()).add_process("firewalld").add_command(
        STATE, stderr=fixture("linux/firewalld/firewall-cmd-state-not-authorized.stderr"), returncode=253)
    assert run_check(CHECK, host).status is Status.PASS


def test_firewalld_not_running_fails():
    host = with_firewalld(user_host()).add_command(
        STATE, stderr=fixture("linux/firewalld/firewall-cmd-state-not-running.stderr"), returncode=252)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "not running" in found.summary


def test_firewalld_without_a_system_bus_fails():
    host = with_firewalld(user_host()).add_command(
        STATE, stderr=fixture("linux/firewalld/debian12-firewall-cmd-state-no-dbus.stderr"), returncode=36)
    assert run_check(CHECK, host).status is Status.FAIL


def test_one_firewall_on_is_enough_when_another_is_off():
    host = with_firewalld(with_ufw(user_host(), conf="debian12-ufw.conf")).add_process("firewalld")
    assert run_check(CHECK, host).status is Status.PASS


def test_nftables_service_with_a_dropping_input_chain_passes():
    host = user_host().add_file(NFT_WANTS, b"").add_file(
        "/etc/nftables.conf", fixture("linux/nftables/debian12-nftables.conf-input-policy-drop"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "nftables" in found.summary


def test_nftables_service_with_the_default_settings_is_unknown_without_admin():
    host = user_host().add_file(NFT_WANTS, b"").add_file(
        "/etc/nftables.conf", fixture("linux/nftables/debian12-nftables.conf"))
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "administrator" in found.summary


def test_rule_tools_present_but_nothing_set_to_start_is_unknown_without_admin():
    host = user_host().add_tool("nft")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "only an administrator" in found.summary
    assert host.asked == []


def test_an_empty_view_of_the_machine_is_unknown_never_a_verdict():
    found = run_check(CHECK, RecordedHost("linux"))
    assert found.status is Status.UNKNOWN
    assert "folders where programs are installed" in found.summary


def test_nothing_installed_fails():
    found = run_check(CHECK, user_host())
    assert found.status is Status.FAIL
    assert "No firewall program is installed" in found.summary


# -- as administrator: the live rules decide ------------------------------------------------------------------

def test_no_rules_at_all_fails_as_admin():
    host = root_host().add_command(NFT, fixture("linux/nftables/debian12-vm-root-empty.json"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "No firewall rules are active" in found.summary
    assert NFT in [list(a) for a in host.asked]


def test_dropping_input_chain_passes_as_admin():
    host = root_host().add_command(NFT, fixture("linux/nftables/halite-netns-input-policy-drop.json"))
    assert run_check(CHECK, host).status is Status.PASS


def test_nixos_firewall_chains_pass_as_admin():
    host = root_host().add_command(NFT, fixture("linux/nftables/nixos-fw-rules-loaded-netns.json"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "NixOS" in found.summary


def test_rules_that_refuse_nothing_fail_as_admin():
    host = root_host().add_command(NFT, fixture("linux/nftables/debian12-default-conf-loaded-netns.json"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "none of them turn away" in found.summary


def test_settings_saying_on_with_no_live_rules_fail_as_admin():
    host = with_ufw(root_host()).add_command(NFT, fixture("linux/nftables/debian12-vm-root-empty.json"))
    host.add_command(UFW_STATUS, outcome=CommandOutcome.TIMEOUT)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "ufw is set to be on" in found.summary


def test_ufw_status_active_passes_as_admin():
    host = with_ufw(root_host(), conf="debian12-ufw.conf").add_command(
        UFW_STATUS, fixture("linux/ufw/ufw-status-verbose-active.txt"))
    assert run_check(CHECK, host).status is Status.PASS


def test_ufw_status_inactive_fails_as_admin():
    host = with_ufw(root_host()).add_command(UFW_STATUS, fixture("linux/ufw/ufw-status-inactive.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "switched off" in found.summary


def test_rules_that_cannot_be_listed_are_unknown_with_the_reason():
    host = root_host().add_command(NFT, stderr=fixture("linux/nftables/debian12-not-root.stderr"), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "you must be root" in found.summary


def test_an_unreadable_rule_listing_is_unknown():
    host = root_host().add_command(NFT, fixture("linux/ufw/ufw-status-inactive.txt"))
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_iptables_nft_without_the_nft_tool_is_listed_with_iptables():
    host = root_host().add_command(["iptables", "-V"], fixture("linux/iptables/debian12-iptables-nft-V.txt"))
    host.add_command(["iptables", "-S"], fixture("linux/iptables/ufw-fail2ban-iptables-S-excerpt.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "ufw" in found.summary


def test_old_iptables_tables_are_listed_with_iptables_legacy():
    host = root_host().add_command(NFT, fixture("linux/nftables/debian12-vm-root-empty.json"))
    host.add_file("/proc/net/ip_tables_names", fixture("linux/iptables/debian12-vm-proc-net-ip_tables_names"))
    host.add_tool("iptables")
    host.add_command(["iptables-legacy", "-S"], fixture("linux/iptables/nixos-fw-rules-loaded-netns-iptables-S.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert ("iptables-legacy", "-S") in host.asked


def test_old_iptables_without_a_filter_table_is_not_listed_and_fails():
    host = root_host().add_command(["iptables", "-V"], fixture("linux/iptables/debian12-iptables-legacy-V.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert ("iptables", "-S") not in host.asked


def test_nothing_installed_fails_as_admin():
    host = root_host()
    assert run_check(CHECK, host).status is Status.FAIL
    assert host.asked == []


def test_no_command_refreshes_anything_or_needs_a_password():
    host = with_firewalld(with_ufw(root_host())).add_command(NFT, fixture("linux/nftables/debian12-vm-root-empty.json"))
    host.add_tool("firewall-cmd")
    run_check(CHECK, host)
    allowed = {tuple(NFT), tuple(UFW_STATUS), tuple(STATE), ("iptables", "-V"), ("iptables", "-S"),
               ("iptables-legacy", "-S")}
    assert set(host.asked) <= allowed
    assert not any("sudo" in argv for argv in host.asked)
