"""HTTP API: /api/diet-analyses/ (the user's assessments) and /api/foods/ (the USDA food table)."""

from __future__ import annotations

import uuid

from core.api import Blueprint, PageArgs, abort, current_user, get_owned_or_404, owned, page_of, paginate
from plugins.diet import examples, services
from plugins.diet.errors import MealError
from plugins.diet.models import DietAnalysis
from plugins.diet.schemas import (
    DietAnalysisCreateSchema,
    DietAnalysisSchema,
    DietAnalysisSummarySchema,
    DietFoodDetailSchema,
    DietFoodSearchArgs,
    DietFoodSearchSchema,
)

blp = Blueprint("diet", __name__, title="Diet assessments", url_prefix="/api/diet-analyses",
                description="Nutrition assessments of meals and days, personalised to the health profile.")
foods_blp = Blueprint("diet_foods", __name__, title="Foods", url_prefix="/api/foods",
                      description="Search the USDA SR28 food table shipped with Hygeia.")


@blp.route("/", methods=["POST"])
@blp.auth_required
@blp.arguments(DietAnalysisCreateSchema)
@blp.response(201, DietAnalysisSchema, example=examples.ANALYSIS)
@blp.alt_response(422, description="Empty meal, implausible quantities, too many items or invalid fields.")
def create_analysis(data):
    """Assess a meal or a day of eating, given as free text or as structured items.

    Nutrient figures come from USDA SR28; items that match no food are listed in
    ``unmatched`` and left out of the totals. With an LLM configured, a background
    job suggests names for unmatched items (``match_source`` "llm") and writes the
    explanation (``explanation.status`` pending, then ready or unavailable).
    """
    try:
        return services.create_analysis(current_user.id, data)
    except MealError as error:
        abort(422, str(error), error=error.code, details=error.details)


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(DietAnalysisSummarySchema), example=examples.ANALYSIS_PAGE)
def list_analyses(args):
    """Your assessments, newest first."""
    return paginate(owned(DietAnalysis).order_by(DietAnalysis.created_at.desc(), DietAnalysis.id), args)


@blp.route("/<uuid:analysis_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, DietAnalysisSchema, example=examples.ANALYSIS)
def get_analysis(analysis_id: uuid.UUID):
    """One of your assessments, in full."""
    return get_owned_or_404(DietAnalysis, analysis_id, "Diet analysis")


@blp.route("/<uuid:analysis_id>/", methods=["DELETE"])
@blp.auth_required
@blp.response(204)
def delete_analysis(analysis_id: uuid.UUID):
    """Delete one of your assessments."""
    services.delete_analysis(get_owned_or_404(DietAnalysis, analysis_id, "Diet analysis"))


@foods_blp.route("/", methods=["GET"])
@foods_blp.public
@foods_blp.arguments(DietFoodSearchArgs, location="query")
@foods_blp.response(200, DietFoodSearchSchema, example=examples.FOOD_SEARCH)
def search_foods(args):
    """Foods ranked by how well they match ``q``, each with a confidence (0-1)."""
    return {"query": args["q"], "results": services.search(args["q"], args["limit"])}


@foods_blp.route("/<string:food_id>/", methods=["GET"])
@foods_blp.public
@foods_blp.response(200, DietFoodDetailSchema, example=examples.FOOD_DETAIL)
def get_food(food_id: str):
    """A food's nutrients per 100 g and its household portion weights."""
    detail = services.food_detail(food_id)
    if detail is None:
        abort(404, "Food not found.")
    return detail
