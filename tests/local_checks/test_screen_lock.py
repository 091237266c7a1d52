"""screen-lock on Linux, against settings recorded from real tools and real files."""

import shlex

from auditor.host import CommandOutcome
from auditor.model import Status
from auditor.recorded import RecordedHost
from auditor.settings import Settings
from checks.local.screen_lock import CHECK
from checks.local.screen_lock.linux import (
    describe_time,
    first_lock_rule,
    parse_gsettings_bool,
    parse_gsettings_number,
    parse_hypridle_config,
    parse_swayidle_args,
    parse_swayidle_config,
    parse_xfconf_channel,
)
from tests.support import fixture, run_check

GS = "linux/gsettings/"
LOCKDOWN = ["gsettings", "get", "org.gnome.desktop.lockdown", "disable-lock-screen"]
LOCK_ENABLED = ["gsettings", "get", "org.gnome.desktop.screensaver", "lock-enabled"]
IDLE_DELAY = ["gsettings", "get", "org.gnome.desktop.session", "idle-delay"]
LOCK_DELAY = ["gsettings", "get", "org.gnome.desktop.screensaver", "lock-delay"]
XFCE_FILE = "/home/alex/.config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml"


def gnome_host(lockdown="default", enabled="default", idle="default", delay="default", env=None) -> RecordedHost:
    host = RecordedHost("linux", env=env if env is not None else {"XDG_CURRENT_DESKTOP": "ubuntu:GNOME"})
    host.add_command(LOCKDOWN, fixture(f"{GS}gnome-disable-lock-screen-{lockdown}.txt"))
    host.add_command(LOCK_ENABLED, fixture(f"{GS}gnome-lock-enabled-{enabled}.txt"))
    host.add_command(IDLE_DELAY, fixture(f"{GS}gnome-idle-delay-{idle}.txt"))
    host.add_command(LOCK_DELAY, fixture(f"{GS}gnome-lock-delay-{delay}.txt"))
    return host


def swayidle_argv(name: str) -> list[str]:
    """The argument list sway's exec (through sh) gives swayidle for a recorded command line."""
    lines = [line for line in fixture(f"linux/swayidle/{name}").splitlines() if not line.lstrip().startswith("#")]
    return shlex.split("\n".join(lines).replace("\\\n", " "))


# -- parsers ------------------------------------------------------------------------------------------------------

def test_gsettings_values_parse_as_printed():
    assert parse_gsettings_number(fixture(f"{GS}gnome-idle-delay-default.txt")) == 300
    assert parse_gsettings_number(fixture(f"{GS}mate-idle-delay-default.txt")) == 5
    assert parse_gsettings_bool(fixture(f"{GS}gnome-lock-enabled-false.txt")) is False
    assert parse_gsettings_bool("uint32 5") is None
    assert parse_gsettings_number("true") is None


def test_xfconf_channel_flattens_nested_properties():
    values = parse_xfconf_channel(fixture("linux/xfce/xfce4-screensaver-partial.xml"))
    assert values == {
        "/saver/idle-activation/delay": "10", "/lock/saver-activation/delay": "20", "/lock/enabled": "true",
    }


def test_swayidle_arguments_from_the_man_page_example():
    rules, events = parse_swayidle_args(swayidle_argv("swayidle-manpage-example.txt")[1:])
    assert [(r.seconds, r.command) for r in rules] == [(300, "swaylock -f -c 000000"),
                                                      (600, 'swaymsg "output * dpms off"')]
    assert events == {"before-sleep": "swaylock -f -c 000000"}
    assert first_lock_rule(rules, "").seconds == 300


def test_swayidle_config_file_reads_the_same_events():
    rules, events = parse_swayidle_config(fixture("linux/swayidle/config-from-manpage-example.txt"))
    assert [r.seconds for r in rules] == [300, 600]
    assert "before-sleep" in events


def test_hypridle_listeners_and_lock_command():
    rules, general = parse_hypridle_config(fixture("linux/hypridle/hypridle-lock-session-600.conf"))
    assert [(r.seconds, r.command) for r in rules] == [(600, "loginctl lock-session")]
    assert first_lock_rule(rules, general["lock_cmd"]).seconds == 600
    assert first_lock_rule(rules, "") is None  # lock-session alone locks nothing without a lock command


def test_times_are_said_in_plain_words():
    assert describe_time(300) == "5 minutes"
    assert describe_time(60) == "1 minute"
    assert describe_time(45) == "45 seconds"
    assert describe_time(610) == "about 10 minutes"
    # One wording on every system: hours on Linux and Windows too, and a near-whole hour rounds up, not to "60 minutes".
    assert describe_time(30000) == "8 hours and 20 minutes"
    assert describe_time(3 * 3600 - 10) == "3 hours"
    assert describe_time(float("inf")) == "never"


# -- no desktop, unknown desktops ---------------------------------------------------------------------------------

def test_no_desktop_session_does_not_apply_and_runs_nothing():
    host = RecordedHost("linux", env={})
    found = run_check(CHECK, host)
    assert found.status is Status.NOT_APPLICABLE
    assert "no desktop session" in found.summary
    assert host.asked == []  # gsettings would only have printed its defaults


def test_desktop_homeguard_cannot_read_is_unknown():
    found = run_check(CHECK, RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "LXQt"}))
    assert found.status is Status.UNKNOWN
    assert "LXQt" in found.summary


# -- GNOME ----------------------------------------------------------------------------------------------------------

def test_gnome_defaults_lock_after_five_minutes():
    found = run_check(CHECK, gnome_host())
    assert found.status is Status.PASS
    assert found.summary == "The screen locks after 5 minutes without use."
    assert found.desktop == "gnome"


def test_gnome_found_by_its_process_is_read_too():
    host = gnome_host(env={})
    host.add_process("gnome-shell", username="alex")
    assert run_check(CHECK, host).status is Status.PASS


def test_gnome_idle_plus_lock_delay_over_the_threshold_is_partial():
    found = run_check(CHECK, gnome_host(idle="900", delay="300"))
    assert found.status is Status.PARTIAL
    assert "20 minutes" in found.summary


def test_threshold_comes_from_settings():
    found = run_check(CHECK, gnome_host(idle="900", delay="300"), Settings(screen_lock_max_minutes=30))
    assert found.status is Status.PASS


def test_gnome_lock_off_fails():
    found = run_check(CHECK, gnome_host(enabled="false"))
    assert found.status is Status.FAIL
    assert "turned off" in found.summary


def test_gnome_never_blanking_fails():
    found = run_check(CHECK, gnome_host(idle="0"))
    assert found.status is Status.FAIL
    assert "never" in found.summary


def test_gnome_lock_screen_disabled_by_lockdown_fails():
    found = run_check(CHECK, gnome_host(lockdown="true"))
    assert found.status is Status.FAIL
    assert "disable-lock-screen" in found.summary


def test_gsettings_missing_is_unknown():
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "GNOME"})
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not installed" in found.summary


def test_gsettings_timeout_is_unknown():
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "GNOME"})
    host.add_command(LOCKDOWN, outcome=CommandOutcome.TIMEOUT)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_gsettings_output_not_understood_is_unknown():
    host = gnome_host()
    host.add_command(IDLE_DELAY, fixture(f"{GS}gnome-lock-enabled-default.txt"))  # "true" where a number belongs
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not a number" in found.summary


# -- Cinnamon and MATE -------------------------------------------------------------------------------------------

def cinnamon_host(enabled="default", idle="default") -> RecordedHost:
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "X-Cinnamon"})
    host.add_command(["gsettings", "get", "org.cinnamon.desktop.screensaver", "lock-enabled"],
                     fixture(f"{GS}cinnamon-lock-enabled-{enabled}.txt"))
    host.add_command(["gsettings", "get", "org.cinnamon.desktop.session", "idle-delay"],
                     fixture(f"{GS}cinnamon-idle-delay-{idle}.txt"))
    host.add_command(["gsettings", "get", "org.cinnamon.desktop.screensaver", "lock-delay"],
                     fixture(f"{GS}cinnamon-lock-delay-default.txt"))
    return host


def test_cinnamon_defaults_lock_at_fifteen_minutes_which_passes():
    found = run_check(CHECK, cinnamon_host())
    assert found.status is Status.PASS
    assert "15 minutes" in found.summary


def test_cinnamon_half_an_hour_is_partial():
    assert run_check(CHECK, cinnamon_host(idle="1800")).status is Status.PARTIAL


def test_cinnamon_lock_off_fails():
    assert run_check(CHECK, cinnamon_host(enabled="false")).status is Status.FAIL


def test_cinnamon_schema_missing_is_unknown_with_the_reason():
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "X-Cinnamon"})
    host.add_command(["gsettings", "get", "org.cinnamon.desktop.screensaver", "lock-enabled"],
                     stderr=fixture(f"{GS}no-such-schema-cinnamon-stderr.txt"), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "No such schema" in found.summary


def mate_host(activation="default", idle="default") -> RecordedHost:
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "MATE"})
    host.add_command(["gsettings", "get", "org.mate.screensaver", "idle-activation-enabled"],
                     fixture(f"{GS}mate-idle-activation-enabled-{activation}.txt"))
    host.add_command(["gsettings", "get", "org.mate.screensaver", "lock-enabled"],
                     fixture(f"{GS}mate-lock-enabled-default.txt"))
    host.add_command(["gsettings", "get", "org.mate.session", "idle-delay"], fixture(f"{GS}mate-idle-delay-{idle}.txt"))
    host.add_command(["gsettings", "get", "org.mate.screensaver", "lock-delay"],
                     fixture(f"{GS}mate-lock-delay-default.txt"))
    return host


def test_mate_defaults_in_minutes_pass():
    found = run_check(CHECK, mate_host())
    assert found.status is Status.PASS
    assert "5 minutes" in found.summary


def test_mate_thirty_minutes_is_partial():
    assert run_check(CHECK, mate_host(idle="30")).status is Status.PARTIAL


def test_mate_screensaver_never_starting_fails():
    found = run_check(CHECK, mate_host(activation="false"))
    assert found.status is Status.FAIL
    assert "never" in found.summary


# -- KDE Plasma ---------------------------------------------------------------------------------------------------

def kde_host(name: str | None) -> RecordedHost:
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "KDE"})
    if name:
        host.add_file("~/.config/kscreenlockerrc", fixture(f"linux/kscreenlocker/{name}"))
    return host


def test_kde_without_a_settings_file_uses_kde_defaults():
    host = kde_host(None)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert found.summary == "The screen locks after about 5 minutes without use."
    assert host.asked == []  # read from files, nothing run


def test_kde_autolock_off_fails():
    found = run_check(CHECK, kde_host("kscreenlockerrc-autolock-off.txt"))
    assert found.status is Status.FAIL
    assert "Lock screen automatically" in found.summary


def test_kde_ten_minutes_passes():
    found = run_check(CHECK, kde_host("kscreenlockerrc-autolock-on-modified.txt"))
    assert found.status is Status.PASS
    assert "about 10 minutes" in found.summary


def test_kde_grace_time_counts_towards_the_lock():
    found = run_check(CHECK, kde_host("kscreenlockerrc-timeout15-grace300.txt"))
    assert found.status is Status.PARTIAL  # locks at 15 minutes, but no password is needed for 5 more
    assert "20 minutes" in found.summary


def test_kde_system_file_is_overridden_by_the_users():
    host = kde_host("kscreenlockerrc-autolock-on-modified.txt")
    host.add_file("/etc/xdg/kscreenlockerrc", fixture("linux/kscreenlocker/kscreenlockerrc-autolock-off.txt"))
    assert run_check(CHECK, host).status is Status.PASS


def test_kde_settings_file_not_readable_is_unknown():
    host = kde_host(None)
    host.deny("~/.config/kscreenlockerrc")
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not allowed" in found.summary


def test_kde_timeout_not_a_number_is_unknown():
    host = kde_host(None)
    text = fixture("linux/kscreenlocker/kscreenlockerrc-timeout15-grace300.txt")
    host.add_file("~/.config/kscreenlockerrc", text.replace("Timeout=15", "Timeout=x"))
    assert run_check(CHECK, host).status is Status.UNKNOWN


# -- Xfce -----------------------------------------------------------------------------------------------------------

def xfce_host(name: str | None, locker: str | None = "xfce4-screensaver") -> RecordedHost:
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "XFCE"})
    if locker:
        host.add_process(locker, username="alex")
    if name:
        host.add_file(XFCE_FILE, fixture(f"linux/xfce/{name}"))
    return host


def test_xfce_screensaver_with_defaults_passes():
    found = run_check(CHECK, xfce_host(None))
    assert found.status is Status.PASS
    assert "5 minutes" in found.summary


def test_xfce_three_minutes_passes():
    assert "3 minutes" in run_check(CHECK, xfce_host("xfce4-screensaver-pass3.xml")).summary


def test_xfce_idle_plus_lock_delay_is_partial():
    found = run_check(CHECK, xfce_host("xfce4-screensaver-partial.xml"))
    assert found.status is Status.PARTIAL
    assert "30 minutes" in found.summary


def test_xfce_lock_off_fails():
    assert run_check(CHECK, xfce_host("xfce4-screensaver-lockoff.xml")).status is Status.FAIL


def test_xfce_screensaver_never_starting_fails():
    found = run_check(CHECK, xfce_host("xfce4-screensaver-idleoff.xml"))
    assert found.status is Status.FAIL
    assert "never" in found.summary


def test_xfce_without_any_locker_running_fails():
    found = run_check(CHECK, xfce_host(None, locker=None))
    assert found.status is Status.FAIL
    assert "no screen locker is running" in found.summary


def test_xfce_with_light_locker_is_unknown():
    found = run_check(CHECK, xfce_host(None, locker="light-locker"))
    assert found.status is Status.UNKNOWN
    assert "light-locker" in found.summary


def test_xfce_settings_file_broken_is_unknown():
    host = xfce_host(None)
    host.add_file(XFCE_FILE, fixture("linux/xfce/xfce4-screensaver-partial.xml")[:120])
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "could not be understood" in found.summary


def test_xfce_settings_file_not_readable_is_unknown():
    host = xfce_host(None)
    host.deny(XFCE_FILE)
    assert run_check(CHECK, host).status is Status.UNKNOWN


# -- sway and Hyprland ---------------------------------------------------------------------------------------------

def sway_host(argv: list[str] | None, desktop: str = "sway") -> RecordedHost:
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": desktop})
    if argv:
        host.add_process("swayidle", cmdline=argv, username="alex")
    return host


def test_sway_with_the_man_page_swayidle_passes():
    found = run_check(CHECK, sway_host(swayidle_argv("swayidle-manpage-example.txt")))
    assert found.status is Status.PASS
    assert "5 minutes" in found.summary


def test_swayidle_with_waylock_after_half_an_hour_is_partial():
    found = run_check(CHECK, sway_host(swayidle_argv("swayidle-waylock-1800.txt"), "Hyprland"))
    assert found.status is Status.PARTIAL
    assert "30 minutes" in found.summary


def test_swayidle_under_hyprland_passes():
    found = run_check(CHECK, sway_host(swayidle_argv("swayidle-issue159-hyprland.txt"), "Hyprland"))
    assert found.status is Status.PASS
    assert found.desktop == "hyprland"


def test_swayidle_locking_only_before_sleep_fails():
    found = run_check(CHECK, sway_host(swayidle_argv("swayidle-no-idle-lock-modified.txt")))
    assert found.status is Status.FAIL
    assert "before the computer sleeps" in found.summary


def test_swayidle_without_arguments_reads_its_config_file():
    host = sway_host(["swayidle", "-w"])
    host.add_file("~/.config/swayidle/config", fixture("linux/swayidle/config-from-manpage-example.txt"))
    assert run_check(CHECK, host).status is Status.PASS


def test_swayidle_without_arguments_or_config_fails():
    found = run_check(CHECK, sway_host(["swayidle", "-w"]))
    assert found.status is Status.FAIL
    assert "none of its timeouts" in found.summary


def test_sway_without_an_idle_tool_fails():
    found = run_check(CHECK, sway_host(None))
    assert found.status is Status.FAIL
    assert "swayidle or hypridle" in found.summary


def hypr_host(name: str | None) -> RecordedHost:
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "Hyprland"})
    host.add_process("hypridle", cmdline=["hypridle"], username="alex")
    if name:
        host.add_file("~/.config/hypr/hypridle.conf", fixture(f"linux/hypridle/{name}"))
    return host


def test_hypridle_locking_after_ten_minutes_passes():
    found = run_check(CHECK, hypr_host("hypridle-lock-session-600.conf"))
    assert found.status is Status.PASS
    assert "10 minutes" in found.summary


def test_hypridle_that_only_notifies_fails():
    found = run_check(CHECK, hypr_host("hypridle-readme-notify.conf"))
    assert found.status is Status.FAIL
    assert "hypridle" in found.summary


def test_hypridle_config_given_with_c_is_read():
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "Hyprland"})
    host.add_process("hypridle", cmdline=["hypridle", "-c", "/home/alex/idle.conf"], username="alex")
    host.add_file("/home/alex/idle.conf", fixture("linux/hypridle/hypridle-lock-session-600.conf"))
    assert run_check(CHECK, host).status is Status.PASS


def test_hypridle_without_its_config_is_unknown():
    found = run_check(CHECK, hypr_host(None))
    assert found.status is Status.UNKNOWN
    assert "hypridle.conf" in found.summary


def test_other_users_idle_tools_do_not_count():
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "sway"})
    host.add_process("swayidle", cmdline=swayidle_argv("swayidle-manpage-example.txt"), username="sam")
    assert run_check(CHECK, host).status is Status.FAIL


# -- the remaining ways a desktop can say "never" or be misread ----------------------------------------------------

def test_cinnamon_screensaver_never_starting_fails():
    found = run_check(CHECK, cinnamon_host(idle="0"))
    assert found.status is Status.FAIL
    assert "never to start" in found.summary


def test_mate_idle_delay_never_fails():
    assert run_check(CHECK, mate_host(idle="0")).status is Status.FAIL


def test_mate_lock_off_fails():
    host = mate_host()
    host.add_command(["gsettings", "get", "org.mate.screensaver", "lock-enabled"],
                     fixture(f"{GS}mate-lock-enabled-false.txt"))
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert "turned off" in found.summary


def test_gsettings_boolean_not_understood_is_unknown():
    host = gnome_host()
    host.add_command(LOCKDOWN, fixture(f"{GS}gnome-idle-delay-default.txt"))  # a number where true/false belongs
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "not true or false" in found.summary


def test_xfce_delay_not_a_number_is_unknown():
    host = xfce_host(None)
    text = fixture("linux/xfce/xfce4-screensaver-partial.xml").replace('value="10"', 'value="ten"')
    host.add_file(XFCE_FILE, text)
    assert run_check(CHECK, host).status is Status.UNKNOWN


def test_swayidle_config_given_with_capital_c_is_read():
    host = sway_host(["swayidle", "-w", "-C", "/home/alex/idle"])
    host.add_file("/home/alex/idle", fixture("linux/swayidle/config-from-manpage-example.txt"))
    assert run_check(CHECK, host).status is Status.PASS


def test_hypridle_config_given_with_long_option_is_read():
    host = RecordedHost("linux", env={"XDG_CURRENT_DESKTOP": "Hyprland"})
    host.add_process("hypridle", cmdline=["hypridle", "--config", "/home/alex/i.conf"], username="alex")
    host.add_file("/home/alex/i.conf", fixture("linux/hypridle/hypridle-readme-notify.conf"))
    assert run_check(CHECK, host).status is Status.FAIL
