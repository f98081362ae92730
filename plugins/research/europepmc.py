"""Europe PMC's REST search, the fallback source when PubMed fails. Only MEDLINE records
(SRC:MED) are asked for, so every article still has a PMID to cite."""

from __future__ import annotations

import html
import re
import time

import httpx

from plugins.research.articles import Article, join_sections
from plugins.research.fetch import SourceError, get
from plugins.research.spec import ARTICLE_TYPES, SearchSpec

_HEADING = re.compile(r"<h4>(.*?)</h4>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


class EuropePmcClient:
    def __init__(self, http: httpx.Client, base_url: str, *, timeout: float = 10.0, retries: int = 1):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries

    def search(self, spec: SearchSpec, deadline: float | None = None) -> tuple[int, list[Article]]:
        deadline = deadline or time.monotonic() + 2 * self.timeout
        params = {"query": europepmc_query(spec), "format": "json", "resultType": "core",
                  "pageSize": spec.candidates}
        response = get(self.http, f"{self.base_url}/search", params, deadline=deadline, retries=self.retries)
        try:
            body = response.json()
            results = body["resultList"]["result"]
            total = int(body.get("hitCount", len(results)))
            return total, [parse_result(r) for r in results if r.get("pmid")]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise SourceError(f"Europe PMC: malformed answer ({type(error).__name__})") from None


def europepmc_query(spec: SearchSpec) -> str:
    parts = [f"({spec.query.strip()})", "SRC:MED"]
    if spec.from_year or spec.to_year:
        parts.append(f"PUB_YEAR:[{spec.from_year or 1800} TO {spec.to_year or 3000}]")
    if spec.article_types:
        parts.append("(" + " OR ".join(f'PUB_TYPE:"{ARTICLE_TYPES[t][1]}"'
                                       for t in sorted(spec.article_types)) + ")")
    return " AND ".join(parts)


def parse_result(result: dict) -> Article:
    sections = abstract_sections(result.get("abstractText") or "")
    authors = (result.get("authorList") or {}).get("author") or []
    journal = ((result.get("journalInfo") or {}).get("journal") or {}).get("title") or ""
    year = str(result.get("pubYear") or "")
    return Article(
        pmid=str(result["pmid"]),
        title=_plain(result.get("title") or ""),
        abstract=join_sections(sections),
        abstract_sections=sections,
        authors=[a.get("fullName") or a.get("collectiveName") or "" for a in authors
                 if a.get("fullName") or a.get("collectiveName")],
        journal=journal,
        year=int(year) if year.isdigit() else None,
        doi=result.get("doi") or None,
        mesh_terms=[m["descriptorName"] for m in (result.get("meshHeadingList") or {}).get("meshHeading") or []
                    if m.get("descriptorName")],
        keywords=list((result.get("keywordList") or {}).get("keyword") or []),
        publication_types=list((result.get("pubTypeList") or {}).get("pubType") or []),
    )


def abstract_sections(text: str) -> list[dict]:
    """Europe PMC marks structured abstracts' headings with <h4>; split on them."""
    pieces = _HEADING.split(text)
    sections = [{"label": None, "text": _plain(pieces[0])}] if _plain(pieces[0]) else []
    for label, body in zip(pieces[1::2], pieces[2::2]):
        if _plain(body):
            sections.append({"label": _plain(label).rstrip(":").upper() or None, "text": _plain(body)})
    return sections


def _plain(fragment: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", fragment))).strip()
