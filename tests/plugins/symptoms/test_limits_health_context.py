"""Rate limits, the health check, the ai_context hook and the migration."""

import sqlalchemy as sa

from core.api import gather_ai_context, get_breaker
from tests.plugins.symptoms.helpers import model_answer

URL = "/api/consultations/"


def test_signed_in_users_get_ten_consultations_a_minute(app, client, user, llm_server):
    llm_server.always(model_answer())
    statuses = [client.post(URL, json={"symptoms": "blocked nose"}, headers=user.headers).status_code
                for _ in range(11)]
    assert statuses == [201] * 10 + [429]
    refused = client.post(URL, json={"symptoms": "blocked nose"}, headers=user.headers)
    assert refused.get_json()["error"] == "rate_limited" and "Retry-After" in refused.headers
    assert client.get(URL, headers=user.headers).status_code == 200  # reading is limited separately


def test_anonymous_callers_get_three_a_minute(app, client, llm_server, make_user):
    llm_server.always(model_answer())
    statuses = [client.post(URL, json={"symptoms": "blocked nose"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    signed_in = make_user()
    assert client.post(URL, json={"symptoms": "blocked nose"}, headers=signed_in.headers).status_code == 201


def test_health_check_reports_ready(app, client):
    report = client.get("/api/health/").get_json()
    check = report["plugins"]["symptoms"]["symptoms_analysis"]
    assert check["status"] == "ok" and check["llm_configured"] is True
    assert check["llm_breaker"] == "closed" and check["medlineplus_breaker"] == "closed"


def test_health_check_is_degraded_without_a_model_or_with_a_breaker_open(symptoms_app):
    unconfigured = symptoms_app(TOGETHER_AI_API_KEY=None, LLM_BASE_URL="https://api.together.xyz/v1")
    check = unconfigured.test_client().get("/api/health/").get_json()["plugins"]["symptoms"]["symptoms_analysis"]
    assert (check["status"], check["llm_configured"]) == ("degraded", False)
    assert "general guidance" in check["detail"]
    configured = symptoms_app()
    with configured.app_context():
        get_breaker("medlineplus").open()
    check = configured.test_client().get("/api/health/").get_json()["plugins"]["symptoms"]["symptoms_analysis"]
    assert (check["status"], check["medlineplus_breaker"]) == ("degraded", "open")


def test_ai_context_offers_the_users_recent_consultations(app, client, make_user, llm_server):
    alice, bob = make_user(), make_user()
    llm_server.always(model_answer())
    for text in ("sore throat", "blocked nose", "itchy eyes", "dry cough"):
        client.post(URL, json={"symptoms": text}, headers=alice.headers)
    with app.app_context():
        items = gather_ai_context("how do I sleep better", alice.id, "chat")
        assert gather_ai_context("anything", bob.id, "chat") == []
        assert gather_ai_context("anything", None, "chat") == []
        assert gather_ai_context("anything", alice.id, "symptoms") == []  # never its own prompts
    assert len(items) == 1 and items[0].plugin == "symptoms"
    lines = items[0].text.splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == ["dry cough (triage: self_care)",
                                                          "itchy eyes (triage: self_care)",
                                                          "blocked nose (triage: self_care)"]
    assert [s["type"] for s in items[0].sources] == ["consultation"] * 3


def test_the_migration_goes_up_and_down(make_app, fresh_database):
    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database, "HYGEIA_PLUGINS": ["symptoms"]})
    runner = app.test_cli_runner()

    def table_names():
        engine = sa.create_engine(fresh_database)
        try:
            return set(sa.inspect(engine).get_table_names())
        finally:
            engine.dispose()

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "symptoms_consultations" in table_names()
    result = runner.invoke(args=["db", "downgrade", "symptoms@base"])
    assert result.exit_code == 0, result.output
    assert "symptoms_consultations" not in table_names() and "users" in table_names()
