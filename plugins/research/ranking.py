"""Ordering articles for one user: relevance to the query, their conditions, and evidence first on request.

Relevance is a small field-weighted term match (title over MeSH and keywords
over abstract) with saturating term counts, so one article repeating a word
cannot drown the others. PubMed's own order breaks ties.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from plugins.research.articles import Article

FIELD_WEIGHTS = {"title": 3.0, "mesh": 2.0, "abstract": 1.0}
CONDITION_WEIGHT = 1.5  # per profile condition the article is about: about half a strong query match
_WORD = re.compile(r"[a-z0-9][a-z0-9\-]+")
STOPWORDS = frozenset("""
a about after again all also an and any are as at be been before being between both but by can could did do
does doing during each for from had has have having how i if in into is it its just me more most my no nor not
of off on once only or other our out over own same she should so some such than that the their them then there
these they this those through to too under until up very was we were what when where which while who whom why
will with would you your feel feeling get getting got since days day week weeks really lot
""".split())


@dataclass(frozen=True)
class Ranked:
    article: Article
    score: float
    matched_conditions: tuple[str, ...]


def terms(text: str) -> list[str]:
    """Content words of ``text``, lower-cased, with a crude plural fold (cancers -> cancer)."""
    words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2]
    return [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def _fields(article: Article) -> dict[str, list[str]]:
    return {
        "title": terms(article.title),
        "mesh": terms(" ".join(article.mesh_terms + article.keywords)),
        "abstract": terms(article.abstract),
    }


def relevance(query_terms: list[str], fields: dict[str, list[str]]) -> float:
    """Mean over the query's terms of the weighted, saturated matches in each field (0 when no term)."""
    unique = list(dict.fromkeys(query_terms))
    if not unique:
        return 0.0
    total = 0.0
    for term in unique:
        for name, words in fields.items():
            count = words.count(term)
            if count:
                total += FIELD_WEIGHTS[name] * (1 + math.log(count))
    return total / len(unique)


def matched(conditions: list[str], fields: dict[str, list[str]]) -> tuple[str, ...]:
    """The conditions every one of whose words appears in the article."""
    words = set().union(*fields.values())
    return tuple(c for c in conditions if terms(c) and all(t in words for t in terms(c)))


def rank(articles: list[Article], query: str, conditions: list[str] | None = None,
         evidence_first: bool = False) -> list[Ranked]:
    query_terms = terms(query)
    ranked = []
    for article in articles:
        fields = _fields(article)
        hits = matched(conditions or [], fields)
        ranked.append(Ranked(article, round(relevance(query_terms, fields) + CONDITION_WEIGHT * len(hits), 4),
                             hits))
    order = {id(r): i for i, r in enumerate(ranked)}  # the source's order breaks ties
    if evidence_first:
        key = lambda r: (not r.article.is_evidence, -(r.article.year or 0), -r.score, order[id(r)])  # noqa: E731
    else:
        key = lambda r: (-r.score, order[id(r)])  # noqa: E731
    return sorted(ranked, key=key)
