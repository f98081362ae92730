"""/api/consultations/: describe symptoms, get a triaged, personalised, sourced answer."""

from __future__ import annotations

from flask import jsonify, request
from flask_jwt_extended import get_current_user, jwt_required

from core.api import (
    Blueprint, ErrorSchema, PageArgs, TriageAnswersSchema, abort, current_user, get_owned_or_404, owned, page_of,
    paginate,
)
from plugins.symptoms import examples, services
from plugins.symptoms.models import SymptomConsultation
from plugins.symptoms.schemas import (
    ConsultationAcceptedSchema, ConsultationRequestSchema, ConsultationSchema, RerunRequestSchema,
)

blp = Blueprint("symptoms", __name__, title="Symptom consultations", url_prefix="/api/consultations",
                description="Symptom consultations: the offline triage engine first (with follow-up questions "
                            "when an answer could change the level), then an AI analysis that can raise the "
                            "level, never lower it. Information, not diagnosis.")


def _status_url(consultation: SymptomConsultation) -> str:
    return f"{blp.url_prefix}/{consultation.id}/"


def _wants_async(data: dict | None) -> bool:
    """``"async": true`` in the body, or the standard ``Prefer: respond-async`` header (RFC 7240)."""
    prefer = request.headers.get("Prefer", "")
    return bool((data or {}).get("run_async")) or any(
        part.strip().lower() == "respond-async" for part in prefer.split(","))


def _accepted(consultation: SymptomConsultation):
    """202 with the job and where to poll (a Response, so the route's own schema does not apply)."""
    response = jsonify(ConsultationAcceptedSchema().dump({"id": consultation.id, "job_id": consultation.job_id,
                                              "status": consultation.status,
                                              "status_url": _status_url(consultation)}))
    response.status_code = 202
    response.headers["Location"] = _status_url(consultation)
    return response


@blp.route("/", methods=["POST"])
@blp.doc(security=[{"bearerAuth": []}, {}])
@jwt_required(optional=True)
@blp.arguments(ConsultationRequestSchema, example=examples.REQUEST)
@blp.response(201, ConsultationSchema, description="Stored and analysed (signed-in users).",
              example=examples.CONSULTATION)
@blp.alt_response(200, schema=ConsultationSchema, description="Analysed, not stored (anonymous).",
                  example=examples.EMERGENCY)
@blp.alt_response(202, schema=ConsultationAcceptedSchema, description="Stored; analysis running in the background.",
                  example=examples.ACCEPTED)
@blp.alt_response(401, schema=ErrorSchema, description="Invalid token, or async asked anonymously.")
def create_consultation(data):
    """Describe symptoms. Emergencies are answered at once; "async": true (or the header Prefer:
    respond-async) answers 202 with the job and a status URL to poll."""
    data["run_async"] = _wants_async(data)
    if get_current_user() is None:
        if data["run_async"]:
            abort(401, "Sign in to run a consultation in the background; anonymous consultations are answered "
                       "at once and not stored.", error="authentication_required")
        return services.anonymous_consultation(data), 200
    consultation, pending = services.create_consultation(current_user.id, data)
    if pending:
        return _accepted(consultation)
    return consultation, 201, {"Location": _status_url(consultation)}


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(ConsultationSchema), example=examples.PAGE)
def list_consultations(args):
    """Your consultations, newest first."""
    statement = owned(SymptomConsultation).order_by(SymptomConsultation.created_at.desc(),
                                                    SymptomConsultation.id.desc())
    return paginate(statement, args)


@blp.route("/<uuid:consultation_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, ConsultationSchema, example=examples.CONSULTATION)
@blp.alt_response(404, schema=ErrorSchema)
def get_consultation(consultation_id):
    """One of your consultations; poll it while its status is pending."""
    return get_owned_or_404(SymptomConsultation, consultation_id, "Consultation")


@blp.route("/<uuid:consultation_id>/rerun/", methods=["POST"])
@blp.auth_required
@blp.arguments(RerunRequestSchema, required=False, example=examples.RERUN)
@blp.response(200, ConsultationSchema, example=examples.CONSULTATION)
@blp.alt_response(202, schema=ConsultationAcceptedSchema, example=examples.ACCEPTED)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="The analysis is still running.")
def rerun_consultation(data, consultation_id):
    """Analyse again without the cache, e.g. once the AI is back after a fallback answer."""
    consultation = get_owned_or_404(SymptomConsultation, consultation_id, "Consultation")
    consultation, pending = services.rerun_consultation(consultation, _wants_async(data))
    return _accepted(consultation) if pending else consultation


@blp.route("/<uuid:consultation_id>/answers/", methods=["POST"])
@blp.auth_required
@blp.arguments(TriageAnswersSchema, example=examples.ANSWERS)
@blp.response(200, ConsultationSchema, example=examples.CONSULTATION)
@blp.alt_response(404, schema=ErrorSchema)
@blp.alt_response(409, schema=ErrorSchema, description="No open questions, or the analysis is still running.")
@blp.alt_response(422, schema=ErrorSchema, description="An unknown question, or an answer of the wrong type.")
def answer_consultation(data, consultation_id):
    """Answer the open questions: the consultation is triaged again with them, and the step is stored."""
    consultation = get_owned_or_404(SymptomConsultation, consultation_id, "Consultation")
    return services.answer_consultation(consultation, data["answers"])


@blp.route("/<uuid:consultation_id>/", methods=["DELETE"])
@blp.auth_required
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema)
def delete_consultation(consultation_id):
    """Delete one of your consultations."""
    services.delete_consultation(get_owned_or_404(SymptomConsultation, consultation_id, "Consultation"))
