"""Homeguard's desktop app (PySide6): a thin layer over the Qt-free engine in ``auditor``."""
