"""Ranked food search over the shipped table: an inverted index of stemmed description terms.

A food's terms are weighted by where they stand in its USDA description (the
first comma-separated part names the food, later parts describe it), scored with
inverse document frequency, and ranked by how much of the query they cover and
how little else the description adds. Everyday names that the ranking alone would
get wrong ("egg" means a whole egg, "rice" cooked white rice) have a curated
default (defaults.py). Unknown words are corrected to the nearest description word
(rapidfuzz), at a cost in confidence.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from plugins.diet.defaults import DEFAULT_FOODS, GENERIC_HEADS, NEUTRAL_TERMS, PREFERRED_STATE, STATE_TERMS
from plugins.diet.foods import Food, food_table
from plugins.diet.text import NEGATIONS, STOPWORDS, stem, terms, terms_of_words, words

FIELD_WEIGHTS = (3.0, 2.0, 1.0)  # first part of the description, second part, the rest
COMMON_NAME_WEIGHT = 1.5
DISCOURAGED_GROUPS = {"0300", "2100", "3500", "3600"}  # baby, fast, native, restaurant foods
MATCH_THRESHOLD = 0.5  # below this confidence an item counts as unmatched


@dataclass(frozen=True, slots=True)
class Candidate:
    food: Food
    score: float
    confidence: float


@dataclass(frozen=True, slots=True)
class _Entry:
    weights: dict[str, float]  # term -> field weight
    head: frozenset[str]  # terms that name the food
    extra_cost: float  # how much the description says beyond its head (neutral words are cheap)
    costs: dict[str, float]  # each term's share of extra_cost (refunded when the query names it)
    discouraged: bool
    state: frozenset[str]


class FoodIndex:
    def __init__(self, foods: tuple[Food, ...]):
        self.foods = foods
        self.entries: list[_Entry] = []
        postings: dict[str, list[int]] = {}
        vocabulary: set[str] = set()
        for i, food in enumerate(foods):
            entry = self._entry(food)
            self.entries.append(entry)
            for term in entry.weights:
                postings.setdefault(term, []).append(i)
            vocabulary.update(w for w in words(f"{food.name} {food.common_names}") if len(w) > 3)
        n = len(foods)
        self.postings = {t: tuple(ids) for t, ids in postings.items()}
        self.idf = {t: math.log(1 + n / len(ids)) for t, ids in postings.items()}
        self.vocabulary = sorted(vocabulary)
        self.position = {food.id: i for i, food in enumerate(foods)}
        self.defaults = {tuple(sorted(terms(query))): self.position[ndb] for query, ndb in DEFAULT_FOODS.items()}

    @staticmethod
    def _entry(food: Food) -> _Entry:
        parts = [terms(part) for part in food.name.split(",")]
        weights: dict[str, float] = {}
        for position, part in enumerate(parts):
            for term in part:
                weight = FIELD_WEIGHTS[min(position, 2)]
                weights[term] = max(weights.get(term, 0.0), weight)
        for term in terms(food.common_names):
            weights[term] = max(weights.get(term, 0.0), COMMON_NAME_WEIGHT)
        head = set(parts[0])
        if head <= GENERIC_HEADS and len(parts) > 1 and parts[1]:  # "Snacks, banana chips": the 2nd part names it
            head = set(parts[1])
        all_terms = {t for part in parts for t in part}
        costs = {t: 0.3 if t in NEUTRAL_TERMS or t in GENERIC_HEADS else 1.0 for t in all_terms}
        discouraged = food.group_code in DISCOURAGED_GROUPS or bool(food.manufacturer) or any(
            w.isupper() and len(w) > 2 for w in food.name.replace(",", " ").split())
        return _Entry(weights, frozenset(head), sum(costs.values()), costs, discouraged,
                      frozenset(all_terms & STATE_TERMS))

    # -- query side ------------------------------------------------------------
    def correct(self, query: str) -> tuple[list[str], list[str]]:
        """Query terms, unknown words replaced by the closest description word; and the corrections."""
        fixed: list[str] = []
        corrections: list[str] = []
        for word in words(query):
            if (word not in STOPWORDS and word not in NEGATIONS and len(word) > 3 and not word.isdigit()
                    and stem(word) not in self.postings):
                match = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=80)
                if match is not None:
                    corrections.append(f"{word} -> {match[0]}")
                    word = match[0]
            fixed.append(word)
        return terms_of_words(fixed), corrections

    def search(self, query: str, limit: int = 5) -> list[Candidate]:
        """The best ``limit`` foods for ``query``, best first, each with a confidence in [0, 1]."""
        query_terms, corrections = self.correct(query)
        known = [t for t in query_terms if t in self.postings]
        if not known:
            return []
        total_idf = sum(self.idf.get(t, math.log(1 + len(self.foods))) for t in query_terms)
        scores: dict[int, float] = {}
        matched_idf: dict[int, float] = {}
        for term in known:
            idf = self.idf[term]
            for i in self.postings[term]:
                scores[i] = scores.get(i, 0.0) + idf * self.entries[i].weights[term]
                matched_idf[i] = matched_idf.get(i, 0.0) + idf
        wants_state = not (set(query_terms) & STATE_TERMS)
        query_set = set(query_terms)
        discouraged_ok = bool(query_set & {"fast", "restaur", "babyfood", "babi"})
        ranked: list[tuple[float, float, int]] = []
        for i, raw in scores.items():
            entry = self.entries[i]
            coverage = matched_idf[i] / total_idf
            head_hit = bool(entry.head & query_set)
            head_share = len(entry.head & query_set) / len(entry.head) if entry.head else 0.0
            confidence = coverage * (1.0 if head_hit else 0.7) * (0.6 + 0.4 * head_share)
            extra = entry.extra_cost - sum(entry.costs.get(t, 0.0) for t in known)
            score = raw * coverage * coverage * (0.4 + 0.6 * head_share) / (1.0 + 0.12 * extra)
            if entry.discouraged and not discouraged_ok:
                score *= 0.6
            if wants_state and entry.state & PREFERRED_STATE.get(self.foods[i].group_code, frozenset()):
                score *= 1.15
            if self.foods[i].survey:
                score *= 1.05
            ranked.append((score, confidence, i))
        default = self.defaults.get(tuple(sorted(query_terms)))
        if default is not None:
            ranked.append((float("inf"), 0.97, default))
        ranked.sort(key=lambda r: (-r[0], self.foods[r[2]].id))
        penalty = 0.9 if corrections else 1.0
        seen: set[int] = set()
        out: list[Candidate] = []
        for score, confidence, i in ranked:
            if i in seen:
                continue
            seen.add(i)
            out.append(Candidate(self.foods[i], round(min(score, 999.0), 3), round(confidence * penalty, 3)))
            if len(out) == limit:
                break
        return out


_lock = threading.Lock()
_index: FoodIndex | None = None


def food_index() -> FoodIndex:
    """The process-wide index over the shipped table, built on first use."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = FoodIndex(food_table().foods)
    return _index


def search_foods(query: str, limit: int = 5) -> list[Candidate]:
    return food_index().search(query, limit)
