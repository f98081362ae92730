"""An optional AI summary of a search's articles, each claim cited by PMID.

Citations the model invents (PMIDs not among the articles) are removed, so
every [PMID:n] left in the text points at an article shown with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABSTRACT_CHARS = 1200
MAX_ARTICLES = 10
_CITATION = re.compile(r"\[\s*PMID\s*:?\s*(\d{1,9})\s*\]", re.I)
INSTRUCTIONS = (
    "Summarise what the research articles below say about the user's question, for a lay reader, "
    "in at most 200 words. Support every statement with the article it comes from, written as "
    "[PMID:number], using only the PMIDs listed. Say where the evidence is weak, old or conflicting. "
    "Do not give personal medical advice or a diagnosis."
)


@dataclass(frozen=True)
class Summary:
    text: str
    model: str
    cited_pmids: list[str]


def build_messages(question: str, articles, identity: str) -> list[dict]:
    blocks = []
    for a in articles[:MAX_ARTICLES]:
        abstract = a.abstract[:ABSTRACT_CHARS] + ("…" if len(a.abstract) > ABSTRACT_CHARS else "")
        types = ", ".join(a.publication_types) or "article"
        blocks.append(f"PMID:{a.pmid}\nTitle: {a.title}\nJournal: {a.journal} ({a.year or 'n.d.'}); {types}\n"
                      f"Abstract: {abstract or '(no abstract)'}")
    return [
        {"role": "system", "content": f"{identity}\n\n{INSTRUCTIONS}"},
        {"role": "user", "content": f"Question: {question}\n\nArticles:\n\n" + "\n\n".join(blocks)},
    ]


def keep_known_citations(text: str, known: set[str]) -> tuple[str, list[str]]:
    """(text with unknown citations removed and the rest written [PMID:n], cited PMIDs in order)."""
    cited: list[str] = []

    def replace(match: re.Match) -> str:
        pmid = match.group(1)
        if pmid not in known:
            return ""
        if pmid not in cited:
            cited.append(pmid)
        return f"[PMID:{pmid}]"

    cleaned = _CITATION.sub(replace, text)
    cleaned = re.sub(r"(?<!\])[ \t]+[,;][ \t]*(?=\[PMID:)", " ", cleaned)  # "helps , [PMID:1]": one removed
    cleaned = re.sub(r"[ \t]+([.,;:)])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned))
    cleaned = re.sub(r"[,;:]+(?=[.,;:)])", "", cleaned)  # "[PMID:1], ." once an invented one is gone
    cleaned = re.sub(r"\(\s*\)", "", re.sub(r"\(\s*[,;]\s*", "(", cleaned))  # "( , [PMID:1])", "()"
    return re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip(), cited


def summarize(question: str, articles) -> Summary:
    """Ask the shared LLM; raises core.api.LLMUnavailable when it cannot answer."""
    from core.api import assistant_identity, get_llm

    reply = get_llm().chat(build_messages(question, articles, assistant_identity()), max_tokens=600,
                           temperature=0.2)
    text, cited = keep_known_citations(reply.text, {a.pmid for a in articles[:MAX_ARTICLES]})
    return Summary(text, reply.model, cited)
