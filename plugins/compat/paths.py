"""The original's own paths on the hosts that old clients use: ``/api/...`` reaches ``/api/compat/...``.

Hygeia's own API keeps ``/api/`` and ``/ws/``, so the compat routes live under ``/api/compat/`` and
``/ws/compat/``. A client whose base URL cannot change is pointed at a host name of its own (or the
whole instance serves old clients): on the hosts named in ``COMPAT_ORIGINAL_PATHS_HOSTS`` (``*``: every
host) the original's paths are rewritten to the compat ones before routing, so such a client works
unchanged. Other hosts see Hygeia's API as usual.
"""

from __future__ import annotations

REWRITES = (("/api/", "/api/compat/"), ("/ws/", "/ws/compat/"))


class OriginalPaths:
    """WSGI middleware: on the listed hosts, the original backend's paths reach the compat routes."""

    def __init__(self, wsgi_app, hosts: list[str]):
        self.wsgi_app = wsgi_app
        self.hosts = {host.strip().lower() for host in hosts if host.strip()}

    def __call__(self, request_env, start_response):
        host = (request_env.get("HTTP_HOST") or request_env.get("SERVER_NAME") or "").rsplit(":", 1)[0].lower()
        if "*" in self.hosts or host in self.hosts:
            path = request_env.get("PATH_INFO", "")
            for original, compat in REWRITES:
                if path.startswith(original) and not path.startswith(compat):
                    request_env["PATH_INFO"] = compat + path[len(original):]
                    break
        return self.wsgi_app(request_env, start_response)  # the WSGI environment
