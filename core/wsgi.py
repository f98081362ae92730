"""WSGI entry point inside the package, so an installed Hygeia has one: ``gunicorn core.wsgi:app``.

The checkout's top-level ``wsgi.py`` is the same app (``flask --app wsgi``, ``gunicorn wsgi:app``);
the ``hygeia`` command (``core.cli:main``) builds it through the factory instead.
"""

from core import create_app

app = create_app()
