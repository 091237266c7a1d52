"""Reading the Windows registry, and reading `reg query` output so real recordings can stand in for it.

The real host reads through the standard library's ``winreg``, imported only on Windows. Tests and recorded
scenarios use the text that ``reg query <key> /s`` prints on a real machine (captured from documentation, bug
reports and real computers), parsed here into the same values, so a check cannot tell the two apart; regedit's
``.reg`` exports are read too. The rarer forms people paste (PowerShell lists, Process Monitor rows) are
``auditor.winreg_pasted``'s.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

HIVES = {
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKCU": "HKEY_CURRENT_USER",
    "HKCR": "HKEY_CLASSES_ROOT",
    "HKU": "HKEY_USERS",
    "HKCC": "HKEY_CURRENT_CONFIG",
}


@dataclass(frozen=True)
class RegistryValue:
    """One registry value: its type as Windows names it (REG_DWORD, REG_SZ, ...) and its data."""

    type: str
    data: int | str | list[str] | bytes

    def as_int(self) -> int | None:
        if isinstance(self.data, int):
            return self.data
        if isinstance(self.data, str):
            try:
                return int(self.data.strip(), 0)
            except ValueError:
                return None
        return None

    def as_text(self) -> str:
        """The data as a person should read it in a message: numbers in decimal, lists joined with commas, and
        binary data as the hex digits ``reg query`` prints (``01000000``), never Python's ``b'...'`` form."""
        if isinstance(self.data, bytes):
            return self.data.hex().upper()
        if isinstance(self.data, list):
            return ", ".join(self.data)
        return str(self.data)


def normalise_key(key: str) -> str:
    """``HKLM\\Software\\X`` and ``HKEY_LOCAL_MACHINE\\SOFTWARE\\X`` are the same key; Windows ignores case."""
    key = key.replace("/", "\\").strip("\\")
    hive, _, rest = key.partition("\\")
    hive = HIVES.get(hive.upper(), hive.upper())
    return f"{hive}\\{rest}".rstrip("\\").lower()


_VALUE_LINE = re.compile(r"^ {4}(?P<name>.*?) {4}(?P<type>REG_[A-Z_0-9]+)(?: {4}(?P<data>.*))?$")


def parse_reg_query(text: str) -> dict[str, dict[str, RegistryValue]]:
    """Keys and their values from ``reg query`` output (with or without ``/s``), keyed by normalised key path.

    Value lines are indented four spaces: ``    Name    REG_DWORD    0x1``; the default value is named
    ``(Default)`` in English Windows and is stored here under ``""``.
    """
    keys: dict[str, dict[str, RegistryValue]] = {}
    current: str | None = None
    for raw in text.replace("\r\n", "\n").split("\n"):
        if not raw.strip():
            continue
        if raw.startswith("HKEY_") or raw.split("\\", 1)[0].upper() in HIVES:
            current = normalise_key(raw.strip())
            keys.setdefault(current, {})
            continue
        match = _VALUE_LINE.match(raw.rstrip())
        if current is None or not match:
            continue
        name = match["name"].strip()
        name = "" if name.startswith("(") and name.endswith(")") else name
        keys[current][name.lower()] = RegistryValue(match["type"], _convert(match["type"], match["data"] or ""))
    return keys


_REG_EXPORT_VALUE = re.compile(r'^(?:"(?P<name>(?:[^"\\]|\\.)*)"|(?P<default>@))=(?P<data>.*)$')


def parse_reg_export(text: str) -> dict[str, dict[str, RegistryValue]]:
    """Keys and values from a ``.reg`` export (``[HKEY_...]`` headers, ``"Name"=dword:00000001`` lines), the form
    regedit exports and bug reports quote most often."""
    keys: dict[str, dict[str, RegistryValue]] = {}
    current: str | None = None
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = normalise_key(line[1:-1])
            keys.setdefault(current, {})
            continue
        match = _REG_EXPORT_VALUE.match(line)
        if current is None or not match:
            continue
        name = "" if match["default"] else match["name"].replace('\\"', '"').replace("\\\\", "\\")
        data = match["data"]
        if data.startswith('"') and data.endswith('"'):
            value = RegistryValue("REG_SZ", data[1:-1].replace('\\"', '"').replace("\\\\", "\\"))
        elif data.lower().startswith("dword:"):
            value = RegistryValue("REG_DWORD", int(data[6:], 16))
        elif data.lower().startswith("hex:"):
            value = RegistryValue("REG_BINARY", bytes.fromhex(data[4:].replace(",", "").replace("\\", "")))
        elif data.lower().startswith(_QWORD_PREFIXES):
            value = _export_qword(data)
        else:
            value = RegistryValue("REG_UNKNOWN", data)
        keys[current][name.lower()] = value
    return keys


# A QWORD (type 11) in an export: regedit writes its type in hex, ``hex(b):``, and hivex (hivexsh, hivexregedit, used
# on Linux to read a copied hive) in decimal, ``hex(11):``; both give the eight bytes little-endian, as Windows keeps
# them. Type 0x11 does not exist, so the two cannot be confused.
_QWORD_PREFIXES = ("hex(b):", "hex(11):")


def _export_qword(data: str) -> RegistryValue:
    try:
        raw = bytes.fromhex(data.split(":", 1)[1].replace(",", "").replace("\\", "").replace(" ", ""))
    except ValueError:
        return RegistryValue("REG_UNKNOWN", data)
    if len(raw) != 8:
        return RegistryValue("REG_UNKNOWN", data)
    return RegistryValue("REG_QWORD", int.from_bytes(raw, "little"))


def parse_registry_text(text: str) -> dict[str, dict[str, RegistryValue]]:
    """Either form: a ``.reg`` export when any line is a bracketed key, otherwise ``reg query`` output."""
    if any(line.strip().startswith("[HKEY_") for line in text.splitlines()):
        return parse_reg_export(text)
    return parse_reg_query(text)


def _convert(kind: str, data: str) -> int | str | list[str] | bytes:
    if kind in ("REG_DWORD", "REG_QWORD", "REG_DWORD_BIG_ENDIAN"):
        try:
            return int(data, 16) if data.lower().startswith("0x") else int(data)
        except ValueError:
            return data
    if kind == "REG_MULTI_SZ":
        return [part for part in data.split("\\0") if part]
    if kind == "REG_BINARY":
        try:
            return bytes.fromhex(data)
        except ValueError:
            return data
    return data


def read_live(key: str) -> tuple[dict[str, RegistryValue], list[str]] | None:  # pragma: no cover - Windows only
    """The values and subkey names of a key on this Windows computer, or None when the key does not exist (or this
    is not Windows, where there is no registry)."""
    if sys.platform != "win32":
        return None
    import winreg

    from auditor.host import AccessDenied

    hive_name, _, path = key.replace("/", "\\").partition("\\")
    hive_name = HIVES.get(hive_name.upper(), hive_name.upper())
    hive = getattr(winreg, hive_name)
    types = {getattr(winreg, n): n for n in dir(winreg) if n.startswith("REG_") and isinstance(getattr(winreg, n), int)}
    try:
        handle = winreg.OpenKey(hive, path, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        raise AccessDenied(key, "the registry refused") from exc
    with handle:
        values: dict[str, RegistryValue] = {}
        subkeys: list[str] = []
        count_keys, count_values, _ = winreg.QueryInfoKey(handle)
        for i in range(count_values):
            name, data, kind = winreg.EnumValue(handle, i)
            values[name.lower()] = RegistryValue(types.get(kind, str(kind)), data)
        for i in range(count_keys):
            subkeys.append(winreg.EnumKey(handle, i))
    return values, subkeys
