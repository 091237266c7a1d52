"""Running a check on damaged content, and the properties each platform's damaged-input test file checks.

A ``Case`` is a computer built from real fixtures by a check's own tests' helpers. It is run once cleanly through a
``DamagingHost`` (damage.py), which lists the sites where the check was handed content; then one site at a time is
damaged and the check run again. ``damaged_run`` fails the test on anything but an honest finding: an exception out
of the check (``run_check`` calls the probe directly, so nothing catches it), a run slow enough to hang a scan, a
status that is not a verdict or "could not tell"/"does not apply", no reason given, or a pass made by damage that
keeps the content's meaning or makes it unreadable where the clean content gave no pass.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.check import Check
from auditor.host_protocol import Host
from auditor.model import Finding, Status
from auditor.recorded import RecordedHost
from auditor.winreg_reader import RegistryValue
from tests.local_checks.damage import (
    HUGE,
    Damage,
    DamagingHost,
    Site,
    damages,
    meaning_kept,
    registry_damage,
    registry_retyped,
    structure,
    wrong_types,
)
from tests.support import run_check

# DAMAGE_EXAMPLES=600 in the environment looks much harder (minutes); the default keeps each file to seconds.
EXAMPLES = settings(max_examples=int(os.environ.get("DAMAGE_EXAMPLES", "25")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
VERDICTS = frozenset({Status.PASS, Status.PARTIAL, Status.FAIL, Status.UNKNOWN, Status.NOT_APPLICABLE})
SLOW_SECONDS = 5.0  # one run on damaged content taking longer than this is a check that could hang a scan


class Case:
    """A recorded computer (built from real fixtures by the check's own tests' helpers) and the check to run.

    ``only_said`` names a part
    of the sites (a path's start) whose content the check reads "where readable" by design: one it cannot read
    must be said in the evidence ("could not read"), and may leave the verdict as it is."""

    def __init__(self, label: str, check: Check, build: Callable[[], Host], *, only_said: str = "") -> None:
        self.label = label
        self.check = check
        self.build = build
        self.only_said = only_said

    def __repr__(self) -> str:  # what hypothesis and pytest show for a failing example
        return f"Case({self.label!r})"


@dataclass(frozen=True)
class Clean:
    finding: Finding
    sites: tuple[Site, ...]
    contents: dict[Site, bytes]  # a file's or an output's clean bytes
    values: dict[Site, dict[str, RegistryValue]]  # a registry key's clean values


_CLEAN: dict[str, Clean] = {}


def clean_run(case: Case) -> Clean:
    """The case run without damage (once per test session), with every site it was handed content from."""
    if case.label not in _CLEAN:
        host = DamagingHost(case.build())
        found = run_check(case.check, cast(RecordedHost, host))
        _CLEAN[case.label] = Clean(found, tuple(host.sites), dict(host.contents), dict(host.values))
    return _CLEAN[case.label]


def damaged_run(case: Case, site: Site, damage: Damage) -> Finding:
    """Run ``case`` with ``damage`` at ``site``; fail the test on anything but an honest finding. An exception out
    of the check's own code fails the test by itself (``run_check`` calls the probe directly)."""
    host = DamagingHost(case.build(), site, damage)
    started = time.monotonic()
    found = run_check(case.check, cast(RecordedHost, host))
    took = time.monotonic() - started
    described = f"{case.label}: {damage!r} at {site}"
    assert took < SLOW_SECONDS, f"{described} took {took:.1f} s"
    assert found.status in VERDICTS, f"{described} gave {found.status}"
    assert isinstance(found.summary, str) and found.summary.strip(), f"{described} gave no reason"
    clean = clean_run(case).finding.status
    if damage.keeps_meaning and case.only_said and site.what[0].startswith(case.only_said):
        said = " ".join(e.seen for e in found.evidence)
        assert found.status is clean or "could not read" in said, f"{described}: not said ({found.summary})"
    elif damage.keeps_meaning and clean is not Status.PASS:
        assert found.status is not Status.PASS, f"{described} turned {clean} into pass: {found.summary}"
    return found


def any_damage(clean: Clean, site: Site) -> st.SearchStrategy[Damage]:
    """Every way the content at ``site`` may be damaged (values of another type for a registry key)."""
    if site.kind == "registry":
        return st.one_of(registry_damage(tuple(clean.values[site])), registry_retyped(clean.values[site]))
    content = clean.contents[site]
    ways = [damages(len(content))]
    deep = structure(content)
    if deep is not None:
        ways += [st.just(deep), wrong_types(content).filter(lambda d: d is not None).map(lambda d: cast(Damage, d))]
    return st.one_of(ways)


# -- the three properties, as each platform's test file runs them ---------------------------------------------------

def any_damage_is_honest(case: Case, data: st.DataObject) -> None:
    """One site, damaged any way: an honest finding (and no pass from a damage that keeps the meaning)."""
    clean = clean_run(case)
    site = data.draw(st.sampled_from(clean.sites), label="site")
    damaged_run(case, site, data.draw(any_damage(clean, site), label="damage"))


def unreadable_never_passes(case: Case, data: st.DataObject) -> None:
    """One file or output made unreadable or re-encoded, or one registry value stored as another type saying the
    same: never a pass where the clean content gave none."""
    clean = clean_run(case)
    site = data.draw(st.sampled_from(clean.sites), label="site")
    damage = registry_retyped(clean.values[site]) if site.kind == "registry" else meaning_kept(clean.contents[site])
    damaged_run(case, site, data.draw(damage, label="damage"))


def huge_is_honest(case: Case) -> None:
    """Every file and output in turn written over and over up to the Host's cap."""
    for site in clean_run(case).sites:
        if site.kind != "registry":
            damaged_run(case, site, HUGE)


def not_passing(cases: Sequence[Case]) -> list[Case]:
    return [case for case in cases if clean_run(case).finding.status is not Status.PASS]


def property_tests(cases: Sequence[Case]) -> tuple[Callable[..., None], ...]:
    """The four tests each platform's file runs on its cases, made once here: the file assigns them to its own
    ``test_`` names, so pytest reports them under that file."""

    @pytest.mark.parametrize("case", cases, ids=repr)
    def handed_real_content(case: Case) -> None:
        """The properties below mean something only where the check was handed content to damage."""
        assert clean_run(case).sites, f"{case.label}: the check read nothing"

    @pytest.mark.parametrize("case", cases, ids=repr)
    @EXAMPLES
    @given(data=st.data())
    def damaged_content_is_honest(case: Case, data: st.DataObject) -> None:
        any_damage_is_honest(case, data)

    @pytest.mark.parametrize("case", not_passing(cases), ids=repr)
    @EXAMPLES
    @given(data=st.data())
    def unreadable_content_never_passes(case: Case, data: st.DataObject) -> None:
        unreadable_never_passes(case, data)

    @pytest.mark.parametrize("case", cases, ids=repr)
    def content_up_to_the_cap_is_honest(case: Case) -> None:
        huge_is_honest(case)

    return handed_real_content, damaged_content_is_honest, unreadable_content_never_passes, \
        content_up_to_the_cap_is_honest
