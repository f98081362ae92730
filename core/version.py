"""Hygeia's version, in a module of its own so that any core module can read it without importing
the package's __init__ (which reaches the app factory)."""

__version__ = "0.1.0"
