"""auto-login: nobody is signed in automatically when the computer starts."""

from auditor.check import Check
from auditor.model import CheckSpec, Fix, Severity

from . import linux

SPEC = CheckSpec(
    id="auto-login",
    title="Nobody is signed in automatically",
    strategy="secure-devices",
    severity=Severity.HIGH,
    platforms=("linux",),
    why=(
        "When a computer signs someone in by itself, anyone who switches it on gets straight into that person's "
        "messages, photos and accounts. Asking for a password at start-up keeps them private."
    ),
    looks_at={
        "linux": (
            "The settings of each login manager that has any: GDM (/etc/gdm3/custom.conf, /etc/gdm3/daemon.conf, "
            "/etc/gdm/custom.conf), SDDM (/etc/sddm.conf and its .conf.d folders), LightDM (lightdm.conf and its "
            ".conf.d folders), greetd (/etc/greetd/config.toml), LXDM and nodm; and the text console's getty "
            "settings (/etc/systemd/system/getty@*.service.d/*.conf). Files only: nothing is run."
        ),
    },
    fixes={
        "linux": Fix(
            steps=(
                "GDM: in /etc/gdm3/custom.conf (Debian: /etc/gdm3/daemon.conf; Fedora, Arch: /etc/gdm/custom.conf) "
                "set AutomaticLoginEnable=false and TimedLoginEnable=false, or put # in front of those lines.",
                "SDDM: remove the User= line under [Autologin] in /etc/sddm.conf or /etc/sddm.conf.d/*.conf.",
                "LightDM: remove autologin-user= (and autologin-guest=true) from /etc/lightdm/lightdm.conf and "
                "/etc/lightdm/lightdm.conf.d/*.conf.",
                "greetd: remove the [initial_session] section from /etc/greetd/config.toml.",
                "Text console: delete the getty override that adds --autologin "
                "(/etc/systemd/system/getty@tty1.service.d/*.conf).",
                "These files belong to the system, so changing them needs an administrator. Restart the computer "
                "afterwards and check that it asks for a password.",
            ),
        ),
        "linux:gnome": Fix(
            steps=(
                "Open Settings, choose System, then Users (on GNOME 45 and older, Users is its own page).",
                "Unlock with your password, choose the account and turn off Automatic Login.",
            ),
            settings_command=("gnome-control-center", "system", "users"),
            more_info="https://help.gnome.org/users/gnome-help/stable/user-autologin.html",
        ),
        "linux:kde": Fix(
            steps=(
                "Open System Settings and choose Login Screen (SDDM).",
                "Click Behavior, untick \u201cAutomatically log in\u201d, then Apply and enter your password.",
            ),
            settings_command=("systemsettings", "kcm_sddm"),
        ),
    },
    timeout=10.0,
)

CHECK = Check(SPEC, {"linux": linux.probe})
