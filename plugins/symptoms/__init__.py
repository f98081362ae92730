"""Symptom consultations with red-flag triage and AI analysis.

A user describes symptoms (POST /api/consultations/); the deterministic
red-flag layer runs first and answers emergencies at once; otherwise the model
gives a structured, validated analysis personalised with the health profile
(allergies flag suggested medicines), sourced from other plugins' context and
enriched with MedlinePlus health topics. Identical requests are served from a
24-hour cache. Without a model (unconfigured, unreachable, breaker open) the
consultation still succeeds with honest general guidance (``source:
"fallback"``) and can be re-run later (POST /api/consultations/{id}/rerun/).

Anonymous use: allowed, with no storage. Without a token, POST answers 200
with the analysis (``id: null``, ``stored: false``), unpersonalised; nothing is
written to the database; background mode needs a signed-in user (401). The
list, detail, re-run and delete routes need a token. POST is limited to 10 a
minute per user and 3 a minute per anonymous IP address.
"""

from core.api import HealthCheck, Manifest, RateLimit, hookimpl
from plugins.symptoms.settings import DEFAULTS, setting

manifest = Manifest(name="symptoms", version="0.1.0",
                    description="Symptom consultations with red-flag triage and AI analysis", settings=DEFAULTS)


@hookimpl
def register_models():
    from plugins.symptoms.models import SymptomConsultation

    return [SymptomConsultation]


@hookimpl
def register_blueprints():
    from plugins.symptoms.routes import blp

    return [blp]


@hookimpl
def register_jobs():
    from plugins.symptoms.jobs import analyse_consultation

    return [analyse_consultation]


@hookimpl
def register_rate_limits(app):
    return [
        RateLimit(authenticated=setting("RATE_LIMIT_AUTHENTICATED", app),
                  anonymous=setting("RATE_LIMIT_ANONYMOUS", app), methods=["POST"]),
        RateLimit(authenticated="120/minute", anonymous="30/minute", methods=["GET", "DELETE"]),
    ]


@hookimpl
def register_health_checks():
    from plugins.symptoms.health import analysis_ready

    return [HealthCheck("symptoms_analysis", analysis_ready)]


@hookimpl
def export_user_data(user_id):
    """The user's stored consultations (anonymous ones are never stored)."""
    from plugins.symptoms.services import export_user_data as export

    return export(user_id)


@hookimpl
def ai_context(query, user_id, requester):
    """The user's three latest consultations, for e.g. the chat plugin's prompts."""
    from plugins.symptoms.context import recent_consultations_context

    return recent_consultations_context(user_id)
