"""The one shape of an article, whichever source it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

PUBMED_URL = "https://pubmed.ncbi.nlm.nih.gov/{pmid}/"

# Publication types that count as the higher levels of evidence when a user asks for them first.
EVIDENCE_TYPES = frozenset({
    "review", "systematic review", "meta-analysis", "clinical trial", "randomized controlled trial",
    "controlled clinical trial", "clinical trial, phase iii", "clinical trial, phase iv", "practice guideline",
    "guideline",
})


@dataclass
class Article:
    pmid: str
    title: str
    abstract: str = ""
    abstract_sections: list[dict] = field(default_factory=list)  # [{"label": "RESULTS" or None, "text"}]
    authors: list[str] = field(default_factory=list)
    journal: str = ""
    year: int | None = None
    doi: str | None = None
    mesh_terms: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    publication_types: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return PUBMED_URL.format(pmid=self.pmid)

    @property
    def is_evidence(self) -> bool:
        """A review, meta-analysis, trial or guideline."""
        return any(t.lower() in EVIDENCE_TYPES for t in self.publication_types)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        return cls(**data)


def join_sections(sections: list[dict]) -> str:
    """The abstract as one text, each labelled section on its own paragraph."""
    return "\n\n".join(f"{s['label']}: {s['text']}" if s.get("label") else s["text"] for s in sections)
