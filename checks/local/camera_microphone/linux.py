"""How camera-microphone looks on Linux: which programs are using the camera and the microphone right now.

Linux keeps no record of which app used the camera yesterday, so this check looks at now (detection-catalogue-2
section 1):

* Cameras are ``/dev/video*`` and sound recording devices ``/dev/snd/pcmC*D*c`` (the ``c`` is capture). A program
  using one holds it open, which shows as a link in ``/proc/<pid>/fd``. ``find`` reads those links for every running
  program in one go. Linux lets a standard user read only their own programs' links (proc(5): a ptrace read
  check), so without administrator rights only the person's own programs are seen, and the evidence says so.
* In a desktop session, apps record sound through PulseAudio or PipeWire rather than the device itself: ``pactl
  list source-outputs`` lists each recording stream with the app's name (``application.name``,
  ``application.process.binary``). A paused stream (``Corked: yes``) is not recording; a stream that captures what
  the computer plays (``stream.capture.sink = "true"``, a sound visualiser for example) is not the microphone.
  Commands run in English, so the labels are the same everywhere. Only "Connection refused" means there is no sound
  service for this session; one that refuses ("Access denied": another account's, as when Homeguard runs as root
  with the person's XDG_RUNTIME_DIR) or does not answer in time leaves recording apps unseen: "could not tell".
  Run as root, pactl asks root's own (absent) service, never the person's, which is "could not tell" too; so is
  "Connection refused" while the person's own ``pipewire`` runs (PipeWire without pipewire-pulse: apps can record
  through PipeWire itself, which pactl cannot list).
  PipeWire's camera portal opens the camera in the ``pipewire`` service itself, which is then the program seen
  holding it.

With no camera, no sound recording device and no sound service to ask, the check does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.check import CheckContext, finding
from auditor.host import Host, ProcessInfo
from auditor.model import Evidence, Finding, Fix, Status

from .verdict import Use, judge, program_key

CAMERAS = "/dev/video*"
MICROPHONES = "/dev/snd/pcmC*D*c"
MAX_PROCESSES = 4000  # keeps the command line well under the system's limit
FIND_TIMEOUT = 5.0
PACTL_ARGV = ("pactl", "list", "source-outputs")
PACTL_TIMEOUT = 3.0
# pactl's words when no sound server listens for this session (libpulse's pa_strerror, real answers in SOURCES.toml);
# any other failure ("Access denied", "Timeout") means a service is there but did not say who records.
NO_SERVER = ("Connection failure: Connection refused",)
HOW_TO_REMOVE = ("close a program you do not know, or uninstall it; in GNOME, Settings, Privacy, Camera and "
                 "Microphone let you take the permission away from apps that ask for it")
NOT_APPLICABLE = ("Linux sees no camera and no microphone on this computer (no /dev/video* and no sound recording "
                  "device), and no sound service runs for you here, so no app can use them.")


def find_argv(pids: list[int]) -> list[str]:
    folders = [f"/proc/{pid}/fd" for pid in pids[:MAX_PROCESSES]]
    return ["find", *folders, "-maxdepth", "1", "(", "-lname", CAMERAS, "-o", "-lname", MICROPHONES, ")",
            "-printf", "%h\\t%l\\n"]


DELETED = " (deleted)"


def parse_find(text: str) -> dict[int, set[str]]:
    """``/proc/1234/fd<TAB>/dev/video0`` lines -> {1234: {"/dev/video0"}}.

    A program still holding a device that was unplugged shows its link as ``/dev/snd/pcmC0D0c (deleted)`` (a real
    /proc listing in SOURCES.toml): that device is gone, so nothing can be recorded through it and the line is
    skipped (``-lname /dev/video*`` would otherwise match it)."""
    held: dict[int, set[str]] = {}
    for line in text.splitlines():
        pid, target = _link(line)
        if pid is not None and not target.endswith(DELETED):
            held.setdefault(pid, set()).add(target)
    return held


def _link(line: str) -> tuple[int | None, str]:
    """(process id, link target) of one line find printed; (None, "") for a line not in that form."""
    folder, sep, target = line.partition("\t")
    parts = folder.split("/")
    if sep and len(parts) == 4 and parts[1] == "proc" and parts[3] == "fd" and parts[2].isdigit():
        return int(parts[2]), target.strip()
    return None, ""


def unreadable_lines(text: str) -> list[str]:
    """Lines of find's answer that are not in the form it was asked to print: an answer cut short or garbled, which
    cannot say that nobody holds a device."""
    return [line for line in text.splitlines() if line.strip() and _link(line)[0] is None]


@dataclass(frozen=True)
class Stream:
    index: str
    app: str
    binary: str
    corked: bool
    captures_playback: bool


def parse_source_outputs(text: str) -> list[Stream]:
    """``pactl list source-outputs`` (English): one block per "Source Output #N" with its Properties."""
    streams: list[Stream] = []
    blocks = text.split("Source Output #")[1:]
    for block in blocks[:200]:
        lines = block.splitlines()
        fields: dict[str, str] = {}
        for line in lines[1:]:
            key, sep, value = line.strip().partition(" = ")
            if sep:
                fields[key.strip()] = value.strip().strip('"')
            else:
                key, sep, value = line.strip().partition(": ")
                if sep:
                    fields.setdefault(key.strip(), value.strip())
        binary = fields.get("application.process.binary", "")
        app = fields.get("application.name") or binary or fields.get("media.name") or fields.get("node.name") or \
            "an app that gave no name"
        streams.append(Stream(lines[0].strip() if lines else "", app, binary, fields.get("Corked") == "yes",
                              fields.get("stream.capture.sink") == "true"))
    return streams


def _device_kind(path: str) -> str:
    return "camera" if path.startswith("/dev/video") else "microphone"


def _holders(host: Host, evidence: list[Evidence]) -> list[Use] | None:
    """Programs holding a camera or recording device open; None when the command gave no answer."""
    user = host.user()
    processes = host.processes()
    own = [p for p in processes if user.is_admin or not p.username or p.username == user.name]
    by_pid: dict[int, ProcessInfo] = {p.pid: p for p in own}
    looked_at = "Programs with a camera or sound recording device open (/proc/<pid>/fd)"
    if not by_pid:  # find given no folder would search the current folder instead, and find nothing there
        evidence.append(Evidence(looked_at, "the running programs could not be listed, so none could be looked at"))
        return None
    result = host.run(find_argv(sorted(by_pid)), timeout=FIND_TIMEOUT)
    if not result.ran or result.truncated:
        evidence.append(Evidence(looked_at, result.problem() or "no answer"))
        return None
    odd = unreadable_lines(result.stdout)
    if odd:
        evidence.append(Evidence(looked_at, f"an answer Homeguard could not read ({len(odd)} lines like "
                                 f"{odd[0][:60]!r})"))
        return None
    held = parse_find(result.stdout)  # exit code 1 only means some program ended or refused while it looked
    uses: list[Use] = []
    for pid, targets in sorted(held.items()):
        process = by_pid.get(pid)
        name = process.name if process else f"process {pid}"
        exe = process.exe if process else ""
        for device in sorted({_device_kind(t) for t in targets}):
            uses.append(Use(device, name, program_key(exe or name), now=True, path=exe))
        evidence.append(Evidence(f"{name} (process {pid})", ", ".join(sorted(targets))))
    scope = "every program the system lets it read" if user.is_admin else (
        "your own programs only (Linux shows other accounts' programs only to an administrator)")
    evidence.append(Evidence(looked_at, f"{len(held)} found; looked at {scope}"))
    return uses


def _streams(host: Host, evidence: list[Evidence]) -> tuple[list[Use] | None, bool]:
    """Recording streams in this session's sound service: (uses, whether a sound service answered); uses is None
    when its answer could not be read."""
    if host.which(PACTL_ARGV[0]) is None:
        evidence.append(Evidence(" ".join(PACTL_ARGV), "pactl is not installed: sound recording streams not looked "
                                 "at"))
        return [], False
    result = host.run(list(PACTL_ARGV), timeout=PACTL_TIMEOUT)
    as_root = host.user().uid == 0
    if not result.ok and not as_root and result.ran and any(words in result.stderr for words in NO_SERVER):
        if _own_pipewire(host):  # PipeWire without its PulseAudio part: apps may record through it, unlisted
            evidence.append(Evidence(" ".join(PACTL_ARGV), "PipeWire runs for you without its PulseAudio part "
                                     f"(pipewire-pulse), so its recording streams could not be listed "
                                     f"({result.problem()})"))
            return None, True
        evidence.append(Evidence(" ".join(PACTL_ARGV), f"no sound service for this session ({result.problem()})"))
        return [], False
    if not result.ok:
        # a service that refused (another account's, "Access denied"), did not answer in time, or, run as the
        # administrator, was not the person's own: an app may be recording there, unseen
        why = ("run as the administrator (root), Homeguard cannot ask your own desktop's sound service" if as_root
               else "the sound service did not give its list")
        evidence.append(Evidence(" ".join(PACTL_ARGV), f"{why} ({result.problem() or 'no answer'})"))
        return None, True
    streams = parse_source_outputs(result.stdout)
    if not streams and result.stdout.strip():  # pactl prints nothing at all when no app records
        evidence.append(Evidence(" ".join(PACTL_ARGV), f"an answer Homeguard could not read "
                                 f"({result.stdout.strip()[:60]!r})"))
        return None, True
    uses = []
    for stream in streams:
        if stream.corked:
            state = "paused"
        elif stream.captures_playback:
            state = "records what the computer plays, not the microphone"
        else:
            state = "recording"
            uses.append(Use("microphone", stream.app, program_key(stream.binary or stream.app), now=True))
        evidence.append(Evidence(f"Sound recording stream #{stream.index}: {stream.app}", state))
    if not streams:
        evidence.append(Evidence(" ".join(PACTL_ARGV), "no app is recording sound"))
    return uses, True


def _own_pipewire(host: Host) -> bool:
    user = host.user().name
    return any(p.name == "pipewire" and (not p.username or p.username == user) for p in host.processes())


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    cameras, microphones = host.glob(CAMERAS), host.glob(MICROPHONES)
    evidence = [Evidence("Cameras (/dev/video*)", ", ".join(cameras) or "none"),
                Evidence("Sound recording devices (/dev/snd/pcmC*D*c)", ", ".join(microphones) or "none")]
    holders: list[Use] | None = []
    if cameras or microphones:
        holders = _holders(host, evidence)
    streams, sound_service = _streams(host, evidence)
    if not cameras and not microphones and not sound_service:
        return finding(Status.NOT_APPLICABLE, NOT_APPLICABLE, evidence)
    if holders is None:
        return finding(Status.UNKNOWN, "Could not tell which programs are using the camera or the microphone: "
                       "Homeguard could not look at the running programs' open devices.", evidence)
    found = judge(holders + (streams or []), evidence, host=host, platform="linux", how_to_remove=HOW_TO_REMOVE)
    if streams is None and found.status is Status.PASS:  # what could not be read may be an app recording
        return finding(Status.UNKNOWN, "Could not tell which apps are recording sound: Homeguard could not read "
                       "the sound service's answer.", found.evidence)
    return found


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Which programs have a camera (/dev/video*) or sound recording device (/dev/snd/pcmC*D*c) open right now (their "
    "/proc/<pid>/fd links, read with `find`; without administrator rights only your own programs), and, in a desktop "
    "session, which apps are recording sound (`pactl list source-outputs`). Linux keeps no record of earlier use."
)

ADMIN_NOTE = (
    "Run as an administrator (sudo), Homeguard can also see other accounts' programs that have the camera or a "
    "sound recording device open; without, it sees only yours. Run that way, it cannot ask your desktop's sound "
    "service which apps are recording, so run it once without sudo as well."
)

FIXES = {
    "linux": Fix(
        steps=(
            "Close any program you do not know that is using the camera or the microphone, and uninstall it if you "
            "did not install it.",
            "Many cameras have a light that is on while the camera is in use, and some laptops have a switch or "
            "cover that blocks the camera: use it when you are not in a call.",
        ),
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Settings, Privacy (or Privacy & Security), Camera, and turn it off for any app you do not know.",
            "Do the same under Microphone.",
            "Close any program you do not know that is using the camera, and uninstall it if you did not install it.",
        ),
        settings_command=("gnome-control-center", "camera"),
        more_info="https://help.gnome.org/users/gnome-help/stable/privacy.html",
    ),
}

# Detections not yet backed by an output recorded on a real machine (listed in the README).
UNVERIFIED = (
    "find's own output while a real camera is open (real cameras held open were seen through fuser, which reads the "
    "same /proc links; find's output was recorded with a stand-in file at /dev/video0)",
)
