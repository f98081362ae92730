"""Request and response schemas of the research and health-news routes."""

from __future__ import annotations

from datetime import date

import marshmallow as ma

from plugins.research.spec import ARTICLE_TYPES

MAX_RESULTS = 20
SORTS = ("relevance", "recent_evidence")
SUMMARY_NOTICE = ("AI-generated summary of the articles listed with it, citing them by PMID. "
                  "It is information, not medical advice; read the articles themselves.")


class FiltersSchema(ma.Schema):
    from_year = ma.fields.Integer(load_default=None, allow_none=True,
                                  validate=ma.validate.Range(min=1800, max=date.today().year + 1))
    to_year = ma.fields.Integer(load_default=None, allow_none=True,
                                validate=ma.validate.Range(min=1800, max=date.today().year + 1))
    article_types = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(sorted(ARTICLE_TYPES))),
                                   load_default=list, validate=ma.validate.Length(max=len(ARTICLE_TYPES)),
                                   metadata={"description": "Any of: " + ", ".join(sorted(ARTICLE_TYPES))})

    @ma.validates_schema
    def years_in_order(self, data, **kwargs):
        if data.get("from_year") and data.get("to_year") and data["from_year"] > data["to_year"]:
            raise ma.ValidationError("from_year must not be after to_year.", "from_year")


class ResearchRequestSchema(ma.Schema):
    query = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=300),
                             metadata={"example": "metformin type 2 diabetes cardiovascular outcomes"})
    max_results = ma.fields.Integer(load_default=10, validate=ma.validate.Range(min=1, max=MAX_RESULTS))
    filters = ma.fields.Nested(FiltersSchema, load_default=dict)
    sort = ma.fields.String(load_default="relevance", validate=ma.validate.OneOf(SORTS),
                            metadata={"description": "recent_evidence: recent reviews and trials first"})
    summarize = ma.fields.Boolean(load_default=False,
                                  metadata={"description": "Ask for an AI summary citing the articles by PMID"})

    @ma.validates("query")
    def has_words(self, value, **kwargs):
        if len(value.strip()) < 3:
            raise ma.ValidationError("Give at least 3 characters to search for.")


class AbstractSectionSchema(ma.Schema):
    label = ma.fields.String(allow_none=True)
    text = ma.fields.String()


class ArticleSchema(ma.Schema):
    rank = ma.fields.Integer()
    pmid = ma.fields.String()
    title = ma.fields.String()
    abstract = ma.fields.String()
    abstract_sections = ma.fields.List(ma.fields.Nested(AbstractSectionSchema))
    authors = ma.fields.List(ma.fields.String())
    journal = ma.fields.String()
    year = ma.fields.Integer(allow_none=True)
    doi = ma.fields.String(allow_none=True)
    url = ma.fields.String()
    mesh_terms = ma.fields.List(ma.fields.String())
    publication_types = ma.fields.List(ma.fields.String())
    relevance = ma.fields.Float()
    matched_conditions = ma.fields.List(ma.fields.String(),
                                        metadata={"description": "Conditions of your profile the article is about"})


class SummarySchema(ma.Schema):
    kind = ma.fields.Constant("ai_summary")
    status = ma.fields.String(metadata={"description": "not_requested, pending, ready or unavailable"})
    text = ma.fields.String(allow_none=True)
    cited_pmids = ma.fields.List(ma.fields.String())
    model = ma.fields.String(allow_none=True)
    notice = ma.fields.Constant(SUMMARY_NOTICE)


class ResearchQueryListItemSchema(ma.Schema):
    id = ma.fields.UUID()
    query = ma.fields.String()
    created_at = ma.fields.DateTime()
    source = ma.fields.String(metadata={"description": "pubmed or europepmc"})
    total_found = ma.fields.Integer()
    article_count = ma.fields.Integer()
    summary_status = ma.fields.String()


class ResearchQuerySchema(ResearchQueryListItemSchema):
    max_results = ma.fields.Integer()
    filters = ma.fields.Dict()
    sort = ma.fields.String()
    from_cache = ma.fields.Boolean()
    articles = ma.fields.List(ma.fields.Nested(ArticleSchema))
    summary = ma.fields.Nested(SummarySchema)


class NewsItemSchema(ma.Schema):
    id = ma.fields.UUID()
    title = ma.fields.String()
    link = ma.fields.String()
    summary = ma.fields.String()
    source = ma.fields.String()
    published_at = ma.fields.DateTime()
