"""Settings a person can change that alter how checks judge: kept small, typed and validated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

DEFAULT_SCREEN_LOCK_MINUTES = 15
MAX_FOLDER_CHARS = 4_096  # longer than any real path; a stored value past it was not written by Homeguard


@dataclass(frozen=True)
class Settings:
    # The longest idle time, in minutes, before the screen locks that still counts as a full pass.
    screen_lock_max_minutes: int = DEFAULT_SCREEN_LOCK_MINUTES
    # Two-letter region code for help contacts (GB, US, AU, CA, IE, EU); empty means "from the system locale".
    region: str = ""
    # Load only the checks that ship with Homeguard (no plugins), in the window and in the terminal alike.
    safe_mode: bool = False
    # The shared folder (``auditor.shared_folder``) this computer puts its latest report in and reads the family's
    # other computers' reports from; empty means none. A path as the person chose it, never a network address.
    shared_folder: str = ""

    def __post_init__(self) -> None:
        if not 1 <= int(self.screen_lock_max_minutes) <= 240:
            raise ValueError("the screen-lock threshold must be between 1 and 240 minutes")
        if not usable_folder(self.shared_folder):
            raise ValueError("the shared folder must be a folder's path on one line")

    def to_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Settings:
        """Build settings from stored text values, ignoring names this version does not know. A value that makes no
        sense (a threshold that is not a number, or out of range) gives the defaults rather than a crash."""
        default = cls()
        minutes = data.get("screen_lock_max_minutes", default.screen_lock_max_minutes)
        safe = data.get("safe_mode", default.safe_mode)
        folder = str(data.get("shared_folder", default.shared_folder))
        try:
            return cls(screen_lock_max_minutes=int(str(minutes)), region=str(data.get("region", default.region)),
                       safe_mode=str(safe).strip().lower() in ("1", "true", "yes", "on"),
                       shared_folder=folder if usable_folder(folder) else "")  # a bad folder alone is forgotten
        except ValueError:
            return default

    def with_value(self, name: str, value: object) -> Settings:
        """A copy with one setting changed by name (the settings page and the terminal name them). Raises
        ValueError for a value out of range and TypeError for a name that is not a setting."""
        change: dict[str, Any] = {name: value}  # checked by __post_init__, not by the type checker
        return replace(self, **change)


def usable_folder(path: str) -> bool:
    """Whether a stored shared folder can be a folder's path: text on one line, of a sane length ("" is off)."""
    return (isinstance(path, str) and len(path) <= MAX_FOLDER_CHARS
            and not any(ord(ch) < 32 or ord(ch) == 127 for ch in path))
