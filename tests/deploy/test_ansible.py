"""The Ansible playbook in deploy/ansible, run for real with ansible-core against this machine (a local connection).

Five inventory hosts stand for five pupils' machines: each is this computer, with its own Homeguard data folder (so
its own install id) and a recorded scan so the run is quick and the same every time. The test proves what a teacher
relies on: every machine's report comes back, the file names say nothing about the machines, and the club summary
is written and valid. The pipx install step is exercised with a stand-in pipx (a real pipx install would download
Homeguard's dependencies, PySide6 among them), which checks the playbook's wiring: the package is copied, pipx is
asked to install it, and the command pipx reports is the one that scans.
"""

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "deploy" / "ansible" / "homeguard.yml"
SUMMARY_SCHEMA = ROOT / "auditor" / "schema" / "club-summary-1.schema.json"
SCENARIO = ROOT / "tests" / "fixtures" / "scenarios" / "family-laptop.toml"
BIN = Path(sys.executable).parent
PUPILS = [f"pupil-laptop-{n:02d}" for n in range(1, 6)]


def _tool(name: str) -> str | None:
    beside = BIN / name
    return str(beside) if beside.exists() else shutil.which(name)


ANSIBLE_PLAYBOOK = _tool("ansible-playbook")
HOMEGUARD = _tool("homeguard")

pytestmark = [
    pytest.mark.skipif(ANSIBLE_PLAYBOOK is None,
                       reason="ansible-playbook is not installed (pip install -e '.[test]' brings ansible-core)"),
    pytest.mark.skipif(HOMEGUARD is None, reason="the homeguard command is not installed (pip install -e .)"),
]


def _inventory(tmp_path: Path, hosts: list[str], **common: Any) -> Path:
    """A YAML inventory (JSON is valid YAML): every host is this machine, each with its own data folder."""
    machines = {
        name: {"homeguard_environment": {"HOMEGUARD_HOME": str(tmp_path / "machines" / name)}} for name in hosts
    }
    inventory = {
        "homeguard_machines": {
            "hosts": machines,
            "vars": {
                "ansible_connection": "local",
                "ansible_python_interpreter": sys.executable,
                "homeguard_scan_extra_args": ["--recorded", str(SCENARIO)],  # tests only: the playbook never does
                **common,
            },
        }
    }
    path = tmp_path / "inventory.yml"
    path.write_text(json.dumps(inventory), encoding="utf-8")
    return path


def _run_playbook(tmp_path: Path, inventory: Path) -> subprocess.CompletedProcess[str]:
    extra = {
        "homeguard_reports_dir": str(tmp_path / "reports"),
        "homeguard_summary_json": str(tmp_path / "out" / "summary.json"),
        "homeguard_summary_html": str(tmp_path / "out" / "summary.html"),
        "homeguard_controller_command": HOMEGUARD,
    }
    env = {
        **os.environ,
        "ANSIBLE_HOME": str(tmp_path / "ansible-home"),  # nothing written to ~/.ansible
        "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-tmp"),
        "ANSIBLE_REMOTE_TEMP": str(tmp_path / "ansible-tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_CONFIG": str(tmp_path / "no-ansible.cfg"),  # a stray ansible.cfg in the working folder is ignored
        "ANSIBLE_FORKS": "5",
    }
    assert ANSIBLE_PLAYBOOK is not None
    proc = subprocess.run(
        [ANSIBLE_PLAYBOOK, "-i", str(inventory), str(PLAYBOOK), "-e", json.dumps(extra)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return proc


def _summary(tmp_path: Path) -> dict[str, Any]:
    summary: dict[str, Any] = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SUMMARY_SCHEMA.read_text(encoding="utf-8"))).validate(summary)
    return summary


def test_playbook_fetches_every_report_anonymously_and_summarises_them(tmp_path):
    inventory = _inventory(tmp_path, PUPILS, homeguard_install=False, homeguard_command=HOMEGUARD)
    _run_playbook(tmp_path, inventory)

    reports = sorted((tmp_path / "reports").iterdir())
    assert len(reports) == len(PUPILS)  # one file per machine: none overwrote another
    identifying = [*PUPILS, "pupil", "localhost", socket.gethostname().lower()]
    for report_file in reports:
        assert not any(word in report_file.name.lower() for word in identifying), report_file.name
        report = json.loads(report_file.read_text(encoding="utf-8"))
        assert report["anonymous"] is True and report["device"]["hostname"] == ""
        assert report_file.stem == report["device"]["install_id"]

    summary = _summary(tmp_path)
    assert summary["reports"] == {"machines": 5, "out_of_date": 0, "set_aside": 0, "refused": 0}
    assert (tmp_path / "out" / "summary.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype")
    for machine in PUPILS:  # the machines' own data folders kept no history (--no-save)
        assert _runs(tmp_path / "machines" / machine) == 0


def _runs(data_dir: Path) -> int:
    if not (data_dir / "homeguard.db").exists():
        return 0
    with closing(sqlite3.connect(data_dir / "homeguard.db")) as db:
        return int(db.execute("select count(*) from runs").fetchone()[0])


def _outcome(output: str, task: str) -> str:
    """What Ansible's default output says a task did on the one host: ok, changed, skipping or failed."""
    found = re.search(rf"TASK \[{re.escape(task)}\] \**\n(\w+):", output)
    assert found, output[-3000:]
    return found.group(1)


FAKE_PIPX = '''\
import sys
from contextlib import closing
from pathlib import Path

log = Path(sys.argv[0]).with_name("pipx.log")
args = sys.argv[1:]
with log.open("a") as out:
    out.write(" ".join(args) + "\\n")
if args[:1] == ["environment"]:
    print(Path(sys.argv[0]).with_name("bin"))
elif args[:1] == ["install"]:
    assert Path(args[-1]).is_file(), "the package was not copied to the machine"
    marker = Path(sys.argv[0]).with_name("installed")
    if marker.exists():
        print("'homeguard' already seems to be installed. Not modifying existing installation.")
    else:
        marker.touch()
        print("  installed package homeguard 0.1.0, installed using Python 3.11")
'''


def test_install_step_copies_the_package_to_pipx_and_a_second_run_changes_nothing(tmp_path):
    pipx_dir = tmp_path / "fake-pipx"
    (pipx_dir / "bin").mkdir(parents=True)
    (pipx_dir / "bin" / "homeguard").symlink_to(HOMEGUARD)
    script = pipx_dir / "pipx"
    script.write_text(f"#!{sys.executable}\n{FAKE_PIPX}", encoding="utf-8")
    script.chmod(0o755)
    package = tmp_path / "homeguard-0.1.0-py3-none-any.whl"
    package.write_bytes(b"stand-in wheel")
    inventory = _inventory(tmp_path, ["pupil-laptop-01"], homeguard_package=str(package), homeguard_pipx=str(script))

    first = _run_playbook(tmp_path, inventory)
    second = _run_playbook(tmp_path, inventory)

    calls = (pipx_dir / "pipx.log").read_text(encoding="utf-8").splitlines()
    installs = [call for call in calls if call.startswith("install ")]
    assert len(installs) == 2 and all(call.endswith("/homeguard-0.1.0-py3-none-any.whl") for call in installs)
    assert "--force" not in calls[0]
    assert _outcome(first.stdout, "Install Homeguard with pipx") == "changed"
    assert _outcome(second.stdout, "Install Homeguard with pipx") == "ok"
    assert len(list((tmp_path / "reports").iterdir())) == 1  # the second run replaced the machine's own report
    assert _summary(tmp_path)["reports"]["refused"] == 0
