"""The values that plugins declare or return through the hooks.

Fixed facts about a plugin live on its Manifest; hooks return the small
dataclasses below, so the core can check and attribute what each plugin gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

PLUGIN_NAME = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
CONTRACT_VERSION = re.compile(r"^[0-9]+\.[0-9]+$")


@dataclass(frozen=True)
class Manifest:
    """What a plugin is. Each plugin module exposes one as ``manifest``.

    ``name`` is the plugin's one name everywhere: its entry-point name, the prefix
    of its table names and blueprint names, its Alembic branch label, its RQ
    queue, its CLI group and its settings prefix. A plugin package keeps its
    Alembic revisions in its own ``migrations/`` folder, on a branch labelled
    with its name.
    """

    name: str
    version: str
    description: str = ""
    requires: Sequence[str] = ()  # other plugins that must be enabled (and load first)
    settings: dict[str, Any] = field(default_factory=dict)  # defaults, overridable as NAME_KEY config
    # The hook contract (core.hookspecs.HOOKS_VERSION) the plugin is written for: it loads on a core
    # with the same major number and an equal or higher minor number.
    hooks_version: str = "1.0"

    def __post_init__(self) -> None:
        if not PLUGIN_NAME.match(self.name):
            raise ValueError(f"plugin name {self.name!r} must match {PLUGIN_NAME.pattern}")
        if not CONTRACT_VERSION.match(self.hooks_version):
            raise ValueError(f"hooks_version {self.hooks_version!r} must be MAJOR.MINOR, e.g. \"1.0\"")


@dataclass(frozen=True)
class RateLimit:
    """Limits for a plugin's routes, in flask-limiter notation ("10/minute").

    Authenticated requests are counted per user, anonymous ones per IP address.
    ``blueprints`` narrows the limit to some of the plugin's blueprints (default:
    all of them and its WebSocket routes); ``methods`` to some HTTP methods.
    """

    authenticated: str
    anonymous: str
    blueprints: Sequence[str] | None = None
    methods: Sequence[str] | None = None


@dataclass(frozen=True)
class Schedule:
    """A job run periodically by the scheduler (``flask scheduler``)."""

    job: Callable[..., Any]
    interval: timedelta
    timeout: int = 300  # seconds a run may take
    result_ttl: int = 3600  # seconds RQ keeps a run's result
    args: tuple = ()

    @property
    def id(self) -> str:
        """A stable identity derived from the definition (a changed schedule is a new one)."""
        return f"{self.job.__module__}.{self.job.__qualname__}@{int(self.interval.total_seconds())}s"


@dataclass(frozen=True)
class WebSocketMessage:
    """One JSON frame of a WebSocket protocol, as the AsyncAPI document (/api/asyncapi.json) shows it.

    ``type`` is the value of the frame's ``"type"`` key (None for a frame without one); ``fields``
    are its other keys: a dict of marshmallow fields, or a marshmallow Schema (class or instance).
    A nested schema that the REST API also returns (``fields.Nested(ChatMessageSchema)``) becomes
    a shared component, so the frame and the REST answer are described once. ``name`` is the
    message's name in the document (default: ``type``).
    """

    type: str | None
    summary: str
    fields: Any = field(default_factory=dict)
    description: str = ""
    name: str = ""


@dataclass(frozen=True)
class WebSocketChannel:
    """What a WebSocket route's protocol is: the frames each side sends, for /api/asyncapi.json.

    ``receives`` are the frames the client sends (AsyncAPI ``publish``), ``sends`` those the server
    sends (``subscribe``); ``parameters`` describe the path's parameters (``{"session_id": "..."}``).
    The core adds the frames it owns itself (``auth``, ``ready``, its ``error`` frames and close
    codes) to every channel they apply to: list only the handler's own.
    """

    description: str
    receives: Sequence[WebSocketMessage] = ()
    sends: Sequence[WebSocketMessage] = ()
    parameters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WebSocketRoute:
    """A WebSocket endpoint. ``handler(ws, user, **url_args)`` runs for each connection.

    With ``auth=True`` (the default) the core authenticates the connection with
    the same JWT access tokens as the REST API before calling the handler.
    ``channel`` describes its protocol in /api/asyncapi.json; without one the route is listed
    with its handler's docstring and the core's own frames.
    """

    path: str
    handler: Callable[..., Any]
    auth: bool = True
    channel: WebSocketChannel | None = None


@dataclass(frozen=True)
class CheckResult:
    """One health check's answer. ``status`` is "ok", "degraded" or "down"."""

    status: str
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.status not in ("ok", "degraded", "down"):
            raise ValueError(f"health status must be ok, degraded or down, not {self.status!r}")


@dataclass(frozen=True)
class HealthCheck:
    name: str
    check: Callable[[], CheckResult]


@dataclass(frozen=True)
class ContextItem:
    """Context a plugin adds to an AI prompt: a titled text and the sources it rests on."""

    title: str
    text: str
    sources: Sequence[dict[str, Any]] = ()
    plugin: str = ""  # filled in by the core
