"""credential-store on macOS, against keyring outputs recorded on real Macs."""

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.credential_store import CHECK
from checks.local.credential_store.backends import backend_in_use, parse_backends
from tests.support import fixture, run_check

LIST = ["python3", "-m", "keyring", "--list-backends"]


def mac_with(name: str | None, env=None, **kwargs) -> RecordedHost:
    host = RecordedHost("macos", env=env or {})
    if name:
        host.add_command(LIST, fixture(f"macos/keyring/{name}"), **kwargs)
    return host


def test_parses_a_real_mac_listing():
    backends = parse_backends(fixture("macos/keyring/list-backends-catalina-keyring23.txt"))
    assert backends == [("keyring.backends.macOS.Keyring", 5.0), ("keyring.backends.fail.Keyring", 0.0),
                        ("keyring.backends.chainer.ChainerBackend", -1.0)]


def test_chainer_writes_to_the_keychain_before_an_encrypted_file():
    backends = parse_backends(fixture("macos/keyring/list-backends-macos-chainer-cryptfile.txt"))
    assert len(backends) == 6
    assert backend_in_use(backends) == "keyring.backends.OS_X.Keyring"
    assert backend_in_use([]) == "keyring.backends.fail.Keyring"
    assert backend_in_use([("keyring.backends.chainer.ChainerBackend", 10.0)]) == "keyring.backends.fail.Keyring"


# -- pass -------------------------------------------------------------------------------------------------------

def test_login_keychain_passes():
    found = run_check(CHECK, mac_with("list-backends-catalina-keyring23.txt"))
    assert found.status is Status.PASS
    assert "login keychain" in found.summary


def test_older_keychain_name_behind_a_chainer_passes():
    assert run_check(CHECK, mac_with("list-backends-macos-chainer-cryptfile.txt")).status is Status.PASS


# -- partial ----------------------------------------------------------------------------------------------------

def test_encrypted_file_chosen_in_the_config_file_is_partial():
    host = mac_with(None).add_file(
        "~/.config/python_keyring/keyringrc.cfg",
        "[backend]\ndefault-keyring=keyrings.cryptfile.cryptfile.CryptFileKeyring\n")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert host.asked == []  # an explicit choice is read; nothing needs to run


# -- fail -------------------------------------------------------------------------------------------------------

def test_plaintext_chosen_by_environment_fails():
    found = run_check(CHECK, mac_with(None, {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}))
    assert found.status is Status.FAIL
    assert "plain-text" in found.summary


def test_no_keychain_backend_fails():
    found = run_check(CHECK, mac_with("list-backends-macos-no-keychain.txt"))
    assert found.status is Status.FAIL
    assert "keychain could not be reached" in found.summary


# -- unknown ----------------------------------------------------------------------------------------------------

def test_keyring_missing_is_unknown_with_the_reason():
    host = RecordedHost("macos").add_command(LIST, "", stderr=fixture("linux/keyring/no-module-stderr.txt"),
                                             returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "No module named keyring" in found.summary


def test_timeout_is_unknown():
    host = RecordedHost("macos").add_command(LIST, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_unrecognisable_listing_is_unknown():
    host = RecordedHost("macos").add_command(LIST, "Traceback (most recent call last):\n")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "no backends" in found.summary


def test_unknown_backend_is_unknown_never_pass():
    assert run_check(CHECK, mac_with(None, {"PYTHON_KEYRING_BACKEND": "keyrings.custom.Vault"})).status \
        is Status.UNKNOWN
