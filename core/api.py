"""The public API of the core: the only module a plugin needs to import.

Everything here is covered by the hook contract's version (core.hookspecs.HOOKS_VERSION).
"""

import pluggy
from flask_jwt_extended import current_user

from core import accounts
from core.ai_context import gather_ai_context
from core.breakers import CircuitBreakerError, get_breaker
from core.cache import cache_delete, cache_get, cache_set, remember
from core.errors import ApiError, ErrorSchema, abort
from core.extensions import db
from core.health.service import full_report as health_report
from core.hookspecs import HOOKS_VERSION
from core.jobs import enqueue, queue_name
from core.llm import (
    LLMReply,
    LLMUnavailable,
    assistant_identity,
    get_llm,
    no_llm_notice,
)
from core.llm.cached import cached_chat
from core.medicines import InvalidMedicine, mentioned_medicines
from core.medicines import ingredients_of as medicine_ingredients
from core.medicines import review as review_medicines
from core.medicines import table_summary as medicine_table_summary
from core.medicines import warnings_for as medicine_warnings
from core.medicines.schema import MedicationReviewResultSchema, MedicineFindingSchema
from core.metrics import get_metrics
from core.models_base import (
    OwnedByUser,
    Timestamps,
    UTCDateTime,
    UUIDPrimaryKey,
    utcnow,
)
from core.openapi import Blueprint
from core.ownership import get_owned_or_404, owned
from core.pagination import PageArgs, page_of, paginate
from core.plugin_types import (
    CheckResult,
    ContextItem,
    HealthCheck,
    Manifest,
    RateLimit,
    Schedule,
    WebSocketChannel,
    WebSocketMessage,
    WebSocketRoute,
)
from core.profile.services import change_profile, get_profile, profile_facts
from core.proxy import wrap_wsgi_app
from core.redis_client import get_redis, redis_key
from core.storage import (
    StorageUnavailable,
    StoredFileKey,
    StoredObjectMissing,
    get_storage,
)
from core.storage.http import stored_file_response
from core.subrequest import RouteAnswer, call_route, plugin_enabled
from core.triage import LEVELS as TRIAGE_LEVELS
from core.triage import TriageResult, rank, triage
from core.triage.answers import checked_answers as checked_triage_answers
from core.triage.interview import YES_NO as TRIAGE_ANSWERS
from core.triage.language import detect_text_language
from core.triage.red_flags import RedFlagResult, check_red_flags
from core.triage.schema import QUESTION_EXAMPLE as TRIAGE_QUESTION_EXAMPLE
from core.triage.schema import TRIAGE_EXAMPLE, TriageSchema
from core.triage.schema import AnswersSchema as TriageAnswersSchema
from core.triage.schema import QuestionSchema as TriageQuestionSchema
from core.triage.schema import answers_field as triage_answers_field
from core.websocket import send_json

hookimpl = pluggy.HookimplMarker("hygeia")

__all__ = [
    "HOOKS_VERSION", "ApiError", "Blueprint", "CheckResult", "CircuitBreakerError", "ContextItem",
    "ErrorSchema", "HealthCheck", "Manifest", "OwnedByUser", "PageArgs", "RateLimit", "Schedule",
    "Timestamps", "UTCDateTime", "UUIDPrimaryKey", "WebSocketRoute", "abort", "cache_delete", "cache_get",
    "cache_set", "current_user", "db", "enqueue", "gather_ai_context", "get_breaker", "get_metrics",
    "get_owned_or_404", "get_profile", "get_redis", "hookimpl", "owned", "page_of", "paginate",
    "profile_facts", "queue_name", "redis_key", "remember", "send_json", "utcnow",
    # the core's account services, for plugins serving another API over them (contract 1.2)
    "accounts", "change_profile", "health_report",
    # calling the app's own routes in-process, as the caller (contract 1.2)
    "RouteAnswer", "call_route", "plugin_enabled",
    # a WebSocket route's protocol, for /api/asyncapi.json; a WSGI middleware inside the proxy fix (contract 1.3)
    "WebSocketChannel", "WebSocketMessage", "wrap_wsgi_app",
    # the shared AI layer
    "LLMReply", "LLMUnavailable", "RedFlagResult", "assistant_identity", "cached_chat", "check_red_flags",
    "get_llm", "no_llm_notice",
    # the offline triage engine (docs/triage.md)
    "TRIAGE_ANSWERS", "TRIAGE_EXAMPLE", "TRIAGE_LEVELS", "TRIAGE_QUESTION_EXAMPLE", "TriageAnswersSchema",
    "TriageQuestionSchema", "checked_triage_answers",
    "triage_answers_field",
    "TriageResult", "TriageSchema", "detect_text_language", "rank", "triage",
    # offline medicine checks from sourced tables (docs/medications.md)
    "InvalidMedicine", "MedicationReviewResultSchema", "MedicineFindingSchema", "medicine_ingredients",
    "medicine_table_summary",
    "medicine_warnings", "mentioned_medicines", "review_medicines",
    # stored files: a local folder or an S3-compatible object store (docs/storage.md, contract 1.3)
    "StorageUnavailable", "StoredFileKey", "StoredObjectMissing", "get_storage", "stored_file_response",
]
