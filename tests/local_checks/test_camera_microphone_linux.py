"""camera-microphone on Linux: programs holding /dev/video* or a sound recording device, and recording streams.

Fixtures (tests/fixtures/linux/camera-microphone/SOURCES.toml): find's outputs were recorded on the development
machine (one with a stand-in file at /dev/video0, since it has no camera); the pactl outputs are real ones quoted
by their users in public issues, and pactl's "no server" answer was recorded here. Real cameras and a real sound
capture device held open were seen in fuser and /proc listings from other machines; the tests turn those into the
lines find prints for the same /proc links, in the open.
"""

from fnmatch import fnmatch

from auditor.host import CommandOutcome, UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.camera_microphone import CHECK
from checks.local.camera_microphone.linux import (
    CAMERAS,
    MICROPHONES,
    PACTL_ARGV,
    find_argv,
    parse_find,
    parse_source_outputs,
)
from tests.support import fixture, run_check

FIND_NOTHING = fixture("linux/camera-microphone/find-proc-fd-nothing-open.txt")
FIND_VIDEO0 = fixture("linux/camera-microphone/find-proc-fd-video0-standin.txt")  # process 10526 holds /dev/video0
WEBRTC = fixture("linux/camera-microphone/pactl-source-outputs-webrtc.txt")
CAVA = fixture("linux/camera-microphone/pactl-source-outputs-cava-pipewire.txt")
NO_SERVER = fixture("linux/camera-microphone/pactl-no-server.stderr.txt")
ROOT_REFUSED = fixture("linux/camera-microphone/pactl-as-root-access-denied.stderr.txt")
COOKIE_REFUSED = fixture("linux/camera-microphone/pactl-cookie-access-denied.stderr.txt")


def linux(find_out: str | bytes | None = FIND_NOTHING, *, holder: tuple[str, str] = ("sleep", "/usr/bin/sleep"),
          pactl: tuple[str, str, int] | None = ("", NO_SERVER, 1), devices: tuple[str, ...] = ("/dev/video0",),
          admin: bool = False, root: bool = False) -> RecordedHost:
    user = (UserInfo(name="root", home="/root", uid=0, is_admin=True) if root else
            UserInfo(name="alex", home="/home/alex", uid=1000, is_admin=admin))
    host = RecordedHost("linux", user=user)
    admin = admin or root
    for device in devices:
        host.add_file(device, b"")
    host.add_process("systemd", pid=1, exe="/usr/lib/systemd/systemd", username="root")
    name, exe = holder
    host.add_process(name, pid=10526, exe=exe, username="alex")
    if find_out is not None:
        pids = [1, 10526] if admin else [10526]
        host.add_command(find_argv(pids), find_out, returncode=1)
    if pactl is not None:
        out, err, code = pactl
        host.add_command(list(PACTL_ARGV), out, stderr=err, returncode=code)
    return host


def test_no_camera_no_microphone_and_no_sound_service_does_not_apply():
    found = run_check(CHECK, linux(None, devices=(), pactl=None))
    assert found.status is Status.NOT_APPLICABLE
    assert any("pactl is not installed" in e.seen for e in found.evidence)


def test_a_camera_nobody_holds_passes_and_says_only_own_programs_were_seen():
    found = run_check(CHECK, linux())
    assert found.status is Status.PASS
    assert found.summary == "No program is using the camera or recording sound right now."
    assert any("your own programs only" in e.seen for e in found.evidence)
    assert any(e.seen.startswith("no sound service for this session") for e in found.evidence)


def test_only_own_programs_are_looked_at_unless_admin():
    host = linux()
    run_check(CHECK, host)
    find = next(argv for argv in host.asked if argv[0] == "find")
    assert "/proc/10526/fd" in find and "/proc/1/fd" not in find
    host = linux(admin=True)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("every program the system lets it read" in e.seen for e in found.evidence)


def test_a_program_holding_the_camera_is_named():
    found = run_check(CHECK, linux(FIND_VIDEO0, holder=("camgrab", "/home/alex/.local/bin/camgrab")))
    assert found.status is Status.PARTIAL
    assert found.summary.startswith("1 program is using the camera right now: camgrab (camera).")
    assert {e.looked_at: e.seen for e in found.evidence}["camgrab (process 10526)"] == "/dev/video0"


def test_a_well_known_program_holding_the_camera_passes():
    found = run_check(CHECK, linux(FIND_VIDEO0, holder=("pipewire", "/usr/bin/pipewire"), pactl=("", "", 0)))
    assert found.status is Status.PASS
    assert found.summary == "Only well-known programs are using the camera right now: pipewire (camera)."


def test_known_monitoring_holding_the_camera_is_named_as_such():
    found = run_check(CHECK, linux(FIND_VIDEO0, holder=("veyon-worker", "/usr/bin/veyon-worker")))
    assert found.status is Status.PARTIAL  # classroom monitoring: named, not a failure
    assert "Veyon (classroom monitoring) is known monitoring software: fine if you set it up" in found.summary


def test_a_recording_stream_is_judged_and_a_visualiser_is_not_the_microphone():
    found = run_check(CHECK, linux(pactl=(WEBRTC + "\n" + CAVA, "", 0)))
    assert found.status is Status.PASS
    assert found.summary == ("Only well-known programs are using the microphone right now: "
                             "WEBRTC VoiceEngine (microphone).")
    seen = {e.looked_at: e.seen for e in found.evidence}
    assert seen["Sound recording stream #1: WEBRTC VoiceEngine"] == "recording"
    assert seen["Sound recording stream #805: cava"] == "records what the computer plays, not the microphone"


def test_an_unknown_recording_app_is_named():
    stream = WEBRTC.replace("WEBRTC VoiceEngine", "quietrec")
    found = run_check(CHECK, linux(devices=(), find_out=None, pactl=(stream, "", 0)))
    assert found.status is Status.PARTIAL
    assert found.summary.startswith("1 program is using the microphone right now: quietrec (microphone).")


def test_a_paused_stream_is_not_recording():
    found = run_check(CHECK, linux(pactl=(WEBRTC.replace("Corked: no", "Corked: yes"), "", 0)))
    assert found.status is Status.PASS
    assert {e.looked_at: e.seen for e in found.evidence}["Sound recording stream #1: WEBRTC VoiceEngine"] == "paused"


def test_find_that_cannot_run_is_unknown():
    host = linux(None)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "could not look" in found.summary


def test_parsers():
    assert parse_find(FIND_VIDEO0) == {10526: {"/dev/video0"}}
    assert parse_find("/proc/x/fd\t/dev/video0\nnonsense\n") == {}
    streams = parse_source_outputs(CAVA)
    assert [(s.index, s.app, s.corked, s.captures_playback) for s in streams] == [("805", "cava", False, True)]
    webrtc = parse_source_outputs(WEBRTC)[0]
    assert (webrtc.app, webrtc.binary, webrtc.corked) == ("WEBRTC VoiceEngine", "", False)


# -- a real /proc listing: a program that held the radio's sound capture device until it was unplugged ----------

UNPLUGGED = fixture("linux/camera-microphone/proc-fd-links-radio-host-unplugged.txt")


def as_find_output(listing: str) -> str:
    """``/proc/1797/fd/5 -> target`` lines in the form ``find -printf '%h\\t%l\\n'`` prints the same links."""
    lines = []
    for line in listing.splitlines():
        link, _, target = line.partition(" -> ")
        lines.append(f"{link.rsplit('/', 1)[0]}\t{target}")
    return "\n".join(lines) + "\n"


def test_a_real_capture_device_link_is_read_with_its_process():
    # the same links while the radio was plugged in, kept as find's -lname patterns keep them
    live = [line for line in as_find_output(UNPLUGGED).replace(" (deleted)", "").splitlines()
            if fnmatch(line.split("\t")[1], MICROPHONES) or fnmatch(line.split("\t")[1], CAMERAS)]
    assert parse_find("\n".join(live)) == {1797: {"/dev/snd/pcmC0D0c"}}


def test_a_device_held_after_it_was_unplugged_is_not_in_use():
    assert parse_find(as_find_output(UNPLUGGED)) == {}
    # the camera pattern would match "/dev/video0 (deleted)" too: it is skipped the same way
    assert parse_find("/proc/1797/fd\t/dev/video0 (deleted)\n") == {}


# -- real cameras held open, as fuser lists them (the same /proc links find reads) --------------------------------

def fuser_as_find_output(listing: str) -> tuple[str, list[tuple[int, str]]]:
    """``fuser -v`` lines -> (find's output for the /dev/video* holders, [(pid, command)])."""
    lines, holders, device = [], [], ""
    for line in listing.splitlines()[1:]:
        if line[:1] == "/":
            device, _, line = line.partition(":")
        user_pid_access_command = line.split()
        pid, command = int(user_pid_access_command[1]), user_pid_access_command[3]
        if fnmatch(device, CAMERAS):
            lines.append(f"/proc/{pid}/fd\t{device}")
            holders.append((pid, command))
    return "\n".join(lines) + "\n", holders


def camera_host(find_out: str, holders: list[tuple[int, str]]) -> RecordedHost:
    host = RecordedHost("linux", user=UserInfo(name="alex", home="/home/alex", uid=1000, is_admin=False))
    host.add_file("/dev/video0", b"")
    for pid, command in holders:
        host.add_process(command, pid=pid, exe=f"/usr/bin/{command}", username="alex")
    host.add_command(find_argv(sorted(pid for pid, _ in holders)), find_out, returncode=0)
    # PipeWire's PulseAudio part answering with no recording stream: pactl prints nothing then
    host.add_command(list(PACTL_ARGV), "", returncode=0)
    return host


def test_a_real_webcam_shared_through_pipewire_is_held_by_pipewire_only():
    find_out, holders = fuser_as_find_output(fixture("linux/camera-microphone/fuser-v-video0-c922-pipewire.txt"))
    assert holders == [(1475, "pipewire")]
    found = run_check(CHECK, camera_host(find_out, holders))
    assert found.status is Status.PASS
    assert found.summary == "Only well-known programs are using the camera right now: pipewire (camera)."


def test_a_real_pi_camera_held_by_pipewire_and_wireplumber_is_no_alarm():
    listing = fixture("linux/camera-microphone/fuser-v-camera-pi-pipewire-wireplumber.txt")
    find_out, holders = fuser_as_find_output(listing)
    assert holders == [(1289, "pipewire"), (1299, "wireplumber")]  # /dev/media* are not cameras to find's pattern
    found = run_check(CHECK, camera_host(find_out, holders))
    assert found.status is Status.PASS
    assert "pipewire (camera)" in found.summary and "wireplumber (camera)" in found.summary


# -- states of the sound service and of the process list -------------------------------------------------------

def test_a_sound_service_that_refuses_is_could_not_tell_never_no_service():
    for refused in (COOKIE_REFUSED, ROOT_REFUSED):  # real "Access denied" answers: a service is there
        found = run_check(CHECK, linux(pactl=("", refused, 1)))
        assert found.status is Status.UNKNOWN
        assert found.summary.startswith("Could not tell which apps are recording sound")
        # with no camera or microphone device either, it still is not "does not apply"
        assert run_check(CHECK, linux(None, devices=(), pactl=("", refused, 1))).status is Status.UNKNOWN


def test_a_sound_service_that_does_not_answer_in_time_is_could_not_tell():
    host = linux(pactl=None)
    host.add_command(list(PACTL_ARGV), outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_run_as_root_the_persons_sound_service_is_not_asked_so_a_pass_becomes_could_not_tell():
    found = run_check(CHECK, linux(root=True))  # root's own "Connection refused": not the person's session
    assert found.status is Status.UNKNOWN
    assert any("run as the administrator (root)" in e.seen for e in found.evidence)
    # what root does see is still reported
    named = run_check(CHECK, linux(FIND_VIDEO0, holder=("camgrab", "/home/alex/.local/bin/camgrab"), root=True))
    assert named.status is Status.PARTIAL and "camgrab" in named.summary


def test_no_process_list_is_could_not_tell_and_find_is_not_run_on_the_current_folder():
    host = RecordedHost("linux", user=UserInfo(name="alex", home="/home/alex", uid=1000))
    host.add_file("/dev/video0", b"")
    host.add_command(list(PACTL_ARGV), "", stderr=NO_SERVER, returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert not any(argv[0] == "find" for argv in host.asked)
    assert any("could not be listed" in e.seen for e in found.evidence)


def test_pipewire_running_without_its_pulseaudio_part_is_could_not_tell():
    # pactl's real "Connection refused", while the person's own pipewire runs (as in the real fuser listings):
    # apps may record through PipeWire itself, which pactl cannot list
    host = linux(devices=("/dev/video0", "/dev/snd/pcmC0D0c"))
    host.add_process("pipewire", pid=1475, exe="/usr/bin/pipewire", username="alex")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert any("without its PulseAudio part" in e.seen for e in found.evidence)
