"""The chat plugin's jobs (registered in __init__.register_jobs)."""

from __future__ import annotations

from plugins.chat.generation import close_stale_replies, generate_reply


def write_reply(reply_id: str) -> str | None:
    """Generate one pending reply (enqueued by plugins.chat.dispatch when a worker listens)."""
    reply = generate_reply(reply_id)
    return reply.status if reply else None


def sweep_stale_replies() -> int:
    """Close replies left pending by a worker that died (run every few minutes)."""
    return close_stale_replies()
