"""Every parser of command output, preference file and registry value in the built-in checks, as its probe calls
it, with the real recorded outputs its check's tests use (tests/fixtures; each folder's SOURCES.toml says where
each came from) and, where the state is one word or number, the outputs in a failing state and what "passing"
means. Read by test_parser_properties.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.etree import ElementTree

from auditor.check import CouldNotTell
from auditor.recorded import RecordedHost
from checks.local.admin_account import linux as admin_linux
from checks.local.admin_account import macos as admin_macos
from checks.local.admin_account import windows as admin_windows
from checks.local.antivirus import windows as antivirus
from checks.local.auto_login import linux as auto_login_linux
from checks.local.auto_login import macos as auto_login_macos
from checks.local.automatic_updates import apt as automatic_apt
from checks.local.common import conf, windows_update
from checks.local.common import macos as macos_common
from checks.local.credential_store import backends
from checks.local.disk_encryption import linux as disk_linux
from checks.local.disk_encryption import macos as disk_macos
from checks.local.disk_encryption import windows as disk_windows
from checks.local.firewall import linux as firewall_linux
from checks.local.firewall import macos as firewall_macos
from checks.local.firewall import windows as firewall_windows
from checks.local.gatekeeper import macos as gatekeeper
from checks.local.guest_account import linux as guest_linux
from checks.local.os_updates import apt_sources, package_lists
from checks.local.os_updates import linux as updates_linux
from checks.local.os_updates import macos as updates_macos
from checks.local.os_updates import windows as updates_windows
from checks.local.password_manager import browsers
from checks.local.remote_access import macos as remote_macos
from checks.local.remote_access import sshd
from checks.local.screen_lock import linux as lock_linux
from checks.local.screen_lock import macos as lock_macos
from checks.local.screen_lock import windows as lock_windows
from checks.local.secure_boot import linux as secure_boot
from checks.local.ssh_keys import keys
from checks.local.system_integrity import macos as sip
from tests.support import FIXTURES


@dataclass(frozen=True)
class Parser:
    """One parser as its probe calls it: ``parse`` takes the text a command printed or a file held."""

    name: str
    parse: Callable[[str], Any]
    fixtures: tuple[str, ...]  # glob patterns under tests/fixtures: the real outputs its tests use
    cannot_tell: tuple[type[BaseException], ...] = ()  # what it documents raising (the probe catches it)
    failing: tuple[str, ...] = ()  # real outputs in a failing state
    passes: Callable[[Any], bool] | None = None  # does a parsed answer read as the passing state?

    def texts(self, patterns: tuple[str, ...]) -> list[str]:
        found = _fixture_texts(patterns)
        assert found, f"{self.name}: no fixture matches {patterns}"
        return found


@cache
def _fixture_texts(patterns: tuple[str, ...]) -> list[str]:
    """The recorded outputs matching ``patterns``, each as text (read once per run)."""
    paths = sorted({path for pattern in patterns for path in FIXTURES.glob(pattern)
                    if path.is_file() and path.name != "SOURCES.toml"})
    return [p.read_bytes().decode("utf-8", errors="replace") for p in paths]


def _json(parse: Callable[[object], Any]) -> Callable[[str], Any]:
    """A parser of PowerShell's or lsblk's JSON, called as its probe calls it: on what json.loads made of the text
    (text that is not JSON is the probe's "could not tell" before the parser is reached)."""
    def call(text: str) -> Any:
        try:
            data = json.loads(text)
        except ValueError:
            return None
        return parse(data)
    return call


def _plist(text: str) -> Any:
    """``read_plist`` on a file holding ``text``: it turns a file it cannot read into a Plist with a problem."""
    host = RecordedHost("macos").add_file("/Library/Preferences/x.plist", text.encode("utf-8", "surrogatepass"))
    return macos_common.read_plist(host, "/Library/Preferences/x.plist")


def _is(value: object) -> Callable[[Any], bool]:
    return lambda parsed: parsed == value


PARSERS = [
    # -- Linux --------------------------------------------------------------------------------------------------
    Parser("admin_account.linux.group_members", admin_linux.group_members, ("linux/groups/group-*",)),
    Parser("admin_account.linux.name_for_uid", lambda t: admin_linux.name_for_uid(t, "1000"),
           ("linux/groups/passwd-*",)),
    Parser("auto_login.linux.gdm_autologins", auto_login_linux.gdm_autologins, ("linux/gdm/*",)),
    Parser("auto_login.linux.greetd_initial_session", auto_login_linux.greetd_initial_session, ("linux/greetd/*",)),
    Parser("auto_login.linux.getty_autologin_user", auto_login_linux.getty_autologin_user, ("linux/getty/*",)),
    Parser("automatic_updates.apt.parse_apt_config_dump", automatic_apt.parse_apt_config_dump,
           ("linux/unattended-upgrades/apt-config-dump-*",)),
    Parser("common.conf.parse_ini", conf.parse_ini,
           ("linux/lightdm/*", "linux/gdm/*", "linux/discover/*", "linux/dnf/*.conf", "linux/kscreenlocker/*")),
    Parser("common.conf.parse_shell_vars", conf.parse_shell_vars, ("linux/apt/os-release-*", "linux/nodm/*")),
    Parser("credential_store.backends.parse_backends", backends.parse_backends,
           ("linux/keyring/list-backends-*", "macos/keyring/*", "windows/keyring/list-*")),
    Parser("disk_encryption.linux.parse_lsblk", disk_linux.parse_lsblk, ("linux/lsblk/*.json",),
           (disk_linux.LsblkError,)),
    Parser("disk_encryption.linux.parse_mounts", disk_linux.parse_mounts,
           ("linux/lsblk/debian12-vm-proc-self-mounts.txt", "linux/zfs/*mtab*")),
    Parser("disk_encryption.linux.crypttab_names", disk_linux.crypttab_names, ("linux/crypt/*crypttab",)),
    Parser("disk_encryption.linux.zfs_encryption", lambda t: disk_linux.zfs_encryption(t, "rpool/ROOT/ubuntu"),
           ("linux/zfs/*zfs-get*",)),
    Parser("disk_encryption.linux.fscrypt_says_encrypted", disk_linux.fscrypt_says_encrypted,
           ("linux/crypt/fscrypt*",)),
    Parser("firewall.linux.ufw_status", firewall_linux.ufw_status, ("linux/ufw/ufw-status-*",),
           failing=("linux/ufw/ufw-status-inactive.txt",), passes=lambda parsed: parsed[0] is True),
    Parser("firewall.linux.nft_conf_drops_input", firewall_linux.nft_conf_drops_input,
           ("linux/nftables/debian12-nftables.conf*",),
           failing=("linux/nftables/debian12-nftables.conf",), passes=_is(True)),
    Parser("firewall.linux.analyze_nft_ruleset", firewall_linux.analyze_nft_ruleset, ("linux/nftables/*.json",),
           (ValueError, AttributeError),
           failing=("linux/nftables/debian12-vm-root-empty.json",
                    "linux/nftables/debian12-default-conf-loaded-netns.json"),
           passes=lambda parsed: parsed.kind is firewall_linux.Kind.BLOCKS),
    Parser("firewall.linux.analyze_iptables_rules", firewall_linux.analyze_iptables_rules,
           ("linux/iptables/*iptables-S*.txt",), (ValueError, AttributeError),
           failing=("linux/iptables/debian12-vm-root-iptables-S.txt",),
           passes=lambda parsed: parsed.kind is firewall_linux.Kind.BLOCKS),
    Parser("guest_account.linux.parse_passwd", guest_linux.parse_passwd, ("linux/guest/passwd-*",)),
    Parser("guest_account.linux.shadow_passwords", guest_linux.shadow_passwords, ("linux/guest/*",)),
    Parser("os_updates.package_lists.parse_apt_upgradable", package_lists.parse_apt_upgradable,
           ("linux/apt/list-upgradable-*",)),
    Parser("os_updates.package_lists.parse_dnf_check_update", package_lists.parse_dnf_check_update,
           ("linux/dnf/check-*",)),
    Parser("os_updates.package_lists.parse_dnf_security", package_lists.parse_dnf_security,
           ("linux/dnf/updateinfo-*",)),
    Parser("os_updates.apt_sources.one_line_suites", apt_sources._one_line_suites, ("linux/apt/*.list",)),
    Parser("os_updates.linux.parse_zypper_updates", updates_linux.parse_zypper_updates,
           ("linux/zypper/list-updates-*",), (ElementTree.ParseError, ValueError)),
    Parser("os_updates.linux.parse_zypper_security_patches", updates_linux.parse_zypper_security_patches,
           ("linux/zypper/list-patches-*",), (ElementTree.ParseError, ValueError)),
    Parser("os_updates.linux.parse_pacman_updates", updates_linux.parse_pacman_updates, ("linux/pacman/qu-*",)),
    Parser("remote_access.sshd.words", sshd.words, ("linux/sshd/*", "macos/sshd/*")),
    Parser("screen_lock.linux.parse_gsettings_bool", lock_linux.parse_gsettings_bool,
           ("linux/gsettings/*lock-enabled*", "linux/gsettings/*disable-lock*"),
           failing=("linux/gsettings/cinnamon-lock-enabled-false.txt",), passes=_is(True)),
    Parser("screen_lock.linux.parse_gsettings_number", lock_linux.parse_gsettings_number,
           ("linux/gsettings/*delay*",)),
    Parser("screen_lock.linux.parse_xfconf_channel", lock_linux.parse_xfconf_channel, ("linux/xfce/*",),
           (ValueError,)),
    Parser("screen_lock.linux.parse_swayidle_config", lock_linux.parse_swayidle_config, ("linux/swayidle/*",)),
    Parser("screen_lock.linux.parse_hypridle_config", lock_linux.parse_hypridle_config, ("linux/hypridle/*",)),
    Parser("secure_boot.linux.parse_mokutil", secure_boot.parse_mokutil, ("linux/mokutil/*",),
           failing=("linux/mokutil/sb-state-disabled-ubuntu1804.txt",),
           passes=lambda parsed: parsed is not None and parsed.enabled),
    Parser("secure_boot.linux.efivar_value", lambda t: secure_boot.efivar_value(t.encode("utf-8", "surrogatepass")),
           ("linux/efivars/*",)),
    Parser("secure_boot.linux.old_sysfs_value",
           lambda t: secure_boot.old_sysfs_value(t.encode("utf-8", "surrogatepass")), ("linux/efivars/*",)),
    Parser("secure_boot.linux.mokutil_says_unsupported", secure_boot.mokutil_says_unsupported,
           ("linux/mokutil/*.stderr",)),
    Parser("ssh_keys.keys.classify", lambda t: keys.classify(t.encode("utf-8", "surrogatepass")),
           ("linux/ssh/*",),
           failing=("linux/ssh/rsa_nopass", "linux/ssh/ed25519_nopass", "linux/ssh/rsa_pem_nopass",
                    "linux/ssh/putty_nopass.ppk"),
           passes=lambda parsed: parsed is not None and parsed.protected is True),
    # -- macOS --------------------------------------------------------------------------------------------------
    Parser("admin_account.macos.parse_group_membership", admin_macos.parse_group_membership, ("macos/groups/dscl-*",)),
    Parser("auto_login.macos.filevault_on", auto_login_macos.filevault_on, ("macos/loginwindow/fdesetup-*",)),
    Parser("disk_encryption.macos.parse_fdesetup", disk_macos.parse_fdesetup, ("macos/fdesetup/*",),
           # (not the "in progress" outputs: their first line alone, "FileVault is On.", is a real "on" answer)
           failing=("macos/fdesetup/filevault-off.txt", "macos/loginwindow/fdesetup-status-off.txt"),
           passes=lambda parsed: parsed is not None and parsed.state == disk_macos.ON),
    Parser("firewall.macos.parse_global_state", firewall_macos.parse_global_state, ("macos/socketfilterfw/*",),
           failing=("macos/socketfilterfw/getglobalstate-disabled.txt",),
           passes=lambda parsed: parsed in (1, 2)),
    Parser("firewall.macos.parse_stealth", firewall_macos.parse_stealth, ("macos/socketfilterfw/*",)),
    Parser("gatekeeper.macos.parse_spctl", gatekeeper.parse_spctl, ("macos/spctl/*",),
           failing=("macos/spctl/elastic-420-disabled.txt",), passes=_is(True)),
    Parser("common.macos.read_plist", lambda t: _plist(t), ("macos/softwareupdate/*.plist", "macos/alf/*",
                                                             "macos/password-managers/*")),
    Parser("os_updates.macos.parse_version", updates_macos.parse_version, ("macos/softwareupdate/*",)),
    Parser("remote_access.macos.parse_overrides", remote_macos.parse_overrides,
           ("macos/remote-access/print-disabled-*",)),
    Parser("screen_lock.macos.parse_lock_delay", lock_macos.parse_lock_delay, ("macos/sysadminctl/*",),
           (CouldNotTell,), failing=("macos/sysadminctl/tahoe-26.5.2-off.stderr.txt",),
           passes=lambda parsed: parsed >= 0),
    Parser("screen_lock.macos.parse_display_sleep", lock_macos.parse_display_sleep, ("macos/pmset/*",)),
    Parser("system_integrity.macos.parse_csrutil", sip.parse_csrutil, ("macos/csrutil/*",),
           failing=("macos/csrutil/posture-report-disabled.txt",
                    "macos/csrutil/catalina-10.15-custom-all-disabled.txt"),
           passes=lambda parsed: parsed is not None and parsed[0] == sip.ON),
    # -- Windows ------------------------------------------------------------------------------------------------
    Parser("admin_account.windows.sids_in", admin_windows.sids_in, ("windows/whoami/*",)),
    Parser("antivirus.windows.parse_list_output", antivirus.parse_list_output, ("windows/antivirus/*",)),
    Parser("antivirus.windows.parse_products", antivirus.parse_products, ("windows/antivirus/cim-*",)),
    Parser("antivirus.windows.parse_defender_status", antivirus.parse_defender_status,
           ("windows/antivirus/mpcomputerstatus-*",),
           failing=("windows/antivirus/mpcomputerstatus-docs-2013-real-time-off.txt",),
           passes=lambda parsed: parsed is not None and parsed.real_time is True),
    Parser("common.windows_update.parse_windows_time", windows_update.parse_windows_time,
           ("windows/windows-update/*.reg",)),
    Parser("disk_encryption.windows.parse_protection", disk_windows.parse_protection, ("windows/bitlocker/shell-*",)),
    Parser("firewall.windows.parse_profiles", _json(firewall_windows.parse_profiles),
           ("windows/firewall/get-netfirewallprofile-*",),
           failing=("windows/firewall/get-netfirewallprofile-public-off.json",),
           passes=lambda parsed: bool(parsed) and all(p.on is True for p in parsed.values())),
    Parser("firewall.windows.parse_products", _json(firewall_windows.parse_products),
           ("windows/firewall/firewallproduct-*",)),
    Parser("os_updates.windows.parse_search", _json(updates_windows.parse_search),
           ("windows/windows-update/wua-search-*",), (ValueError,)),
    Parser("password_manager.browsers.extension_entries", browsers._extension_entries,
           ("linux/browsers/*.json",), (ValueError,)),
    Parser("screen_lock.windows.parse_power_setting", lambda t: lock_windows.parse_power_setting(t, "VIDEOIDLE"),
           ("windows/powercfg/*",), (CouldNotTell,)),
]

