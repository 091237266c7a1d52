"""What this computer says about itself and the session Homeguard runs in, for the real host.

Which system this is and what it is called, who is running Homeguard and whether they are an administrator, the
person's locale (from the environment, macOS defaults or the Windows user settings), and one snapshot each of the
running programs and the listening sockets (through psutil). Each answer differs per system and some need rights
Homeguard may not have, so each is read here in one place: the user is never guessed to be an admin, and a list
the system refuses to give is an AccessDenied, never an empty list that would look like "nothing found".
"""

from __future__ import annotations

import getpass
import os
import platform as _platform
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from auditor.host_protocol import AccessDenied, CommandResult, ListeningSocket, ProcessInfo, UserInfo

T = TypeVar("T")


def current_platform() -> str:
    """"linux", "macos" or "windows": the names checks and fixes use (anything else as Python names it)."""
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "darwin":
        return "macos"
    if sys.platform.startswith("win"):
        return "windows"
    return sys.platform


def os_pretty_name(platform: str, read_text: Callable[[str], str | None]) -> str:
    """The system's own name for itself, like "Ubuntu 24.04 LTS" or "macOS 14.5"."""
    if platform == "linux":
        release = read_text("/etc/os-release") or ""
        for line in release.splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
        return "Linux"
    if platform == "macos":  # pragma: no cover - macOS only
        return f"macOS {_platform.mac_ver()[0]}"
    return f"{_platform.system()} {_platform.release()}"  # pragma: no cover


def user_locale(environ: Mapping[str, str], platform: str,
                run: Callable[[Sequence[str], float], CommandResult]) -> str:
    """The person's locale, like ``en_GB`` ("" if unknown). ``run`` runs a command, for macOS defaults."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").split(".")[0]
        if value and value not in ("C", "POSIX"):
            return value
    if platform == "macos":  # pragma: no cover - macOS only; GUI apps there get no LANG
        answer = run(["defaults", "read", "-g", "AppleLocale"], 3)
        return answer.stdout.strip().split("@")[0] if answer.ok else ""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes
        import locale

        lcid: int = _safe(lambda: ctypes.windll.kernel32.GetUserDefaultLCID(), 0)
        return locale.windows_locale.get(lcid, "")
    return ""


def current_user() -> UserInfo:
    """Who is running Homeguard. May raise when the system will not say; RealHost.user() turns that into
    UNKNOWN_USER."""
    name: str = _safe(getpass.getuser, "")
    home = os.path.expanduser("~")
    uid = os.getuid() if hasattr(os, "getuid") else None
    groups: tuple[str, ...] = ()
    if sys.platform != "win32":
        import grp

        def group_name(gid: int) -> str:
            return _safe(lambda: grp.getgrgid(gid).gr_name, str(gid))

        groups = tuple(sorted({group_name(gid) for gid in os.getgroups()}))
        is_admin = uid == 0
    else:  # pragma: no cover - Windows only
        import ctypes

        is_admin = bool(_safe(lambda: ctypes.windll.shell32.IsUserAnAdmin(), False))
    return UserInfo(name=name, home=home, uid=uid, is_admin=is_admin, groups=groups)


def _safe(fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception:
        return default


def snapshot_processes() -> tuple[ProcessInfo, ...]:
    """Every running program once, with what the system lets this user see of it (blank where it will not say)."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "name", "exe", "cmdline", "username"]):
        info = proc.info
        found.append(
            ProcessInfo(
                pid=info.get("pid") or 0,
                name=info.get("name") or "",
                exe=info.get("exe") or "",
                cmdline=tuple(info.get("cmdline") or ()),
                username=info.get("username") or "",
            )
        )
    return tuple(found)


def _process_name(pid: int) -> str:
    """The name of a running program, or "" when it has ended or the system will not say."""
    import psutil

    try:
        return psutil.Process(pid).name()
    except Exception:
        return ""


def snapshot_listening_sockets() -> tuple[ListeningSocket, ...]:
    """Every listening TCP socket and bound UDP socket. Raises AccessDenied where the OS needs admin to list them."""
    import psutil

    try:
        connections = psutil.net_connections(kind="inet")
    except psutil.AccessDenied as exc:
        raise AccessDenied("the list of network connections", "the system needs admin rights for this") from exc
    names: dict[int, str] = {}
    sockets = []
    for conn in connections:
        is_tcp = conn.type == socket.SOCK_STREAM
        if is_tcp and conn.status != psutil.CONN_LISTEN:
            continue
        if not is_tcp and conn.raddr:
            continue
        if not conn.laddr:
            continue
        process = ""
        if conn.pid:
            if conn.pid not in names:
                names[conn.pid] = _process_name(conn.pid)
            process = names[conn.pid]
        sockets.append(
            ListeningSocket(
                protocol="tcp" if is_tcp else "udp",
                address=conn.laddr.ip,
                port=conn.laddr.port,
                pid=conn.pid,
                process=process,
            )
        )
    return tuple(sorted(set(sockets), key=lambda s: (s.protocol, s.port, s.address)))
