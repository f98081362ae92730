"""Configuration from the environment, and production's refusal of default secrets."""

import pytest

from config import DEFAULT_SECRET_KEY, ConfigError, config_for
from core.app import create_app

GOOD_SECRET = "q7N2vXk9LmP4rT8wZ1cY6bH3jD5fG0sA-u_eR"  # 37 characters, 36 different


def test_production_refuses_a_missing_or_default_secret():
    for env in ({}, {"SECRET_KEY": DEFAULT_SECRET_KEY}, {"SECRET_KEY": "short"},
                {"SECRET_KEY": GOOD_SECRET, "JWT_SECRET_KEY": "short"}):
        with pytest.raises(ConfigError, match="production refuses to start"):
            config_for("production", env)


@pytest.mark.parametrize("secret,problem", [
    ("change-me-to-a-long-random-secret-at-least-32-characters", "placeholder"),  # .env.example's own
    ("my-Very-Long-CHANGEME-Secret-For-Production-Use", "placeholder"),
    ("a" * 40, "too predictable"), ("abababababababababababababababab12", "too predictable"),
])
def test_production_refuses_placeholder_and_low_entropy_secrets(secret, problem):
    with pytest.raises(ConfigError, match=problem):
        config_for("production", {"SECRET_KEY": secret})
    with pytest.raises(ConfigError, match="JWT_SECRET_KEY"):
        config_for("production", {"SECRET_KEY": GOOD_SECRET, "JWT_SECRET_KEY": secret})


def test_production_refuses_debug():
    with pytest.raises(ConfigError, match="DEBUG"):
        config_for("production", {"SECRET_KEY": GOOD_SECRET, "DEBUG": "1"})


def test_production_accepts_real_secrets():
    config = config_for("production", {"SECRET_KEY": GOOD_SECRET})
    assert config.JWT_SECRET_KEY == GOOD_SECRET and config.DEBUG is False


def test_create_app_refuses_production_with_default_secret(monkeypatch, tmp_path):
    monkeypatch.setenv("HYGEIA_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(env="production")


def test_database_url_from_seed_variables():
    config = config_for("development", {"DB_NAME": "hygeia", "DB_USER": "app", "DB_PASSWORD": "p@ss word",
                                        "DB_HOST": "db", "DB_PORT": "5433"}, instance_path="/srv/i")
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg2://app:p%40ss%20word@db:5433/hygeia"


def test_database_url_wins_and_defaults_to_sqlite_in_instance():
    assert config_for("development", {"DATABASE_URL": "postgres://u@h/d"}).SQLALCHEMY_DATABASE_URI == \
        "postgresql+psycopg2://u@h/d"
    assert config_for("development", {}, instance_path="/srv/i").SQLALCHEMY_DATABASE_URI == \
        "sqlite:////srv/i/hygeia.sqlite3"


def test_seed_variables_and_plugin_selection():
    config = config_for("development", {"ALLOWED_HOSTS": "api.example.org, localhost", "REDIS_URL": "redis://r:6379/1",
                                        "TOGETHER_AI_API_KEY": "k", "HYGEIA_PLUGINS": "diet, chat"})
    assert config.TRUSTED_HOSTS == ["api.example.org", "localhost"]
    assert config.REDIS_URL == "redis://r:6379/1"
    assert config.TOGETHER_AI_MODEL == "Qwen/Qwen2.5-7B-Instruct"
    assert config.HYGEIA_PLUGINS == ["diet", "chat"]
    assert config_for("development", {}).HYGEIA_PLUGINS is None  # every installed plugin
    assert config_for("development", {"HYGEIA_PLUGINS": ""}).HYGEIA_PLUGINS == []  # core only


def test_unknown_environment_is_a_clear_error():
    with pytest.raises(ConfigError, match="HYGEIA_ENV='staging' is unknown"):
        config_for("staging", {})


def test_allowed_hosts_are_enforced(make_app):
    client = make_app({"TRUSTED_HOSTS": ["api.example.org"]}).test_client()
    assert client.get("/api/health/", headers={"Host": "api.example.org"}).status_code == 200
    assert client.get("/api/health/", headers={"Host": "evil.example.com"}).status_code == 400


def test_plugin_settings_come_from_config_then_environment_then_manifest(make_app, monkeypatch):
    import types

    from core.api import Manifest

    plugin = types.ModuleType("fake_tuned")
    plugin.manifest = Manifest(name="tuned", version="1", settings={"threshold": 0.5, "retries": 2,
                                                                    "enabled": False, "labels": ["a"]})
    monkeypatch.setenv("TUNED_RETRIES", "5")
    monkeypatch.setenv("TUNED_ENABLED", "yes")
    monkeypatch.setenv("TUNED_LABELS", "x, y")
    app = make_app({"HYGEIA_PLUGINS": ["tuned"], "TUNED_THRESHOLD": 0.9}, plugins=(plugin,))
    assert app.config["TUNED_THRESHOLD"] == 0.9
    assert app.config["TUNED_RETRIES"] == 5
    assert app.config["TUNED_ENABLED"] is True
    assert app.config["TUNED_LABELS"] == ["x", "y"]


ORIGINAL_ENV = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "smtp.example.org",
    "EMAIL_PORT": "465", "EMAIL_USE_TLS": "False", "EMAIL_HOST_USER": "mailer", "EMAIL_HOST_PASSWORD": "s3cret",
    "DEFAULT_FROM_EMAIL": "Clinic <no-reply@example.org>", "FRONTEND_URL": "https://app.example.org/",
    "CORS_ALLOWED_ORIGINS": "https://app.example.org,https://admin.example.org", "OTP_TOTP_ISSUER": "Clinic",
}


def test_the_original_backends_names_are_honoured():
    config = config_for("development", environ=ORIGINAL_ENV)
    assert (config.MAIL_BACKEND, config.MAIL_SERVER, config.MAIL_PORT, config.MAIL_USE_TLS) == \
        ("smtp", "smtp.example.org", 465, False)
    assert (config.MAIL_USERNAME, config.MAIL_PASSWORD, config.MAIL_DEFAULT_SENDER) == \
        ("mailer", "s3cret", "Clinic <no-reply@example.org>")
    assert config.VERIFY_EMAIL_URL == "https://app.example.org/auth/verify_email?token={token}"
    assert config.PASSWORD_RESET_URL == "https://app.example.org/auth/reset_password?token={token}"
    assert config.CORS_ORIGINS == "https://app.example.org,https://admin.example.org"
    assert config.TWO_FACTOR_ISSUER == "Clinic"
    assert ("info", "MAIL_SERVER taken from the original backend's EMAIL_HOST") in config.CONFIG_NAME_NOTES
    assert "s3cret" not in repr(config.CONFIG_NAME_NOTES)


def test_hygeias_names_win_and_start_up_says_which_was_used(make_app, monkeypatch, caplog):
    import logging

    config = config_for("development", environ={**ORIGINAL_ENV, "MAIL_SERVER": "relay.internal",
                                                "CORS_ALLOW_ALL_ORIGINS": "True"})
    assert config.MAIL_SERVER == "relay.internal" and config.MAIL_PORT == 465
    assert config.CORS_ORIGINS == "*"
    assert ("warning", "MAIL_SERVER is set, so the original backend's EMAIL_HOST is ignored") \
        in config.CONFIG_NAME_NOTES
    assert config_for("development", environ={"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}) \
        .MAIL_BACKEND == "outbox"

    monkeypatch.setenv("EMAIL_HOST", "smtp.example.org")
    monkeypatch.setenv("MAIL_PORT", "2525")
    monkeypatch.setenv("EMAIL_PORT", "465")
    with caplog.at_level(logging.INFO, logger="core.app"):
        app = make_app()
    assert app.config["MAIL_SERVER"] == "smtp.example.org" and app.config["MAIL_PORT"] == 2525
    assert "config: MAIL_SERVER taken from the original backend's EMAIL_HOST" in caplog.text
    assert "config: MAIL_PORT is set, so the original backend's EMAIL_PORT is ignored" in caplog.text
