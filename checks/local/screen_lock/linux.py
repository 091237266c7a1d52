"""How screen-lock looks on Linux: find the desktop that is really running, read its settings, judge the delay.

Every desktop keeps its lock settings in its own place and its own units. Its reader (``gsettings`` for the GNOME
family, ``kde_xfce`` for KDE Plasma and Xfce, ``idle_tools`` for sway and Hyprland) turns them into one answer, a
``LockPlan``: does the screen lock by itself when nobody uses the computer, and after how long until a password is
needed. This module only chooses the reader by the running desktop, turns its plan into a verdict, and says how to
fix it on each desktop. The readers' parsers stay importable from here, where the tests and the fault-injection
table find them.
"""

from __future__ import annotations

from auditor.check import CheckContext, CouldNotTell, finding
from auditor.model import Evidence, Finding, Fix, Status
from checks.local.common.desktop import find_desktop

from .delay_words import describe_time as describe_time
from .gsettings import cinnamon_plan, gnome_plan, mate_plan
from .gsettings import parse_gsettings_bool as parse_gsettings_bool
from .gsettings import parse_gsettings_number as parse_gsettings_number
from .idle_tools import IdleRule as IdleRule
from .idle_tools import first_lock_rule as first_lock_rule
from .idle_tools import is_locker as is_locker
from .idle_tools import parse_hypridle_config as parse_hypridle_config
from .idle_tools import parse_swayidle_args as parse_swayidle_args
from .idle_tools import parse_swayidle_config as parse_swayidle_config
from .idle_tools import wayland_idle_plan
from .kde_xfce import kde_bool as kde_bool
from .kde_xfce import kde_plan, xfce_plan
from .kde_xfce import parse_xfconf_channel as parse_xfconf_channel
from .lock_plan import LockPlan as LockPlan

READERS = {
    "gnome": gnome_plan,
    "budgie": gnome_plan,
    "cinnamon": cinnamon_plan,
    "mate": mate_plan,
    "kde": kde_plan,
    "xfce": xfce_plan,
    "sway": wayland_idle_plan,
    "hyprland": wayland_idle_plan,
}


def probe(ctx: CheckContext) -> Finding:
    host = ctx.host
    evidence: list[Evidence] = []
    desktop = find_desktop(host)
    evidence.append(Evidence("desktop session", f"{desktop.name} ({desktop.how_found})"))
    if desktop.id is None:
        return finding(Status.NOT_APPLICABLE, "There is no desktop session here, so there is no screen to lock.",
                       evidence)
    reader = READERS.get(desktop.id)
    if reader is None:
        return finding(Status.UNKNOWN, f"Could not tell: Homeguard cannot read the screen lock settings of "
                       f"{desktop.name} yet.", evidence, desktop.id)
    try:
        plan = reader(host, evidence)
    except CouldNotTell as exc:
        return finding(Status.UNKNOWN, f"Could not tell how the screen locks on {desktop.name}: {exc}.",
                       evidence, desktop.id)
    if not plan.locks or plan.seconds is None:
        return finding(Status.FAIL, f"The screen never locks by itself: {plan.why_not}.", evidence, desktop.id)
    limit = ctx.settings.screen_lock_max_minutes
    if plan.seconds <= limit * 60:
        return finding(Status.PASS, f"The screen locks after {describe_time(plan.seconds)} without use.",
                       evidence, desktop.id)
    return finding(Status.PARTIAL, f"The screen locks only after {describe_time(plan.seconds)} without use; "
                   f"{limit} minutes or less is safer.", evidence, desktop.id)


# -- what this check looks at on Linux, and how to fix it here ---------------------------------------------

LOOKS_AT = (
    "Which desktop is running, then that desktop's own lock settings: GNOME, Budgie, Cinnamon and MATE "
    "through `gsettings` (only inside such a session), KDE Plasma's kscreenlockerrc, Xfce's "
    "xfce4-screensaver settings, and for sway or Hyprland the running swayidle or hypridle and its "
    "timeouts. The time counted is until a password is needed."
)

FIXES = {
    "linux": Fix(
        steps=(
            "Open your desktop's settings and look for \u201cScreen Lock\u201d, \u201cScreensaver\u201d or "
            "\u201cPrivacy\u201d.",
            "Turn on locking the screen automatically.",
            "Set it to lock after 5 to 15 minutes without use, and to ask for your password.",
        ),
    ),
    "linux:gnome": Fix(
        steps=(
            "Open Settings and choose Privacy & Security, then Screen Lock (on GNOME 43 and older, Screen Lock "
            "is its own page in Settings).",
            "Set Blank Screen Delay to 5 minutes, turn on Automatic Screen Lock and set its delay to "
            "\u201cScreen Turns Off\u201d.",
        ),
        settings_command=("gnome-control-center", "privacy"),
        more_info="https://help.gnome.org/users/gnome-help/stable/privacy-screen-lock.html",
    ),
    "linux:kde": Fix(
        steps=(
            "Open System Settings and choose Screen Locking.",
            "Tick \u201cLock screen automatically\u201d and set it to 5 minutes.",
            "Keep \u201cAllow unlocking without password\u201d (the grace time) short, a few seconds at most.",
        ),
        settings_command=("systemsettings", "kcm_screenlocker"),
    ),
    "linux:cinnamon": Fix(
        steps=(
            "Open System Settings and choose Screensaver.",
            "Set \u201cDelay before starting the screensaver\u201d to 5 minutes.",
            "Turn on \u201cLock the computer after the screensaver starts\u201d, with a short delay.",
        ),
        settings_command=("cinnamon-settings", "screensaver"),
    ),
    "linux:mate": Fix(
        steps=(
            "Open Control Center, then Screensaver.",
            "Tick \u201cActivate screensaver when computer is idle\u201d and \u201cLock screen when screensaver "
            "is active\u201d.",
            "Set \u201cRegard the computer as idle after\u201d to 5 minutes.",
        ),
        settings_command=("mate-screensaver-preferences",),
    ),
    "linux:xfce": Fix(
        steps=(
            "Install and start Xfce Screensaver (xfce4-screensaver) if it is not there.",
            "Open Settings, then Screensaver: turn the screensaver on and set it to start after 5 minutes.",
            "On the Lock Screen tab, turn on \u201cLock Screen with Screensaver\u201d.",
        ),
        settings_command=("xfce4-screensaver-preferences",),
        more_info="https://docs.xfce.org/apps/xfce4-screensaver/start",
    ),
    "linux:sway": Fix(
        steps=(
            "Make sure swayidle and swaylock are installed.",
            "In your sway config, start swayidle with a timeout that runs the locker, for example: "
            "exec swayidle -w timeout 300 'swaylock -f' before-sleep 'swaylock -f'",
            "Reload sway (or sign out and back in).",
        ),
        more_info="https://github.com/swaywm/swayidle",
    ),
    "linux:hyprland": Fix(
        steps=(
            "Make sure hypridle and hyprlock are installed, and that Hyprland starts hypridle.",
            "In ~/.config/hypr/hypridle.conf, set lock_cmd = pidof hyprlock || hyprlock in the general "
            "section, and add a listener with timeout = 300 and on-timeout = loginctl lock-session.",
            "Restart hypridle (or sign out and back in).",
        ),
        more_info="https://wiki.hyprland.org/Hypr-Ecosystem/hypridle/",
    ),
}
