"""One copy at a time (ui/single_instance.py): a second start brings the running window forward and ends at once.

The socket's folder is a short private one per test (``XDG_RUNTIME_DIR``), so no test reaches a Homeguard that
happens to be running on this computer, and a socket a test leaves behind never outlives it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtNetwork import QLocalSocket

from ui import app as app_module
from ui import single_instance
from ui.pages import Page
from ui.pages.help_now import HelpNowPage
from ui.single_instance import (
    MAX_MESSAGE_BYTES,
    InstanceServer,
    claim,
    message_for,
    parse_message,
    send_to_running,
    socket_name,
)

ROOT = Path(__file__).resolve().parents[2]
PAGES = [type("StandInDevice", (Page,), {"page_id": "device", "title": "This device"}), HelpNowPage]
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the socket is a file in the runtime folder")


@pytest.fixture
def runtime(monkeypatch) -> Iterator[Path]:
    """A short private runtime folder (a Unix socket's path must stay under about 100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="hg-"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def window_pages():
    return PAGES


def listening_server(name: str) -> InstanceServer:
    server = InstanceServer(name)
    assert server.listen(), server.error
    return server


# -- the message -----------------------------------------------------------------------------------------------------

def test_the_messages_a_second_copy_sends_are_read_back_exactly():
    assert parse_message(message_for()) == ""
    assert parse_message(message_for("device#disk-encryption")) == "device#disk-encryption"
    assert parse_message(message_for("people#Zoë Smith")) == "people#Zoë Smith"
    assert parse_message(b"show\n") == ""
    assert message_for("Not a page!") == b"show"  # a --show that names no page still brings the window forward


@pytest.mark.parametrize("data", [
    b"", b"shows", b"SHOW", b"\xff\xfe", b"[]", b'"show"', b'{"show": 3}', b'{"show": null}',
    b'{"show": "help", "run": "rm -rf ~"}', b'{"open": "help"}', b'{"show": "../../etc/passwd"}',
    b'{"show": "Device"}', b'{"show": "help#a\\u0000b"}', b'{"show": "device#"}',
    json.dumps({"show": "device#" + "a" * 101}).encode(),
    b'{"show": "' + b"a" * MAX_MESSAGE_BYTES + b'"}',
])
def test_anything_else_is_not_a_message(data):
    assert parse_message(data) is None


def test_the_name_is_per_data_folder_and_per_user(runtime, tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    (tmp_path / "link").symlink_to(first)
    assert socket_name(first) != socket_name(second)
    assert socket_name(first) == socket_name(tmp_path / "link") == socket_name(tmp_path / "second" / ".." / "first")
    if sys.platform.startswith("linux"):
        assert Path(socket_name(first)).parent == runtime
    mine = socket_name(first)
    monkeypatch.setattr(single_instance.getpass, "getuser", lambda: "someone-else")
    assert socket_name(first) != mine
    monkeypatch.setenv("HOMEGUARD_HOME", str(second))
    assert socket_name(None) == socket_name(second)  # the usual folder is the one the history would use


# -- the running copy ------------------------------------------------------------------------------------------------

def test_two_servers_in_one_process_each_hear_only_their_own_copies(qtbot, runtime):
    one, two = listening_server(str(runtime / "one")), listening_server(str(runtime / "two"))
    heard: list[tuple[str, str]] = []
    one.requested.connect(lambda target: heard.append(("one", target)))
    two.requested.connect(lambda target: heard.append(("two", target)))
    try:
        with qtbot.waitSignal(two.requested, timeout=5000):
            assert send_to_running(str(runtime / "two"), message_for("help"))
        with qtbot.waitSignal(one.requested, timeout=5000):
            assert send_to_running(str(runtime / "one"), message_for())
        assert heard == [("two", "help"), ("one", "")]
        assert not send_to_running(str(runtime / "three"), message_for())  # nobody there: this copy is the first
    finally:
        one.close()
        two.close()


def test_a_second_start_brings_the_hidden_window_back_on_the_page_it_asks_for(qtbot, runtime, main_window,
                                                                              monkeypatch):
    server = listening_server(str(runtime / "app"))
    asked: list[str] = []  # offscreen, a window shown again cannot be seen to be raised or activated: ask was it
    monkeypatch.setattr(main_window, "raise_", lambda: asked.append("raise"))
    monkeypatch.setattr(main_window, "activateWindow", lambda: asked.append("activate"))
    try:
        server.attach(main_window)
        main_window.quick_exit()
        assert not main_window.isVisible()
        assert send_to_running(server.name, message_for("help"))
        qtbot.waitUntil(lambda: main_window.isVisible() and main_window.current_page_id() == "help", timeout=5000)
        assert asked == ["raise", "activate"]

        main_window.showMinimized()
        qtbot.waitUntil(main_window.isMinimized, timeout=5000)
        assert send_to_running(server.name, message_for())  # just "show": the page stays as it was
        qtbot.waitUntil(lambda: not main_window.isMinimized(), timeout=5000)
        assert main_window.current_page_id() == "help"
    finally:
        server.close()


def test_a_page_the_window_does_not_have_only_brings_it_forward(qtbot, runtime, main_window):
    server = listening_server(str(runtime / "app"))
    try:
        server.attach(main_window)
        main_window.show_page("device")
        main_window.quick_exit()
        with qtbot.waitSignal(server.requested, timeout=5000):
            assert send_to_running(server.name, message_for("no-such-page#x"))
        assert main_window.isVisible()
        assert main_window.current_page_id() == "device"
    finally:
        server.close()


def test_a_request_before_the_window_exists_waits_for_it(qtbot, runtime, main_window):
    server = listening_server(str(runtime / "app"))
    try:
        with qtbot.waitSignal(server.requested, timeout=5000):
            assert send_to_running(server.name, message_for("help"))
        main_window.hide()
        server.attach(main_window)
        assert main_window.isVisible() and main_window.current_page_id() == "help"
    finally:
        server.close()


@pytest.mark.parametrize("data", [b'{"show": "help", "extra": 1}', b"\x00" * 64 * 1024])
def test_a_malformed_or_huge_message_is_ignored(qtbot, runtime, main_window, data):
    server = listening_server(str(runtime / "app"))
    try:
        server.attach(main_window)
        main_window.quick_exit()
        with qtbot.assertNotEmitted(server.requested), qtbot.waitSignal(server.ignored, timeout=5000):
            assert send_to_running(server.name, data)
        assert not main_window.isVisible()
    finally:
        server.close()


def test_a_connection_that_never_finishes_its_message_is_dropped(qtbot, runtime):
    server = listening_server(str(runtime / "app"))
    client = QLocalSocket()
    try:
        client.connectToServer(server.name)
        assert client.waitForConnected(2000)
        client.write(b"sh")
        client.flush()
        with qtbot.waitSignal(server.ignored, timeout=single_instance.READ_MS + 5000):
            pass
        qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=5000)
    finally:
        client.abort()
        server.close()


# -- starting -----------------------------------------------------------------------------------------------------

@LINUX
def test_a_socket_left_by_a_copy_that_crashed_is_cleared(qtbot, runtime, tmp_path):
    data = tmp_path / "data"
    name = socket_name(data)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # bound and closed without listening: what a crashed copy leaves behind
    stale.close()
    assert Path(name).exists()
    server = claim(data)
    try:
        assert server is not None and server.listening
        assert server.serve(), server.error
        with qtbot.waitSignal(server.requested, timeout=5000):
            assert send_to_running(name, message_for())
    finally:
        if server is not None:
            server.close()
    assert not Path(name).exists()  # closed in order: nothing left for the next start


@LINUX
def test_a_copy_started_before_the_first_paint_is_heard_once_the_server_reads(qtbot, runtime, tmp_path, main_window):
    """The name is claimed before the window; requests are read only after the first paint (``serve``)."""
    data = tmp_path / "data"
    server = claim(data)
    assert server is not None and server.listening and server.server is None  # no Qt network module yet
    try:
        assert oct(Path(server.name).stat().st_mode & 0o777) == oct(0o600)  # its owner only
        assert claim(data, "help") is None  # a second copy hands over while the first is still starting
        server.attach(main_window)
        main_window.hide()
        with qtbot.waitSignal(server.requested, timeout=5000) as asked:
            assert server.serve(), server.error
        assert asked.args == ["help"]
        qtbot.waitUntil(lambda: main_window.isVisible() and main_window.current_page_id() == "help", timeout=5000)
    finally:
        server.close()
    assert not Path(server.name).exists()


@LINUX
def test_closing_leaves_a_later_copys_socket_alone(runtime):
    name = str(runtime / "app")
    first = InstanceServer(name)
    assert first.reserve(), first.error
    Path(name).unlink()  # as if removed, and a later copy made its own
    later = InstanceServer(name)
    assert later.reserve(), later.error
    try:
        first.close()
        assert Path(name).exists()
        assert send_to_running(name, message_for())
    finally:
        later.close()
    assert not Path(name).exists()


@LINUX
def test_a_running_copys_socket_is_never_taken_for_a_crashed_one(qtbot, runtime, tmp_path, monkeypatch):
    """Two copies started together: both find nobody, one claims the name first; the other hands over to it."""
    data = tmp_path / "data"
    first = listening_server(socket_name(data))
    late = InstanceServer(first.name)
    assert not late.reserve() and late.error  # the running copy's socket was not removed
    tries: list[str] = []
    real_send = single_instance.send_to_running

    def first_look_finds_nobody(name: str, message: bytes) -> bool:
        tries.append(name)
        return len(tries) > 1 and real_send(name, message)

    monkeypatch.setattr(single_instance, "send_to_running", first_look_finds_nobody)
    try:
        with qtbot.waitSignal(first.requested, timeout=5000) as asked:
            assert claim(data, "help") is None
        assert asked.args == ["help"] and len(tries) == 2
    finally:
        first.close()


def test_with_qt_named_sockets_only_as_on_windows_the_hand_over_is_the_same(qtbot, runtime, tmp_path,
                                                                             monkeypatch):
    monkeypatch.setattr(single_instance, "QT_SOCKETS_ONLY", True)
    data = tmp_path / "data"
    assert "/" not in socket_name(data)  # a name, where Qt makes a named pipe on Windows
    server = claim(data)
    try:
        assert server is not None and server.listening and server.server is not None  # read from the start
        with qtbot.waitSignal(server.requested, timeout=5000) as asked:
            assert claim(data, "device#screen-lock") is None
        assert asked.args == ["device#screen-lock"]
    finally:
        if server is not None:
            server.close()


def test_a_socket_that_cannot_be_made_does_not_stop_the_app(runtime, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(single_instance, "socket_name", lambda _data_dir: str(tmp_path / "no-such-folder" / "x"))
    server = claim(tmp_path / "data")
    assert server is not None and not server.listening
    assert "could not make its local socket" in capsys.readouterr().err
    server.close()


def test_a_second_start_in_process_ends_before_any_window_or_history(qtbot, runtime, tmp_path, monkeypatch):
    data = tmp_path / "data"
    running = listening_server(socket_name(data))

    def must_not_happen(*_args, **_kwargs):
        raise AssertionError("a second copy went on to open the history or build a window")

    monkeypatch.setattr(app_module, "open_history", must_not_happen)
    monkeypatch.setattr(app_module, "build_window", must_not_happen)
    try:
        with qtbot.waitSignal(running.requested, timeout=5000) as asked:
            assert app_module.main(["--data-dir", str(data), "--show", "device#disk-encryption"]) == 0
        assert asked.args == ["device#disk-encryption"]
        with qtbot.waitSignal(running.requested, timeout=5000) as asked:
            assert app_module.main(["--data-dir", str(data)]) == 0
        assert asked.args == [""]
    finally:
        running.close()


def wait_listening(name: str, first: subprocess.Popen, timeout: float = 90.0) -> None:
    """Poll until the first copy accepts connections (it is importing Qt and building its window meanwhile)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert first.poll() is None, f"the first copy ended: {first.communicate()}"
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):
            probe.abort()
            return
        probe.abort()
        time.sleep(0.2)  # a separate process: no Qt signal here to wait on
    pytest.fail("the first copy never started listening")


@LINUX
def test_a_real_second_copy_exits_at_once_and_the_first_keeps_running(runtime, tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}
    command = [sys.executable, "-m", "ui.launch", "--data-dir", str(data)]
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_listening(socket_name(data), first)
        started = time.monotonic()
        second = subprocess.run([*command, "--show", "help"], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=60)
        took = time.monotonic() - started
        assert second.returncode == 0, second.stderr
        assert took < 30, f"the second copy took {took:.1f} s to hand over"
        assert first.poll() is None, "the first copy ended when the second started"
    finally:
        first.terminate()
        try:
            first.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            first.kill()
            first.communicate()


@LINUX
@pytest.mark.parametrize("shown", [True, False])
def test_the_app_hears_later_copies_after_its_first_paint_or_at_the_latest_after_a_while(qtbot, runtime, tmp_path,
                                                                                      shown):
    from PySide6.QtWidgets import QWidget

    server = claim(tmp_path / "data")
    assert server is not None and server.server is None
    window = QWidget()
    qtbot.addWidget(window)
    try:
        app_module.hear_later_copies(server, window)
        assert server.server is None  # nothing read before the window has painted
        if shown:  # painted: heard at once, long before the time limit
            window.show()
            qtbot.waitUntil(lambda: server.server is not None and server.server.isListening(), timeout=1000)
        else:  # never painted (started minimised): heard all the same
            qtbot.waitUntil(lambda: server.server is not None and server.server.isListening(),
                            timeout=app_module.SERVE_AT_THE_LATEST_MS + 3000)
        with qtbot.waitSignal(server.requested, timeout=5000):
            assert send_to_running(server.name, message_for())
    finally:
        server.close()
