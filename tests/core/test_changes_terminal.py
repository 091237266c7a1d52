"""The terminal report says what changed since the previous scan, in one paragraph under the score."""

from __future__ import annotations

import re

from auditor import cli
from tests.support import FAMILY_LAPTOP, family_laptop_with_firewall_off

SCENARIO = FAMILY_LAPTOP


def paragraph(out: str) -> str:
    """The paragraph under the score, joined back into one line."""
    blocks = out.split("\n\n")
    found = [b for b in blocks if b.startswith(("Since the scan on", "Nothing changed since"))]
    assert len(found) == 1, out
    return " ".join(line.strip() for line in found[0].splitlines())


def test_a_second_scan_says_what_changed_since_the_first(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    data = str(tmp_path / "data")
    assert cli.main(["--data-dir", data, "scan", "--recorded", str(SCENARIO), "--device-only"]) == 0
    first = capsys.readouterr().out
    assert "Since the scan on" not in first and "Nothing changed since" not in first  # nothing before it

    off = str(family_laptop_with_firewall_off(tmp_path))
    assert cli.main(["--data-dir", data, "scan", "--recorded", off, "--device-only"]) == 0
    second = capsys.readouterr().out
    said = paragraph(second)
    assert re.fullmatch(r"Since the scan on \d\d \w\w\w \d{4}, \d\d:\d\d: 1 got worse \(The firewall [^)]*\)\.", said)
    # Under the score, before the first strategy; wrapped to the width like the rest of the report.
    assert second.index("Score: ") < second.index("Since the scan on") < second.index("Secure your devices")
    assert all(len(line) <= 70 for line in second.splitlines() if "Since the scan" in line or "got worse" in line)

    # The saved scan, printed again, says the same; the first scan still has nothing before it.
    assert cli.main(["--data-dir", data, "report"]) == 0
    assert paragraph(capsys.readouterr().out) == said
    assert cli.main(["--data-dir", data, "report", "1"]) == 0
    assert "Since the scan on" not in capsys.readouterr().out


def test_the_same_scan_again_says_nothing_changed(tmp_path, capsys):
    data = str(tmp_path / "data")
    cli.main(["--data-dir", data, "scan", "--recorded", str(SCENARIO), "--device-only"])
    cli.main(["--data-dir", data, "scan", "--recorded", str(SCENARIO), "--device-only", "--no-save"])
    assert paragraph(capsys.readouterr().out).startswith("Nothing changed since the scan on ")
