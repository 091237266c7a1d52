"""remote-access reads the SSH server's settings (issue 10): password sign-in allowed fails, keys only is partly.

The settings files are real: Debian 12's and macOS's as their packages install them, a person's Ubuntu file and the
line cloud-init writes to 50-cloud-init.conf (tests/fixtures/linux/sshd and macos/sshd, each in SOURCES.toml). The
small drop-in files written below are what a person adds, and are named as such in each test.
"""

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.remote_access import CHECK
from checks.local.remote_access.sshd import CouldNotRead, read_sshd_settings, sign_in, words
from tests.local_checks.test_remote_access import debian_vm
from tests.local_checks.test_remote_access_macos import mac
from tests.support import fixture, run_check

MAIN = "/etc/ssh/sshd_config"
DROP_INS = "/etc/ssh/sshd_config.d"
OPEN = "Remote login (SSH) is open to other computers (0.0.0.0:22 (sshd), :::22 (sshd))"


def debian(host: RecordedHost | None = None, **drop_ins: str) -> RecordedHost:
    """Debian 12's own sshd_config, its empty sshd_config.d, and the drop-in files given (name=content)."""
    host = host or RecordedHost("linux")
    host.add_file(MAIN, fixture("linux/sshd/debian12-sshd_config")).add_dir(DROP_INS)
    for name, content in drop_ins.items():
        host.add_file(f"{DROP_INS}/{name.replace('_', '-')}.conf", content)
    return host


def ubuntu(host: RecordedHost | None = None, **drop_ins: str) -> RecordedHost:
    """An Ubuntu machine's sshd_config with cloud-init's 50-cloud-init.conf, and the drop-ins given."""
    host = host or RecordedHost("linux")
    host.add_file(MAIN, fixture("linux/sshd/ubuntu-sshd_config"))
    host.add_file(f"{DROP_INS}/50-cloud-init.conf", fixture("linux/sshd/ubuntu-50-cloud-init.conf"))
    for name, content in drop_ins.items():
        host.add_file(f"{DROP_INS}/{name.replace('_', '-')}.conf", content)
    return host


def macos(host: RecordedHost, **drop_ins: str) -> RecordedHost:
    """macOS's sshd_config, 100-macos.conf and crypto.conf as Apple installs them, and the drop-ins given."""
    host.add_file(MAIN, fixture("macos/sshd/sshd_config"))
    host.add_file(f"{DROP_INS}/100-macos.conf", fixture("macos/sshd/100-macos.conf"))
    host.add_file("/etc/ssh/crypto.conf", fixture("macos/sshd/crypto-apple.conf"))
    for name, content in drop_ins.items():
        host.add_file(f"{DROP_INS}/{name.replace('_', '-')}.conf", content)
    return host


def with_sshd(host: RecordedHost) -> RecordedHost:
    return host.add_socket("0.0.0.0", 22, process="sshd").add_socket("::", 22, process="sshd")


# -- reading the files as sshd does -------------------------------------------------------------------------------

def test_debian_12_as_installed_allows_passwords_by_openssh_default():
    settings = read_sshd_settings(debian())
    assert settings.files == [MAIN]
    assert settings.everyone["kbdinteractiveauthentication"].value == "no"
    assert settings.everyone["usepam"].value == "yes"
    assert "passwordauthentication" not in settings.everyone
    found = sign_in(settings)
    assert found.passwords and not found.root_by_password
    assert found.why == "PasswordAuthentication is not set, and OpenSSH then allows passwords"


def test_a_drop_in_read_before_the_rest_of_the_main_file_wins():
    settings = read_sshd_settings(debian(keys_only="PasswordAuthentication no\n"))
    assert settings.files == [MAIN, f"{DROP_INS}/keys-only.conf"]
    assert sign_in(settings).passwords is False


def test_the_first_value_wins_not_the_last():
    main = fixture("linux/sshd/debian12-sshd_config") + "PasswordAuthentication no\n"
    host = debian(allow="PasswordAuthentication yes\n").add_file(MAIN, main)
    found = sign_in(read_sshd_settings(host))
    assert found.passwords
    assert found.why == f"PasswordAuthentication yes in {DROP_INS}/allow.conf line 1"


def test_ubuntu_s_cloud_init_drop_in_allows_passwords():
    found = sign_in(read_sshd_settings(ubuntu()))
    assert found.passwords
    assert found.why == f"PasswordAuthentication yes in {DROP_INS}/50-cloud-init.conf line 1"


def test_drop_ins_are_read_in_name_order_so_10_beats_cloud_init_and_99_does_not():
    assert sign_in(read_sshd_settings(ubuntu(**{"10-hardening": "PasswordAuthentication no\n"}))).passwords is False
    assert sign_in(read_sshd_settings(ubuntu(**{"99-hardening": "PasswordAuthentication no\n"}))).passwords is True


def test_cloud_init_s_private_file_makes_the_settings_unreadable():
    host = ubuntu().deny(f"{DROP_INS}/50-cloud-init.conf")  # cloud-init writes it mode 0600
    with pytest.raises(CouldNotRead, match=r"50-cloud-init\.conf"):
        read_sshd_settings(host)


def test_a_folder_that_cannot_be_listed_makes_the_settings_unreadable():
    with pytest.raises(CouldNotRead, match=r"sshd_config\.d"):
        read_sshd_settings(debian().deny(DROP_INS))


def test_macos_as_installed_allows_passwords_and_reads_every_included_file():
    settings = read_sshd_settings(macos(RecordedHost("macos")))
    assert settings.files == [MAIN, f"{DROP_INS}/100-macos.conf", "/etc/ssh/crypto.conf"]
    assert settings.everyone["usepam"].value == "yes"
    assert settings.everyone["ciphers"].where == "/etc/ssh/crypto.conf line 8"
    assert sign_in(settings).passwords


@pytest.mark.parametrize("line", ["passwordauthentication no", "PASSWORDAUTHENTICATION no",
                                  "PasswordAuthentication=no", "PasswordAuthentication = no",
                                  'PasswordAuthentication "no"', "PasswordAuthentication no # keys only",
                                  "  PasswordAuthentication\tno"])
def test_every_way_of_writing_a_line(line):
    settings = read_sshd_settings(debian(local=line + "\n"))
    assert settings.everyone["passwordauthentication"].value == "no"
    assert sign_in(settings).passwords is False


def test_words_split_as_openssh_splits_them():
    assert words('"a b" c # d') == ["a b", "c"]
    assert words("publickey,password publickey,keyboard-interactive") == [
        "publickey,password", "publickey,keyboard-interactive"]


def test_an_include_path_that_is_not_absolute_is_under_etc_ssh():
    host = RecordedHost("linux").add_file(MAIN, "Include local.d/*.conf\nUsePAM yes\n")
    host.add_file("/etc/ssh/local.d/a.conf", "PasswordAuthentication no\nKbdInteractiveAuthentication no\n")
    settings = read_sshd_settings(host)
    assert settings.files == [MAIN, "/etc/ssh/local.d/a.conf"]
    assert sign_in(settings).passwords is False


def test_challenge_response_is_the_old_name_of_keyboard_interactive_and_the_first_spelling_wins():
    old = "PasswordAuthentication no\nChallengeResponseAuthentication yes\nUsePAM yes\n"
    found = sign_in(read_sshd_settings(RecordedHost("linux").add_file(MAIN, old)))
    assert found.passwords and "KbdInteractiveAuthentication" in found.why
    both = ("PasswordAuthentication no\nChallengeResponseAuthentication no\nKbdInteractiveAuthentication yes\n"
            "UsePAM yes\n")
    assert sign_in(read_sshd_settings(RecordedHost("linux").add_file(MAIN, both))).passwords is False


def test_keyboard_interactive_without_pam_asks_for_no_password():
    text = "PasswordAuthentication no\nKbdInteractiveAuthentication yes\n"  # UsePAM defaults to no
    assert sign_in(read_sshd_settings(RecordedHost("linux").add_file(MAIN, text))).passwords is False


@pytest.mark.parametrize(("methods", "passwords"), [
    ("publickey", False), ("publickey,password", False), ("publickey,keyboard-interactive:pam", False),
    ("publickey password", True), ("password", True), ("any", True)])
def test_authentication_methods_that_always_need_a_key(methods, passwords):
    text = f"AuthenticationMethods {methods}\n"  # PasswordAuthentication yes by default
    assert sign_in(read_sshd_settings(RecordedHost("linux").add_file(MAIN, text))).passwords is passwords


def test_what_applies_to_everyone_is_what_comes_before_the_first_match():
    main = (fixture("linux/sshd/debian12-sshd_config")
            + "PasswordAuthentication no\nMatch User alex\n\tPasswordAuthentication yes\n")
    settings = read_sshd_settings(debian().add_file(MAIN, main))
    assert settings.everyone["passwordauthentication"].value == "no"
    found = sign_in(settings)
    assert found.passwords
    assert found.why == f"PasswordAuthentication yes in {MAIN} line 125, for some connections (Match User alex)"


def test_a_match_block_in_an_included_file_ends_with_that_file():
    main = fixture("linux/sshd/debian12-sshd_config") + "PasswordAuthentication no\n"
    host = debian(backup="Match User backup\n\tForceCommand /usr/local/bin/backup\n").add_file(MAIN, main)
    settings = read_sshd_settings(host)
    assert settings.everyone["passwordauthentication"].where == f"{MAIN} line 123"
    assert sign_in(settings).passwords is False


def test_permit_root_login_yes_with_passwords_is_noted():
    assert sign_in(read_sshd_settings(debian(root="PermitRootLogin yes\n"))).root_by_password is True


def test_an_include_loop_stops():
    host = RecordedHost("linux").add_file(MAIN, "Include /etc/ssh/sshd_config\n")
    with pytest.raises(CouldNotRead, match="nest"):
        read_sshd_settings(host)


def test_no_settings_file_is_could_not_read():
    with pytest.raises(CouldNotRead, match="does not exist"):
        read_sshd_settings(RecordedHost("linux"))


# -- the verdict on Linux ------------------------------------------------------------------------------------------

def test_ssh_open_with_passwords_fails():
    found = run_linux(debian(debian_vm()))
    assert found.status is Status.FAIL
    assert found.summary == (
        f"{OPEN} and accepts passwords (PasswordAuthentication is not set, and OpenSSH then allows passwords), so "
        "anyone who can reach this computer can try to guess one. If you use SSH on purpose, allow only keys; if "
        "not, switch it off.")
    assert any(e.looked_at == "SSH server settings (for everyone)" and "UsePAM yes" in e.seen for e in found.evidence)


def test_ssh_open_with_passwords_for_root_says_so():
    found = run_linux(ubuntu(debian_vm(), **{"40-root": "PermitRootLogin yes\n"}))
    assert found.status is Status.FAIL
    assert "accepts passwords, even for root, the all-powerful account (PasswordAuthentication yes in" in found.summary


def test_ssh_open_with_keys_only_is_partly():
    found = run_linux(debian(debian_vm(), keys_only="PasswordAuthentication no\n"))
    assert found.status is Status.PARTIAL
    assert found.summary == (
        f"{OPEN}, but only with a key, not a password. That is fine if you set it up on purpose, for example for "
        "school or IT work; if not, switch it off.")


def test_ssh_open_with_unreadable_settings_stays_partly_and_says_so():
    found = run_linux(ubuntu(debian_vm()).deny(f"{DROP_INS}/50-cloud-init.conf"))
    assert found.status is Status.PARTIAL
    assert found.summary == (
        f"{OPEN}. Homeguard could not read the SSH settings (Homeguard is not allowed to read "
        f"{DROP_INS}/50-cloud-init.conf), so it cannot tell whether passwords are accepted. That is fine if you set "
        "it up on purpose, for example for school or IT work; if not, switch it off.")


def test_ssh_settings_are_not_read_when_ssh_is_not_open():
    host = debian(debian_vm().add_socket("127.0.0.1", 22, process="sshd"))
    found = run_linux(host, open_to_network=False)
    assert found.status is Status.PASS
    assert not any("SSH server settings" in e.looked_at for e in found.evidence)


def run_linux(host: RecordedHost, *, open_to_network: bool = True):
    return run_check(CHECK, with_sshd(host) if open_to_network else host)


# -- the verdict on macOS ------------------------------------------------------------------------------------------

def test_remote_login_as_macos_installs_it_fails():
    found = run_check(CHECK, macos(mac("print-disabled-older-format-remote-login-on.txt")))
    assert found.status is Status.FAIL
    assert found.summary == (
        "Remote Login (SSH) is on and accepts passwords (PasswordAuthentication is not set, and OpenSSH then allows "
        "passwords), so anyone on the same network can try to guess one. If you use it on purpose, allow only keys; "
        "if not, switch it off in Sharing settings.")


def test_remote_login_with_keys_only_is_partly():
    host = macos(mac("print-disabled-older-format-remote-login-on.txt"),
                 **{"000-keys-only": "PasswordAuthentication no\nKbdInteractiveAuthentication no\n"})
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert found.summary == ("Remote Login (SSH) is on, but only with a key, not a password. That is fine if you set "
                             "it up on purpose; if not, switch it off in Sharing settings.")


def test_remote_login_with_unreadable_settings_stays_partly_and_says_so():
    found = run_check(CHECK, mac("print-disabled-older-format-remote-login-on.txt"))
    assert found.status is Status.PARTIAL
    assert "Homeguard could not read the SSH settings (/etc/ssh/sshd_config does not exist)" in found.summary


def test_dropbear_does_not_use_openssh_s_settings():
    host = debian(debian_vm()).add_socket("0.0.0.0", 22, process="dropbear")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "could not read the SSH settings (the SSH server here is Dropbear" in found.summary
