"""Homeguard's engine: finds, runs and scores checks, keeps history and writes reports. It never imports Qt."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("homeguard")
except _metadata.PackageNotFoundError:  # running from a source folder that was never installed
    __version__ = "0.1.0+source"
