"""Configuration classes, one per environment, read from environment variables.

The variables keep the names of the seed project where they apply (SECRET_KEY,
DEBUG, ALLOWED_HOSTS, DB_*, DATABASE_URL, REDIS_URL, TOGETHER_AI_*); Hygeia's own
carry the HYGEIA_ prefix. Values are read when a class is instantiated, not at
import, so a test or a process manager can set the environment first.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import quote

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # refused in production
MIN_SECRET_KEY_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration cannot run: the message says what to set."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def with_driver(url: str) -> str:
    """Plain postgres:// or postgresql:// URLs use psycopg2 (SQLAlchemy 2.1 would pick psycopg 3)."""
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg2://" + url[len(scheme):]
    return url


def database_url(env: Mapping[str, str], instance_path: str) -> str:
    """DATABASE_URL wins; else DB_NAME and friends build a PostgreSQL URL; else SQLite in instance/."""
    if env.get("DATABASE_URL"):
        return with_driver(env["DATABASE_URL"])
    if env.get("DB_NAME"):
        user = quote(env.get("DB_USER", "postgres"), safe="")
        password = env.get("DB_PASSWORD")
        auth = f"{user}:{quote(password, safe='')}" if password else user
        host = env.get("DB_HOST", "127.0.0.1")
        port = env.get("DB_PORT", "5432")
        return f"postgresql+psycopg2://{auth}@{host}:{port}/{env['DB_NAME']}"
    return "sqlite:///" + os.path.join(instance_path, "hygeia.sqlite3")


# The original backend's names for settings that mean the same here, so its .env files keep working.
# Hygeia's own name wins when both are set; start-up logs which one was used (never the value).
ORIGINAL_NAMES = {
    "MAIL_SERVER": "EMAIL_HOST",
    "MAIL_PORT": "EMAIL_PORT",
    "MAIL_USERNAME": "EMAIL_HOST_USER",
    "MAIL_PASSWORD": "EMAIL_HOST_PASSWORD",
    "MAIL_USE_TLS": "EMAIL_USE_TLS",
    "MAIL_USE_SSL": "EMAIL_USE_SSL",
    "MAIL_DEFAULT_SENDER": "DEFAULT_FROM_EMAIL",
    "TWO_FACTOR_ISSUER": "OTP_TOTP_ISSUER",
}
# Django's mail backends: SMTP sends; the others (console, file, memory, dummy) keep mail local.
DJANGO_SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# The links the original mailed, under its FRONTEND_URL.
ORIGINAL_LINKS = {"VERIFY_EMAIL_URL": "/auth/verify_email?token={token}",
                  "PASSWORD_RESET_URL": "/auth/reset_password?token={token}"}


def with_original_names(env: Mapping[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """``env`` plus Hygeia's names filled from the original backend's, and notes of what was used:
    ``[("info" | "warning", message)]``."""
    merged = dict(env)
    notes: list[tuple[str, str]] = []

    def use(ours: str, theirs: str, value: str) -> None:
        if env.get(ours):
            notes.append(("warning", f"{ours} is set, so the original backend's {theirs} is ignored"))
        else:
            merged[ours] = value
            notes.append(("info", f"{ours} taken from the original backend's {theirs}"))

    for ours, theirs in ORIGINAL_NAMES.items():
        if env.get(theirs):
            use(ours, theirs, env[theirs])
    if env.get("EMAIL_BACKEND"):
        use("MAIL_BACKEND", "EMAIL_BACKEND", "smtp" if env["EMAIL_BACKEND"] == DJANGO_SMTP_BACKEND else "outbox")
    if env.get("FRONTEND_URL"):
        for ours, path in ORIGINAL_LINKS.items():
            use(ours, "FRONTEND_URL", env["FRONTEND_URL"].rstrip("/") + path)
    if _bool(env.get("CORS_ALLOW_ALL_ORIGINS")):
        use("CORS_ORIGINS", "CORS_ALLOW_ALL_ORIGINS", "*")
    elif env.get("CORS_ALLOWED_ORIGINS"):
        use("CORS_ORIGINS", "CORS_ALLOWED_ORIGINS", env["CORS_ALLOWED_ORIGINS"])
    return merged, notes


class BaseConfig:
    ENV_NAME = "base"
    DEBUG = False
    TESTING = False

    def __init__(self, environ: Mapping[str, str] | None = None, instance_path: str = "instance"):
        env, self.CONFIG_NAME_NOTES = with_original_names(os.environ if environ is None else environ)
        if env.get("CORS_ORIGINS") is not None:
            self.CORS_ORIGINS = env["CORS_ORIGINS"]
        self.SECRET_KEY = env.get("SECRET_KEY", DEFAULT_SECRET_KEY)
        self.JWT_SECRET_KEY = env.get("JWT_SECRET_KEY", self.SECRET_KEY)
        self.DEBUG = _bool(env.get("DEBUG"), self.DEBUG)
        allowed = _list(env.get("ALLOWED_HOSTS"))
        # Flask checks the Host header against TRUSTED_HOSTS; "*" (or nothing) allows any.
        self.TRUSTED_HOSTS = None if not allowed or "*" in allowed else allowed

        self.SQLALCHEMY_DATABASE_URI = database_url(env, instance_path)
        # hide_parameters: SQL errors never carry the values (addresses, health data) into logs.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
        if not self.SQLALCHEMY_DATABASE_URI.startswith("sqlite"):
            self.SQLALCHEMY_ENGINE_OPTIONS.update(
                pool_size=int(env.get("DB_POOL_SIZE", "5")),
                max_overflow=int(env.get("DB_MAX_OVERFLOW", "10")),
                pool_recycle=1800,
            )

        # Redis is optional: without it Hygeia runs jobs in-process and keeps
        # rate limits, cache, breakers and revoked tokens in memory or the database.
        self.REDIS_URL = env.get("REDIS_URL") or None
        self.REDIS_KEY_PREFIX = env.get("HYGEIA_REDIS_PREFIX", "hygeia")

        # Comma list of enabled plugins; unset: every installed plugin except opt-in ones (compat); set but
        # empty: none (core only).
        self.HYGEIA_PLUGINS = _list(env["HYGEIA_PLUGINS"]) if "HYGEIA_PLUGINS" in env else None
        self.HYGEIA_PLUGIN_ERRORS = env.get("HYGEIA_PLUGIN_ERRORS", "fail")  # or "skip"

        self.TOGETHER_AI_API_KEY = env.get("TOGETHER_AI_API_KEY") or None
        self.TOGETHER_AI_MODEL = env.get("TOGETHER_AI_MODEL", "Qwen/Qwen2.5-7B-Instruct")
        self.LLM_BASE_URL = env.get("LLM_BASE_URL", "https://api.together.xyz/v1")
        self.LLM_TIMEOUT_SECONDS = float(env.get("LLM_TIMEOUT_SECONDS", "30"))
        self.LLM_MAX_RETRIES = int(env.get("LLM_MAX_RETRIES", "2"))  # extra tries after a 429, 5xx or lost connection
        self.LLM_BACKOFF_SECONDS = float(env.get("LLM_BACKOFF_SECONDS", "0.5"))  # doubles at each retry
        self.LLM_RETRY_AFTER_MAX_SECONDS = float(env.get("LLM_RETRY_AFTER_MAX_SECONDS", "10"))  # longer: give up

        self.JWT_ACCESS_TOKEN_EXPIRES = timedelta(minutes=int(env.get("JWT_ACCESS_MINUTES", "15")))
        self.JWT_REFRESH_TOKEN_EXPIRES = timedelta(days=int(env.get("JWT_REFRESH_DAYS", "30")))
        self.JWT_TOKEN_LOCATION = ["headers"]
        self.JWT_ERROR_MESSAGE_KEY = "message"

        self.MAX_CONTENT_LENGTH = int(env.get("MAX_CONTENT_LENGTH", str(16 * 1024 * 1024)))
        # WebSockets (flask-sock / simple-websocket): bounded messages, keep-alive pings.
        self.SOCK_SERVER_OPTIONS = {"max_message_size": int(env.get("WS_MAX_MESSAGE_BYTES", str(64 * 1024))),
                                    "ping_interval": int(env.get("WS_PING_SECONDS", "25"))}
        # Per account from one address: failures elsewhere never lock the owner out (OWASP ASVS V2.2.1).
        self.LOGIN_FAILURES_PER_ACCOUNT_IP = env.get("LOGIN_FAILURES_PER_ACCOUNT_IP", "5 per 15 minutes")
        self.LOGIN_FAILURES_PER_IP = env.get("LOGIN_FAILURES_PER_IP", "20 per 15 minutes")
        self.RATELIMIT_ENABLED = _bool(env.get("RATELIMIT_ENABLED"), True)

        # Account security: email verification, password reset, two-factor login, device sessions.
        self.REQUIRE_EMAIL_VERIFICATION = _bool(env.get("REQUIRE_EMAIL_VERIFICATION"), False)
        self.EMAIL_VERIFICATION_HOURS = int(env.get("EMAIL_VERIFICATION_HOURS", "24"))
        self.PASSWORD_RESET_MINUTES = int(env.get("PASSWORD_RESET_MINUTES", "60"))
        # Links put in the mails, with {token} where the token goes (e.g. https://app.example.org/reset?t={token});
        # unset: the mail carries the token for the app to paste.
        self.VERIFY_EMAIL_URL = env.get("VERIFY_EMAIL_URL") or None
        self.PASSWORD_RESET_URL = env.get("PASSWORD_RESET_URL") or None
        self.PRODUCT_NAME = env.get("HYGEIA_PRODUCT_NAME", "Hygeia")  # in mail and authenticator apps
        self.TWO_FACTOR_ISSUER = env.get("TWO_FACTOR_ISSUER", self.PRODUCT_NAME)
        self.TWO_FACTOR_CHALLENGE_MINUTES = int(env.get("TWO_FACTOR_CHALLENGE_MINUTES", "5"))
        self.TWO_FACTOR_ATTEMPTS_PER_CHALLENGE = int(env.get("TWO_FACTOR_ATTEMPTS_PER_CHALLENGE", "5"))
        self.TWO_FACTOR_FAILURES_PER_ACCOUNT = env.get("TWO_FACTOR_FAILURES_PER_ACCOUNT", "5 per 15 minutes")
        self.ACCOUNT_MAILS_PER_ADDRESS = env.get("ACCOUNT_MAILS_PER_ADDRESS", "3 per hour")
        self.ACCOUNT_MAILS_PER_IP = env.get("ACCOUNT_MAILS_PER_IP", "10 per hour")
        self.ACCOUNT_TOKEN_FAILURES_PER_IP = env.get("ACCOUNT_TOKEN_FAILURES_PER_IP", "20 per 15 minutes")

        # Mail: SMTP when MAIL_SERVER is set, else .eml files in the instance folder's outbox.
        self.MAIL_SERVER = env.get("MAIL_SERVER") or None
        self.MAIL_BACKEND = env.get("MAIL_BACKEND") or ("smtp" if self.MAIL_SERVER else "outbox")
        self.MAIL_PORT = int(env.get("MAIL_PORT", "587"))
        self.MAIL_USE_TLS = _bool(env.get("MAIL_USE_TLS"), True)  # STARTTLS
        self.MAIL_USE_SSL = _bool(env.get("MAIL_USE_SSL"), False)  # implicit TLS (usually port 465)
        self.MAIL_USERNAME = env.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD") or None
        self.MAIL_DEFAULT_SENDER = env.get("MAIL_DEFAULT_SENDER", "Hygeia <no-reply@localhost>")
        self.MAIL_TIMEOUT_SECONDS = float(env.get("MAIL_TIMEOUT_SECONDS", "10"))
        self.MAIL_TLS_CA_FILE = env.get("MAIL_TLS_CA_FILE") or None  # extra CA to trust (a private relay)
        self.MAIL_OUTBOX_DIR = env.get("MAIL_OUTBOX_DIR") or os.path.join(instance_path, "outbox")
        self.MAIL_RETRIES = int(env.get("MAIL_RETRIES", "3"))
        # Seconds before each retry of a failed send (the last value repeats).
        self.MAIL_RETRY_SECONDS = [int(s) for s in _list(env.get("MAIL_RETRY_SECONDS", "30,120,600"))]
        self.MAIL_SUPPRESS_SEND = _bool(env.get("MAIL_SUPPRESS_SEND"), False)
        # Stored files (x-ray images, heatmaps): unset = the folder instance/uploads; file:///path = another
        # folder; s3://bucket/prefix = an S3-compatible object store (docs/storage.md). Credentials come from
        # boto3's own chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance or task role.
        self.STORAGE_URL = env.get("STORAGE_URL", "").strip()
        self.STORAGE_ENDPOINT_URL = env.get("STORAGE_ENDPOINT_URL") or None  # MinIO, Ceph RGW, R2, ...; unset: AWS
        self.STORAGE_REGION = env.get("STORAGE_REGION") or None  # unset: boto3's (AWS_DEFAULT_REGION, profile)
        self.STORAGE_ADDRESSING = env.get("STORAGE_ADDRESSING", "auto")  # path (MinIO), virtual or auto
        # Server-side encryption of each object: AES256 (SSE-S3), aws:kms, or off for stores that refuse it.
        self.STORAGE_ENCRYPTION = env.get("STORAGE_ENCRYPTION", "AES256")
        self.STORAGE_KMS_KEY_ID = env.get("STORAGE_KMS_KEY_ID") or None  # with aws:kms; unset: the bucket's key
        self.STORAGE_TIMEOUT_SECONDS = float(env.get("STORAGE_TIMEOUT_SECONDS", "10"))  # connect and each read
        self.STORAGE_SIGNED_URL_SECONDS = int(env.get("STORAGE_SIGNED_URL_SECONDS", "300"))
        # With an object store: reads of a key it lacks try the local folder (while `flask storage migrate` runs).
        self.STORAGE_LOCAL_FALLBACK = _bool(env.get("STORAGE_LOCAL_FALLBACK"), True)
        # The orphan sweep spares objects younger than this (an upload whose row is not committed yet).
        self.STORAGE_ORPHAN_GRACE_MINUTES = int(env.get("STORAGE_ORPHAN_GRACE_MINUTES", "60"))
        self.HEALTH_CHECK_INTERVAL_SECONDS = int(env.get("HEALTH_CHECK_INTERVAL_SECONDS", str(14 * 60)))
        # GET /api/health/ answers from a report at most this old, built once per process in that time
        # (?deep=1 checks everything live); 0 builds one for every request.
        self.HEALTH_SNAPSHOT_SECONDS = float(env.get("HEALTH_SNAPSHOT_SECONDS", "1"))
        # Run periodic jobs in a thread of the web process when there is no Redis (embedded default).
        self.HYGEIA_INPROCESS_SCHEDULER = _bool(env.get("HYGEIA_INPROCESS_SCHEDULER"), True)

        # flask-smorest: spec at /api/openapi.json, Swagger UI at /api/docs, ReDoc at /api/docs/redoc.
        self.API_TITLE = "Hygeia API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = "/docs"
        self.OPENAPI_SWAGGER_UI_URL = "/api/docs/assets/swagger-ui/"
        self.OPENAPI_REDOC_PATH = "/docs/redoc"
        self.OPENAPI_REDOC_URL = "/api/docs/assets/redoc/redoc.standalone.js"
        # No badge from validator.swagger.io (an image that would send the spec's URL off the machine).
        self.OPENAPI_SWAGGER_UI_CONFIG = {"validatorUrl": None}

    def validate(self) -> None:
        """Raise ConfigError when this configuration must not run."""


class DevelopmentConfig(BaseConfig):
    ENV_NAME = "development"
    DEBUG = True


class TestingConfig(BaseConfig):
    ENV_NAME = "testing"
    TESTING = True

    def __init__(self, environ=None, instance_path="instance"):
        super().__init__(environ, instance_path)
        env = os.environ if environ is None else environ
        self.SQLALCHEMY_DATABASE_URI = with_driver(env.get("TEST_DATABASE_URL", "sqlite://"))
        self.HYGEIA_INPROCESS_SCHEDULER = False
        self.HEALTH_SNAPSHOT_SECONDS = float(env.get("HEALTH_SNAPSHOT_SECONDS", "0"))  # each check sees now
        # Fast hashing keeps the suite quick; production parameters are argon2's defaults.
        self.PASSWORD_HASH_FAST = True
        # Tests that read mail point MAIL_SERVER at a local SMTP server and turn this off.
        self.MAIL_SUPPRESS_SEND = _bool(env.get("MAIL_SUPPRESS_SEND"), True)


class ProductionConfig(BaseConfig):
    ENV_NAME = "production"
    DEBUG = False

    def __init__(self, environ=None, instance_path="instance"):
        super().__init__(environ, instance_path)
        self.SESSION_COOKIE_SECURE = True

    def validate(self) -> None:
        check_production_secrets(vars(self))
        if self.DEBUG:
            raise ConfigError("DEBUG is on; production refuses to start with it (errors would show as "
                              "pages with tracebacks). Unset DEBUG, or run with HYGEIA_ENV=development.")


PLACEHOLDER_MARKERS = ("change-me", "changeme", "change_me", "replace-me", "replaceme", "your-secret",
                       "your_secret", "placeholder", "example", "secret-key-here", "insecure", "xxxxxxxx")
MIN_DISTINCT_CHARACTERS = 10  # 40 x "a" is long, not secret


def secret_problem(value: object) -> str | None:
    """Why a value cannot be a production secret, or None."""
    if not isinstance(value, str) or not value:
        return "missing"
    if value == DEFAULT_SECRET_KEY or any(marker in value.lower() for marker in PLACEHOLDER_MARKERS):
        return "a placeholder (the built-in default or a value from .env.example)"
    if len(value) < MIN_SECRET_KEY_LENGTH:
        return f"shorter than {MIN_SECRET_KEY_LENGTH} characters"
    if len(set(value)) < MIN_DISTINCT_CHARACTERS:
        return f"too predictable (fewer than {MIN_DISTINCT_CHARACTERS} different characters)"
    return None


def check_production_secrets(settings: Mapping[str, object]) -> None:
    """Refuse a missing, placeholder, short or low-entropy SECRET_KEY / JWT_SECRET_KEY."""
    for name in ("SECRET_KEY", "JWT_SECRET_KEY"):
        problem = secret_problem(settings.get(name))
        if problem:
            raise ConfigError(
                f"{name} is {problem}; production refuses to start without a real secret. Set it, e.g. "
                f"{name}=$(python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )


CONFIGS = {cls.ENV_NAME: cls for cls in (DevelopmentConfig, TestingConfig, ProductionConfig)}


def config_for(env_name: str | None, environ=None, instance_path: str = "instance") -> BaseConfig:
    name = (env_name or "development").lower()
    if name not in CONFIGS:
        raise ConfigError(f"HYGEIA_ENV={name!r} is unknown; use one of {', '.join(sorted(CONFIGS))}.")
    config = CONFIGS[name](environ, instance_path)
    config.validate()
    return config
