"""Parsing E-utilities XML: esearch results and efetch PubmedArticle records.

defusedxml refuses entity declarations (billion laughs, external entities) in
bodies that come from the network; NCBI's answers declare none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from plugins.research.articles import Article, join_sections

_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


class MalformedResponse(ValueError):
    """The body is not the XML an E-utility answers with."""


@dataclass(frozen=True)
class SearchResult:
    count: int
    ids: list[str]
    webenv: str | None
    query_key: str | None


def parse_xml(body: bytes, root_tag: str) -> Element:
    try:
        root = fromstring(body)
    except (ParseError, DefusedXmlException) as error:
        raise MalformedResponse(f"unparsable XML ({type(error).__name__})") from None
    if root.tag != root_tag:
        raise MalformedResponse(f"expected <{root_tag}>, got <{root.tag}>")
    error = root.findtext("ERROR")
    if error:
        raise MalformedResponse("the answer carries an ERROR element")  # its text may echo the query
    return root


def parse_esearch(body: bytes) -> SearchResult:
    root = parse_xml(body, "eSearchResult")
    count = root.findtext("Count")
    if count is None or not count.isdigit():
        raise MalformedResponse("esearch answer without a Count")
    return SearchResult(
        count=int(count),
        ids=[i.text.strip() for i in root.iterfind("IdList/Id") if i.text],
        webenv=root.findtext("WebEnv"),
        query_key=root.findtext("QueryKey"),
    )


def parse_efetch(body: bytes) -> list[Article]:
    """Every journal article of a PubmedArticleSet (book records are skipped)."""
    root = parse_xml(body, "PubmedArticleSet")
    return [parse_article(node) for node in root.iterfind("PubmedArticle")]


def text_of(node: Element | None) -> str:
    """All text inside ``node`` (inline markup such as <i> or <sup> dropped), spaces collapsed."""
    if node is None:
        return ""
    return _SPACES.sub(" ", "".join(node.itertext())).strip()


def parse_article(node: Element) -> Article:
    citation = node.find("MedlineCitation")
    article = citation.find("Article")
    pmid = citation.findtext("PMID", "").strip()
    if not pmid or article is None:
        raise MalformedResponse("PubmedArticle without a PMID or an Article")
    sections = [
        {"label": part.get("Label") or None, "text": text_of(part)}
        for part in article.iterfind("Abstract/AbstractText")
        if text_of(part)
    ]
    return Article(
        pmid=pmid,
        title=text_of(article.find("ArticleTitle")) or text_of(article.find("VernacularTitle")),
        abstract=join_sections(sections),
        abstract_sections=sections,
        authors=[name for name in map(_author, article.iterfind("AuthorList/Author")) if name],
        journal=text_of(article.find("Journal/Title")),
        year=_year(article),
        doi=_doi(node, article),
        mesh_terms=[text_of(d) for d in citation.iterfind("MeshHeadingList/MeshHeading/DescriptorName")],
        keywords=[text_of(k) for k in citation.iterfind("KeywordList/Keyword") if text_of(k)],
        publication_types=[text_of(t) for t in article.iterfind("PublicationTypeList/PublicationType")],
    )


def _author(node: Element) -> str:
    if node.findtext("CollectiveName"):
        return text_of(node.find("CollectiveName"))
    last = node.findtext("LastName", "").strip()
    initials = node.findtext("Initials", "").strip()
    return f"{last} {initials}".strip()


def _year(article: Element) -> int | None:
    date = article.find("Journal/JournalIssue/PubDate")
    for text in (date.findtext("Year") if date is not None else None,
                 date.findtext("MedlineDate") if date is not None else None,
                 article.findtext("ArticleDate/Year")):
        match = _YEAR.search(text or "")
        if match:
            return int(match.group(1))
    return None


def _doi(node: Element, article: Element) -> str | None:
    """The article's own DOI: PubmedData's ArticleIdList, else Article/ELocationID (never a reference's)."""
    for item in node.iterfind("PubmedData/ArticleIdList/ArticleId"):
        if item.get("IdType") == "doi" and item.text:
            return item.text.strip()
    for item in article.iterfind("ELocationID"):
        if item.get("EIdType") == "doi" and item.text:
            return item.text.strip()
    return None
