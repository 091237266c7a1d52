"""guest-account on Linux, against real LightDM settings files and account files made by the real Debian tools."""

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.guest_account import CHECK
from checks.local.guest_account.linux import (
    FIXES,
    LIGHTDM_FILE,
    PASSWD,
    SHADOW,
    guest_accounts,
    guest_script,
    lightdm_bool,
    lightdm_guest,
    merge_lightdm,
    parse_passwd,
    password_state,
    seat_settings,
    shadow_passwords,
)
from tests.support import fixture, run_check

SHARE_D = "/usr/share/lightdm/lightdm.conf.d"
ETC_D = "/etc/lightdm/lightdm.conf.d"
UBUNTU_GUEST_SCRIPT = "/usr/sbin/guest-account"  # where Ubuntu's lightdm package installs it (debian/lightdm.install)
GUEST = "linux/guest"


def lightdm_host(files: dict[str, str], *, script: bool = False, passwd: str = "passwd-debian12-alex",
                 env=None) -> RecordedHost:
    host = RecordedHost("linux", env=env or {})
    for path, name in files.items():
        host.add_file(path, fixture(f"{GUEST}/{name}"))
    if script:
        host.add_file(UBUNTU_GUEST_SCRIPT, b"")  # only its presence matters to LightDM
    host.add_file(PASSWD, fixture(f"{GUEST}/{passwd}"))
    return host


DEBIAN = {f"{SHARE_D}/01_debian.conf": "01_debian.conf-debian12", LIGHTDM_FILE: "lightdm.conf-debian12-default"}
UBUNTU = {f"{SHARE_D}/50-disable-guest.conf": "50-disable-guest.conf-ubuntu",
          f"{SHARE_D}/50-guest-wrapper.conf": "50-guest-wrapper.conf-ubuntu"}


def merged(*names: str):
    return merge_lightdm([(name, fixture(f"{GUEST}/{name}")) for name in names])


# -- the parsers ---------------------------------------------------------------------------------------------------

def test_debian_default_leaves_lightdm_guest_defaults():
    settings, where = merged("01_debian.conf-debian12", "lightdm.conf-debian12-default")
    guest = lightdm_guest(settings, where)
    assert guest.allowed and guest.on_login_screen and not guest.automatic
    assert guest.where == "LightDM's default"
    assert guest_script(settings) == "guest-account"


def test_ubuntu_switches_guests_off_in_its_own_file():
    settings, where = merged("50-disable-guest.conf-ubuntu", "50-guest-wrapper.conf-ubuntu")
    guest = lightdm_guest(settings, where)
    assert not guest.allowed
    assert guest.where == "50-disable-guest.conf-ubuntu"


def test_later_file_wins_and_automatic_guest_is_seen():
    settings, where = merged("50-disable-guest.conf-ubuntu", "50-convidats.conf-communia-kubuntu")
    guest = lightdm_guest(settings, where)
    assert guest.allowed and guest.automatic
    assert guest.where == "50-convidats.conf-communia-kubuntu"


def test_old_seatdefaults_section_counts():
    settings, _where = merged("99-hide-guest-userlogin.conf-walzdev")
    assert seat_settings(settings)["*"]["allow-guest"] == "false"


def test_a_seat_of_its_own_overrides_the_shared_section():
    settings = {"seat:*": {"allow-guest": "false"}, "seat:seat0": {"allow-guest": "true"}}
    assert lightdm_guest(settings, {}).allowed


def test_lightdm_booleans():
    assert lightdm_bool(None, True) is True
    assert lightdm_bool("false", True) is False
    assert lightdm_bool("1", False) is True
    assert lightdm_bool("yes", True) is False  # LightDM reads anything else as false


def test_accounts_parsers():
    entries = parse_passwd(fixture(f"{GUEST}/passwd-debian12-alex-guest"))
    assert len(entries) == 24
    assert [e.name for e in guest_accounts(entries)] == ["guest"]
    assert guest_accounts(parse_passwd(fixture(f"{GUEST}/passwd-debian12-alex"))) == []
    locked = shadow_passwords(fixture(f"{GUEST}/shadow-debian12-guest-locked"))
    empty = shadow_passwords(fixture(f"{GUEST}/shadow-debian12-guest-no-password"))
    with_password = shadow_passwords(fixture(f"{GUEST}/shadow-debian12-guest-password"))
    assert password_state(locked["guest"]) == "locked"
    assert password_state(empty["guest"]) == "none"
    assert password_state(with_password["guest"]) == "set"
    assert password_state(locked["root"]) == "locked"


# -- LightDM ------------------------------------------------------------------------------------------------------

def test_debian_lightdm_without_the_guest_program_passes():
    found = run_check(CHECK, lightdm_host(DEBIAN))
    assert found.status is Status.PASS
    assert any("not installed" in e.seen for e in found.evidence)
    assert found.summary.startswith("No guest account")


def test_ubuntu_with_guest_program_but_guests_switched_off_passes():
    found = run_check(CHECK, lightdm_host(UBUNTU, script=True))
    assert found.status is Status.PASS
    assert any("allow-guest=false" in e.seen and "50-disable-guest.conf" in e.seen for e in found.evidence)


def test_guest_switched_back_on_fails():
    files = {**UBUNTU, LIGHTDM_FILE: "lightdm.conf-cria-sessao-convidado"}
    found = run_check(CHECK, lightdm_host(files, script=True))
    assert found.status is Status.FAIL
    assert "login screen offers a guest session" in found.summary


def test_automatic_guest_session_fails():
    files = {**UBUNTU, f"{ETC_D}/50-convidats.conf": "50-convidats.conf-communia-kubuntu"}
    found = run_check(CHECK, lightdm_host(files, script=True, env={"XDG_CURRENT_DESKTOP": "KDE"}))
    assert found.status is Status.FAIL
    assert "by itself" in found.summary
    assert found.desktop == "kde"
    assert CHECK.spec.fix_for("linux", found.desktop) == FIXES["linux:kde"]


def test_guest_hidden_from_the_login_screen_is_partial():
    files = {**DEBIAN, LIGHTDM_FILE: "lightdm.conf-debian12-greeter-hides-guest"}
    found = run_check(CHECK, lightdm_host(files, script=True))
    assert found.status is Status.PARTIAL
    assert "not shown on the login screen" in found.summary


def test_old_section_name_switching_guests_off_passes():
    files = {**DEBIAN, f"{ETC_D}/99-hide-guest-userlogin.conf": "99-hide-guest-userlogin.conf-walzdev"}
    assert run_check(CHECK, lightdm_host(files, script=True)).status is Status.PASS


def test_guest_program_given_by_full_path():
    files = {**DEBIAN, LIGHTDM_FILE: "lightdm.conf-debian12-guest-script-path"}
    assert run_check(CHECK, lightdm_host(files, script=True)).status is Status.FAIL
    assert run_check(CHECK, lightdm_host(files, script=False)).status is Status.PASS


def test_lightdm_installed_without_settings_files_uses_its_defaults():
    host = lightdm_host({}, script=True).add_file("/usr/sbin/lightdm", b"")
    found = run_check(CHECK, host)
    assert found.status is Status.FAIL
    assert any("no settings files" in e.looked_at for e in found.evidence)


def test_unreadable_lightdm_files_are_shown():
    host = lightdm_host(DEBIAN).deny(ETC_D).deny(LIGHTDM_FILE)
    found = run_check(CHECK, host)
    assert found.status is Status.PASS  # what could be read allows no guest program
    assert any(e.seen == "not allowed to list it" for e in found.evidence)
    assert any(e.seen == "not allowed to read it" for e in found.evidence)


def test_gdm_is_noted_as_having_no_guests():
    host = lightdm_host({}).add_file("/etc/gdm3/daemon.conf", fixture(f"{GUEST}/gdm3-daemon.conf-debian12-default"))
    found = run_check(CHECK, host)
    assert found.status is Status.PASS
    assert any("no guest sessions" in e.seen for e in found.evidence)


# -- an account called guest --------------------------------------------------------------------------------------

def guest_user_host(shadow: str | None, *, passwd: str = "passwd-debian12-alex-guest") -> RecordedHost:
    host = lightdm_host({}, passwd=passwd)
    if shadow is None:
        host.deny(SHADOW)
    else:
        host.add_file(SHADOW, fixture(f"{GUEST}/{shadow}"))
    return host


def test_guest_account_without_password_fails():
    found = run_check(CHECK, guest_user_host("shadow-debian12-guest-no-password"))
    assert found.status is Status.FAIL
    assert "guest with no password" in found.summary
    assert all("$" not in e.seen for e in found.evidence)  # never shows password fields


def test_locked_guest_account_passes():
    found = run_check(CHECK, guest_user_host("shadow-debian12-guest-locked"))
    assert found.status is Status.PASS
    assert any("locked" in e.seen for e in found.evidence)


def test_guest_account_with_a_password_is_partial():
    found = run_check(CHECK, guest_user_host("shadow-debian12-guest-password"))
    assert found.status is Status.PARTIAL
    assert all("homeguard" not in e.seen for e in found.evidence)


def test_guest_account_without_admin_rights_is_unknown():
    found = run_check(CHECK, guest_user_host(None))
    assert found.status is Status.UNKNOWN
    assert "administrator rights" in found.summary
    assert CHECK.spec.needs_admin("linux")


def test_old_style_empty_password_field_fails_without_reading_shadow():
    host = guest_user_host(None, passwd="passwd-debian12-guest-empty-field")
    assert run_check(CHECK, host).status is Status.FAIL


def test_unreadable_account_list_is_unknown():
    host = RecordedHost("linux").deny(PASSWD)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "/etc/passwd" in found.summary
    assert sum(e.looked_at == PASSWD for e in found.evidence) == 1


def test_missing_account_list_is_unknown():
    found = run_check(CHECK, RecordedHost("linux"))
    assert found.status is Status.UNKNOWN
    assert any(e.seen == "could not be read" for e in found.evidence)


def test_worst_finding_wins_over_a_partial():
    files = {**DEBIAN, LIGHTDM_FILE: "lightdm.conf-debian12-greeter-hides-guest"}
    host = lightdm_host(files, script=True, passwd="passwd-debian12-alex-guest")
    host.add_file(SHADOW, fixture(f"{GUEST}/shadow-debian12-guest-no-password"))
    assert run_check(CHECK, host).status is Status.FAIL


def test_nothing_is_run():
    host = lightdm_host(UBUNTU, script=True)
    run_check(CHECK, host)
    assert host.asked == []


def test_cut_off_passwd_line_is_skipped():
    text = fixture(f"{GUEST}/passwd-debian12-alex-guest")
    last = text.splitlines()[-1]
    assert [e.name for e in parse_passwd(f"{text}{last[:12]}\n")] == [e.name for e in parse_passwd(text)]
