"""A terminal scan imports only what it uses: each module imported for nothing adds to every scan's wall time
(issue 13's target: the scan stays within its slowest probe + 0.3 s), so the ones that crept in before are held off.

A whole ``python -m auditor scan`` runs in a child with ``-X importtime``, on a recorded machine, saving to a
temporary history, so what it imports is what a person's scan imports.
"""

import os
import subprocess
import sys

from tests.support import FIXTURES

SCENARIO = str(FIXTURES / "scenarios" / "family-laptop.toml")


def imported_by_a_scan(tmp_path, *extra):
    env = {**os.environ, "HOMEGUARD_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "auditor", "scan", "--recorded", SCENARIO,
                           "--json", "--device-only", *extra], capture_output=True, text=True, env=env, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_a_saved_scan_without_a_shared_folder_leaves_the_folder_code_unimported(tmp_path):
    assert "uuid" in imported_by_a_scan(tmp_path)  # the data folder's first report makes its install id
    modules = imported_by_a_scan(tmp_path)  # every scan after it
    assert "auditor.store" in modules and "auditor.cli_shared_folder" in modules  # it did ask about the folder
    # No folder is set: the reading, writing and checking of reports in one is never loaded.
    assert not {"auditor.shared_folder", "auditor.intake", "auditor.atomic_file"} & modules
    # Nor what only a rare path needs: a broken progress listener (logging), a first install id (uuid).
    assert not {"logging", "uuid"} & modules
