"""Scenario files: a whole recorded computer described in TOML, built into an ``auditor.recorded.RecordedHost``.

Demos, the window's tests and ``homeguard scan --recorded`` start from a scenario rather than from Python: it names
the system, the user, and which fixture file holds each command's output, file and registry key. Kept apart from the
recorded host itself because this is the part that reads files from disk: each scenario and each recording it
points at is read with a size limit (``auditor.bounded_read``), and one that cannot be used raises ``FileRefused``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.bounded_read import MB, FileRefused, read_limited, read_limited_text
from auditor.host import FILE_CAP_BYTES, OUTPUT_CAP_BYTES, CommandOutcome, UserInfo

if TYPE_CHECKING:
    from auditor.recorded import RecordedHost

# A scenario names its recordings, it does not hold them: the largest is 15 kB. A recording may be bigger than the
# caps a check reads up to (to test them), but never without bound.
MAX_SCENARIO_BYTES, MAX_RECORDING_BYTES = 5 * MB, 4 * max(FILE_CAP_BYTES, OUTPUT_CAP_BYTES)


def load_scenario(path: str | Path, fixtures_root: str | Path | None = None) -> RecordedHost:
    """Build a RecordedHost from a scenario TOML file.

    Command outputs and file contents are either inline (``stdout = "..."``) or point at a fixture file
    (``stdout_file = "linux/apt/list-upgradable.txt"``, relative to ``fixtures_root``, which defaults to the
    ``fixtures`` folder beside the scenario's folder). Windows registry keys come the same way, as the text of a
    real ``reg query`` output or ``.reg`` export (``[[registry]]`` with ``content_file``), or as a key the system
    refused (``key`` and ``denied = true``). Processes and sockets may carry the ``pid`` the recording showed.
    A scenario file or a recording over its size limit, or one that cannot be read, raises ``FileRefused`` naming it.
    """
    from auditor.recorded import RecordedHost, as_bytes  # not at the top: auditor.recorded imports this module

    path = Path(path)
    text = read_limited_text(path, MAX_SCENARIO_BYTES, what="scenario file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileRefused(f"This scenario file ({path.name})", f"is not valid TOML: {exc}") from exc
    root = Path(fixtures_root) if fixtures_root else path.parent.parent

    def content(entry: Mapping[str, Any], key: str) -> bytes:
        if f"{key}_file" in entry:
            return read_limited(root / str(entry[f"{key}_file"]), MAX_RECORDING_BYTES, what="recorded output")
        return as_bytes(entry.get(key, ""))

    user = data.get("user", {})
    platform = data.get("platform", "linux")
    host = RecordedHost(
        platform,
        env=data.get("env", {}),
        user=UserInfo(
            name=user.get("name", "alex"),
            home=user.get("home", "/home/alex"),
            uid=user.get("uid"),
            is_admin=bool(user.get("is_admin", False)),
            groups=tuple(user.get("groups", ())),
        )
        if user
        else None,
        hostname=data.get("hostname", "recorded-host"),
        os_name=data.get("os_name", ""),
        **({"now": float(data["now"])} if "now" in data else {}),
    )
    for tool in data.get("tools", ()):
        host.add_tool(tool)
    for entry in data.get("commands", ()):
        host.add_command(
            entry["argv"],
            content(entry, "stdout"),
            stderr=content(entry, "stderr"),
            returncode=entry.get("returncode", 0),
            outcome=CommandOutcome(entry.get("outcome", "ran")),
        )
    for entry in data.get("files", ()):
        if entry.get("denied"):
            host.deny(entry["path"])
        else:
            host.add_file(entry["path"], content(entry, "content"), mtime=entry.get("mtime"))
    for entry in data.get("dirs", ()):
        host.add_dir(entry["path"], mtime=entry.get("mtime"))
    for entry in data.get("processes", ()):
        host.add_process(entry["name"], pid=entry.get("pid"), exe=entry.get("exe", ""),
                         cmdline=entry.get("cmdline", ()), username=entry.get("username", ""))
    if data.get("sockets_denied"):
        host.deny_sockets()
    for entry in data.get("sockets", ()):
        host.add_socket(entry["address"], entry["port"], protocol=entry.get("protocol", "tcp"),
                        process=entry.get("process", ""), pid=entry.get("pid"))
    for entry in data.get("registry", ()):
        if entry.get("denied"):
            host.deny_registry(entry["key"])
        else:
            host.add_registry(registry_text(content(entry, "content")))
    return host


def registry_text(data: bytes) -> str:
    """A registry recording as text: regedit writes its ``.reg`` exports in UTF-16 with a byte order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")
