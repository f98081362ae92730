"""Hygeia's built-in feature plugins. Each is registered through the ``hygeia.plugins``
entry-point group in setup.py, exactly as a third-party plugin would be."""
