"""screen-lock: the screen locks by itself, soon, when nobody is using the computer."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

SPEC = CheckSpec(
    id="screen-lock",
    title="The screen locks when you step away",
    strategy="secure-devices",
    severity=Severity.HIGH,
    platforms=("linux",),
    why=(
        "A computer left open is an open door to your messages, photos and accounts. If the screen locks by "
        "itself after a few minutes, nobody can look through it or send something in your name while you are away."
    ),
    looks_at={
        "linux": (
            "Which desktop is running, then that desktop's own lock settings: GNOME, Budgie, Cinnamon and MATE "
            "through `gsettings` (only inside such a session), KDE Plasma's kscreenlockerrc, Xfce's "
            "xfce4-screensaver settings, and for sway or Hyprland the running swayidle or hypridle and its "
            "timeouts. The time counted is until a password is needed."
        ),
    },
    fixes={
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
    },
    timeout=20.0,
)

CHECK = Check(SPEC, {"linux": linux.probe})
