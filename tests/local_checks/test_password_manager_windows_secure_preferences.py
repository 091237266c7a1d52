"""password-manager on Windows: Chrome keeps extension on/off state in "Secure Preferences" (issue 10).

Chromium enforces its protected settings on Windows and macOS, so extension settings are written to the profile's
"Secure Preferences" there, and to "Preferences" on Linux and on a domain-joined Windows
(chrome/browser/prefs/chrome_pref_service_factory.cc, GetSettingsEnforcementGroup; read in the youtube/cobalt copy of
Chromium at commit f7c174f1a4ffa7275109889946ed897f24b9ea2b).

unverified: no Secure Preferences file recorded on a real Windows machine was found. The files placed under that
name here are the real preference files Chromium 150 wrote (fixtures/linux/browsers/, see its SOURCES.toml): the
extensions.settings entries have the same shape in either file, so only their place is made up.
"""

import json

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.common.browser_profiles import windows_folders as _browser_folders
from checks.local.password_manager import CHECK
from checks.local.password_manager.browsers import look_at_browsers, readable_extension_states
from checks.local.password_manager.seen import Seen
from tests.support import fixture, run_check

BR = "linux/browsers/"
LOCAL = r"C:\Users\alex\AppData\Local"
ENV = {"LOCALAPPDATA": LOCAL, "APPDATA": r"C:\Users\alex\AppData\Roaming", "ProgramFiles": r"C:\Program Files",
       "ProgramFiles(x86)": r"C:\Program Files (x86)"}
CHROME = LOCAL + r"\Google\Chrome\User Data"
BITWARDEN = "nngceckbapebfimnlniiiahkandclblb"
ON = "chromium150-preferences-bitwarden-key-on.json"
OFF = "chromium150-preferences-bitwarden-key-turned-off.json"


def chrome(preferences: str | None, secure: str | None) -> RecordedHost:
    """A Chrome profile with the Bitwarden extension's folder, and the two files as given (a fixture name, or text
    starting with "{" used as it is)."""
    host = RecordedHost("windows", env=ENV)
    host.add_dir(CHROME + r"\Default")
    host.add_dir(CHROME + rf"\Default\Extensions\{BITWARDEN}")
    for name, content in (("Preferences", preferences), ("Secure Preferences", secure)):
        if content is not None:
            host.add_file(CHROME + rf"\Default\{name}", content if content.startswith("{") else fixture(BR + content))
    return host


def bitwarden_evidence(found) -> str:
    return next(e.seen for e in found.evidence if BITWARDEN in e.looked_at)


def test_a_password_manager_switched_off_in_secure_preferences_does_not_count():
    found = run_check(CHECK, chrome(preferences=ON, secure=OFF))
    assert found.status is not Status.PASS
    assert bitwarden_evidence(found) == "the Bitwarden extension is installed but turned off"


def test_secure_preferences_wins_when_it_says_on():
    found = run_check(CHECK, chrome(preferences=OFF, secure=ON))
    assert found.status is Status.PASS
    assert bitwarden_evidence(found) == "the Bitwarden extension is installed"


def test_preferences_alone_still_decides_as_on_a_domain_joined_windows():
    assert run_check(CHECK, chrome(preferences=OFF, secure=None)).status is not Status.PASS
    assert run_check(CHECK, chrome(preferences=None, secure=OFF)).status is not Status.PASS


def test_a_damaged_secure_preferences_leaves_the_state_unknown_not_on():
    found = run_check(CHECK, chrome(preferences=ON, secure='{"extensions": {"settings": {'))
    assert "whether it is turned on could not be read" in bitwarden_evidence(found)
    assert found.status is Status.PARTIAL  # issue 10: it passed, with the doubt only in the evidence
    assert found.summary == ("A password manager was found, but Homeguard could not read whether it is switched on: "
                             "the Bitwarden extension in Google Chrome (Default profile). Check on the browser's "
                             "Extensions page that it is turned on.")


def test_a_damaged_preferences_does_not_hide_what_secure_preferences_says():
    found = run_check(CHECK, chrome(preferences="{not json", secure=OFF))
    assert bitwarden_evidence(found) == "the Bitwarden extension is installed but turned off"
    assert found.status is not Status.PASS


def test_both_files_are_read_with_the_same_size_limit():
    host = chrome(preferences=ON, secure=OFF)
    limit = len(fixture(BR + OFF).encode()) - 10  # Secure Preferences is cut short at the limit: damaged
    seen = Seen()
    look_at_browsers(host, seen, _browser_folders(host), read_limit=limit)
    note = next(e.seen for e in seen.evidence if BITWARDEN in e.looked_at)
    assert "whether it is turned on could not be read" in note


def test_readable_states_from_the_files_in_order():
    on, off = fixture(BR + ON), fixture(BR + OFF)
    assert readable_extension_states([on, off])[1] is True
    assert readable_extension_states([on, off])[0][BITWARDEN] is False
    assert readable_extension_states([off, on])[0][BITWARDEN] is True
    states, complete = readable_extension_states([off, "{broken"])
    assert states == {} and complete is False  # the later file might have said otherwise
    states, complete = readable_extension_states(["{broken", off])
    assert states[BITWARDEN] is False and complete is False
    assert readable_extension_states([]) == ({}, False)
    # An entry that says neither on nor off counts as on, but never over an earlier file, nor after damage.
    neither = json.dumps({"extensions": {"settings": {BITWARDEN: {"path": "x"}}}})
    assert readable_extension_states([off, neither])[0][BITWARDEN] is False
    assert readable_extension_states([neither])[0][BITWARDEN] is True
    assert BITWARDEN not in readable_extension_states(["{broken", neither])[0]
