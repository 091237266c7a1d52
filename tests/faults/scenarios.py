"""The recorded computers the fault-injection suite starts from.

The three family scenarios (tests/fixtures/scenarios) as recorded: mostly healthy machines, so a fault there shows
whether a check crashes, hangs or drops to "could not tell". And each of them again with some real *failing*
outputs swapped in (FileVault off, the firewall off, an auto-login, a key without a passphrase...), so that a fault
can show the one thing that matters most: whether trouble at one call site can make a failing check pass. Every
swapped-in output is a recorded real one from tests/fixtures (read through ``tests.support.fixture_bytes``, which
refuses any file without a source).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from auditor.recorded import RecordedHost, load_scenario, registry_text
from tests.support import FIXTURES, fixture_bytes


@dataclass(frozen=True)
class Swap:
    """One recorded answer replaced by a failing one, to make ``check_id`` fail (or be partly done)."""

    check_id: str
    kind: str  # "command": the command whose recorded output is the fixture ``was``; "file": the path ``was``;
    #            "registry": values merged over the recorded ones (``was`` unused)
    was: str
    now: str  # the fixture that replaces it


@dataclass(frozen=True)
class Scenario:
    label: str
    platform: str
    file: str
    swaps: tuple[Swap, ...] = ()

    def host(self) -> RecordedHost:
        host = load_scenario(FIXTURES / "scenarios" / self.file)
        commands = tomllib.loads((FIXTURES / "scenarios" / self.file).read_text(encoding="utf-8"))["commands"]
        for swap in self.swaps:
            new = fixture_bytes(swap.now)
            if swap.kind == "command":
                argv = next(entry["argv"] for entry in commands
                            if swap.was in (entry.get("stdout_file"), entry.get("stderr_file")))
                host.add_command(argv, new)
            elif swap.kind == "file":
                host.add_file(swap.was, new)
            else:
                host.add_registry(registry_text(new))
        return host

    def only(self) -> set[str] | None:
        """The checks to fault here: all of them as recorded, only the swapped ones in a failing variant."""
        return {swap.check_id for swap in self.swaps} or None


RECORDED = (
    Scenario("linux", "linux", "family-laptop.toml"),
    Scenario("macos", "macos", "family-mac.toml"),
    Scenario("windows", "windows", "family-windows.toml"),
)

FAILING = (
    Scenario("linux-failing", "linux", "family-laptop.toml", (
        Swap("firewall", "file", "/etc/ufw/ufw.conf", "linux/ufw/debian12-ufw.conf"),
        Swap("screen-lock", "command", "linux/gsettings/gnome-lock-enabled-default.txt",
             "linux/gsettings/gnome-lock-enabled-false.txt"),
        Swap("auto-login", "file", "/etc/gdm3/daemon.conf", "linux/gdm/daemon.conf-debian12-autologin-modified"),
        Swap("admin-account", "file", "/etc/group", "linux/groups/group-debian12-alex-sudo"),
        Swap("secure-boot", "command", "linux/mokutil/sb-state-enabled-ubuntu2204.txt",
             "linux/mokutil/sb-state-disabled-ubuntu1804.txt"),
        Swap("ssh-keys", "file", "~/.ssh/id_ed25519", "linux/ssh/ed25519_nopass"),
    )),
    Scenario("macos-failing", "macos", "family-mac.toml", (
        Swap("firewall", "command", "macos/socketfilterfw/getglobalstate-blockall-macos15.txt",
             "macos/socketfilterfw/getglobalstate-disabled.txt"),
        Swap("disk-encryption", "command", "macos/fdesetup/tahoe-26.5.2-on.txt", "macos/fdesetup/filevault-off.txt"),
        Swap("gatekeeper", "command", "macos/spctl/tahoe-26.5.2-enabled.txt", "macos/spctl/elastic-420-disabled.txt"),
        Swap("system-integrity", "command", "macos/csrutil/elcapitan-10.11.6-enabled.txt",
             "macos/csrutil/posture-report-disabled.txt"),
        Swap("auto-login", "command", "macos/loginwindow/defaults-could-not-find-key-stderr.txt",
             "macos/loginwindow/autologinuser-alex.txt"),
        Swap("guest-account", "command", "macos/loginwindow/guestenabled-0.txt",
             "macos/loginwindow/guestenabled-1.txt"),
        Swap("remote-access", "command", "macos/remote-access/print-disabled-macos15.txt",
             "macos/remote-access/print-disabled-macos15-remote-login-on.txt"),
    )),
    Scenario("windows-failing", "windows", "family-windows.toml", (
        Swap("user-account-control", "registry", "", "windows/uac/reg-export-uac-never-notify.reg"),
        Swap("antivirus", "command", "windows/antivirus/cim-antivirusproduct-defender-on.txt",
             "windows/antivirus/cim-antivirusproduct-bitdefender-off-defender-off.txt"),
        Swap("antivirus", "command", "windows/antivirus/mpcomputerstatus-docs-2013.txt",
             "windows/antivirus/mpcomputerstatus-docs-2013-real-time-off.txt"),
        Swap("guest-account", "command", "windows/local-users/get-localuser-list-gowindows.json",
             "windows/local-users/get-localuser-list-guest-enabled.json"),
    )),
)

SCENARIOS = RECORDED + FAILING
