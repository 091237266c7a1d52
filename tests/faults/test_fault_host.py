"""The FaultHost itself: each fault is given as the real host would give it, and only at its own call site."""

from __future__ import annotations

import threading

import pytest

from auditor.host_commands import OUTPUT_CAP_BYTES
from auditor.host_protocol import UNKNOWN_USER, AccessDenied, CommandOutcome, Host
from auditor.recorded import RecordedHost
from tests.faults.fault_host import FAULTS_BY_METHOD, CallSite, Fault, FaultHost, FaultKind, InjectedFault, Released

RUN = CallSite("run", ("tool", "x"))
CONF = CallSite("read_text", ("/etc/x.conf",))


def inner() -> RecordedHost:
    return RecordedHost("linux").add_command(["tool", "x"], "state: on\n").add_file("/etc/x.conf", "on = 1\n")


def faulty(site: CallSite, kind: FaultKind) -> FaultHost:
    return FaultHost(inner(), Fault(site, kind))


def test_a_command_fails_the_ways_the_real_host_reports():
    assert faulty(RUN, FaultKind.MISSING_TOOL).run(["tool", "x"]).outcome is CommandOutcome.MISSING
    assert faulty(RUN, FaultKind.DENIED).run(["tool", "x"]).outcome is CommandOutcome.DENIED
    huge = faulty(RUN, FaultKind.HUGE).run(["tool", "x"])
    assert huge.truncated and not huge.ok and len(huge.stdout) == OUTPUT_CAP_BYTES
    killed = faulty(RUN, FaultKind.KILLED).run(["tool", "x"])
    assert killed.ran and killed.returncode == -9 and not killed.ok and "on" not in killed.stdout
    failed = faulty(RUN, FaultKind.NONZERO_EXIT).run(["tool", "x"])
    assert failed.ran and failed.returncode == 1 and failed.stdout == "state: on\n"
    garbled = faulty(RUN, FaultKind.NOT_UTF8).run(["tool", "x"]).stdout
    assert "state: on" not in garbled and "\ufffd" in garbled and "\x00" in garbled
    with pytest.raises(InjectedFault):
        faulty(RUN, FaultKind.RAISE).run(["tool", "x"])


def test_a_file_a_user_and_a_list_fail_the_ways_the_real_host_reports():
    with pytest.raises(AccessDenied):
        faulty(CONF, FaultKind.DENIED).read_text("/etc/x.conf")
    assert len(faulty(CONF, FaultKind.HUGE).read_text("/etc/x.conf", limit=1000) or "") == 1000
    assert faulty(CallSite("user"), FaultKind.DENIED).user() == UNKNOWN_USER
    assert faulty(CallSite("list_dir", ("/etc",)), FaultKind.HUGE).list_dir("/etc")[-1] == "x.conf"
    # An empty answer is not made huge: entries in an empty folder would be another computer, not a big answer.
    assert faulty(CallSite("list_dir", ("/srv",)), FaultKind.HUGE).list_dir("/srv") == []


def test_only_the_chosen_call_site_goes_wrong_and_every_site_is_noted():
    host = faulty(CONF, FaultKind.DENIED)
    assert host.run(["tool", "x"]).ok
    assert host.read_text("/etc/other.conf") is None
    with pytest.raises(AccessDenied):
        host.read_text("/etc/x.conf")
    assert host.sites == [RUN, CallSite("read_text", ("/etc/other.conf",)), CONF]
    assert host.injected == 1


def test_a_hung_call_waits_until_it_is_let_go_and_the_scan_thread_is_never_faulted():
    host = faulty(RUN, FaultKind.HANG)
    host.scan_thread = threading.get_ident()
    assert host.run(["tool", "x"]).ok  # the runner's own questions pass through
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            host.run(["tool", "x"])
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=ask, daemon=True)
    worker.start()
    worker.join(timeout=0.2)
    assert worker.is_alive()
    host.release.set()
    worker.join(timeout=5)
    assert not worker.is_alive() and isinstance(errors[0], Released)


def test_every_method_of_the_host_protocol_can_go_wrong_and_is_wrapped():
    """A method added to the Host protocol must be added here too, or checks using it would escape the suite."""
    methods = {name for name, value in vars(Host).items() if not name.startswith("_") and callable(value)}
    assert methods == set(FAULTS_BY_METHOD)
    assert all(callable(getattr(FaultHost, name, None)) for name in methods)
