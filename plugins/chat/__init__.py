"""Chat sessions with real-time AI replies: REST history, and a WebSocket that streams each reply.

Replies are built from the session's trimmed history, the user's health profile,
the assistant identity and other plugins' AI context (core.api.gather_ai_context);
every user message goes through the red-flag layer first.
"""

from __future__ import annotations

from datetime import timedelta

from core.api import HealthCheck, Manifest, RateLimit, Schedule, WebSocketRoute, hookimpl
from plugins.chat.health import pending_replies_check
from plugins.chat.jobs import sweep_stale_replies, write_reply
from plugins.chat.live import chat_socket
from plugins.chat.models import ChatMessage, ChatSession
from plugins.chat.protocol import CHANNEL
from plugins.chat.routes import blp
from plugins.chat.settings import DEFAULTS

manifest = Manifest(name="chat", version="0.1.0", description="Chat sessions with real-time AI replies",
                    settings=DEFAULTS, hooks_version="1.3")


@hookimpl
def register_models():
    return [ChatSession, ChatMessage]


@hookimpl
def register_blueprints():
    return [blp]


@hookimpl
def register_websockets():
    return [WebSocketRoute("/ws/chat/<uuid:session_id>/", chat_socket, channel=CHANNEL)]


@hookimpl
def register_jobs():
    return [write_reply, sweep_stale_replies]


@hookimpl
def register_schedules():
    return [Schedule(sweep_stale_replies, interval=timedelta(minutes=5))]


@hookimpl
def register_health_checks():
    return [HealthCheck("pending_replies", pending_replies_check)]


@hookimpl
def register_rate_limits():
    return [RateLimit(authenticated="30/minute", anonymous="3/minute")]


@hookimpl
def export_user_data(user_id):
    from plugins.chat.services import export_user_data as export

    return export(user_id)
