"""Carries a reply's events (tokens, then "done") from whoever generates it to the sockets waiting for it.

With Redis: pub/sub on one channel per reply, so the generating process (an RQ
worker, or any web process) need not be the one holding the WebSocket. Without
Redis (the embedded default) generation runs in the web process and an
in-memory fan-out does the same job.

Subscribe before starting the generation: pub/sub keeps no history.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from flask import Flask, current_app

from core.api import get_redis, redis_key

log = logging.getLogger(__name__)


class RedisRelay:
    def __init__(self, app: Flask):
        self.client = get_redis(app)
        self.prefix = redis_key("chat", "reply", app=app)

    def channel(self, reply_id: str) -> str:
        return f"{self.prefix}:{reply_id}"

    def publish(self, reply_id: str, event: dict) -> None:
        self.client.publish(self.channel(reply_id), json.dumps(event))

    @contextmanager
    def subscribe(self, reply_id: str) -> Iterator[RedisSubscription]:
        pubsub = self.client.pubsub()
        try:
            pubsub.subscribe(self.channel(reply_id))
            subscription = RedisSubscription(pubsub)
            subscription.confirm()
            yield subscription
        finally:
            pubsub.close()


class RedisSubscription:
    def __init__(self, pubsub):
        self.pubsub = pubsub
        self.pending: list[dict] = []

    def confirm(self, timeout: float = 5.0) -> None:
        """Wait until Redis has registered the subscription, so no event published after it is missed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.pubsub.get_message(timeout=max(0.0, deadline - time.monotonic()))
            if message and message["type"] == "subscribe":
                return
            if message and message["type"] == "message":
                self.pending.append(json.loads(message["data"]))
        raise TimeoutError("Redis did not confirm the subscription")

    def get(self, timeout: float) -> dict | None:
        """The next event, or None after ``timeout`` seconds without one."""
        if self.pending:
            return self.pending.pop(0)
        deadline = time.monotonic() + timeout
        while True:
            message = self.pubsub.get_message(ignore_subscribe_messages=True,
                                              timeout=max(0.0, deadline - time.monotonic()))
            if message and message["type"] == "message":
                return json.loads(message["data"])
            if time.monotonic() >= deadline:
                return None


class MemoryRelay:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, list[queue.SimpleQueue]] = {}

    def publish(self, reply_id: str, event: dict) -> None:
        with self._lock:
            targets = list(self._queues.get(reply_id, ()))
        for target in targets:
            target.put(event)

    @contextmanager
    def subscribe(self, reply_id: str) -> Iterator[MemorySubscription]:
        inbox: queue.SimpleQueue = queue.SimpleQueue()
        with self._lock:
            self._queues.setdefault(reply_id, []).append(inbox)
        try:
            yield MemorySubscription(inbox)
        finally:
            with self._lock:
                listeners = self._queues.get(reply_id, [])
                if inbox in listeners:
                    listeners.remove(inbox)
                if not listeners:
                    self._queues.pop(reply_id, None)


class MemorySubscription:
    def __init__(self, inbox: queue.SimpleQueue):
        self.inbox = inbox

    def get(self, timeout: float) -> dict | None:
        try:
            return self.inbox.get(timeout=timeout)
        except queue.Empty:
            return None


_lock = threading.Lock()


def get_relay(app: Flask | None = None) -> RedisRelay | MemoryRelay:
    app = app or current_app._get_current_object()
    relay = app.extensions.get("chat.relay")
    if relay is None:
        with _lock:
            relay = app.extensions.get("chat.relay")
            if relay is None:
                relay = RedisRelay(app) if get_redis(app) is not None else MemoryRelay()
                app.extensions["chat.relay"] = relay
    return relay


class Silence:
    """What a socket listens to when the relay is unreachable: nothing; it then watches the stored reply."""

    def get(self, timeout: float) -> None:
        time.sleep(timeout)
        return None


@contextmanager
def listen(reply_id: str) -> Iterator[RedisSubscription | MemorySubscription | Silence]:
    """Subscribe to a reply's events; if Redis cannot be reached, yield Silence instead of failing."""
    with ExitStack() as stack:
        try:
            events = stack.enter_context(get_relay().subscribe(reply_id))
        except Exception as error:
            log.warning("chat reply %s: relay unreachable (%s); the socket will poll", reply_id,
                        type(error).__name__)
            events = Silence()
        yield events
