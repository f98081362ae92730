"""Medication reviews: a person's medicines checked against each other and their health profile.

A user lists medicines as they write them (POST /api/medication-reviews/):
brand or generic names in en/es/fr, doses like "500 mg twice a day". The core's
sourced tables (core.medicines, offline) find duplicates, daily totals over the
maximum, overdoses, allergies and cross-reactions, condition, age and pregnancy
restrictions and interactions, each with its source; an LLM, when configured,
only writes a plain-language explanation around those findings. Chat and other
plugins get the findings for medicines a message names (ai_context).

Anonymous use: allowed, with no storage (200, ``id: null``). The list, detail
and delete routes need a token. POST is limited to 20 a minute per user and 5 a
minute per anonymous IP address.
"""

from core.api import HealthCheck, Manifest, RateLimit, hookimpl
from plugins.medications.settings import DEFAULTS, setting

manifest = Manifest(name="medications", version="0.1.0",
                    description="Medication reviews from sourced tables", settings=DEFAULTS, hooks_version="1.1")


@hookimpl
def register_models():
    from plugins.medications.models import MedicationReview

    return [MedicationReview]


@hookimpl
def register_blueprints():
    from plugins.medications.routes import blp

    return [blp]


@hookimpl
def register_jobs():
    from plugins.medications.jobs import explain_review

    return [explain_review]


@hookimpl
def register_rate_limits(app):
    return [
        RateLimit(authenticated=setting("RATE_LIMIT_AUTHENTICATED", app),
                  anonymous=setting("RATE_LIMIT_ANONYMOUS", app), methods=["POST"]),
        RateLimit(authenticated="120/minute", anonymous="30/minute", methods=["GET", "DELETE"]),
    ]


@hookimpl
def register_health_checks():
    from plugins.medications.health import tables_ready

    return [HealthCheck("medicine_tables", tables_ready)]


@hookimpl
def export_user_data(user_id):
    from plugins.medications.services import export_reviews

    return export_reviews(user_id)


@hookimpl
def ai_context(query, user_id):
    """The sourced findings for medicines the message names, with the user's own medicines."""
    from plugins.medications.services import medicines_context

    return medicines_context(query, user_id)
