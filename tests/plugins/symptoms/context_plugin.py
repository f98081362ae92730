"""A stand-in for the research plugin: cites an article when the symptoms mention a cough."""

from core.api import ContextItem, Manifest, hookimpl

manifest = Manifest(name="sympctx", version="1.0.0", description="AI context for the symptoms tests")


CALLS = []  # every query asked, for the tests that count them


@hookimpl
def ai_context(query, user_id, requester):
    CALLS.append(query)
    if "cough" not in query.lower():
        return []
    return [ContextItem("Research citations (PubMed)",
                        "[PMID:31234567] Honey for acute cough in children (Cochrane Database Syst Rev, 2018)",
                        [{"type": "pubmed", "pmid": "31234567", "title": "Honey for acute cough in children",
                          "url": "https://pubmed.ncbi.nlm.nih.gov/31234567/"}])]
