"""ssh-keys on Linux, against throwaway keys made by the real ssh-keygen and puttygen (see fixtures/linux/ssh)."""

import pytest

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.ssh_keys import CHECK
from checks.local.ssh_keys.keys import classify, pkcs8_algorithm
from tests.support import fixture, fixture_bytes, run_check

KEY = "linux/ssh/"


def host_with(**files: str) -> RecordedHost:
    """A home whose ~/.ssh holds the given fixture files under the given names."""
    host = RecordedHost("linux")
    host.add_dir("~/.ssh")
    for name, source in files.items():
        host.add_file(f"~/.ssh/{name.replace('__', '.')}", fixture_bytes(KEY + source))
    return host


# -- the parsers on their own ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("source", "fmt", "key_type", "protected"),
    [
        ("ed25519_nopass", "OpenSSH", "Ed25519", False),
        ("ed25519_pass", "OpenSSH", "Ed25519", True),
        ("rsa_nopass", "OpenSSH", "RSA", False),
        ("rsa_pass", "OpenSSH", "RSA", True),
        ("ecdsa_nopass", "OpenSSH", "ECDSA", False),
        ("ecdsa_pass", "OpenSSH", "ECDSA", True),
        ("dsa_nopass", "OpenSSH", "DSA", False),
        ("dsa_pass", "OpenSSH", "DSA", True),
        ("rsa_pem_nopass", "PEM", "RSA", False),
        ("rsa_pem_pass", "PEM", "RSA", True),
        ("ecdsa_pem_nopass", "PEM", "ECDSA", False),
        ("ecdsa_pem_pass", "PEM", "ECDSA", True),
        ("dsa_pem_nopass", "PEM", "DSA", False),
        ("rsa_pkcs8_nopass", "PKCS#8", "RSA", False),
        ("rsa_pkcs8_pass", "PKCS#8", "unknown", True),
        ("putty_nopass.ppk", "PuTTY", "Ed25519", False),
        ("putty_pass.ppk", "PuTTY", "Ed25519", True),
        ("putty_v2_nopass.ppk", "PuTTY", "RSA", False),
        ("putty_dsa_nopass.ppk", "PuTTY", "DSA", False),
        ("ed25519_sk1", "OpenSSH", "Ed25519 on a security key", True),
    ],
)
def test_every_real_key_format_is_read(source, fmt, key_type, protected):
    info = classify(fixture_bytes(KEY + source))
    assert info is not None
    assert (info.format, info.key_type, info.protected) == (fmt, key_type, protected)


def test_openssh_passphrase_names_the_kdf_and_cipher():
    info = classify(fixture_bytes(KEY + "ed25519_pass"))
    assert "bcrypt" in info.how and "aes256-ctr" in info.how


def test_a_public_key_is_not_a_private_key():
    assert classify(fixture_bytes(KEY + "ed25519_nopass.pub")) is None


def test_pkcs8_algorithm_is_read_from_the_der_body():
    import base64

    text = fixture(KEY + "rsa_pkcs8_nopass")
    body = "".join(line for line in text.splitlines() if line and not line.startswith("-----"))
    assert pkcs8_algorithm(base64.b64decode(body)) == "1.2.840.113549.1.1.1"


def test_a_damaged_openssh_key_is_not_understood():
    text = fixture(KEY + "ed25519_pass")
    lines = text.splitlines()
    damaged = "\n".join([lines[0], lines[1][:20], lines[-1]]) + "\n"  # cut the body short
    info = classify(damaged.encode())
    assert info is not None and info.protected is None


def test_key_content_never_reaches_the_evidence():
    text = fixture(KEY + "ed25519_nopass")
    body_line = text.splitlines()[1]
    found = run_check(CHECK, host_with(id_ed25519="ed25519_nopass"))
    assert all(body_line not in e.seen and body_line not in e.looked_at for e in found.evidence)


# -- verdicts ----------------------------------------------------------------------------------------------------

def test_all_keys_protected_passes():
    host = host_with(id_ed25519="ed25519_pass", id_rsa="rsa_pem_pass", id_ecdsa="ecdsa_pass",
                     id_ed25519__pub="ed25519_nopass.pub")
    host.add_file("~/.ssh/known_hosts", "example.org ssh-ed25519 AAAA\n")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "All 3 SSH keys here are protected by a passphrase."
    assert host.asked == []  # nothing is run, only read


def test_one_protected_key_passes_in_the_singular():
    found = run_check(CHECK, host_with(work="putty_pass.ppk"))
    assert found.status is Status.PASS
    assert found.summary == "The SSH key here is protected by a passphrase."


def test_a_security_key_counts_as_protected():
    found = run_check(CHECK, host_with(id_ed25519_sk="ed25519_sk1", id_rsa="rsa_pass"))
    assert found.status is Status.PASS
    assert "security key" in found.summary


def test_an_unprotected_key_fails_whatever_its_name():
    found = run_check(CHECK, host_with(id_ed25519="ed25519_pass", github="rsa_nopass"))
    assert found.status is Status.FAIL
    assert found.summary == "Of the 2 SSH keys here, 1 has no passphrase."
    assert any(e.looked_at == "~/.ssh/github" and "no passphrase" in e.seen for e in found.evidence)


def test_unencrypted_pkcs8_and_putty_keys_fail():
    found = run_check(CHECK, host_with(**{"server.pem": "rsa_pkcs8_nopass", "laptop.ppk": "putty_v2_nopass.ppk"}))
    assert found.status is Status.FAIL
    assert "2 have no passphrase" in found.summary


def test_a_protected_dsa_key_still_fails():
    found = run_check(CHECK, host_with(id_dsa="dsa_pass"))
    assert found.status is Status.FAIL
    assert found.summary == "The SSH key here is an old DSA key that should be replaced."


def test_an_open_dsa_key_names_both_problems():
    found = run_check(CHECK, host_with(id_dsa="dsa_pem_nopass"))
    assert found.status is Status.FAIL
    assert found.summary == "The SSH key here has no passphrase and is an old DSA key that should be replaced."


def test_keys_in_a_folder_inside_ssh_are_found():
    host = host_with(id_ed25519="ed25519_pass")
    host.add_file("~/.ssh/keys/old_server", fixture_bytes(KEY + "ecdsa_pem_nopass"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert any(e.looked_at == "~/.ssh/keys/old_server" for e in found.evidence)


def test_no_ssh_folder_does_not_apply():
    found = run_check(CHECK, RecordedHost("linux"))
    assert found.status is Status.NOT_APPLICABLE
    assert "nothing to protect" in found.summary


def test_an_ssh_folder_without_private_keys_does_not_apply():
    host = host_with(id_ed25519__pub="ed25519_nopass.pub")
    host.add_file("~/.ssh/config", "Host example\n  User alex\n")
    host.add_file("~/.ssh/notes.txt", "not a key\n")
    found = run_check(CHECK, host)
    assert found.status is Status.NOT_APPLICABLE


def test_an_unreadable_key_file_is_unknown():
    host = host_with(id_ed25519="ed25519_pass")
    host.deny("~/.ssh/id_rsa")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "~/.ssh/id_rsa" in found.summary


def test_an_unreadable_file_does_not_hide_a_known_problem():
    host = host_with(id_ed25519="ed25519_nopass")
    host.deny("~/.ssh/id_rsa")
    assert run_check(CHECK, host).status is Status.FAIL


def test_an_unreadable_ssh_folder_is_unknown():
    host = RecordedHost("linux")
    host.add_dir("~/.ssh")
    host.deny("~/.ssh")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not allowed" in found.summary


def test_an_unreadable_folder_inside_ssh_is_unknown():
    host = host_with(id_ed25519="ed25519_pass")
    host.add_dir("~/.ssh/keys")
    host.deny("~/.ssh/keys")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN


def test_a_key_whose_format_is_not_understood_is_unknown_never_pass():
    text = fixture(KEY + "ed25519_pass").splitlines()
    host = host_with(id_rsa="rsa_pass")
    host.add_file("~/.ssh/id_ed25519", "\n".join([text[0], text[1][:20], text[-1]]) + "\n")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not understood" in found.summary


# -- the same reader on macOS and Windows -------------------------------------------------------------------------
# Windows' own OpenSSH (the Win32-OpenSSH port) and macOS write the same key formats as OpenSSH on Linux, so the
# keys recorded here stand for theirs; what differs is where the folder is (C:\Users\<name>\.ssh on Windows).

@pytest.mark.parametrize("platform", ["macos", "windows"])
def test_other_systems_read_the_same_keys_in_their_own_home(platform):
    unprotected = RecordedHost(platform).add_file("~/.ssh/id_ed25519", fixture_bytes("linux/ssh/ed25519_nopass"))
    assert run_check(CHECK, unprotected).status is Status.FAIL
    protected = RecordedHost(platform).add_file("~/.ssh/id_ed25519", fixture_bytes("linux/ssh/ed25519_pass"))
    assert run_check(CHECK, protected).status is Status.PASS
    assert run_check(CHECK, RecordedHost(platform)).status is Status.NOT_APPLICABLE


def test_windows_home_is_under_users():
    key = fixture_bytes("linux/ssh/putty_nopass.ppk")
    host = RecordedHost("windows").add_file("C:\\Users\\alex\\.ssh\\work.ppk", key)
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert CHECK.spec.fix_for("windows").steps
