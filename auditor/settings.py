"""Settings a person can change that alter how checks judge: kept small, typed and validated."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

DEFAULT_SCREEN_LOCK_MINUTES = 15


@dataclass(frozen=True)
class Settings:
    # The longest idle time, in minutes, before the screen locks that still counts as a full pass.
    screen_lock_max_minutes: int = DEFAULT_SCREEN_LOCK_MINUTES
    # Two-letter region code for help contacts (GB, US, AU, CA, IE, EU); empty means "from the system locale".
    region: str = ""
    # Load only the checks that ship with Homeguard (no plugins), in the window and in the terminal alike.
    safe_mode: bool = False

    def __post_init__(self) -> None:
        if not 1 <= int(self.screen_lock_max_minutes) <= 240:
            raise ValueError("the screen-lock threshold must be between 1 and 240 minutes")

    def to_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Settings:
        """Build settings from stored text values, ignoring names this version does not know."""
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, object] = {}
        for name, value in data.items():
            if name not in known:
                continue
            if name == "screen_lock_max_minutes":
                values[name] = int(value)
            elif name == "safe_mode":
                values[name] = str(value).strip().lower() in ("1", "true", "yes", "on")
            else:
                values[name] = str(value)
        try:
            return cls(**values)
        except (TypeError, ValueError):
            return cls()

    def with_value(self, name: str, value: object) -> Settings:
        return replace(self, **{name: value})
