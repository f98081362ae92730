"""Hygeia core: the app factory and the services plugins build on (see core.api)."""

__version__ = "0.1.0"


def create_app(*args, **kwargs):
    from core.app import create_app as factory

    return factory(*args, **kwargs)
