"""location-services on Linux: GeoClue's settings file from Debian's own package and real gsettings answers
(tests/fixtures/linux/location-services, with SOURCES.toml). Variants of the real geoclue.conf are made in the
tests with one documented line changed (man geoclue.conf: ``allowed=true|false``), and say so."""

from auditor.host import UserInfo
from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.location_services import CHECK
from checks.local.location_services.linux import CONF, CONF_DIR, GSETTINGS_ARGV, PROGRAMS, allowed_apps
from tests.support import fixture, run_check

FOLDER = "linux/location-services/"
CONF_TEXT = fixture(FOLDER + "geoclue-debian12.conf")


def geoclue(conf: str = CONF_TEXT, *, gnome: str | None = None, running: bool = False) -> RecordedHost:
    host = RecordedHost("linux").add_file(PROGRAMS[0], b"\x7fELF").add_file(CONF, conf)
    if gnome is not None:
        host.set_env("XDG_CURRENT_DESKTOP", "GNOME")
        host.add_command(list(GSETTINGS_ARGV), fixture(FOLDER + gnome))
    if running:
        host.add_process("geoclue", exe="/usr/libexec/geoclue", username="geoclue")
    return host


def test_debian_allows_two_browsers_and_parts_of_the_desktop():
    apps, system = allowed_apps(CONF_TEXT)
    assert apps == ["epiphany", "firefox"]
    assert "gnome-datetime-panel" in system and "org.gnome.Shell" in system
    assert "agent" not in apps and "wifi" not in apps


def test_without_geoclue_the_check_does_not_apply():
    host = RecordedHost("linux")
    found = run_check(CHECK, host)
    assert found.status is Status.NOT_APPLICABLE
    assert "GeoClue is not installed" in found.summary
    assert host.asked == []


def test_gnome_switch_off_passes():
    found = run_check(CHECK, geoclue(gnome="gsettings-location-enabled-default.txt"))
    assert found.status is Status.PASS
    assert "off in Settings" in found.summary
    assert found.desktop == "gnome"


def test_gnome_switch_on_lists_the_apps_let_in_without_asking():
    found = run_check(CHECK, geoclue(gnome="gsettings-location-enabled-true.txt", running=True))
    assert found.status is Status.PASS
    assert "is on in Settings" in found.summary
    assert "web browsers (epiphany, firefox)" in found.summary
    assert any(e.looked_at == "GeoClue running now" and e.seen == "yes" for e in found.evidence)


def test_outside_gnome_gsettings_is_not_asked():
    host = geoclue()
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert host.asked == []
    assert any("starts by itself" in e.seen for e in found.evidence)


def test_no_app_let_in_without_asking():
    # The real file with the two browsers' documented line changed to allowed=false.
    conf = CONF_TEXT.replace("[epiphany]\nallowed=true", "[epiphany]\nallowed=false").replace(
        "[firefox]\nallowed=true", "[firefox]\nallowed=false")
    found = run_check(CHECK, geoclue(conf))
    assert found.status is Status.PASS
    assert "no app is let in without asking" in found.summary


def test_an_app_added_in_conf_d_is_named_for_the_person_to_check():
    host = geoclue().add_file(f"{CONF_DIR}/90-extra.conf", "[tracker-app]\nallowed=true\nsystem=false\n")
    found = run_check(CHECK, host)
    assert found.status is Status.PARTIAL
    assert "let tracker-app see where this computer is without asking you" in found.summary
    assert "firefox" not in found.summary


def test_unreadable_settings_file_is_unknown():
    found = run_check(CHECK, geoclue().deny(CONF))
    assert found.status is Status.UNKNOWN
    assert CONF in found.summary


def test_geoclue_running_is_seen_by_the_name_the_kernel_gives_it():
    report = fixture(FOLDER + "kernel-hung-task-geoclue.txt")
    line = next(line for line in report.splitlines() if "task:" in line and "pid:" in line)
    comm = line.split("task:", 1)[1].split()[0]  # the command name Linux keeps for the process
    pid = int(line.split(" pid:", 1)[1].split()[0])
    assert (comm, pid) == ("geoclue", 2325)
    host = geoclue()
    host.add_process(comm, pid=pid, exe=PROGRAMS[0], username="geoclue")
    found = run_check(CHECK, host)
    assert {e.looked_at: e.seen for e in found.evidence}["GeoClue running now"] == "yes"
    idle = run_check(CHECK, geoclue())
    assert {e.looked_at: e.seen for e in idle.evidence}["GeoClue running now"].startswith("no (it starts by itself")


def test_run_as_root_in_gnome_the_switch_is_not_asked_and_never_called_off():
    # sudo -E keeps XDG_CURRENT_DESKTOP; root's own switch (its default, off) says nothing about the person's
    host = geoclue(gnome="gsettings-location-enabled-default.txt")
    host._user = UserInfo(name="root", home="/root", uid=0, is_admin=True)
    found = run_check(CHECK, host)
    assert tuple(GSETTINGS_ARGV) not in host.asked
    assert "off in Settings" not in found.summary
    assert found.summary.startswith("GeoClue, the location service, is installed")


def test_every_source_switched_off_is_a_pass_saying_so():
    # unverified: Debian's real file with each source's documented "enable=true" turned to false (man geoclue.conf);
    # its apps stay allowed, but GeoClue has no way left to find the location
    off = CONF_TEXT.replace("enable=true", "enable=false")
    assert off.count("enable=false") >= 5
    found = run_check(CHECK, geoclue(off + "\n[gnome-maps]\nallowed=true\n"))
    assert found.status is Status.PASS
    assert "switch off every way it has of finding the location" in found.summary
    # one source left on (Wi-Fi, as a real conf.d file turns it on: public image script lukasgierth/atomic-images)
    wifi_on = geoclue(off + "\n[gnome-maps]\nallowed=true\n").add_file(f"{CONF_DIR}/99-beacondb.conf",
                                                                      "[wifi]\nenable=true\n")
    assert run_check(CHECK, wifi_on).status is Status.PARTIAL


def test_the_static_source_counts_only_with_its_file():
    off = CONF_TEXT.replace("enable=true", "enable=false") + "\n[static-source]\nenable=true\n"
    assert run_check(CHECK, geoclue(off)).summary.startswith("GeoClue, the location service, is installed, but")
    with_file = geoclue(off).add_file("/etc/geolocation", "40.6893129\n-74.0445531\n96\n1.83\n")  # unverified
    assert "switch off every way" not in run_check(CHECK, with_file).summary


def test_a_masked_geoclue_is_switched_off():
    # `sudo systemctl mask geoclue.service` (a real script: maxmilton/dotfiles) makes the unit a link to /dev/null,
    # which reads as empty (modelled here as an empty file)
    host = geoclue(gnome="gsettings-location-enabled-true.txt").add_file("/etc/systemd/system/geoclue.service", "")
    found = run_check(CHECK, host)
    assert found.status is Status.PASS and "masked" in found.summary
    unmasked = geoclue().add_file("/etc/systemd/system/geoclue.service", "[Service]\nUser=geoclue\n")
    assert "masked" not in run_check(CHECK, unmasked).summary
