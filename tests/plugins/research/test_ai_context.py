"""The ai_context hook: a few cited articles for symptoms and chat, in bounded time."""

import time

from core.api import gather_ai_context


def research_items(app, text, requester="symptoms"):
    with app.app_context():
        return [item for item in gather_ai_context(text, None, requester) if item.plugin == "research"]


def test_citations_for_a_topic(app, literature):
    (item,) = research_items(app, "I have been worried about my telomere length and pancreatic cancer")
    assert item.title == "Research citations (PubMed)"
    assert len(item.sources) == 3
    top = item.sources[0]
    assert top == {"type": "pubmed", "pmid": "27797938", "title": top["title"], "journal": "Gut", "year": 2017,
                   "doi": "10.1136/gutjnl-2016-312510", "url": "https://pubmed.ncbi.nlm.nih.gov/27797938/"}
    assert item.text.splitlines()[0].startswith("[PMID:27797938] Leucocyte telomere length")
    assert literature.last("esearch")["term"] == "worried telomere length pancreatic cancer"


def test_citations_are_cached(app, literature):
    research_items(app, "telomere pancreatic cancer", requester="chat")
    research_items(app, "Telomere pancreatic cancer?", requester="chat")
    assert literature.count("esearch") == 1


def test_a_slow_source_gives_no_citations_within_the_budget(make_app, literature):
    from tests.plugins.research.conftest import research_config

    app = make_app(research_config(literature, RESEARCH_CONTEXT_SECONDS=0.5))
    literature.delay("esearch", 3.0)
    literature.delay("europepmc", 3.0)
    started = time.monotonic()
    assert research_items(app, "telomere pancreatic cancer") == []
    assert time.monotonic() - started < 1.5


def test_a_text_without_content_words_asks_nothing(app, literature):
    assert research_items(app, "I have it, and it is so") == []
    assert literature.requests == []


def test_no_citations_when_research_is_disabled(make_app, literature):
    from tests.plugins.research.conftest import research_config

    app = make_app({**research_config(literature), "HYGEIA_PLUGINS": []})
    assert research_items(app, "telomere pancreatic cancer") == []
    assert literature.requests == []
