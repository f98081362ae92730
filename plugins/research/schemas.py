"""Request and response schemas of the research and health-news routes."""

from __future__ import annotations

from datetime import date

import marshmallow as ma

from plugins.research.spec import ARTICLE_TYPES

MAX_RESULTS = 20
SORTS = ("relevance", "recent_evidence")
SUMMARY_NOTICE = ("AI-generated summary of the articles listed with it, citing them by PMID. "
                  "It is information, not medical advice; read the articles themselves.")

# Example values shown in the OpenAPI spec: a real, public PubMed record (UKPDS 34)
QUERY_ID = "6d1f0b2a-4c8e-4f3a-b5d7-2e9a8c1f4b60"
PMID = "9742977"
EXAMPLE_ABSTRACT = ("In patients with type 2 diabetes, intensive glucose control with metformin appears to "
                    "decrease the risk of diabetes-related endpoints in overweight diabetic patients, and is "
                    "associated with less weight gain and fewer hypoglycaemic attacks than are insulin and "
                    "sulphonylureas.")


class FiltersSchema(ma.Schema):
    from_year = ma.fields.Integer(load_default=None, allow_none=True,
                                  validate=ma.validate.Range(min=1800, max=date.today().year + 1),
                                  metadata={"example": 1995})
    to_year = ma.fields.Integer(load_default=None, allow_none=True,
                                validate=ma.validate.Range(min=1800, max=date.today().year + 1),
                                metadata={"example": 2024})
    article_types = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(sorted(ARTICLE_TYPES))),
                                   load_default=list, validate=ma.validate.Length(max=len(ARTICLE_TYPES)),
                                   metadata={"description": "Any of: " + ", ".join(sorted(ARTICLE_TYPES)),
                                             "example": ["randomized_controlled_trial", "meta_analysis"]})

    @ma.validates_schema
    def years_in_order(self, data, **kwargs):
        if data.get("from_year") and data.get("to_year") and data["from_year"] > data["to_year"]:
            raise ma.ValidationError("from_year must not be after to_year.", "from_year")


class ResearchRequestSchema(ma.Schema):
    query = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=300),
                             metadata={"example": "metformin type 2 diabetes cardiovascular outcomes"})
    max_results = ma.fields.Integer(load_default=10, validate=ma.validate.Range(min=1, max=MAX_RESULTS),
                                    metadata={"example": 5})
    filters = ma.fields.Nested(FiltersSchema, load_default=dict)
    sort = ma.fields.String(load_default="relevance", validate=ma.validate.OneOf(SORTS),
                            metadata={"description": "recent_evidence: recent reviews and trials first"})
    summarize = ma.fields.Boolean(load_default=False,
                                  metadata={"description": "Ask for an AI summary citing the articles by PMID",
                                            "example": True})

    @ma.validates("query")
    def has_words(self, value, **kwargs):
        if len(value.strip()) < 3:
            raise ma.ValidationError("Give at least 3 characters to search for.")


class AbstractSectionSchema(ma.Schema):
    label = ma.fields.String(allow_none=True, metadata={"example": "INTERPRETATION"})
    text = ma.fields.String(metadata={"example": EXAMPLE_ABSTRACT})


class ArticleSchema(ma.Schema):
    rank = ma.fields.Integer(metadata={"example": 1})
    pmid = ma.fields.String(metadata={"example": PMID})
    title = ma.fields.String(metadata={"example": (
        "Effect of intensive blood-glucose control with metformin on complications in overweight patients "
        "with type 2 diabetes (UKPDS 34). UK Prospective Diabetes Study (UKPDS) Group.")})
    abstract = ma.fields.String(metadata={"example": "INTERPRETATION: " + EXAMPLE_ABSTRACT})
    abstract_sections = ma.fields.List(ma.fields.Nested(AbstractSectionSchema))
    authors = ma.fields.List(ma.fields.String(), metadata={"example": ["UK Prospective Diabetes Study (UKPDS) Group"]})
    journal = ma.fields.String(metadata={"example": "Lancet"})
    year = ma.fields.Integer(allow_none=True, metadata={"example": 1998})
    doi = ma.fields.String(allow_none=True, metadata={"example": "10.1016/S0140-6736(98)07037-8"})
    url = ma.fields.String(metadata={"example": f"https://pubmed.ncbi.nlm.nih.gov/{PMID}/"})
    mesh_terms = ma.fields.List(ma.fields.String(),
                                metadata={"example": ["Diabetes Mellitus, Type 2", "Metformin", "Obesity"]})
    publication_types = ma.fields.List(ma.fields.String(),
                                       metadata={"example": ["Clinical Trial", "Randomized Controlled Trial"]})
    relevance = ma.fields.Float(metadata={"example": 2.35})
    matched_conditions = ma.fields.List(ma.fields.String(),
                                        metadata={"description": "Conditions of your profile the article is about",
                                                  "example": ["type 2 diabetes"]})


class SummarySchema(ma.Schema):
    kind = ma.fields.Constant("ai_summary", metadata={"example": "ai_summary"})
    status = ma.fields.String(metadata={"description": "not_requested, pending, ready or unavailable",
                                        "example": "ready"})
    text = ma.fields.String(allow_none=True, metadata={"example": (
        "In overweight adults with type 2 diabetes, metformin lowered diabetes-related complications and "
        "all-cause deaths compared with diet alone, with less weight gain than insulin or sulphonylureas "
        f"[PMID:{PMID}].")})
    cited_pmids = ma.fields.List(ma.fields.String(), metadata={"example": [PMID]})
    model = ma.fields.String(allow_none=True, metadata={"example": "Qwen/Qwen2.5-7B-Instruct"})
    notice = ma.fields.Constant(SUMMARY_NOTICE, metadata={"example": SUMMARY_NOTICE})
    unavailable_notice = ma.fields.String(allow_none=True, metadata={
        "description": "Only when status is unavailable: why, and whether to try again later (no AI model is "
                       "configured on this server, or the AI service could not answer)", "example": None})


class ResearchQueryListItemSchema(ma.Schema):
    id = ma.fields.UUID(metadata={"example": QUERY_ID})
    query = ma.fields.String(metadata={"example": "metformin type 2 diabetes cardiovascular outcomes"})
    created_at = ma.fields.DateTime(metadata={"example": "2026-11-20T09:30:12+00:00"})
    source = ma.fields.String(metadata={"description": "pubmed or europepmc", "example": "pubmed"})
    total_found = ma.fields.Integer(metadata={"example": 1843})
    article_count = ma.fields.Integer(metadata={"example": 5})
    summary_status = ma.fields.String(metadata={"example": "ready"})


class ResearchQuerySchema(ResearchQueryListItemSchema):
    max_results = ma.fields.Integer(metadata={"example": 5})
    filters = ma.fields.Dict(metadata={"example": {"from_year": 1995, "to_year": 2024,
                                                   "article_types": ["randomized_controlled_trial"]}})
    sort = ma.fields.String(metadata={"example": "relevance"})
    from_cache = ma.fields.Boolean(metadata={"example": False})
    articles = ma.fields.List(ma.fields.Nested(ArticleSchema))
    summary = ma.fields.Nested(SummarySchema)


class NewsItemSchema(ma.Schema):
    id = ma.fields.UUID(metadata={"example": "c2a7e9d4-5b1f-4e3c-8a6d-0f9b2e4c7a15"})
    title = ma.fields.String(metadata={
        "example": "World Diabetes Day: WHO calls for wider access to screening and care"})
    link = ma.fields.String(metadata={"example": "https://www.who.int/news/item/14-11-2026-world-diabetes-day"})
    summary = ma.fields.String(metadata={"example": (
        "On World Diabetes Day, WHO calls for better access to screening, medicines and healthy food.")})
    source = ma.fields.String(metadata={"example": "World Health Organization"})
    published_at = ma.fields.DateTime(metadata={"example": "2026-11-14T07:00:00+00:00"})
