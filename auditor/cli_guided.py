"""The household's guided answers for a terminal scan, made ready while the checks run.

A terminal scan scores the computer and the people's answers together. Reading the content packs, and importing
what turns the scan into a report, takes longer than most checks; done after the scan it would add to every scan's
wall time, so it is done beside the slowest probe instead.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.model import ScanRun
    from auditor.packs import Content
    from auditor.runner import Progress
    from auditor.store import Store

# What the scan needs after its checks, imported beside the slowest probe instead of after it.
WARM_MODULES = ("auditor.guided", "auditor.cli_family", "auditor.household", "auditor.reports", "auditor.textreport")


class GuidedAnswers:
    """The household's guided answers, made ready while the slowest check runs.

    The work starts once at most one check is left: by then the others have finished with the processor, and the
    one left is the slowest, usually waiting on a program such as the package manager. Give ``on_progress`` to the
    runner, then ``add_to`` the finished scan.
    """

    def __init__(self) -> None:
        self._thread = threading.Thread(target=self._load, name="load-content", daemon=True)
        self._begun = threading.Lock()
        self._content: Content | None = None
        self._failure: BaseException | None = None

    def on_progress(self, step: Progress) -> None:
        if step.total - step.done <= 1:
            self.start()

    @property
    def begun(self) -> bool:
        return self._begun.locked()

    def start(self) -> None:
        if self._begun.acquire(blocking=False):
            self._thread.start()

    def _load(self) -> None:
        try:
            from auditor.packs import load_content

            for module in WARM_MODULES:
                importlib.import_module(module)
            self._content = load_content()
        except BaseException as exc:  # handed back to the main thread in add_to()
            self._failure = exc

    def content(self) -> Content:
        self.start()
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        assert self._content is not None
        return self._content

    def add_to(self, run: ScanRun, store: Store) -> ScanRun:
        """The scan plus what the household has answered, so both count in one score and one coverage."""
        from auditor.cli_family import household_region
        from auditor.guided import guided_results
        from auditor.household import Household

        content = self.content()
        for error in content.errors:
            print(f"homeguard: a content pack has a problem and part of it was left out: {error}", file=sys.stderr)
        region = household_region(content, store)
        guided = guided_results(content, Household(store), region=region.id if region else "")
        return dataclasses.replace(run, results=run.results + tuple(guided))
