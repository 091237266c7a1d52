"""The registry finds built-ins and plugins the same way, and a broken plugin never stops anything."""

import sys
import textwrap

import pytest

from auditor.model import Status
from auditor.registry import discover, find_entries

BUILTIN_IDS = {
    "auto-login", "automatic-updates", "credential-store", "disk-encryption", "firewall", "os-updates",
    "password-manager", "remote-access", "screen-lock", "ssh-keys",
    "admin-account", "airdrop-receiving", "antivirus", "blank-passwords", "gatekeeper", "guest-account",
    "secure-boot", "smartscreen", "system-integrity", "user-account-control",
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
    from auditor.registry import safe_mode_requested

    monkeypatch.setenv("HOMEGUARD_SAFE_MODE", "1")
    assert safe_mode_requested()
    monkeypatch.setenv("HOMEGUARD_SAFE_MODE", "0")
    assert not safe_mode_requested()
