"""monitoring-software: the products added in the third pass are found by their indicators and judged by their kind.

Covenant Eyes (parental control, Windows), Veyon on Windows (classroom monitoring), REFOG's newer folder under
ProgramData and Perfect Keylogger (keyloggers, Windows), and Spyrix and REFOG Keylogger on the Mac (keyloggers).

Real: the `tasklist /svc` recording from a Windows 10 Pro PC and the `ps -u` recording from a Mac on macOS 26, through
the Windows and macOS tests' own host builders. The products' folders, services and programs are test constructions:
unverified, built from the indicator list (products.toml cites the source of each one), not recorded on a computer
that has them.
"""

from __future__ import annotations

from auditor.model import Status
from checks.local.monitoring_software import CHECK
from checks.local.monitoring_software.catalogue import (
    CATALOGUE_FILE,
    FAMILY_KINDS,
    SPYING_KINDS,
    WORKPLACE_KINDS,
    load_catalogue,
)
from tests.local_checks.test_monitoring_software_macos import mac
from tests.local_checks.test_monitoring_software_windows import pc
from tests.support import run_check

SAFETY_FIRST = "removing it may alert the person who installed it"
SERVICES = r"HKLM\SYSTEM\CurrentControlSet\Services"


def seen_for(finding, product: str) -> str:
    return " ".join(e.seen for e in finding.evidence if e.looked_at.startswith(f"found: {product} ("))


# -- the list itself ---------------------------------------------------------------------------------------------

def test_the_new_products_have_the_kind_that_decides_their_verdict_on_the_right_systems():
    products = {p.id: p for p in load_catalogue().products}
    expected = {
        "covenant-eyes": (FAMILY_KINDS, {"windows"}),
        "spyrix": (SPYING_KINDS, {"macos"}),
        "refog-keylogger-mac": (SPYING_KINDS, {"macos"}),
        "refog-personal-monitor": (SPYING_KINDS, {"windows"}),
        "perfect-keylogger": (SPYING_KINDS, {"windows"}),
        "veyon": (WORKPLACE_KINDS, {"linux", "windows"}),
    }
    for product_id, (kinds, platforms) in expected.items():
        product = products[product_id]
        assert product.kind in kinds, product_id
        assert {i.platform for i in product.indicators} == platforms, product_id
    assert not products["covenant-eyes"].spying and products["spyrix"].spying


def test_the_new_indicators_cite_the_sources_the_header_names():
    products = {p.id: p for p in load_catalogue().products}
    sources = {i.source.id for pid in ("covenant-eyes", "spyrix", "refog-keylogger-mac", "veyon")
               for i in products[pid].indicators}
    assert {"covenanteyes-conflicts", "defender-spyrix-mac", "defender-refog-mac", "lolrmm-veyon"} <= sources
    assert {i.source.licence for i in products["veyon"].on("windows")} == {"Apache-2.0"}
    header = CATALOGUE_FILE.read_text(encoding="utf-8").split("checked = ")[0]
    for said in ("Covenant Eyes' own support pages", "Spyrix and REFOG", "LOLRMM's Veyon entry"):
        assert said in " ".join(header.replace("#", " ").split()), said


def test_names_left_out_on_purpose_are_not_indicators_and_the_header_says_why():
    # authServer.exe is a plain name and "CE" a two-letter folder: neither may ever mean Covenant Eyes.
    values = {i.value.casefold() for p in load_catalogue().products for i in p.indicators}
    assert "authserver.exe" not in values
    assert not any(v.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] == "ce" for v in values)
    header = " ".join(CATALOGUE_FILE.read_text(encoding="utf-8").split("checked = ")[0].replace("#", " ").split())
    assert "authServer.exe (a plain name" in header and '"CE" (two letters' in header
    assert "Phone-only products are not listed" in header and "Boomerang" in header


# -- Windows --------------------------------------------------------------------------------------------------------

def test_covenant_eyes_running_is_parental_control_fine_if_you_set_it_up():
    # unverified: the program's name is one of the six Covenant Eyes' support page lists
    host = pc().add_process("CovenantEyesCommService.exe",
                            exe=r"C:\Program Files\CE\CovenantEyesCommService.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS
    assert "Known monitoring: Covenant Eyes (parental control): fine if you set it up" in finding.summary
    assert "made to watch someone in secret" not in finding.summary
    seen = seen_for(finding, "Covenant Eyes")
    assert "the program CovenantEyesCommService.exe is running" in seen and "Covenant Eyes support" in seen


def test_a_program_merely_called_authserver_is_not_covenant_eyes():
    host = pc().add_process("authServer.exe", exe=r"C:\Program Files\Example\authServer.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PASS and "Covenant Eyes" not in finding.summary


def test_covenant_eyes_beside_a_keylogger_still_fails():
    host = pc().add_process("CovenantEyes.exe").add_file(r"C:\ProgramData\MPK\MPKView.exe", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "REFOG Personal Monitor" in finding.summary and "Also found: Covenant Eyes" in finding.summary
    assert "fine if you set it up" not in finding.summary


def test_veyon_service_on_a_pc_is_classroom_monitoring_partly():
    # unverified: the service name comes from LOLRMM's veyon.yaml
    host = pc().add_registry_value(SERVICES + r"\VeyonService", "Start", "REG_DWORD", 2)
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL
    assert "Work or school monitoring was found: Veyon (classroom monitoring)" in finding.summary
    assert "the service VeyonService is registered" in seen_for(finding, "Veyon (classroom monitoring)")


def test_veyon_folder_and_program_on_a_pc_are_found():
    # unverified: folder and program name from LOLRMM's veyon.yaml
    host = pc().add_dir(r"C:\Program Files\Veyon")
    host.add_process("veyon-worker.exe", exe=r"C:\Program Files\Veyon\veyon-worker.exe")
    finding = run_check(CHECK, host)
    assert finding.status is Status.PARTIAL
    seen = seen_for(finding, "Veyon (classroom monitoring)")
    assert r"C:\Program Files\Veyon exists" in seen and "the program veyon-worker.exe is running" in seen
    assert "LOLRMM: Veyon" in seen


def test_refog_in_its_programdata_folder_fails_with_safety_first_words():
    # unverified: the folder and file names are strings in Microsoft Defender's signature for REFOG Keylogger
    host = pc().add_file(r"C:\ProgramData\MPK\MPK.dll", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "made to watch someone in secret was found: REFOG Personal Monitor" in finding.summary
    assert SAFETY_FIRST in finding.summary
    assert "defender2yara" in seen_for(finding, "REFOG Personal Monitor")


def test_a_programdata_folder_merely_called_mpk_is_not_refog():
    # MPK is a short name: only REFOG's own files inside it may count, never the folder alone.
    host = pc().add_file(r"C:\ProgramData\MPK\settings.ini", "")
    assert run_check(CHECK, host).status is Status.PASS


def test_perfect_keylogger_files_in_its_program_folder_fail():
    # unverified: the folder and file names are strings in Microsoft Defender's signatures for Perfect Keylogger
    host = pc().add_file(r"C:\Program Files (x86)\BPK\bpk.dat", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "made to watch someone in secret was found: Perfect Keylogger" in finding.summary
    assert SAFETY_FIRST in finding.summary
    assert r"C:\Program Files (x86)\BPK\bpk.dat exists" in seen_for(finding, "Perfect Keylogger")


def test_perfect_keylogger_logs_in_the_users_appdata_fail():
    # unverified: %APPDATA%\BPK is a string in Defender's signature; bpkch.dat is one of the file names beside it
    host = pc().add_file(r"C:\Users\alex\AppData\Roaming\BPK\bpkch.dat", "")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL and "Perfect Keylogger" in finding.summary


def test_a_folder_merely_called_bpk_is_not_perfect_keylogger():
    host = pc().add_file(r"C:\Program Files\BPK\readme.txt", "")
    host.add_file(r"C:\Users\alex\AppData\Roaming\BPK\notes.dat", "")
    assert run_check(CHECK, host).status is Status.PASS


# -- macOS ----------------------------------------------------------------------------------------------------------

def test_spyrix_app_in_its_library_folder_fails_with_safety_first_words():
    # unverified: the path is a string in Microsoft Defender's signature for Spyrix on macOS
    host = mac().add_dir("/Library/skm/Spyrix.app")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "made to watch someone in secret was found: Spyrix (Keylogger, Personal Monitor)" in finding.summary
    assert SAFETY_FIRST in finding.summary and "fine if you set it up" not in finding.summary
    seen = seen_for(finding, "Spyrix (Keylogger, Personal Monitor)")
    assert "/Library/skm/Spyrix.app exists" in seen and "211a2ead2f58cbe85f486b4f378529aca398bcca" in seen
    assert CHECK.spec.fixes["macos"].steps[0].startswith("If Homeguard found spying software: please do not")


def test_spyrix_in_its_other_library_folder_fails():
    # unverified: the second path in Defender's Spyrix signatures (beside Actual Keylogger's bundle id)
    host = mac().add_dir("/Library/akm/Spyrix.app")
    assert run_check(CHECK, host).status is Status.FAIL


def test_an_app_merely_named_spyrix_elsewhere_is_not_matched_by_a_path_indicator():
    # Path indicators name one place; a copy in the Downloads folder is not an installed keylogger.
    host = mac().add_dir("/Users/alex/Downloads/Spyrix.app")
    assert run_check(CHECK, host).status is Status.PASS


def test_refog_hidden_folder_on_a_mac_fails():
    # unverified: the folder is a string in Microsoft Defender's signature for REFOG Keylogger on macOS
    host = mac().add_dir("/Library/.Refog")
    finding = run_check(CHECK, host)
    assert finding.status is Status.FAIL
    assert "REFOG Keylogger (Mac)" in finding.summary and SAFETY_FIRST in finding.summary
    assert "/Library/.Refog exists" in seen_for(finding, "REFOG Keylogger (Mac)")


def test_a_mac_lists_the_new_products_among_those_it_knows():
    finding = run_check(CHECK, mac())
    assert finding.status is Status.PASS
    known = {e.looked_at: e.seen for e in finding.evidence}["known products"]
    assert "Spyrix (Keylogger, Personal Monitor)" in known and "REFOG Keylogger (Mac)" in known
    assert "Covenant Eyes" not in known  # listed for Windows only
