"""gatekeeper on macOS, against spctl outputs recorded on real Macs."""

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.gatekeeper import CHECK
from checks.local.gatekeeper.macos import SPCTL, parse_spctl
from tests.support import fixture, run_check

FOLDER = "macos/spctl/"


def mac(output: str = "", **kwargs) -> RecordedHost:
    return RecordedHost("macos").add_command(list(SPCTL), output, **kwargs)


def test_spctl_answers_are_read():
    assert parse_spctl(fixture(FOLDER + "tahoe-26.5.2-enabled.txt")) is True
    assert parse_spctl(fixture(FOLDER + "elastic-420-enabled.txt")) is True
    assert parse_spctl(fixture(FOLDER + "elastic-420-disabled.txt")) is False
    assert parse_spctl("") is None


def test_gatekeeper_on_passes():
    host = mac(fixture(FOLDER + "tahoe-26.5.2-enabled.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == [SPCTL]


def test_gatekeeper_off_fails():
    found = run_check(CHECK, mac(fixture(FOLDER + "elastic-420-disabled.txt"), returncode=1))
    assert found.status is Status.FAIL
    assert "Gatekeeper is off" in found.summary


def test_spctl_missing_is_unknown():
    found = run_check(CHECK, RecordedHost("macos"))
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_spctl_refused_is_unknown():
    found = run_check(CHECK, mac(outcome=CommandOutcome.DENIED))
    assert found.status is Status.UNKNOWN
    assert "did not allow" in found.summary


def test_an_unrecognised_answer_is_unknown():
    found = run_check(CHECK, mac(fixture("macos/fdesetup/tahoe-26.5.2-on.txt")))
    assert found.status is Status.UNKNOWN
    assert "does not recognise" in found.summary


def test_no_answer_is_unknown():
    assert "no answer" in run_check(CHECK, mac("")).summary
