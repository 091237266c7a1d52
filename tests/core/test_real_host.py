"""The real host on this machine: argument lists only, timeouts that stop whole process groups, output that
never breaks decoding or memory."""

import os
import sys
import threading

import pytest

from auditor import host as host_module
from auditor.host import AccessDenied, CommandOutcome, RealHost

PY = sys.executable


def test_runs_an_argument_list_and_captures_both_streams():
    result = RealHost().run([PY, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"])
    assert result.outcome is CommandOutcome.RAN
    assert (result.stdout, result.stderr, result.returncode) == ("out\n", "err\n", 3)
    assert not result.ok
    assert "ended with code 3" in result.problem()


def test_a_shell_string_is_refused():
    with pytest.raises(TypeError):
        RealHost().run("echo hello; rm -rf /")


def test_a_missing_program_is_reported_not_raised():
    result = RealHost().run(["homeguard-no-such-program-xyz"])
    assert result.outcome is CommandOutcome.MISSING
    assert "not installed" in result.problem()


def test_a_program_that_may_not_be_executed_is_denied(tmp_path):
    script = tmp_path / "not-executable"
    script.write_text("#!/bin/sh\necho hi\n")
    script.chmod(0o644)
    result = RealHost().run([str(script)])
    assert result.outcome is CommandOutcome.DENIED


def test_timeout_stops_the_whole_process_group(tmp_path):
    pidfile = tmp_path / "child.pid"
    code = (
        "import subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        f"open({str(pidfile)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(60)\n"
    )
    result = RealHost().run([PY, "-c", code], timeout=1.0)
    assert result.outcome is CommandOutcome.TIMEOUT
    assert result.duration < 10
    child = int(pidfile.read_text())
    # The grandchild was in the same process group, so it was killed too. The kernel delivers SIGKILL
    # asynchronously, so give it a bounded moment to show as gone (a zombie at most).
    assert wait_until_dead(child, within=5.0), f"process {child} is still running"


def wait_until_dead(pid: int, within: float) -> bool:
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] in ("Z", "X"):
                    return True
        except FileNotFoundError:
            return True
        os.sched_yield()
    return False


def test_output_that_is_not_utf8_is_decoded_with_replacements():
    result = RealHost().run([PY, "-c", "import sys; sys.stdout.buffer.write(b'caf\\xe9 \\xff ok\\n')"])
    assert result.ok
    assert result.stdout == "caf\ufffd \ufffd ok\n"


def test_endless_output_is_cut_at_the_cap_and_the_program_stopped(monkeypatch):
    monkeypatch.setattr(host_module, "OUTPUT_CAP_BYTES", 256 * 1024)
    result = RealHost().run([PY, "-c", "import sys\nwhile True: sys.stdout.write('x' * 65536)"], timeout=20)
    assert result.truncated
    assert len(result.stdout) == 256 * 1024
    assert not result.ok
    assert "more output" in result.problem()


def test_commands_run_with_a_fixed_english_locale():
    result = RealHost(environ={**os.environ, "LANG": "de_DE.UTF-8"}).run(
        [PY, "-c", "import os; print(os.environ['LC_ALL'], os.environ['LANG'])"]
    )
    assert result.stdout.split() == ["C.UTF-8", "C.UTF-8"]


@pytest.mark.skipif(sys.platform == "win32", reason="runs a script by its path, as POSIX does")
def test_windows_powershell_is_started_without_an_inherited_module_path(tmp_path):
    """PowerShell 7's PSModulePath, inherited from the window Homeguard was started in, is not passed on to Windows
    PowerShell (its modules may not load); every other program still gets the whole environment."""
    from auditor.host_commands import run_command

    for name in ("powershell", "python-like"):
        script = tmp_path / name
        script.write_text(f"#!{PY}\nimport os\nprint(os.environ.get('PSModulePath', 'unset'))\n")
        script.chmod(0o755)
        result = run_command([str(script)], environ={**os.environ, "PSModulePath": r"C:\Program Files\PowerShell\7"},
                             platform="windows")
        assert result.stdout.strip() == ("unset" if name == "powershell" else r"C:\Program Files\PowerShell\7")


def test_reading_files(tmp_path):
    host = RealHost()
    (tmp_path / "a.conf").write_bytes(b"key=\xe9\n")
    assert host.read_text(str(tmp_path / "a.conf")) == "key=\ufffd\n"
    assert host.read_text(str(tmp_path / "missing")) is None
    assert host.list_dir(str(tmp_path)) == ["a.conf"]
    assert host.glob(str(tmp_path / "*.conf")) == [str(tmp_path / "a.conf")]
    assert host.mtime(str(tmp_path / "missing")) is None


def test_only_regular_files_are_read_and_a_named_pipe_never_waits(tmp_path):
    """A named pipe where a settings file should be (made by anyone who can write there) would make a plain open()
    wait for a writer for ever, and a check's thread cannot be stopped: it reads as no file, at once."""
    host = RealHost()
    (tmp_path / "big.conf").write_bytes(b"x" * 100)
    assert host.read_bytes(str(tmp_path / "big.conf"), limit=10) == b"x" * 10
    assert host.read_bytes(str(tmp_path)) is None  # a folder
    if not hasattr(os, "mkfifo"):
        return
    os.mkfifo(tmp_path / "pipe.conf")
    answers: list[bytes | None] = []
    reader = threading.Thread(target=lambda: answers.append(host.read_bytes(str(tmp_path / "pipe.conf"))),
                              daemon=True)
    reader.start()
    reader.join(timeout=20)  # the old open() would still be waiting here
    assert not reader.is_alive() and answers == [None]
    assert host.read_text(str(tmp_path / "pipe.conf")) is None


def test_a_file_the_system_refuses_raises_access_denied(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(host_module.os, "open", refuse)
    with pytest.raises(AccessDenied) as caught:
        RealHost().read_text(str(tmp_path / "secret"))
    assert "not allowed to read" in str(caught.value)


def test_process_and_socket_snapshots_are_taken_once_per_host():
    host = RealHost()
    first = host.processes()
    assert any(p.pid == os.getpid() for p in first)
    assert host.processes() is first
    assert host.listening_sockets() is host.listening_sockets()


def test_the_current_user_is_described():
    user = RealHost().user()
    assert user.home == os.path.expanduser("~")
    assert user.is_admin == (os.getuid() == 0)


def test_user_never_raises_and_is_then_an_unknown_user_who_is_not_an_admin(monkeypatch):
    def refuses() -> list[int]:
        raise OSError("the system would not say")

    monkeypatch.setattr(os, "getgroups", refuses)
    user = RealHost().user()
    assert user == host_module.UNKNOWN_USER
    assert user.name == "" and not user.is_admin
