"""Homeguard's engine: finds, runs and scores checks, keeps history and writes reports. It never imports Qt.

``__version__`` is looked up in the installed package's metadata the first time someone asks for it, not when the
package is imported: ``importlib.metadata`` costs about 30 ms to import, which the window would otherwise pay
before its first paint although it needs the version only for a crash report (measured in ``make bench``).
"""

__version__: str  # found on first use by __getattr__ below (PEP 562), then kept as a plain attribute

_SOURCE_VERSION = "0.1.0+source"  # running from a source folder that was never installed


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module 'auditor' has no attribute {name!r}")
    from importlib import metadata

    try:
        version = metadata.version("homeguard")
    except metadata.PackageNotFoundError:
        version = _SOURCE_VERSION
    globals()["__version__"] = version
    return version
