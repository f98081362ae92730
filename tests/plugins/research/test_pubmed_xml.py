"""Parsing NCBI's real esearch and efetch answers."""

import pytest

from plugins.research.pubmed_xml import MalformedResponse, parse_efetch, parse_esearch
from tests.plugins.research.literature_server import data, efetch_body


def test_structured_abstract_keeps_its_sections_and_drops_inline_markup():
    (article,) = parse_efetch(data("pubmed4.xml"))
    assert article.pmid == "27797938"
    assert article.title.startswith("Leucocyte telomere length, genetic variants at the TERT gene region")
    assert [s["label"] for s in article.abstract_sections] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert article.abstract.startswith("OBJECTIVE: Telomere shortening occurs")
    assert "\n\nCONCLUSIONS: Prediagnostic leucocyte telomere length" in article.abstract
    assert "<i>" not in article.abstract and "r2<0.25" in article.abstract
    assert article.doi == "10.1136/gutjnl-2016-312510"
    assert article.year == 2017 and article.journal == "Gut"
    assert article.authors[0] == "Bao Y" and len(article.authors) == 22
    assert "Pancreatic Neoplasms" in article.mesh_terms and len(article.mesh_terms) == 21
    assert article.publication_types[:2] == ["Journal Article", "Observational Study"]
    assert article.url == "https://pubmed.ncbi.nlm.nih.gov/27797938/"


def test_the_doi_is_the_articles_own_not_a_cited_papers():
    (article,) = parse_efetch(data("pubmed7.xml"))
    assert article.pmid == "29963580"
    assert article.doi == "10.1117/1.JMI.5.2.026002"
    assert article.mesh_terms == []


def test_older_records_without_abstract_or_doi():
    first, second = parse_efetch(data("pubmed1.xml"))
    assert (first.pmid, first.doi, first.abstract, first.abstract_sections) == ("12091962", None, "", [])
    assert first.publication_types == ["Journal Article", "Review"] and first.is_evidence
    assert first.authors == ["Olivero JM"] and first.year == 1990
    assert second.doi == "10.1016/0005-2795(76)90109-4"
    assert second.abstract_sections[0]["label"] is None and second.abstract.startswith("Electron paramagnetic")
    assert not second.is_evidence


def test_a_joined_fetch_returns_every_record_in_order():
    articles = parse_efetch(efetch_body(["pubmed4.xml", "pubmed5.xml", "pubmed1.xml"]))
    assert [a.pmid for a in articles] == ["27797938", "28775130", "12091962", "9997"]


def test_esearch_with_history_and_empty_results():
    found = parse_esearch(data("esearch2.xml"))
    assert (found.count, len(found.ids), found.ids[0]) == (42249, 100, "41297076")
    assert (found.webenv, found.query_key) == ("MCID_6927d6e7fee3e90f880ec190", "1")
    empty = parse_esearch(data("esearch8.xml"))
    assert (empty.count, empty.ids, empty.webenv) == (0, [], None)


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>',
    b"<html><body>Bad gateway</body></html>",
    b"not xml at all",
    b'<?xml version="1.0"?><eSearchResult><IdList/></eSearchResult>',
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b"<eSearchResult><Count>&lol2;</Count></eSearchResult>",
])
def test_error_and_hostile_bodies_are_malformed(body):
    with pytest.raises(MalformedResponse):
        parse_esearch(body)
