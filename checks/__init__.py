"""Homeguard's built-in checks: ``local`` holds the automated ones, ``manual`` the guided content packs."""
