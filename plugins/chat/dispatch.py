"""Where a pending reply is generated: an RQ worker when one listens on the chat queue, else this process.

CHAT_GENERATION: "auto" (default: a worker when Redis is configured and a worker
serves the chat queue, else a thread here), "worker" (always enqueue) or
"inprocess" (always a thread here). Either way the tokens travel through
plugins.chat.relay, so the socket may be held by any web process.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, current_app
from rq import Queue, Worker

from core.api import db, enqueue, get_redis, queue_name
from plugins.chat.generation import generate_reply
from plugins.chat.settings import setting

log = logging.getLogger(__name__)
WORKER_CHECK_SECONDS = 5.0
_lock = threading.Lock()


def workers_listening(app: Flask) -> bool:
    """Whether an RQ worker serves the chat queue (cached a few seconds per process)."""
    cached = app.extensions.get("chat.workers_seen")
    if cached and time.monotonic() - cached[0] < WORKER_CHECK_SECONDS:
        return cached[1]
    client = get_redis(app)
    try:
        seen = Worker.count(connection=client, queue=Queue(queue_name("chat", app), connection=client)) > 0
    except Exception as error:
        log.warning("chat: cannot count workers (%s); generating in-process", type(error).__name__)
        seen = False
    app.extensions["chat.workers_seen"] = (time.monotonic(), seen)
    return seen


def _pool(app: Flask) -> ThreadPoolExecutor:
    pool = app.extensions.get("chat.pool")
    if pool is None:
        with _lock:
            pool = app.extensions.get("chat.pool")
            if pool is None:
                pool = ThreadPoolExecutor(max_workers=setting("INPROCESS_THREADS", app),
                                          thread_name_prefix="chat-reply")
                app.extensions["chat.pool"] = pool
    return pool


def _generate_in_app(app: Flask, reply_id: str) -> None:
    with app.app_context():
        try:
            generate_reply(reply_id)
        finally:
            db.session.remove()


def start_reply(reply_id: str) -> str:
    """Start generating ``reply_id`` in the background; returns "worker" or "thread"."""
    app = current_app._get_current_object()
    mode = setting("GENERATION", app)
    if mode != "inprocess" and get_redis(app) is not None and (mode == "worker" or workers_listening(app)):
        try:
            enqueue("chat:write_reply", reply_id, retries=0)
            return "worker"
        except Exception as error:  # Redis went away: write it here rather than not at all
            log.warning("chat reply %s: cannot enqueue (%s); generating in-process", reply_id, type(error).__name__)
    _pool(app).submit(_generate_in_app, app, reply_id)
    return "thread"
