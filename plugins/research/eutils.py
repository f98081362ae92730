"""A client for NCBI's E-utilities: esearch on the history server, then efetch of those records.

Plain httpx rather than Biopython's Entrez: Entrez keeps its settings (email,
tool, API key) in module globals shared by every app and thread, reaches only
NCBI's fixed host, throttles each process on its own, and brings a large
dependency for the two calls needed here. This client takes its base URL,
identity and a cross-process throttle as arguments and needs no Flask.
"""

from __future__ import annotations

import time

import httpx

from plugins.research.articles import Article
from plugins.research.fetch import SourceError, get
from plugins.research.pubmed_xml import MalformedResponse, SearchResult, parse_efetch, parse_esearch
from plugins.research.spec import ARTICLE_TYPES, SearchSpec
from plugins.research.throttle import RequestThrottle

REQUESTS_PER_SECOND = 3  # NCBI's limit without an API key
REQUESTS_PER_SECOND_WITH_KEY = 10


class EutilsClient:
    def __init__(self, http: httpx.Client, base_url: str, *, tool: str, email: str, api_key: str | None,
                 throttle: RequestThrottle, timeout: float = 10.0, retries: int = 1):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.identity = {"tool": tool, **({"email": email} if email else {}),
                         **({"api_key": api_key} if api_key else {})}
        self.throttle = throttle
        self.timeout = timeout
        self.retries = retries

    def search(self, spec: SearchSpec, deadline: float | None = None) -> tuple[int, list[Article]]:
        """(total matches, articles in PubMed's relevance order)."""
        deadline = deadline or time.monotonic() + 3 * self.timeout
        found = self.esearch(pubmed_term(spec), spec, deadline)
        if found.count == 0 or not found.ids:
            return found.count, []
        return found.count, self.efetch(found, min(len(found.ids), spec.candidates), deadline)

    def esearch(self, term: str, spec: SearchSpec, deadline: float) -> SearchResult:
        params = {"db": "pubmed", "term": term, "retmax": spec.candidates, "usehistory": "y",
                  "sort": "relevance", **self.identity}
        if spec.from_year or spec.to_year:
            params |= {"datetype": "pdat", "mindate": str(spec.from_year or 1800),
                       "maxdate": str(spec.to_year or 3000)}
        return self._call("esearch.fcgi", params, deadline, parse_esearch)

    def efetch(self, found: SearchResult, count: int, deadline: float) -> list[Article]:
        if found.webenv and found.query_key:
            params = {"db": "pubmed", "query_key": found.query_key, "WebEnv": found.webenv,
                      "retstart": 0, "retmax": count}
        else:  # an esearch without history (NCBI dropped it): ask by id
            params = {"db": "pubmed", "id": ",".join(found.ids[:count])}
        params |= {"retmode": "xml", "rettype": "abstract", **self.identity}
        articles = self._call("efetch.fcgi", params, deadline, parse_efetch)
        order = {pmid: i for i, pmid in enumerate(found.ids)}
        return sorted(articles, key=lambda a: order.get(a.pmid, len(order)))

    def _call(self, utility: str, params: dict, deadline: float, parse):
        response = get(self.http, f"{self.base_url}/{utility}", params, deadline=deadline,
                       retries=self.retries, before_each=self.throttle.acquire)
        try:
            return parse(response.content)
        except MalformedResponse as error:
            raise SourceError(f"{utility}: {error}") from None


def pubmed_term(spec: SearchSpec) -> str:
    term = spec.query.strip()
    if spec.article_types:
        types = " OR ".join(f'"{ARTICLE_TYPES[t][0]}"[pt]' for t in sorted(spec.article_types))
        term = f"({term}) AND ({types})"
    return term
