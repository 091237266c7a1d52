"""Which desktop session is actually running, found before any desktop setting is trusted.

Tools that ask ``gsettings`` without looking first report GNOME's built-in defaults (lock on, 5 minutes) on
machines with no GNOME at all. So every desktop setting check starts here: the session's own environment
variables, then the desktop's processes owned by this user (for a scan started from a terminal or over SSH,
where the variables are missing). With neither, there is no desktop session and the answer is "does not apply",
never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.host import Host

NAMES = {
    "gnome": "GNOME",
    "kde": "KDE Plasma",
    "cinnamon": "Cinnamon",
    "mate": "MATE",
    "xfce": "Xfce",
    "sway": "sway",
    "hyprland": "Hyprland",
    "budgie": "Budgie",
    "lxqt": "LXQt",
}

# Said where a desktop setting is not read because Homeguard runs as root: sudo keeps DISPLAY and (with -E)
# XDG_CURRENT_DESKTOP, so the session is found, but gsettings then answers root's own settings (its defaults), never
# the person's. Those settings are "could not read", never "off".
AS_ROOT = ("not read: Homeguard runs as the administrator (root), so gsettings answers root's own settings, not "
           "yours")


def reads_roots_own_settings(host: Host) -> bool:
    """Whether a desktop setting asked now would be root's own rather than the person's (see AS_ROOT)."""
    return host.user().uid == 0


# Words in XDG_CURRENT_DESKTOP / XDG_SESSION_DESKTOP / DESKTOP_SESSION, lower-cased, to a desktop id.
# Ubuntu says "ubuntu:GNOME", Pop!_OS "pop:GNOME", Mint "X-Cinnamon", Plasma "KDE".
_ENV_WORDS = {
    "gnome": "gnome", "gnome-classic": "gnome", "gnome-xorg": "gnome", "ubuntu": "gnome", "pop": "gnome",
    "unity": "gnome", "kde": "kde", "plasma": "kde", "plasmawayland": "kde", "plasmax11": "kde",
    "x-cinnamon": "cinnamon", "cinnamon": "cinnamon", "mate": "mate", "xfce": "xfce", "xfce4": "xfce",
    "sway": "sway", "hyprland": "hyprland", "budgie": "budgie", "budgie-desktop": "budgie", "lxqt": "lxqt",
}

# Processes that only run inside that desktop's session.
_PROCESSES = {
    "gnome-shell": "gnome", "plasmashell": "kde", "kwin_wayland": "kde", "kwin_x11": "kde", "ksmserver": "kde",
    "cinnamon": "cinnamon", "cinnamon-session": "cinnamon", "mate-session": "mate", "xfce4-session": "xfce",
    "xfwm4": "xfce", "sway": "sway", "Hyprland": "hyprland", "budgie-wm": "budgie", "lxqt-session": "lxqt",
}


@dataclass(frozen=True)
class Desktop:
    id: str | None  # one of NAMES, "other" for a session we do not know, None for no desktop session
    how_found: str  # what showed it, in words, for the evidence

    @property
    def name(self) -> str:
        if self.id is None:
            return "no desktop session"
        return NAMES.get(self.id, "an unrecognised desktop")


def find_desktop(host: Host) -> Desktop:
    """The desktop session of the user running Homeguard, or ``Desktop(None, ...)`` when there is none."""
    unknown_session = ""  # a desktop variable that is set but names no desktop Homeguard knows
    for variable in ("XDG_CURRENT_DESKTOP", "XDG_SESSION_DESKTOP", "DESKTOP_SESSION"):
        value = host.env(variable) or ""
        for word in value.replace(";", ":").split(":"):
            desktop = _ENV_WORDS.get(word.strip().lower())
            if desktop:
                return Desktop(desktop, f"{variable}={value}")
        if value.strip() and not unknown_session:
            unknown_session = f"{variable}={value}"
    user = host.user().name
    for process in host.processes():
        desktop = _PROCESSES.get(process.name)
        if desktop and (not user or not process.username or process.username == user):
            return Desktop(desktop, f"the {process.name} process is running")
    # Only a desktop session sets these variables: one Homeguard does not recognise is still a session, so its
    # settings are "could not tell", never "there is no screen" (which would read as nothing to worry about).
    if unknown_session:
        return Desktop("other", f"{unknown_session} is set but no known desktop was recognised")
    if host.env("WAYLAND_DISPLAY") or host.env("DISPLAY"):
        shown = (host.env("WAYLAND_DISPLAY") and "WAYLAND_DISPLAY") or "DISPLAY"
        return Desktop("other", f"{shown} is set but no known desktop was recognised")
    session_type = host.env("XDG_SESSION_TYPE") or "not set"
    return Desktop(
        None,
        f"no desktop variables (XDG_CURRENT_DESKTOP, DISPLAY, WAYLAND_DISPLAY) and no desktop processes; "
        f"XDG_SESSION_TYPE is {session_type}",
    )
