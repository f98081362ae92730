"""/api/medication-reviews/: check a list of medicines against each other and the health profile."""

from __future__ import annotations

from flask_jwt_extended import get_current_user, jwt_required

from core.api import Blueprint, ErrorSchema, PageArgs, current_user, get_owned_or_404, owned, page_of, paginate
from plugins.medications import examples, services
from plugins.medications.models import MedicationReview
from plugins.medications.schemas import MedicationReviewSchema, ReviewRequestSchema

blp = Blueprint("medications", __name__, title="Medication reviews", url_prefix="/api/medication-reviews",
                description="Medication reviews from sourced tables, offline: brand and generic names, the "
                            "same ingredient twice, daily maximums, overdoses, allergies, conditions, age, "
                            "pregnancy and interactions, each finding with its source. An LLM, when configured, "
                            "only explains the findings. It does not replace a pharmacist.")


@blp.route("/", methods=["POST"])
@blp.doc(security=[{"bearerAuth": []}, {}])
@jwt_required(optional=True)
@blp.arguments(ReviewRequestSchema, example=examples.REQUEST)
@blp.response(201, MedicationReviewSchema, description="Stored (signed-in users).", example=examples.REVIEW)
@blp.alt_response(200, schema=MedicationReviewSchema, description="Checked, not stored (anonymous).",
                  example=examples.EMERGENCY)
@blp.alt_response(401, schema=ErrorSchema, description="Invalid token.")
def create_review(data):
    """Check medicines as written ("Advil 200mg twice a day"), with the profile's medicines, allergies,
    conditions and age. Overdose wording is answered as an emergency at once."""
    if get_current_user() is None:
        return services.anonymous_review(data), 200
    review = services.create_review(current_user.id, data)
    return services.view(review), 201, {"Location": f"{blp.url_prefix}/{review.id}/"}


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(MedicationReviewSchema), example=examples.PAGE)
def list_reviews(args):
    """Your medication reviews, newest first."""
    statement = owned(MedicationReview).order_by(MedicationReview.created_at.desc(), MedicationReview.id.desc())
    page = paginate(statement, args)
    page["items"] = [services.view(review) for review in page["items"]]
    return page


@blp.route("/<uuid:review_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, MedicationReviewSchema, example=examples.REVIEW)
@blp.alt_response(404, schema=ErrorSchema)
def get_review(review_id):
    """One of your reviews; poll it while explanation_status is pending."""
    return services.view(get_owned_or_404(MedicationReview, review_id, "Medication review"))


@blp.route("/<uuid:review_id>/", methods=["DELETE"])
@blp.auth_required
@blp.response(204)
@blp.alt_response(404, schema=ErrorSchema)
def delete_review(review_id):
    """Delete one of your reviews."""
    services.delete_review(get_owned_or_404(MedicationReview, review_id, "Medication review"))
