"""The ``hygeia`` console command (setup.py's console script): Flask's command line bound to the app
factory. The commands themselves live in core.commands, which the factory registers."""

from __future__ import annotations

from flask.cli import FlaskGroup

from core.app import create_app


def main() -> None:
    """The ``hygeia`` console command: Flask's command line bound to the app factory.

    ``hygeia db upgrade``, ``hygeia run --port 8000``, ``hygeia worker``, ``hygeia plugins list``
    are ``flask --app wsgi ...`` without a ``wsgi.py``, for an installed Hygeia.
    """
    FlaskGroup(name="hygeia", create_app=lambda: create_app(),
               help="Hygeia's command line (the flask command bound to Hygeia's app factory).")(prog_name="hygeia")
