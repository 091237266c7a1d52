"""credential-store on Linux, against keyring outputs recorded on real machines."""

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.credential_store import CHECK
from checks.local.credential_store.backends import backend_in_use, parse_backends
from tests.support import fixture, run_check

LIST = ["python3", "-m", "keyring", "--list-backends"]
GNOME = {"XDG_CURRENT_DESKTOP": "GNOME", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}


def host_with(output: str, env=None, **kwargs) -> RecordedHost:
    return RecordedHost("linux", env=env or {}).add_command(LIST, output, **kwargs)


def test_parses_every_line_of_a_real_listing():
    backends = parse_backends(fixture("linux/keyring/list-backends-2018-many.txt"))
    assert len(backends) == 8
    assert ("keyring.backends.SecretService.Keyring", 5.0) in backends


def test_chainer_writes_to_its_highest_chained_backend():
    backends = parse_backends(fixture("linux/keyring/list-backends-gnome-with-kwallet.txt"))
    assert backend_in_use(backends) == "keyring.backends.SecretService.Keyring"


def test_secret_service_passes():
    found = run_check(CHECK, host_with(fixture("linux/keyring/list-backends-gnome-with-kwallet.txt"), GNOME))
    assert found.status is Status.PASS
    assert "Secret Service" in found.summary
    assert found.desktop == "gnome"


def test_highest_priority_wins_without_a_chainer():
    found = run_check(CHECK, host_with(fixture("linux/keyring/list-backends-2018-many.txt"), GNOME))
    assert found.status is Status.PASS


def test_plaintext_backend_fails():
    found = run_check(CHECK, host_with(fixture("linux/keyring/get-keyring-ubuntu-bionic-plaintext.txt")))
    assert found.status is Status.FAIL
    assert "plain-text" in found.summary


def test_encrypted_file_chosen_by_environment_is_partial():
    host = RecordedHost("linux", env={**GNOME, "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.EncryptedKeyring"})
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert host.asked == []  # the explicit choice is read; nothing needs to run


def test_config_file_choice_is_honoured():
    host = RecordedHost("linux", env=GNOME).add_file(
        "~/.config/python_keyring/keyringrc.cfg", "[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n"
    )
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert any("keyringrc.cfg" in e.looked_at for e in found.evidence)


def test_no_store_without_a_desktop_does_not_apply():
    found = run_check(CHECK, host_with(fixture("linux/keyring/list-backends-debian12-headless.txt")))
    assert found.status is Status.NOT_APPLICABLE


def test_no_store_on_a_desktop_fails():
    found = run_check(CHECK, host_with(fixture("linux/keyring/list-backends-debian12-headless.txt"), GNOME))
    assert found.status is Status.FAIL


def test_no_store_seen_from_outside_the_session_is_unknown():
    host = host_with(fixture("linux/keyring/list-backends-debian12-headless.txt"))
    host.add_process("gnome-shell", username="alex")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "session bus" in found.summary


def test_keyring_missing_is_unknown_with_the_reason():
    host = host_with("", GNOME, stderr=fixture("linux/keyring/no-module-stderr.txt"), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "No module named keyring" in found.summary


def test_timeout_is_unknown():
    host = RecordedHost("linux", env=GNOME).add_command(LIST, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_unrecognised_backend_is_unknown_never_pass():
    host = RecordedHost("linux", env={**GNOME, "PYTHON_KEYRING_BACKEND": "keyrings.custom.Vault"})
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_outside_an_unrecognised_desktop_the_sentence_reads_plainly():
    host = host_with(fixture("linux/keyring/list-backends-debian12-headless.txt"), {"DISPLAY": ":0"})
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert found.summary == ("Could not tell: Homeguard is not running inside the desktop session (no session bus), "
                             "so it cannot see the desktop's password store. Run it from the desktop.")


def test_outside_a_known_desktop_the_sentence_names_it():
    host = host_with(fixture("linux/keyring/list-backends-debian12-headless.txt"))
    host.add_process("gnome-shell", username="alex")
    assert "inside the GNOME session (no session bus)" in run_check(CHECK, host).summary
