"""``make dist-check``: build the sdist and wheel from a clean copy and prove they are what a packager would accept.

1. Copies what git knows of (committed files plus the working tree's changes and new files, nothing ignored: no
   .venv, no build output) into a temporary folder, so nothing lying around here leaks into the build.
2. Builds the sdist, then the wheel from that sdist (``python -m build``, isolated), and fails on any warning.
3. Looks inside: the wheel carries LICENSE and the icons but no tests; the sdist carries the test fixtures,
   ``checks/manual/FORMAT.md`` and LICENSE; the metadata says ``License-Expression: GPL-3.0-or-later``.
4. Installs the wheel into a fresh virtual environment and runs ``homeguard --version``, ``homeguard checks``
   and ``homeguard-gui --version`` from outside the source folder, and ``homeguard install-desktop-entry`` into a
   temporary $XDG_DATA_HOME.

Too slow for the test suite (it installs PySide6 into the new environment: a minute or more), so it is a make
target. Needs ``build`` in the running Python (``pip install build``) and the package index pip normally uses.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENSE_HEAD = "GNU GENERAL PUBLIC LICENSE"


def run(argv: list[str], **kwargs: object) -> str:
    print("$", " ".join(argv), flush=True)
    done = subprocess.run(argv, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    output = str(done.stdout) + str(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}):\n{output}")
    return output


def clean_copy(target: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is left out, as a commit would
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
            destination.chmod(source.stat().st_mode & 0o777)


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        raise SystemExit(f"dist-check failed: {what}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="homeguard-dist-") as temporary:
        work = Path(temporary)
        source, dist = work / "src", work / "dist"
        clean_copy(source)
        quiet = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}  # else
        # setuptools warns that it cannot byte-compile: a setting of this shell, not of the package
        log = run([sys.executable, "-m", "build", "--outdir", str(dist), str(source)], env=quiet)
        warnings = [line for line in log.splitlines() if re.search(r"warn", line, re.IGNORECASE)]
        check(not warnings, "the build printed no warnings" + ("".join(f"\n    {w}" for w in warnings)))
        wheel = next(dist.glob("homeguard-*.whl"))
        sdist = next(dist.glob("homeguard-*.tar.gz"))

        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
            licence = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
            check(bool(licence) and LICENSE_HEAD in archive.read(licence[0]).decode(), "the wheel carries LICENSE")
        check("License-Expression: GPL-3.0-or-later" in metadata, "License-Expression: GPL-3.0-or-later")
        check("License-File: LICENSE" in metadata, "License-File: LICENSE")
        check(not any(n.startswith("tests/") for n in names), "the wheel carries no tests")
        check("ui/icons/homeguard-48.png" in names and "ui/icons/homeguard.svg" in names, "the wheel has the icons")
        with tarfile.open(sdist) as archive:
            members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
        for needed in ("LICENSE", "checks/manual/FORMAT.md", "tests/fixtures/scenarios/family-laptop.toml",
                       "packaging/linux/org.homeguard.Homeguard.desktop", "packaging/homeguard.1"):
            check(needed in members, f"the sdist carries {needed}")

        venv = work / "venv"
        run([sys.executable, "-m", "venv", str(venv)])
        run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             str(wheel)])
        environment = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
        environment["HOMEGUARD_HOME"] = str(work / "home")
        environment["QT_QPA_PLATFORM"] = "offscreen"
        outside = {"cwd": str(work), "env": environment}
        bin_folder = venv / "bin"
        check(run([str(bin_folder / "homeguard"), "--version"], **outside).strip() == "Homeguard 0.1.0",
              "homeguard --version")
        listing = run([str(bin_folder / "homeguard"), "checks"], **outside)
        check("disk-encryption" in listing, "homeguard checks lists the checks")
        check(run([str(bin_folder / "homeguard-gui"), "--version"], **outside).strip() == "Homeguard 0.1.0",
              "homeguard-gui --version")
        environment["XDG_DATA_HOME"] = str(work / "share")
        run([str(bin_folder / "homeguard"), "install-desktop-entry"], **outside)
        entry = (work / "share" / "applications" / "org.homeguard.Homeguard.desktop").read_text(encoding="utf-8")
        check(f"Exec={bin_folder / 'homeguard-gui'}\n" in entry, "install-desktop-entry names this homeguard-gui")
        check((work / "share/icons/hicolor/48x48/apps/org.homeguard.Homeguard.png").is_file(), "...and its icon")
        print(f"\ndist-check passed: {wheel.name} ({len(names)} files), {sdist.name} ({len(members)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
