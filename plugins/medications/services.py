"""Medication reviews for routes, jobs and hooks: plain functions, no request globals.

The review itself is the core's (core.api.review_medicines: sourced tables,
offline). A signed-in user's review is stored with its findings in one write;
the explanation, when an LLM is configured and it is wanted, is written by a
job (at once in the embedded default, in the background with a worker).
Anonymous reviews are answered the same way and stored nowhere.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from core.api import (
    ContextItem, InvalidMedicine, abort, db, enqueue, get_llm, mentioned_medicines, no_llm_notice, profile_facts,
    review_medicines, utcnow,
)
from plugins.medications.explain import explain
from plugins.medications.models import MedicationReview


PERSON_FIELDS = ("age", "pregnant", "pregnancy_week", "allergies", "conditions")


def run_review(data: dict, facts: dict) -> dict:
    """The core review as a dict: the request's own fields describe the person the medicines are for,
    the profile the writer (used unless the question speaks for someone else); 422 naming the medicine
    when a dose is impossible."""
    try:
        result = review_medicines(data["medicines"], profile=facts,
                                  person={key: data.get(key) for key in PERSON_FIELDS},
                                  question=data.get("question"), language=data.get("language"),
                                  country=facts.get("country"))
    except InvalidMedicine as error:
        abort(422, f"Medicine {error.index + 1} has a dose no one could take ({error}); check what was written.",
              error="validation_error", details={"medicines": {str(error.index): [str(error)]}})
    return result.as_dict()


def _initial_status(result: dict, wanted: bool) -> tuple[str, str | None]:
    if result["outcome"] == "emergency":
        return "not_needed", None  # the emergency advice is the answer, at once
    if not wanted:
        return "not_requested", None
    if not get_llm().configured:
        return "unavailable", "not_configured"
    return "pending", None


def create_review(user_id: uuid.UUID, data: dict) -> MedicationReview:
    result = run_review(data, profile_facts(user_id))
    status, reason = _initial_status(result, data.get("explain", True))
    review = MedicationReview(user_id=user_id, medicines=list(data["medicines"]), question=data.get("question"),
                              language=result["language"], outcome=result["outcome"], result=result,
                              explanation_status=status, explanation_reason=reason)
    db.session.add(review)
    db.session.commit()
    if status == "pending":
        enqueue("medications:explain_review", str(review.id), retries=1, retry_intervals=(10,))
        db.session.refresh(review)
    return review


def explain_stored(review_id: str) -> str:
    """Write a stored review's explanation (the job's work); returns the explanation status."""
    review = db.session.get(MedicationReview, uuid.UUID(review_id))
    if review is None:
        return "gone"
    value, reason = explain(review.result, review.question)
    if value is None:
        review.explanation_status, review.explanation_reason = "unavailable", reason
    else:
        review.explanation_status, review.explanation_reason = "ready", None
        review.explanation, review.explanation_model = value["explanation"], value["model"]
        review.explained_at = utcnow()
    db.session.commit()
    return review.explanation_status


def anonymous_review(data: dict) -> dict:
    """Answered and not stored: no id, no profile."""
    result = run_review(data, {})
    status, reason = _initial_status(result, data.get("explain", True))
    view = {**result, "id": None, "stored": False, "created_at": utcnow(), "question": data.get("question"),
            "explanation_status": status, "explanation_reason": reason, "explanation": None,
            "explanation_model": None}
    if status == "pending":
        value, reason = explain(result, data.get("question"))
        view["explanation_status"], view["explanation_reason"] = ("ready", None) if value else ("unavailable", reason)
        if value:
            view["explanation"], view["explanation_model"] = value["explanation"], value["model"]
    view["source"] = "llm" if view["explanation"] else "tables"
    view["explanation_notice"] = _notice(view["explanation_status"], view["explanation_reason"], result["language"])
    return view


def _notice(status: str, reason: str | None, language: str) -> str | None:
    """Why there is no explanation and whether trying later helps (not when none was wanted or needed)."""
    return no_llm_notice(reason, language) if status == "unavailable" else None


def view(review: MedicationReview) -> dict:
    """A stored review as the API shows it."""
    return {**review.result, "id": review.id, "stored": True, "created_at": review.created_at,
            "question": review.question, "explanation_status": review.explanation_status,
            "explanation_reason": review.explanation_reason, "explanation": review.explanation,
            "explanation_model": review.explanation_model,
            "explanation_notice": _notice(review.explanation_status, review.explanation_reason, review.language),
            "source": "llm" if review.explanation else "tables"}


def delete_review(review: MedicationReview) -> None:
    db.session.delete(review)
    db.session.commit()


def export_reviews(user_id: uuid.UUID) -> dict:
    """Every stored review of the user, oldest first, as the API shows it (the data export)."""
    from plugins.medications.schemas import MedicationReviewSchema

    reviews = db.session.scalars(select(MedicationReview).where(MedicationReview.user_id == user_id)
                                 .order_by(MedicationReview.created_at)).all()
    return {"medication_reviews": MedicationReviewSchema(many=True).dump([view(r) for r in reviews])}


def medicines_context(query: str, user_id: uuid.UUID | None) -> list[ContextItem]:
    """When a message names medicines: the review of those with the user's own, as prompt context."""
    named = mentioned_medicines(query)
    if not named:
        return []
    try:
        result = review_medicines(named, profile=profile_facts(user_id), question=query)
    except InvalidMedicine:
        return []
    lines = [f"Medicine check ({result.outcome}) of: {', '.join(named)}."]
    lines += [f"- [{f.severity}] {f.message} (source: {f.source})" for f in result.findings
              if f.kind != "unrecognised"]
    if len(lines) == 1:
        lines.append("No problem found in the sourced tables; they do not cover everything.")
    sources = [{"type": "medicine_table", "title": f.source} for f in result.findings if f.source]
    return [ContextItem("Medicine check from sourced tables", "\n".join(lines), sources)]
