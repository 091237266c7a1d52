"""Registry values from the other forms people paste in bug reports and benchmark tests, for recorded tests.

``auditor.winreg_reader`` reads ``reg query`` text and ``.reg`` exports, the forms most recordings come in. Some
settings are only ever seen on a real machine in two other forms: PowerShell's ``Get-ItemProperty`` list (what
hardening and benchmark testers paste) and Process Monitor's rows of values being written (what people capture to
find where a Settings switch is kept). Reading them here gives the same ``RegistryValue``s, so a check is tested on
them exactly as on ``reg query`` text. Nothing here is used by the real host at run time.
"""

from __future__ import annotations

import csv
import re

from auditor.winreg_reader import HIVES, RegistryValue, normalise_key

_PROCMON_OPERATION = re.compile(r"Reg[A-Z][A-Za-z]*")
_PROCMON_DETAIL = re.compile(r"Type: (?P<type>REG_[A-Z_0-9]+), Length: (?P<length>\d[\d,]*), Data: (?P<data>.*)$")


def parse_procmon_writes(text: str) -> dict[str, dict[str, RegistryValue]]:
    """The values a Process Monitor capture shows being written, keyed like ``parse_reg_query``: what each key holds
    once the capture ends (the last write wins).

    People paste its rows in two forms: the CSV it saves (``"svchost.exe","RegSetValue","HKLM\\...\\Value","Type:
    REG_SZ, Length: 10, Data: Deny"``) and rows copied from its window, tab-separated, with or without the process,
    operation and result columns. A row is the value's full path (its last part is the value's name) and the detail
    ``Type: ..., Length: ..., Data: ...``. Only writes count: a row naming another operation, or a result other than
    SUCCESS, is skipped. Process Monitor prints at most 16 bytes of binary data, so a longer value is kept as text
    (REG_UNKNOWN), never as bytes it did not show."""
    keys: dict[str, dict[str, RegistryValue]] = {}
    for raw in text.replace("\r\n", "\n").split("\n"):
        cells = next(csv.reader([raw])) if raw.startswith('"') else raw.split("\t")
        cells = [cell.strip() for cell in cells]
        detail = _PROCMON_DETAIL.match(cells[-1]) if cells else None
        path_at = next((i for i, cell in enumerate(cells) if _hive_of(cell)), None)
        if detail is None or path_at is None or "\\" not in cells[path_at]:
            continue
        if path_at > 0 and _PROCMON_OPERATION.fullmatch(cells[path_at - 1]) and cells[path_at - 1] != "RegSetValue":
            continue
        if any(cell != "SUCCESS" for cell in cells[path_at + 1:-1]):
            continue
        key, _, name = cells[path_at].rpartition("\\")
        keys.setdefault(normalise_key(key), {})[name.lower()] = _procmon_value(
            detail["type"], int(detail["length"].replace(",", "")), detail["data"])
    return keys


def _hive_of(cell: str) -> bool:
    hive = cell.split("\\", 1)[0].upper()
    return hive in HIVES or hive in HIVES.values()


def _procmon_value(kind: str, length: int, data: str) -> RegistryValue:
    if kind in ("REG_DWORD", "REG_QWORD"):
        try:
            return RegistryValue(kind, int(data, 0))
        except ValueError:
            return RegistryValue("REG_UNKNOWN", data)
    if kind == "REG_BINARY":
        try:
            raw = bytes.fromhex(data.replace(" ", ""))
        except ValueError:
            return RegistryValue("REG_UNKNOWN", data)
        return RegistryValue(kind, raw) if len(raw) == length else RegistryValue("REG_UNKNOWN", data)
    return RegistryValue(kind, data)


_PS_PROMPT = re.compile(r"^PS [^>]*>")
_PS_PROPERTY = re.compile(r"^(?P<name>\S(?:.*?\S)?)\s+: ?(?P<value>.*)$")


def parse_get_item_property(text: str) -> dict[str, RegistryValue] | None:
    """One key's values from PowerShell's ``Get-ItemProperty <key>`` list output, the form hardening and benchmark
    testers paste most; None when PowerShell answered that the key does not exist.

    PowerShell prints no types, so they are inferred: a whole number as REG_DWORD, ``{}`` and ``{a, b}`` as a
    REG_MULTI_SZ list, ``{1, 2, 3}`` as REG_BINARY bytes (REG_UNKNOWN text when PowerShell shortened it with "..."),
    anything else as REG_SZ. A line that starts with spaces continues the value above (PowerShell wraps long values
    without adding spaces). Its own properties (PSPath, PSParentPath, PSChildName, PSDrive, PSProvider) are not
    values and are left out; so is everything after the first record."""
    if "PathNotFound" in text or "Cannot find path" in text:
        return None
    found: list[tuple[str, str]] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            if found:
                break
            continue
        if _PS_PROMPT.match(raw):
            continue
        if raw[:1].isspace() and found:
            found[-1] = (found[-1][0], found[-1][1] + raw.strip())
            continue
        match = _PS_PROPERTY.match(raw.rstrip())
        if match:
            found.append((match["name"], match["value"].strip()))
    values: dict[str, RegistryValue] = {}
    for name, value in found:
        if name.upper() not in _POWERSHELL_OWN:
            values[name.lower()] = _powershell_value(value)
    return values


_POWERSHELL_OWN = {"PSPATH", "PSPARENTPATH", "PSCHILDNAME", "PSDRIVE", "PSPROVIDER"}


def _powershell_value(text: str) -> RegistryValue:
    if re.fullmatch(r"-?\d{1,20}", text):  # a QWORD has at most 20 digits; a longer run is no number Windows keeps
        return RegistryValue("REG_DWORD", int(text))
    if text.startswith("{") and text.endswith("}"):
        items = [item.strip() for item in text[1:-1].split(",") if item.strip()]
        if items and all(re.fullmatch(r"\d{1,3}(\.\.\.)?", item) for item in items):
            if any(item.endswith("...") for item in items) or any(int(item) > 255 for item in items):
                return RegistryValue("REG_UNKNOWN", text)
            return RegistryValue("REG_BINARY", bytes(int(item) for item in items))
        return RegistryValue("REG_MULTI_SZ", items)
    return RegistryValue("REG_SZ", text)


__all__ = ["parse_get_item_property", "parse_procmon_writes"]
