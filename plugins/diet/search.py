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

import heapq
import math
import threading
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from plugins.diet.defaults import (
    COOKING,
    DEFAULT_FOODS,
    GENERIC_HEADS,
    NEUTRAL_TERMS,
    PREFERRED_STATE,
    STATE_TERMS,
)
from plugins.diet.foods import Food, food_table
from plugins.diet.text import NEGATIONS, STOPWORDS, stem, terms, terms_of_words, words

FIELD_WEIGHTS = (3.0, 2.0, 1.0)  # first part of the description, second part, the rest
COMMON_NAME_WEIGHT = 1.5
DISCOURAGED_GROUPS = {"0300", "2100", "3500", "3600"}  # baby, fast, native, restaurant foods
MATCH_THRESHOLD = 0.5  # below this confidence an item counts as unmatched
DEFAULT_CONFIDENCE = 0.97
STATE_WEIGHT = 0.3  # share of a how-cooked word in the query's weight
PRUNE_SHARE = 0.5  # candidates must match at least this share of the best candidate's matched weight


@dataclass(frozen=True, slots=True)
class Candidate:
    food: Food
    score: float
    confidence: float


@dataclass(frozen=True, slots=True)
class _Entry:
    weights: dict[str, float]  # term -> field weight
    head: frozenset[str]  # terms that name the food
    naming: frozenset[str]  # terms of the first two parts ("Peppers, jalapeno": "jalapeno" names it too)
    extra_cost: float  # how much the description says (neutral and category words are cheap)
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
        self.postings = {t: tuple((i, self.entries[i].weights[t], self.entries[i].costs.get(t, 0.0)) for i in ids)
                         for t, ids in postings.items()}
        self.posting_maps = {t: {i: (weight, cost) for i, weight, cost in entries}
                             for t, entries in self.postings.items()}
        self.idf = {t: math.log(1 + n / len(ids)) for t, ids in postings.items()}
        self.unknown_idf = math.log(1 + n)
        self.vocabulary = sorted(vocabulary)
        self.position = {food.id: i for i, food in enumerate(foods)}
        self.defaults = {frozenset(terms(query)): self.position[ndb] for query, ndb in DEFAULT_FOODS.items()}

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
        naming = frozenset(head | set(parts[0]) | (set(parts[1]) if len(parts) > 1 else set()))
        return _Entry(weights, frozenset(head), naming, sum(costs.values()), costs, discouraged,
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
        query_set = set(query_terms)
        # How-cooked words count less: "steamed broccoli" is still broccoli when USDA says "boiled".
        weight_of = {t: (STATE_WEIGHT if t in STATE_TERMS else 1.0) * self.idf.get(t, self.unknown_idf)
                     for t in query_terms}
        total = sum(weight_of.values())
        raw: dict[int, float] = {}
        matched: dict[int, float] = {}
        refund: dict[int, float] = {}
        top = 0.0
        remaining = sum(weight_of[t] for t in known)
        for term in sorted(known, key=lambda t: len(self.postings[t])):  # rarest word first
            idf, share = self.idf[term], weight_of[term]
            if remaining < PRUNE_SHARE * top:
                # A food first met here cannot reach the floor below: only update the contenders.
                hits = self.posting_maps[term]
                for i in matched:
                    hit = hits.get(i)
                    if hit is not None:
                        raw[i] += idf * hit[0]
                        matched[i] += share
                        refund[i] += hit[1]
                        top = max(top, matched[i])
            else:
                for i, weight, cost in self.postings[term]:
                    raw[i] = raw.get(i, 0.0) + idf * weight
                    got = matched[i] = matched.get(i, 0.0) + share
                    refund[i] = refund.get(i, 0.0) + cost
                    if got > top:
                        top = got
            remaining -= share
        floor = PRUNE_SHARE * top  # foods that match only the commonest words are not contenders
        wants_state = not (query_set & STATE_TERMS)
        discouraged_ok = bool(query_set & {"fast", "restaur", "babyfood", "babi"})
        ranked: list[tuple[float, float, int]] = []
        for i, got in matched.items():
            if got < floor:
                continue
            entry, food = self.entries[i], self.foods[i]
            coverage = got / total
            hits = len(entry.head & query_set)
            head_share = hits / len(entry.head) if entry.head else 0.0
            named = hits or entry.naming & query_set
            confidence = coverage * (1.0 if named else 0.7) * (0.6 + 0.4 * head_share)
            score = (raw[i] * coverage * coverage * (0.4 + 0.6 * head_share)
                     / (1.0 + 0.12 * (entry.extra_cost - refund[i])))
            if entry.discouraged and not discouraged_ok:
                score *= 0.6
            if wants_state and entry.state & PREFERRED_STATE.get(food.group_code, frozenset()):
                score *= 1.15
            if food.survey:
                score *= 1.05
            ranked.append((score, confidence, i))
        best = heapq.nlargest(limit, ranked, key=lambda r: (r[0], -r[2]))
        default = self._default_for(query_set)
        if default is not None:
            best = [(float("inf"), DEFAULT_CONFIDENCE, default)] + [r for r in best if r[2] != default][:limit - 1]
        penalty = 0.9 if corrections else 1.0
        return [Candidate(self.foods[i], round(min(score, 999.0), 3), round(confidence * penalty, 3))
                for score, confidence, i in best]

    def _default_for(self, query_set: set[str]) -> int | None:
        """The curated food for an everyday name, also when the query only adds words its description has
        ("cooked rice" is still the default rice, "brown rice" is not)."""
        best: tuple[int, int] | None = None
        for key, position in self.defaults.items():
            described = self.entries[position].weights.keys()
            cooked = COOKING if "cook" in described else frozenset()
            if key <= query_set and (query_set - key) <= described | cooked:
                if best is None or len(key) > best[0]:
                    best = (len(key), position)
        return best[1] if best else None


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
