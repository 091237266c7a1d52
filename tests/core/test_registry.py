"""The registry finds built-ins and plugins the same way, and a broken plugin never stops anything."""

import sys
import textwrap

import pytest

from auditor.model import Origin, Status
from auditor.registry import discover, find_entries

BUILTIN_IDS = {
    "auto-login", "automatic-updates", "credential-store", "disk-encryption", "firewall", "os-updates",
    "password-manager", "remote-access", "screen-lock", "ssh-keys",
    "admin-account", "airdrop-receiving", "antivirus", "blank-passwords", "gatekeeper", "guest-account",
    "secure-boot", "smartscreen", "system-integrity", "user-account-control",
    "monitoring-software",
    "backups", "sharing",
    "browser-protection",
    "find-my-device", "location-services",
    "password-hints", "xprotect", "tamper-protection", "core-isolation",
    "camera-microphone",
}

GOOD_PLUGIN = '''
from auditor.check import Check
from auditor.model import CheckSpec, Finding, Severity, Status

SPEC = CheckSpec(id="webcam-cover", title="The webcam is covered", strategy="personal-info",
                 severity=Severity.LOW, platforms=("linux",), why="Because.", looks_at={"linux": "nothing"})
CHECK = Check(SPEC, {"linux": lambda ctx: Finding(Status.UNKNOWN, "Could not tell: ask the family.")})
'''


@pytest.fixture
def plugin_dir(tmp_path, monkeypatch):
    """A folder on sys.path where tests install fake plugin distributions, real dist-info and all."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("hgplugin_")]:
        del sys.modules[name]


def install_plugin(root, dist, module, code, entries):
    (root / f"{module}.py").write_text(textwrap.dedent(code))
    info = root / f"{dist.replace('-', '_')}-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2\n")
    lines = "\n".join(f"{name} = {value}" for name, value in entries.items())
    (info / "entry_points.txt").write_text(f"[homeguard.checks]\n{lines}\n")


def test_builtins_are_found_through_entry_points():
    entries = [e for e in find_entries() if e.origin.builtin]
    assert {e.name for e in entries} == BUILTIN_IDS
    assert all(e.origin.distribution.lower() == "homeguard" for e in entries)


def test_a_plugin_is_loaded_and_its_package_recorded(plugin_dir):
    install_plugin(plugin_dir, "homeguard-webcam", "hgplugin_webcam", GOOD_PLUGIN,
                   {"webcam-cover": "hgplugin_webcam:CHECK"})
    registry = discover()
    origins = {check.id: origin for check, origin in registry.checks}
    assert origins["webcam-cover"].distribution == "homeguard-webcam"
    assert origins["webcam-cover"].version == "1.2"
    assert not origins["webcam-cover"].builtin
    ids = [check.id for check, _ in registry.checks]
    assert ids.index("webcam-cover") > max(ids.index(b) for b in BUILTIN_IDS if b in ids)  # built-ins first


def test_safe_mode_loads_only_builtins(plugin_dir):
    install_plugin(plugin_dir, "homeguard-webcam", "hgplugin_webcam", GOOD_PLUGIN,
                   {"webcam-cover": "hgplugin_webcam:CHECK"})
    registry = discover(safe_mode=True)
    assert "webcam-cover" not in [c.id for c, _ in registry.checks]
    assert [e.name for e in registry.skipped_plugins] == ["webcam-cover"]
    assert "hgplugin_webcam" not in sys.modules  # never even imported


def test_a_plugin_that_raises_on_import_is_an_error_row_naming_its_package(plugin_dir):
    install_plugin(plugin_dir, "homeguard-broken", "hgplugin_broken", "raise RuntimeError('oops at import')\n",
                   {"broken-check": "hgplugin_broken:CHECK"})
    registry = discover()
    failure = next(f for f in registry.failures if f.name == "broken-check")
    row = failure.to_result()
    assert row.status is Status.ERROR
    assert "homeguard-broken 1.2" in row.summary
    assert "RuntimeError: oops at import" in row.summary


def test_a_plugin_that_is_not_a_check_or_misnamed_is_refused(plugin_dir):
    install_plugin(plugin_dir, "homeguard-odd", "hgplugin_odd", GOOD_PLUGIN + "\nNOT_A_CHECK = 42\n",
                   {"odd-one": "hgplugin_odd:NOT_A_CHECK", "wrong-name": "hgplugin_odd:CHECK"})
    registry = discover()
    messages = {f.name: f.message for f in registry.failures}
    assert "not a homeguard Check" in messages["odd-one"]
    assert "'webcam-cover'" in messages["wrong-name"]


def test_a_plugin_cannot_take_over_a_builtin_id(plugin_dir):
    code = GOOD_PLUGIN.replace('id="webcam-cover"', 'id="firewall"')
    install_plugin(plugin_dir, "homeguard-impostor", "hgplugin_impostor", code, {"firewall": "hgplugin_impostor:CHECK"})
    registry = discover()
    failure = next(f for f in registry.failures if f.origin.distribution == "homeguard-impostor")
    assert "already used by" in failure.message
    origin = next(o for c, o in registry.checks if c.id == "firewall")
    assert origin.builtin


def test_safe_mode_by_environment(monkeypatch, plugin_dir):
    from auditor.safe_mode import safe_mode_requested

    monkeypatch.setenv("HOMEGUARD_SAFE_MODE", "1")
    assert safe_mode_requested()
    monkeypatch.setenv("HOMEGUARD_SAFE_MODE", "0")
    assert not safe_mode_requested()


# -- each system's part of a check is imported only when something needs it --------------------------------------
PARTS_INIT = '''
from auditor.check import platform_check
from auditor.model import Severity

CHECK = platform_check(__name__, id="webcam-cover", title="The webcam is covered", strategy="personal-info",
                       severity=Severity.LOW, why="Because.")
'''

PART = '''
from auditor.check import finding
from auditor.model import Fix, Status

LOOKS_AT = "the {system} camera settings"
FIXES = {{"{system}": Fix(("Cover the camera on {system}.",))}}
ADMIN_NOTE = "{admin}"


def probe(ctx):
    return finding(Status.PASS, "The camera is covered on {system}.")
'''


def install_parts(root, broken=(), **code):
    """A plugin package built with platform_check, one module per system; ``broken`` ones raise on import."""
    package = root / "hgplugin_parts"
    package.mkdir()
    (package / "__init__.py").write_text(PARTS_INIT)
    for system in ("linux", "macos", "windows"):
        text = PART.format(system=system, admin="admin sees more" if system == "macos" else "")
        if system in broken:
            text = "import hgplugin_no_such_module\n" + text
        (package / f"{system}.py").write_text(code.get(system, text))
    install_plugin(root, "homeguard-parts", "hgplugin_unused", "", {"webcam-cover": "hgplugin_parts:CHECK"})


def webcam(registry):
    return next(check for check, _ in registry.checks if check.id == "webcam-cover")


def test_loading_the_checks_imports_only_the_part_for_the_system_scanned(plugin_dir):
    install_parts(plugin_dir)
    check = webcam(discover(platform="linux"))
    assert "hgplugin_parts.linux" in sys.modules
    assert "hgplugin_parts.macos" not in sys.modules and "hgplugin_parts.windows" not in sys.modules
    assert check.spec.platforms == ("linux", "macos", "windows")  # every system with a module is supported
    # Asking for another system's details imports that system's part, and no other.
    assert check.spec.looks_at["macos"] == "the macos camera settings"
    assert check.spec.needs_admin("macos") and not check.spec.needs_admin("linux")
    assert "hgplugin_parts.windows" not in sys.modules
    assert check.spec.fix_for("windows").steps == ("Cover the camera on windows.",)
    assert dict(check.spec.looks_at) == {s: f"the {s} camera settings" for s in ("linux", "macos", "windows")}


def test_a_scan_does_not_import_the_builtin_checks_for_other_systems():
    import subprocess

    code = ("import sys; from auditor.registry import discover; registry = discover(platform='linux'); "
            "print(len(registry.checks), len(registry.failures)); "
            "print(sorted(m for m in sys.modules if m.endswith(('.macos', '.windows'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [f"{len(BUILTIN_IDS)} 0", "[]"]


# What only the probes of the Linux checks use: imported in their own threads beside the slowest check (the package
# manager), so that loading the checks on the main thread does not hold back the start of the scan.
PROBE_TIME_MODULES = (
    "checks.local.monitoring_software.catalogue", "checks.local.monitoring_software.search",
    "checks.local.monitoring_software.verdict", "checks.local.common.consent_store",
    "checks.local.browser_protection.looking", "checks.local.browser_protection.policies",
    "checks.local.sharing.bluetooth", "checks.local.sharing.cups", "checks.local.sharing.samba",
)


def test_loading_the_checks_leaves_what_only_their_probes_use_for_the_scan():
    import subprocess

    from auditor.recorded import RecordedHost
    from auditor.runner import run_scan

    code = ("import sys; from auditor.registry import discover; registry = discover(platform='linux'); "
            f"print(len(registry.failures), sorted(m for m in {PROBE_TIME_MODULES!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "[]"]
    # ... and the probes still find them: none of these checks is an error row in a scan.
    registry = discover(platform="linux")
    wanted = {"monitoring-software", "camera-microphone", "browser-protection", "sharing"}
    run = run_scan([pair for pair in registry.for_platform("linux") if pair[0].id in wanted], RecordedHost("linux"))
    assert sorted(r.check_id for r in run.results) == sorted(wanted)
    assert all(r.status is not Status.ERROR for r in run.results), [(r.check_id, r.summary) for r in run.results]


def test_a_broken_part_for_another_system_spoils_only_that_systems_listing(plugin_dir):
    from auditor.recorded import RecordedHost
    from auditor.runner import run_scan

    install_parts(plugin_dir, broken=("windows",))
    registry = discover(platform="linux")
    assert not registry.failures  # the scan never sees the Windows part
    run = run_scan(registry.for_platform("linux"), RecordedHost("linux"), failures=registry.failures)
    assert next(r for r in run.results if r.check_id == "webcam-cover").status is Status.PASS

    for listing in (registry.listing("windows"), registry.listing()):
        assert "webcam-cover" not in [check.id for check, _ in listing.checks]
        failure = next(f for f in listing.failures if f.name == "webcam-cover")
        assert "Windows part (hgplugin_parts.windows)" in failure.message
        assert "failed to import: ModuleNotFoundError: No module named 'hgplugin_no_such_module'" in failure.message
        row = failure.to_result()
        assert row.status is Status.ERROR and "homeguard-parts 1.2" in row.summary
    for system in ("linux", "macos"):
        listing = registry.listing(system)
        assert "webcam-cover" in [check.id for check, _ in listing.checks] and not listing.failures
    assert "webcam-cover" in [check.id for check, _ in registry.checks]  # listing never changes the registry


def test_a_display_of_a_broken_part_shows_nothing_and_a_scan_of_it_is_an_error_row(plugin_dir):
    from auditor.recorded import RecordedHost
    from auditor.runner import run_scan

    install_parts(plugin_dir, broken=("windows",))
    check = webcam(discover(platform="linux"))
    assert check.spec.looks_at.get("windows") is None
    assert check.spec.fix_for("windows", "any") is None and not check.spec.needs_admin("windows")
    assert set(check.spec.looks_at) == {"linux", "macos"}
    run = run_scan([(check, Origin("homeguard-parts", "1.2", builtin=False))], RecordedHost("windows"))
    (result,) = run.results
    assert result.status is Status.ERROR and "Windows part (hgplugin_parts.windows)" in result.summary


def test_a_broken_part_for_the_system_scanned_is_a_load_failure(plugin_dir):
    install_parts(plugin_dir, broken=("linux",))
    registry = discover(platform="linux")
    assert "webcam-cover" not in [check.id for check, _ in registry.checks]
    failure = next(f for f in registry.failures if f.name == "webcam-cover")
    assert "Linux part (hgplugin_parts.linux)" in failure.message
    assert "webcam-cover" in [check.id for check, _ in discover(platform="macos").checks]


def test_a_part_may_only_give_fixes_for_its_own_system(plugin_dir):
    stray = PART.format(system="linux", admin="").replace('FIXES = {"linux"', 'FIXES = {"macos"')
    install_parts(plugin_dir, linux=stray)
    failure = next(f for f in discover(platform="linux").failures if f.name == "webcam-cover")
    assert "FIXES names other systems than linux: ['macos']" in failure.message


def test_each_packages_metadata_is_read_once(plugin_dir, monkeypatch):
    from importlib.metadata import PathDistribution

    install_plugin(plugin_dir, "homeguard-many", "hgplugin_many", GOOD_PLUGIN,
                   {f"check-{n}": "hgplugin_many:CHECK" for n in range(3)})
    reads = []
    original = PathDistribution.read_text

    def counting(self, filename):
        if filename == "METADATA":
            reads.append(str(self._path))
        return original(self, filename)

    monkeypatch.setattr(PathDistribution, "read_text", counting)
    entries = find_entries()
    assert {e.origin.version for e in entries if e.name.startswith("check-")} == {"1.2"}
    assert len(reads) == len(set(reads))


def built_in(name: str, value: str):
    from auditor.registry import FoundEntry

    return FoundEntry(name, value, Origin("homeguard", "0.1", f"{name} = {value}", builtin=True))


def test_a_scan_imports_a_built_in_checks_part_only_when_the_check_runs(plugin_dir):
    """The terminal's scan and the window's scan child load the registry this way, so the slowest probe starts
    before the other checks' parts are imported; the part still runs, in the check's own thread."""
    from auditor.recorded import RecordedHost
    from auditor.runner import run_scan

    install_parts(plugin_dir)
    registry = discover(entries=[built_in("webcam-cover", "hgplugin_parts:CHECK")], platform="linux",
                        builtin_parts_now=False)
    assert not registry.failures and "hgplugin_parts.linux" not in sys.modules
    (result,) = run_scan(registry.for_platform("linux"), RecordedHost("linux")).results
    assert result.status is Status.PASS and result.summary == "The camera is covered on linux."
    assert "hgplugin_parts.linux" in sys.modules


def test_a_built_in_part_that_will_not_import_is_that_checks_error_row_in_a_scan(plugin_dir):
    from auditor.recorded import RecordedHost
    from auditor.runner import run_scan

    install_parts(plugin_dir, broken=("linux",))
    registry = discover(entries=[built_in("webcam-cover", "hgplugin_parts:CHECK")], platform="linux",
                        builtin_parts_now=False)
    (result,) = run_scan(registry.for_platform("linux"), RecordedHost("linux")).results
    assert result.status is Status.ERROR and result.check_id == "webcam-cover"
    assert result.summary.startswith("This check could not be loaded: its Linux part (hgplugin_parts.linux) "
                                     "failed to import: ModuleNotFoundError")
    # Loaded the usual way, the same part is a load failure before any check runs.
    failure = next(f for f in discover(entries=[built_in("webcam-cover", "hgplugin_parts:CHECK")],
                                       platform="linux").failures)
    assert "Linux part (hgplugin_parts.linux)" in failure.message


def test_plugins_are_still_imported_before_the_scan_whatever_the_built_ins_do(plugin_dir):
    install_parts(plugin_dir)
    discover(platform="linux", builtin_parts_now=False)
    assert "hgplugin_parts.linux" in sys.modules  # a plugin's import is timed (import_timeout) before the scan
