"""The E-utilities and Europe PMC clients against the local server (no Flask involved)."""

import time

import httpx
import pytest
from limits.storage import MemoryStorage

from plugins.research.eutils import EutilsClient
from plugins.research.europepmc import EuropePmcClient, abstract_sections, europepmc_query
from plugins.research.fetch import SourceError
from plugins.research.spec import SearchSpec
from plugins.research.throttle import RequestThrottle
from tests.plugins.research.literature_server import ESEARCH_ERROR


@pytest.fixture
def eutils(literature):
    with httpx.Client() as http:
        yield EutilsClient(http, f"{literature.url}/eutils/", tool="hygeia-tests", email="dev@example.org",
                           api_key="k123", throttle=RequestThrottle(MemoryStorage(), 10, "eutils"),
                           timeout=2.0, retries=1)


def test_esearch_on_the_history_server_then_efetch_of_those_records(eutils, literature):
    total, articles = eutils.search(SearchSpec("telomere pancreatic cancer", max_results=5))
    assert total == 42249
    assert [a.pmid for a in articles][:3] == ["27797938", "28775130", "30108519"]
    assert all(a.title for a in articles) and articles[0].doi == "10.1136/gutjnl-2016-312510"
    search, fetch = literature.last("esearch"), literature.last("efetch")
    assert search["usehistory"] == "y" and search["db"] == "pubmed" and search["retmax"] == "10"
    assert (search["tool"], search["email"], search["api_key"]) == ("hygeia-tests", "dev@example.org", "k123")
    assert fetch["WebEnv"] == "MCID_6927d6e7fee3e90f880ec190" and fetch["query_key"] == "1"
    assert fetch["retmode"] == "xml" and fetch["tool"] == "hygeia-tests" and "id" not in fetch


def test_filters_become_publication_types_and_dates(eutils, literature):
    eutils.search(SearchSpec("asthma", from_year=2015, to_year=2020,
                             article_types=("review", "randomized_controlled_trial")))
    params = literature.last("esearch")
    assert params["term"] == '(asthma) AND ("randomized controlled trial"[pt] OR "review"[pt])'
    assert (params["datetype"], params["mindate"], params["maxdate"]) == ("pdat", "2015", "2020")


def test_no_match_means_no_efetch(eutils, literature):
    literature.esearch_file = "esearch8.xml"
    assert eutils.search(SearchSpec("abcXYZ")) == (0, [])
    assert literature.count("efetch") == 0


def test_a_429_is_retried_then_succeeds(eutils, literature):
    literature.fail("esearch", 429)
    total, articles = eutils.search(SearchSpec("telomere"))
    assert total == 42249 and articles
    assert literature.count("esearch") == 2


@pytest.mark.parametrize("status, body", [(429, None), (500, None), (502, None), (200, ESEARCH_ERROR),
                                          (200, b"<html>maintenance</html>")])
def test_failures_after_the_retries_raise_source_error(eutils, literature, status, body):
    literature.fail("esearch", status, body, times=2)
    with pytest.raises(SourceError):
        eutils.search(SearchSpec("telomere"))
    assert literature.count("efetch") == 0


def test_an_efetch_error_body_is_a_failure(eutils, literature):
    literature.fail("efetch", 200, b'<?xml version="1.0"?><eFetchResult><ERROR>Unable to obtain query #1</ERROR>'
                                   b"</eFetchResult>", content_type="text/xml")
    with pytest.raises(SourceError):
        eutils.search(SearchSpec("telomere"))


def test_the_deadline_bounds_a_slow_server(eutils, literature):
    literature.delay("esearch", 2.0)
    started = time.monotonic()
    with pytest.raises(SourceError):
        eutils.search(SearchSpec("telomere"), deadline=time.monotonic() + 0.4)
    assert time.monotonic() - started < 1.0


def test_europe_pmc_search_keeps_medline_records_with_structured_abstracts(literature):
    with httpx.Client() as http:
        client = EuropePmcClient(http, f"{literature.url}/europepmc", timeout=2.0, retries=0)
        total, articles = client.search(SearchSpec("telomere", max_results=3, from_year=2010,
                                                   article_types=("review",)))
    assert total == 3 and [a.pmid for a in articles] == ["27797938", "28775130"]  # the preprint has no PMID
    first = articles[0]
    assert first.title.startswith("Leucocyte telomere length, genetic variants at the TERT gene")
    assert [s["label"] for s in first.abstract_sections] == ["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"]
    assert (first.doi, first.year, first.journal) == ("10.1136/gutjnl-2016-312510", 2017, "Gut")
    assert first.authors == ["Bao Y", "Prescott J", "Yuan C"]
    assert first.mesh_terms == ["Humans", "Pancreatic Neoplasms", "Telomere Shortening"]
    assert articles[1].is_evidence
    params = literature.last("europepmc")
    assert params["query"] == '(telomere) AND SRC:MED AND PUB_YEAR:[2010 TO 3000] AND (PUB_TYPE:"Review")'
    assert (params["format"], params["resultType"], params["pageSize"]) == ("json", "core", "6")


@pytest.mark.parametrize("body", [b'{"version": "6.9", "hitCount": 0}', b"<html>down</html>"])
def test_europe_pmc_malformed_answers_are_failures(literature, body):
    literature.fail("europepmc", 200, body)
    with httpx.Client() as http, pytest.raises(SourceError):
        EuropePmcClient(http, f"{literature.url}/europepmc", retries=0).search(SearchSpec("telomere"))


def test_europe_pmc_abstract_without_headings_is_one_section():
    assert abstract_sections("Plain &amp; simple <i>text</i>.") == [{"label": None, "text": "Plain & simple text."}]
    assert europepmc_query(SearchSpec("x y")) == "(x y) AND SRC:MED"
