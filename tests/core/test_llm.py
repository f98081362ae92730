"""The shared LLM client against a real local OpenAI-compatible server (core.llm.fake_server)."""

import json
import os
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from core.api import LLMReply, LLMUnavailable, assistant_identity, get_llm, get_metrics
from core.llm.client import retry_after_seconds

MESSAGES = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hello"}]


@pytest.fixture
def llm_app(make_app, llm_server):
    def build(**overrides):
        return make_app({"HYGEIA_PLUGINS": [], "LLM_BASE_URL": llm_server.url, "TOGETHER_AI_API_KEY": "test-key",
                         "LLM_BACKOFF_SECONDS": 0.01, "LLM_TIMEOUT_SECONDS": 2, **overrides})
    return build


@pytest.fixture
def llm(llm_app):
    app = llm_app()
    with app.app_context():
        yield get_llm()


def test_chat_posts_an_openai_request_and_reads_the_reply(llm, llm_server):
    llm_server.reply("Drink water.", usage={"prompt_tokens": 12, "completion_tokens": 3}, model="served/model")
    reply = llm.chat(MESSAGES, max_tokens=50, temperature=0.1)
    assert reply == LLMReply("Drink water.", "served/model", 12, 3, "stop")
    body = llm_server.requests[0]
    assert body["messages"] == MESSAGES
    assert body["max_tokens"] == 50 and body["temperature"] == 0.1
    assert body["model"] == "Qwen/Qwen2.5-7B-Instruct"
    assert "response_format" not in body and "stream" not in body
    assert llm_server.headers[0]["Authorization"] == "Bearer test-key"


def test_json_mode_asks_for_a_json_object(llm, llm_server):
    llm_server.reply('{"a": 1}')
    assert llm.chat(MESSAGES, json_mode=True).text == '{"a": 1}'
    assert llm_server.requests[0]["response_format"] == {"type": "json_object"}


def test_tokens_and_outcomes_are_counted_in_metrics(llm_app, llm_server):
    app = llm_app()
    with app.app_context():
        llm_server.reply("ok", usage={"prompt_tokens": 7, "completion_tokens": 2}, model="m1")
        get_llm().chat(MESSAGES)
        registry = get_metrics().registry
        assert registry.get_sample_value("hygeia_llm_tokens_total", {"model": "m1", "kind": "prompt"}) == 7
        assert registry.get_sample_value("hygeia_llm_tokens_total", {"model": "m1", "kind": "completion"}) == 2
        assert registry.get_sample_value("hygeia_llm_requests_total", {"mode": "chat", "outcome": "ok"}) == 1
    scraped = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'hygeia_llm_tokens_total{kind="prompt",model="m1"} 7.0' in scraped


def test_unconfigured_client_refuses_without_network(make_app, llm_server):
    app = make_app({"HYGEIA_PLUGINS": [], "TOGETHER_AI_API_KEY": None,
                    "LLM_BASE_URL": "https://api.together.xyz/v1"})
    with app.app_context():
        llm = get_llm()
        assert llm.configured is False
        with pytest.raises(LLMUnavailable) as caught:
            llm.chat(MESSAGES)
        assert caught.value.reason == "not_configured"
        with pytest.raises(LLMUnavailable):
            llm.stream(MESSAGES)
    assert llm_server.requests == []


def test_a_self_hosted_base_url_without_key_is_configured(make_app, llm_server):
    app = make_app({"HYGEIA_PLUGINS": [], "TOGETHER_AI_API_KEY": None, "LLM_BASE_URL": llm_server.url})
    with app.app_context():
        assert get_llm().configured is True
        assert get_llm().chat(MESSAGES).text == "This is a test answer."
    assert "Authorization" not in llm_server.headers[0]


def test_stream_yields_deltas_in_order_with_usage(llm, llm_server):
    llm_server.stream(["Rest", ", drink", " fluids."], usage={"prompt_tokens": 9, "completion_tokens": 4})
    stream = llm.stream(MESSAGES)
    assert list(stream) == ["Rest", ", drink", " fluids."]
    assert stream.text == "Rest, drink fluids."
    assert (stream.prompt_tokens, stream.completion_tokens, stream.finish_reason) == (9, 4, "stop")
    body = llm_server.requests[0]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def test_stream_deltas_arrive_as_the_server_sends_them(llm, llm_server):
    llm_server.stream(["first", "second", "third"], delay=0.25)
    arrivals = []
    started = time.perf_counter()
    for delta in llm.stream(MESSAGES):
        arrivals.append((delta, time.perf_counter() - started))
    assert [d for d, _ in arrivals] == ["first", "second", "third"]
    assert arrivals[2][1] - arrivals[0][1] >= 0.4  # the first chunk was not held back until the end


def test_429_honours_retry_after_then_succeeds(llm, llm_server):
    llm_server.fail(429, retry_after=0.3).reply("after waiting")
    started = time.perf_counter()
    assert llm.chat(MESSAGES).text == "after waiting"
    assert time.perf_counter() - started >= 0.3
    assert len(llm_server.requests) == 2


def test_429_asking_for_a_longer_wait_than_the_cap_gives_up_at_once(llm, llm_server):
    llm_server.fail(429, retry_after=120).reply("never read")
    with pytest.raises(LLMUnavailable) as caught:
        llm.chat(MESSAGES)
    assert (caught.value.reason, caught.value.status) == ("rate_limited", 429)
    assert len(llm_server.requests) == 1


def test_5xx_is_retried_with_backoff(llm, llm_server):
    llm_server.fail(500).fail(503).reply("third time lucky")
    assert llm.chat(MESSAGES).text == "third time lucky"
    assert len(llm_server.requests) == 3


def test_5xx_after_bounded_retries_is_unavailable(llm, llm_server):
    llm_server.fail(502, times=5)
    with pytest.raises(LLMUnavailable) as caught:
        llm.chat(MESSAGES)
    assert caught.value.reason == "server_error" and caught.value.status == 502
    assert len(llm_server.requests) == 3  # one try and LLM_MAX_RETRIES=2 retries


def test_a_slow_answer_past_the_timeout_is_not_retried(llm_app, llm_server):
    app = llm_app(LLM_TIMEOUT_SECONDS=0.3)
    llm_server.reply("too late", delay=1.0)
    with app.app_context(), pytest.raises(LLMUnavailable) as caught:
        get_llm().chat(MESSAGES)
    assert caught.value.reason == "timeout"
    assert len(llm_server.requests) == 1


@pytest.mark.parametrize("body", [b"{not json", b'{"choices": []}', b'{"choices": [{"message": {}}]}',
                                  b'["a list"]', b'{"choices": [{"message": {"content": 42}}]}'])
def test_malformed_bodies_are_unavailable(llm, llm_server, body):
    llm_server.malformed(body)
    with pytest.raises(LLMUnavailable) as caught:
        llm.chat(MESSAGES)
    assert caught.value.reason == "malformed_response"


def test_malformed_stream_event_raises_while_iterating(llm, llm_server):
    llm_server.malformed(b'data: {"choices": [{"delta": {"content": "ok"}}]}\n\ndata: {broken\n\n',
                         content_type="text/event-stream")
    stream = llm.stream(MESSAGES)
    assert next(stream) == "ok"
    with pytest.raises(LLMUnavailable) as caught:
        next(stream)
    assert caught.value.reason == "malformed_response"


def test_a_closed_port_is_a_network_error(make_app):
    app = make_app({"HYGEIA_PLUGINS": [], "LLM_BASE_URL": "http://127.0.0.1:9/v1", "LLM_BACKOFF_SECONDS": 0.01})
    with app.app_context(), pytest.raises(LLMUnavailable) as caught:
        get_llm().chat(MESSAGES)
    assert caught.value.reason == "network_error"


def test_breaker_opens_after_three_failed_calls_and_then_refuses_without_network(llm_app, llm_server):
    app = llm_app(LLM_MAX_RETRIES=0)
    llm_server.fail(500, times=3)
    with app.app_context():
        llm = get_llm()
        for _ in range(3):
            with pytest.raises(LLMUnavailable) as caught:
                llm.chat(MESSAGES)
            assert caught.value.reason == "server_error"
        with pytest.raises(LLMUnavailable) as caught:
            llm.chat(MESSAGES)
        assert caught.value.reason == "breaker_open"
        with pytest.raises(LLMUnavailable) as caught:
            llm.stream(MESSAGES)
        assert caught.value.reason == "breaker_open"
    assert len(llm_server.requests) == 3


def test_breaker_half_opens_after_its_timeout(llm_app, llm_server):
    app = llm_app(LLM_MAX_RETRIES=0)
    llm_server.fail(500, times=3)
    with app.app_context():
        llm = get_llm()
        llm._breaker.reset_timeout = 0.2
        for _ in range(3):
            with pytest.raises(LLMUnavailable):
                llm.chat(MESSAGES)
        assert llm._breaker.current_state == "open"
        time.sleep(0.25)
        assert llm.chat(MESSAGES).text == "This is a test answer."
        assert llm._breaker.current_state == "closed"


def test_client_errors_never_trip_the_breaker(llm, llm_server):
    llm_server.fail(400, times=3).fail(401, times=3)
    for status in (400, 400, 400, 401, 401, 401):
        with pytest.raises(LLMUnavailable) as caught:
            llm.chat(MESSAGES)
        assert (caught.value.reason, caught.value.status) == ("client_error", status)
    assert llm.chat(MESSAGES).text == "This is a test answer."
    assert len(llm_server.requests) == 7  # client errors are not retried


def test_requests_run_concurrently(llm, llm_server):
    llm_server.always("slow", delay=0.4)
    results = []
    threads = [threading.Thread(target=lambda: results.append(llm.chat(MESSAGES).text)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["slow"] * 3
    assert llm_server.max_in_flight == 3


def test_retry_after_reads_seconds_and_http_dates():
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    later = datetime.now(timezone.utc) + timedelta(seconds=30)
    assert 25 <= retry_after_seconds(format_datetime(later, usegmt=True)) <= 31


def test_assistant_identity_ships_its_rules(app):
    with app.app_context():
        text = assistant_identity()
    assert "not a doctor" in text and "emergency" in text


def test_instance_file_overrides_the_assistant_identity(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("HYGEIA_INSTANCE_PATH", str(tmp_path))
    app = make_app({"HYGEIA_PLUGINS": []})
    override = tmp_path / "assistant.txt"
    override.write_text("You are the Clinic Helper.\n", encoding="utf-8")
    with app.app_context():
        assert assistant_identity() == "You are the Clinic Helper."
        override.write_text("You are the Clinic Helper, version two.", encoding="utf-8")
        os.utime(override, (time.time() + 5, time.time() + 5))
        assert assistant_identity() == "You are the Clinic Helper, version two."
        override.unlink()
        assert "not a doctor" in assistant_identity()


def test_the_fake_server_can_compute_answers_from_the_request(llm, llm_server):
    llm_server.respond_with(lambda body: body["messages"][-1]["content"].upper())
    assert llm.chat([{"role": "user", "content": "echo me"}]).text == "ECHO ME"
    llm_server.reply("queued answers come first")
    assert llm.chat(MESSAGES).text == "queued answers come first"


def test_a_server_that_ignores_stream_true_gives_its_answer_as_one_delta(llm, llm_server):
    llm_server.malformed(json.dumps({"model": "m", "choices": [{"message": {"content": "All at once."},
                                                                 "finish_reason": "stop"}],
                                     "usage": {"prompt_tokens": 5, "completion_tokens": 3}}).encode())
    stream = llm.stream(MESSAGES)
    assert list(stream) == ["All at once."]
    assert (stream.model, stream.prompt_tokens, stream.completion_tokens) == ("m", 5, 3)


def test_a_stream_cut_off_mid_answer_is_unavailable_and_counts_against_the_breaker(llm, llm_server):
    llm_server.malformed(b'data: {"choices": [{"delta": {"content": "Partial"}}]}\n\ndata: {"error": '
                         b'{"message": "overloaded"}}\n\n', content_type="text/event-stream")
    stream = llm.stream(MESSAGES)
    assert next(stream) == "Partial"
    with pytest.raises(LLMUnavailable) as caught:
        list(stream)
    assert caught.value.reason == "server_error"
    assert llm._breaker.fail_counter == 1


def test_a_server_that_sends_no_usage_and_names_its_own_model_is_handled(llm, llm_server):
    llm_server.stream(["Rest", " well."], usage={}, model="qwen2.5-7b-instruct-q4_k_m")
    stream = llm.stream(MESSAGES)
    assert "".join(stream) == "Rest well." and (stream.prompt_tokens, stream.completion_tokens) == (0, 0)
    assert stream.model == "qwen2.5-7b-instruct-q4_k_m"  # the name the server gave, not the one sent


def test_json_mode_never_sends_a_json_schema(llm, llm_server):
    llm_server.reply('{"ok": true}')
    llm.chat(MESSAGES, json_mode=True)
    body = llm_server.requests[-1]
    assert body["response_format"] == {"type": "json_object"} and "json_schema" not in json.dumps(body)
