"""Scenario files: a whole recorded computer described in TOML, built into an ``auditor.recorded.RecordedHost``.

Demos, the window's tests and ``homeguard scan --recorded`` start from a scenario rather than from Python: it names
the system, the user, and which fixture file holds each command's output, file and registry key. Kept apart from the
recorded host itself because this is the part that reads files from disk: each scenario and each recording it
points at is read with a size limit (``auditor.bounded_read``), and one that cannot be used raises ``FileRefused``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.bounded_read import MB, FileRefused, read_limited, read_limited_text
from auditor.host import FILE_CAP_BYTES, OUTPUT_CAP_BYTES, CommandOutcome, UserInfo

if TYPE_CHECKING:
    from auditor.recorded import RecordedHost

# A scenario names its recordings, it does not hold them: the largest is 15 kB. A recording may be bigger than the
# caps a check reads up to (to test them), but never without bound.
MAX_SCENARIO_BYTES, MAX_RECORDING_BYTES = 5 * MB, 4 * max(FILE_CAP_BYTES, OUTPUT_CAP_BYTES)
# The tables whose entries may say ``not_recorded = true``: the field naming the thing, and the fields that would
# record it after all (an entry cannot be both).
_NAMED_BY = {"commands": "argv", "files": "path", "registry": "key"}
_RECORDS_IT = {
    "commands": ("stdout", "stdout_file", "stderr", "stderr_file", "returncode", "outcome"),
    "files": ("content", "content_file", "denied", "mtime"),
    "registry": ("content", "content_file", "denied"),
}


def load_scenario(path: str | Path, fixtures_root: str | Path | None = None) -> RecordedHost:
    """Build a RecordedHost from a scenario TOML file.

    Command outputs and file contents are either inline (``stdout = "..."``) or point at a fixture file
    (``stdout_file = "linux/apt/list-upgradable.txt"``, relative to ``fixtures_root``, which defaults to the
    ``fixtures`` folder beside the scenario's folder). Windows registry keys come the same way, as the text of a
    real ``reg query`` output or ``.reg`` export (``[[registry]]`` with ``content_file``), or as a key the system
    refused (``key`` and ``denied = true``). Processes and sockets may carry the ``pid`` the recording showed.
    A ``[[commands]]``, ``[[files]]`` or ``[[registry]]`` entry with ``not_recorded = true`` (and only its ``argv``,
    ``path`` or ``key``) names something the recording left out: a check that asks about it ends as "could not tell",
    saying so, rather than judging the gap as absent (``auditor.recorded.NotRecorded``). A file or key marked so
    covers everything under it.
    A scenario file or a recording over its size limit, one that cannot be read, or one with a malformed
    ``not_recorded`` entry raises ``FileRefused`` naming it.
    """
    from auditor.recorded import RecordedHost, as_bytes  # not at the top: auditor.recorded imports this module

    path = Path(path)
    text = read_limited_text(path, MAX_SCENARIO_BYTES, what="scenario file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileRefused(f"This scenario file ({path.name})", f"is not valid TOML: {exc}") from exc
    root = Path(fixtures_root) if fixtures_root else path.parent.parent

    def refuse(reason: str) -> FileRefused:
        return FileRefused(f"This scenario file ({path.name})", reason)

    # Checked before anything is read or built, so a malformed entry refuses the whole file by name.
    left_out = {table: [e for e in data.get(table, ()) if marked_not_recorded(e, table, refuse)] for table in _NAMED_BY}

    def recorded(table: str) -> list[Mapping[str, Any]]:
        return [entry for entry in data.get(table, ()) if not entry.get("not_recorded")]

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
    for entry in recorded("commands"):
        host.add_command(
            entry["argv"],
            content(entry, "stdout"),
            stderr=content(entry, "stderr"),
            returncode=entry.get("returncode", 0),
            outcome=CommandOutcome(entry.get("outcome", "ran")),
        )
    for entry in recorded("files"):
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
    for entry in recorded("registry"):
        if entry.get("denied"):
            host.deny_registry(entry["key"])
        else:
            host.add_registry(registry_text(content(entry, "content")))
    marks: dict[str, Callable[[Any], object]] = {
        "commands": host.command_not_recorded, "files": host.not_recorded, "registry": host.registry_not_recorded}
    for table, entries in left_out.items():  # marked last: a mark over something recorded is refused
        for entry in entries:
            try:
                marks[table](entry[_NAMED_BY[table]])
            except ValueError as exc:
                raise refuse(f"contradicts itself: {exc}") from exc
    return host


def marked_not_recorded(entry: object, table: str, refuse: Callable[[str], FileRefused]) -> bool:
    """Whether a ``[[commands]]``, ``[[files]]`` or ``[[registry]]`` entry says ``not_recorded = true``. Raises what
    ``refuse`` makes when the entry is not a table, the flag is not true or false, the thing it marks is not named
    (an ``argv`` list of words, a ``path`` or ``key`` text), or it also records that thing."""
    if not isinstance(entry, Mapping):
        raise refuse(f"has a [[{table}]] entry that is not a table of settings")
    flag = entry.get("not_recorded", False)
    if not isinstance(flag, bool):
        raise refuse(f"says not_recorded = {flag!r} in a [[{table}]] entry; it must be true or false")
    if not flag:
        return False
    field = _NAMED_BY[table]
    name = entry.get(field)
    words = isinstance(name, list) and bool(name) and all(isinstance(word, str) and word for word in name)
    if not (words if table == "commands" else isinstance(name, str) and name.strip()):
        kind = "a list of words" if table == "commands" else "a text"
        raise refuse(f"has a [[{table}]] entry marked not recorded whose {field} is missing or not {kind}")
    also = [key for key in _RECORDS_IT[table] if key in entry]
    if also:
        shown = " ".join(name) if isinstance(name, list) else name
        raise refuse(f"marks {shown} as not recorded but also records it ({also[0]} is given)")
    return True


def registry_text(data: bytes) -> str:
    """A registry recording as text: regedit writes its ``.reg`` exports in UTF-16 with a byte order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8-sig", errors="replace")
