"""Hygeia core: the app factory and the services plugins build on (see core.api)."""

from core.version import __version__  # noqa: F401  (core.__version__)


def create_app(*args, **kwargs):
    from core.app import create_app as factory

    return factory(*args, **kwargs)
