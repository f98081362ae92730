"""What to search for: the query and its filters, independent of the source."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

# Article types a user may filter on, with their PubMed [pt] tag and Europe PMC PUB_TYPE.
ARTICLE_TYPES = {
    "review": ("review", "Review"),
    "systematic_review": ("systematic review", "Systematic Review"),
    "meta_analysis": ("meta-analysis", "Meta-Analysis"),
    "clinical_trial": ("clinical trial", "Clinical Trial"),
    "randomized_controlled_trial": ("randomized controlled trial", "Randomized Controlled Trial"),
    "guideline": ("guideline", "Guideline"),
}


@dataclass(frozen=True)
class SearchSpec:
    query: str
    max_results: int = 10
    from_year: int | None = None
    to_year: int | None = None
    article_types: tuple[str, ...] = ()

    @property
    def candidates(self) -> int:
        """How many records to fetch, so ranking has more than it returns to choose from."""
        return min(self.max_results * 2, 40)

    def cache_key(self) -> str:
        data = asdict(self) | {"query": " ".join(self.query.lower().split()),
                               "article_types": sorted(self.article_types)}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]
