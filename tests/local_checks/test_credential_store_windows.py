"""credential-store on Windows: the password store the keyring library would give apps."""

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.credential_store import CHECK
from checks.local.credential_store.backends import backend_in_use as chosen_backend
from checks.local.credential_store.backends import parse_backends as parse_listing
from tests.support import fixture, run_check

LIST = ["python3", "-m", "keyring", "--list-backends"]
GRANTA = "windows/keyring/list-backends-windows-granta-docs.txt"
NO_BACKEND = "windows/keyring/list-backends-no-backend-wsl.txt"
CONFIG = r"C:\Users\alex\AppData\Local\Python Keyring\keyringrc.cfg"


def host_with(listing: str | None = None, env: dict | None = None, **kwargs) -> RecordedHost:
    host = RecordedHost("windows", env=env or {})
    if listing is not None or kwargs:
        host.add_command(LIST, fixture(listing).replace("\n", "\r\n") if listing else "", **kwargs)
    return host


def test_the_windows_listing_parses_and_credential_manager_is_chosen():
    backends = parse_listing(fixture(GRANTA).replace("\n", "\r\n"))
    assert backends == [("keyring.backends.Windows.WinVaultKeyring", 5.0), ("keyring.backends.fail.Keyring", 0.0),
                        ("keyring.backends.chainer.ChainerBackend", -1.0)]
    assert chosen_backend(backends) == "keyring.backends.Windows.WinVaultKeyring"


def test_chainer_on_top_writes_to_its_best_backend_and_nothing_means_fail():
    # The order keyring's chainer uses, on the real Linux listing of jaraco/keyring #391 (the rule is the same).
    backends = parse_listing(fixture("linux/keyring/list-backends-gnome-with-kwallet.txt"))
    assert chosen_backend(backends) == "keyring.backends.SecretService.Keyring"
    assert chosen_backend([]) == "keyring.backends.fail.Keyring"
    assert chosen_backend([("keyring.backends.chainer.ChainerBackend", 10.0)]) == "keyring.backends.fail.Keyring"


def test_credential_manager_passes():
    found = run_check(CHECK, host_with(GRANTA))
    assert found.status is Status.PASS
    assert "Windows Credential Manager" in found.summary


def test_no_store_fails():
    found = run_check(CHECK, host_with(NO_BACKEND))
    assert found.status is Status.FAIL
    assert "cannot reach Windows Credential Manager" in found.summary


def test_plaintext_chosen_by_environment_fails_without_running_anything():
    host = host_with(env={"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"})
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "plain-text" in found.summary
    assert host.asked == []


def test_dpapi_backends_of_keyrings_alt_count_as_locked():
    host = host_with(env={"PYTHON_KEYRING_BACKEND": "keyrings.alt.Windows.RegistryKeyring"})
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert "encrypted with your Windows sign-in" in found.summary


def test_a_file_with_its_own_password_is_partial():
    host = host_with(env={"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.EncryptedKeyring"})
    assert run_check(CHECK, host).status is Status.PARTIAL


def test_config_file_in_local_app_data_is_read():
    host = host_with(env={"LOCALAPPDATA": r"D:\Profiles\alex\AppData\Local"})
    host.add_file(r"D:\Profiles\alex\AppData\Local\Python Keyring\keyringrc.cfg",
                  fixture("windows/keyring/keyringrc-secretservice.cfg"))
    found = run_check(CHECK, host)
    # A Linux store named on Windows is not one Homeguard can vouch for.
    assert found.status is Status.UNKNOWN
    assert "SecretService" in found.summary
    assert any("keyringrc.cfg" in e.looked_at for e in found.evidence)


def test_config_file_without_a_choice_falls_back_to_the_listing():
    host = host_with(GRANTA).add_file(CONFIG, "[backend]\n")
    assert run_check(CHECK, host).status is Status.PASS


def test_config_file_not_readable_is_noted_and_the_listing_decides():
    host = host_with(GRANTA).deny(CONFIG)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any(e.looked_at == CONFIG and "not allowed" in e.seen for e in found.evidence)


def test_keyring_missing_is_unknown_with_the_reason():
    host = host_with(stderr=fixture("linux/keyring/no-module-stderr.txt"), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "No module named keyring" in found.summary


def test_timeout_is_unknown():
    assert run_check(CHECK, host_with(outcome=CommandOutcome.TIMEOUT)).status is Status.UNKNOWN


def test_python_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("windows"))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_an_empty_listing_is_unknown_never_pass():
    found = run_check(CHECK, RecordedHost("windows").add_command(LIST, "\r\n"))
    assert found.status is Status.UNKNOWN
    assert "listed no stores" in found.summary
