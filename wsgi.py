"""WSGI entry point of a checkout: ``flask --app wsgi run`` or ``gunicorn wsgi:app``.

An installed Hygeia uses ``core.wsgi`` (``gunicorn core.wsgi:app``) or the ``hygeia`` command.
"""

from core.wsgi import app  # noqa: F401
