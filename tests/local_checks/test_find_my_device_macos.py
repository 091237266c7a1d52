"""find-my-device on macOS: a hardware overview whose Activation Lock line cannot be read.

Every answer here is derived from a real recording in tests/fixtures/macos/find-my-device (see its SOURCES.toml),
changed as each test says and so marked "unverified": the states they stand for (a line missing, a word not known,
another language) have not been seen recorded. The point is that none of them may end in "Find My Mac is off".
"""

from auditor.model import Status
from auditor.recorded import RecordedHost
from checks.local.find_my_device import CHECK
from checks.local.find_my_device.macos import HARDWARE_ARGV, NVRAM_ARGV
from tests.support import fixture, run_check

MAC = "macos/find-my-device/"
DISABLED = MAC + "system-profiler-hardware-m4-mini-disabled.txt"
TOKEN_NOT_FOUND = MAC + "nvram-fmm-token-not-found-edited.txt"


def test_an_apple_chip_without_a_readable_activation_lock_line_is_unknown_not_the_token():
    """Every Mac with Apple silicon has Activation Lock: a missing line means it was not read (another language,
    another wording), not an older Mac, and the firmware token is no fallback there (hidden since macOS 15.6, so it
    would read as "not set" and fail a Mac whose Find My Mac is on)."""
    lines = fixture(DISABLED).splitlines()
    # unverified: the real M4 Mac mini answer with its Activation Lock line taken out
    without = "\n".join(line for line in lines if not line.startswith("Activation Lock")) + "\n"
    host = RecordedHost("macos")
    host.add_command(list(HARDWARE_ARGV), without)
    host.add_command(list(NVRAM_ARGV), stderr=fixture(TOKEN_NOT_FOUND), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Apple chip" in found.summary
    assert host.asked == [HARDWARE_ARGV]


def test_an_activation_lock_word_homeguard_does_not_know_is_unknown():
    # unverified: the real M4 answer with a value no recording shows
    text = fixture(DISABLED).replace("Activation Lock Status: Disabled", "Activation Lock Status: Pending")
    host = RecordedHost("macos")
    host.add_command(list(HARDWARE_ARGV), text)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "Pending" in found.summary and host.asked == [HARDWARE_ARGV]


def test_a_hardware_overview_in_another_language_is_unknown_not_off():
    # unverified: made to the real Intel MacBook Pro answer's layout, its labels in French; system_profiler's labels
    # follow the Mac's language, not the C locale Homeguard runs commands in
    french = ("Matériel :\n\n    Présentation du matériel :\n\n      Nom du modèle : MacBook Pro\n"
              "      Identifiant du modèle : MacBookPro16,1\n      Nom du processeur : Intel Core i7 6 cœurs\n")
    host = RecordedHost("macos")
    host.add_command(list(HARDWARE_ARGV), french)
    host.add_command(list(NVRAM_ARGV), stderr=fixture(TOKEN_NOT_FOUND), returncode=1)
    found = run_check(CHECK, host)
    assert found.status is Status.UNKNOWN
    assert "another language" in found.summary
