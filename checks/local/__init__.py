"""Automated checks that read this computer through the Host.

Each is registered as a ``homeguard.checks`` entry point in pyproject.toml.
"""
