"""What the shared context loads on first use: the content packs, the household, the checks, the locale's region.

The window paints before any of these is loaded (``ui.context``). Each is loaded once, by whichever thread asks
first, under a lock of its own so none waits for another; the context's ``warm_up()`` (called once the window has
painted) loads them on workers, so neither the first scan nor the first details shown wait for them on the main
thread. The engine's modules are imported where they are used, for the same reason.

``LoadsOnFirstUse`` is a part of ``AppContext`` (a mix-in with no state of its own): the context sets the fields
below in its ``__init__`` through ``_start_loading`` and owns the ``registry_loaded`` signal.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.safe_mode import safe_mode_requested
from ui.tasks import Cancelled

if TYPE_CHECKING:  # only named in annotations; imported where they are used
    from auditor.host import Host
    from auditor.household import Household
    from auditor.packs import Content, Region
    from auditor.registry import Registry
    from auditor.store import Store
    from ui.tasks import TaskManager


class LoadsOnFirstUse:
    """The context's content, household, checks and region, each loaded once on first use (see the module)."""

    store: Store
    tasks: TaskManager
    scenario: Path | None
    registry_loaded: Any  # the context's Signal: the checks were loaded in the background

    def _start_loading(self, content: Content | None, safe_mode: bool) -> None:
        """Called once by the context's ``__init__``: nothing is loaded yet (``content`` when a test gives it)."""
        self._content = content
        self._household: Household | None = None
        self._safe_mode = safe_mode_requested(safe_mode)
        self._registry: Registry | None = None
        self._registry_loading = False
        self._locale: str | None = None
        # Each loaded once, on first use, by whichever thread asks first; a lock each, so none waits for another.
        self._content_lock, self._household_lock, self._locale_lock = (threading.Lock() for _ in range(3))
        self._registry_lock = threading.Lock()

    @property
    def content(self) -> Content:
        """The content packs (guided questions, the quiz, the help): loaded on first use, from any thread."""
        with self._content_lock:
            if self._content is None:
                from auditor.packs import load_content

                self._content = load_content()
            return self._content

    @property
    def household(self) -> Household:
        """People, devices and their answers, in the same history file."""
        with self._household_lock:
            if self._household is None:
                from auditor.household import Household

                self._household = Household(self.store)
            return self._household

    @property
    def safe_mode(self) -> bool:
        """Only the checks that come with Homeguard: for the next scan and for ``registry``."""
        return self._safe_mode

    @safe_mode.setter
    def safe_mode(self, on: bool) -> None:
        self._safe_mode = bool(on)

    @property
    def registry(self) -> Registry:
        """The checks, loaded once on first use with the app's safe mode (again only if safe mode changes), so
        every page sees the checks the scan uses and safe mode holds everywhere. Loading imports every check:
        on the main thread, use ``loaded_registry()``, which never waits for it."""
        with self._registry_lock:
            if self._registry is None or self._registry.safe_mode != self._safe_mode:
                from auditor.registry import discover

                self._registry = discover(safe_mode=self._safe_mode)
            return self._registry

    def loaded_registry(self) -> Registry | None:
        """The registry if it is loaded (for the app's safe mode as it is now); else None, and it is loaded in
        the background, with ``registry_loaded`` once it is there."""
        registry = self._registry
        if registry is not None and registry.safe_mode == self._safe_mode:
            return registry
        self.load_registry_in_background()
        return None

    def load_registry_in_background(self) -> None:
        """Load the checks on a worker (once; nothing happens while a load is under way or after shutdown)."""
        if self._registry_loading or not self.tasks.accepting:
            return
        self._registry_loading = True

        def loaded(_: Registry) -> None:
            self._registry_loading = False
            self.registry_loaded.emit()

        def not_loaded(exc: BaseException) -> None:
            self._registry_loading = False
            if not isinstance(exc, Cancelled):
                self.tasks.present_error(exc)

        self.tasks.run(lambda handle: self.registry, on_success=loaded, on_failure=not_loaded,
                       name="load the checks")

    def _region_for(self, chosen: str) -> Region | None:
        """The region for a chosen one ("" for none). Safe on any thread: the scan's worker calls it."""
        from auditor.helpnow import region_for

        return region_for(self.content.help_now, chosen=chosen, locale_name=self._locale_name())

    def _locale_name(self) -> str:
        with self._locale_lock:
            if self._locale is None:
                try:
                    self._locale = self._host().locale()
                except Exception:  # an unreadable locale only means the region is asked for, never a crash
                    self._locale = ""
            return self._locale

    def _host(self) -> Host:
        """The machine the scan looks at: this computer, or the recorded one (imported only when one is used)."""
        if self.scenario is None:
            from auditor.host import RealHost

            return RealHost()
        from auditor.recorded import load_scenario

        return load_scenario(self.scenario)


__all__ = ["LoadsOnFirstUse"]
