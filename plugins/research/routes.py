"""HTTP routes: a user's research queries (private) and the health news (public)."""

from __future__ import annotations

from core.api import (
    Blueprint, ErrorSchema, PageArgs, abort, current_user, get_owned_or_404, owned, page_of, paginate,
    profile_facts,
)
from plugins.research import services
from plugins.research.models import ResearchQuery
from plugins.research.schemas import (
    NewsItemSchema, ResearchQueryListItemSchema, ResearchQuerySchema, ResearchRequestSchema,
)
from plugins.research.spec import SearchSpec

blp = Blueprint("research", __name__, title="Medical literature", url_prefix="/api/research",
                description="Search PubMed; your searches with ranked, cited articles.")
news_blp = Blueprint("research_news", __name__, title="Health news", url_prefix="/api/health-news",
                     description="Health news from WHO, refreshed periodically. Public.")


@blp.route("/", methods=["POST"])
@blp.auth_required
@blp.arguments(ResearchRequestSchema)
@blp.response(201, ResearchQuerySchema)
@blp.alt_response(503, schema=ErrorSchema, description="PubMed and Europe PMC are both unavailable.")
def create_query(data):
    """Search PubMed (Europe PMC when PubMed fails) and save the ranked results.

    With a health profile, articles about your chronic conditions rank higher;
    the conditions themselves are never sent to the search services.
    """
    filters = data["filters"]
    spec = SearchSpec(query=" ".join(data["query"].split()), max_results=data["max_results"],
                      from_year=filters.get("from_year"), to_year=filters.get("to_year"),
                      article_types=tuple(dict.fromkeys(filters.get("article_types", []))))
    conditions = profile_facts(current_user.id).get("chronic_conditions", [])
    try:
        return services.create_query(current_user.id, spec, sort=data["sort"], conditions=conditions,
                                     summarize=data["summarize"])
    except services.ResearchUnavailable:
        abort(503, "The literature services (PubMed and Europe PMC) are unavailable right now; "
                   "nothing was saved. Try again in a minute.", error="research_unavailable")


@blp.route("/", methods=["GET"])
@blp.auth_required
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_of(ResearchQueryListItemSchema))
def list_queries(args):
    """Your searches, newest first."""
    return paginate(owned(ResearchQuery).order_by(ResearchQuery.created_at.desc()), args)


@blp.route("/<uuid:query_id>/", methods=["GET"])
@blp.auth_required
@blp.response(200, ResearchQuerySchema)
def get_query(query_id):
    """One of your searches with its articles and summary."""
    return get_owned_or_404(ResearchQuery, query_id, "Research query")


@blp.route("/<uuid:query_id>/", methods=["DELETE"])
@blp.auth_required
@blp.response(204)
def delete_query(query_id):
    """Delete one of your searches."""
    services.delete_query(get_owned_or_404(ResearchQuery, query_id, "Research query"))


@news_blp.route("/", methods=["GET"])
@news_blp.public
@news_blp.arguments(PageArgs, location="query")
@news_blp.response(200, page_of(NewsItemSchema))
def list_news(args):
    """Latest health news, newest first, from the stored copy of WHO's feed."""
    return paginate(services.news_statement(), args)
