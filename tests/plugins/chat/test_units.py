"""Titles, token budgets, the relay and where replies are generated."""

import threading

from plugins.chat.services import title_from
from plugins.chat.tokens import clip, estimate_tokens, trim_history


def test_title_from_first_message():
    assert title_from("  Why do I   sneeze\nin the sun? ") == "Why do I sneeze in the sun?"
    long = title_from("word " * 40)
    assert long.endswith("…") and len(long) <= 61 and not long[:-1].endswith(" ")
    assert title_from("x" * 100) == "x" * 60 + "…"


def test_trim_history_keeps_the_newest_within_budget():
    turns = [{"role": "user" if n % 2 == 0 else "assistant", "content": f"{n} " + "a" * 66} for n in range(10)]
    each = estimate_tokens(turns[0]["content"])
    kept = trim_history(turns, budget=each * 3)
    # turns 7, 8 and 9 fit; 7 is the assistant's, and a prompt's history starts with the user
    assert [t["content"][0] for t in kept] == ["8", "9"] and kept[-1] is turns[-1]
    assert sum(estimate_tokens(t["content"]) for t in kept) <= each * 3
    huge = [{"role": "user", "content": "b" * 100_000}]
    assert trim_history(huge, budget=10) == huge  # the message being answered is never dropped


def test_clip_marks_cut_text():
    assert clip("short", 100) == "short"
    cut = clip("c" * 1000, 20)
    assert cut.endswith("[...]") and len(cut) < 100


def test_memory_relay_fans_out_to_every_subscriber():
    from plugins.chat.relay import MemoryRelay

    relay = MemoryRelay()
    with relay.subscribe("r1") as first, relay.subscribe("r1") as second, relay.subscribe("r2") as other:
        threading.Thread(target=lambda: relay.publish("r1", {"type": "token", "text": "hi"})).start()
        assert first.get(2) == {"type": "token", "text": "hi"} == second.get(2)
        assert other.get(0.05) is None
    relay.publish("r1", {"type": "done"})  # nobody listens any more: dropped, no error
    assert relay._queues == {}


def test_redis_relay_delivers_across_connections(chat_app, hygeia_backend):
    import pytest

    if hygeia_backend.redis_url is None:
        pytest.skip("needs Redis")
    from plugins.chat.relay import RedisRelay, get_relay

    with chat_app.app_context():
        relay = get_relay()
        assert isinstance(relay, RedisRelay)
        with relay.subscribe("abc") as events:
            RedisRelay(chat_app).publish("abc", {"type": "token", "text": "x"})
            assert events.get(2) == {"type": "token", "text": "x"}
            assert events.get(0.05) is None


def test_generation_goes_to_a_thread_without_a_listening_worker(chat_app, user, llm_server):
    from core.api import db
    from plugins.chat import dispatch, services
    from plugins.chat.relay import get_relay

    llm_server.stream(["from ", "a thread"])
    with chat_app.app_context():
        session = services.create_session(user.id)
        _, reply = services.post_user_message(session, "hello")
        with get_relay().subscribe(str(reply.id)) as events:
            assert dispatch.start_reply(str(reply.id)) == "thread"  # no worker listens in this test
            frames = [events.get(5)]
            while frames[-1] and frames[-1]["type"] != "done":
                frames.append(events.get(5))
        assert [f["text"] for f in frames if f["type"] == "token"] == ["from ", "a thread"]
        assert services.fresh_message(reply.id).content == "from a thread"
        db.session.remove()


def test_stale_pending_replies_are_closed(chat_app, user):
    from datetime import timedelta

    from core.api import db
    from plugins.chat import services
    from plugins.chat.jobs import sweep_stale_replies

    with chat_app.app_context():
        session = services.create_session(user.id)
        _, old = services.post_user_message(session, "hello")
        _, recent = services.post_user_message(session, "again")
        old.created_at = old.created_at - timedelta(hours=1)
        db.session.commit()
        assert sweep_stale_replies() == 1
        assert services.fresh_message(old.id).status == "fallback"
        assert "interrupted" in services.fresh_message(old.id).content
        assert services.fresh_message(recent.id).status == "pending"
