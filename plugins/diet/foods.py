"""The shipped food table (built by build_food_table), loaded once per process."""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from plugins.diet.nutrients import KEYS

TABLE_PATH = Path(__file__).resolve().parent / "foods.json.gz"  # package data (setup.py: *.gz)


@dataclass(frozen=True, slots=True)
class Portion:
    """A household measure: ``amount`` × ``description`` weighs ``grams``."""

    amount: float
    description: str
    grams: float

    @property
    def grams_per_unit(self) -> float:
        return self.grams / self.amount


@dataclass(frozen=True, slots=True)
class Food:
    id: str  # USDA NDB number
    group_code: str
    group: str
    name: str
    common_names: str
    manufacturer: str
    survey: bool  # used in the US dietary survey: a commonly eaten food
    per_100g: tuple[float | None, ...]  # in nutrients.KEYS order; None where USDA has no value
    portions: tuple[Portion, ...]

    def nutrients_per_100g(self) -> dict[str, float | None]:
        return dict(zip(KEYS, self.per_100g, strict=True))


@dataclass(frozen=True)
class FoodTable:
    source: str
    groups: dict[str, str]
    foods: tuple[Food, ...]
    by_id: dict[str, Food]


_lock = threading.Lock()
_table: FoodTable | None = None


def load_table(path: Path = TABLE_PATH) -> FoodTable:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        raw = json.load(handle)
    if [n[0] for n in raw["nutrients"]] != list(KEYS):
        raise RuntimeError(f"{path} was built for other nutrients; rebuild it with plugins.diet.build_food_table")
    groups = raw["groups"]
    foods = tuple(
        Food(ndb, group, groups.get(group, ""), name, common, manufacturer, survey, tuple(values),
             tuple(Portion(*p) for p in portions))
        for ndb, group, name, common, manufacturer, survey, values, portions in raw["foods"]
    )
    return FoodTable(raw["source"], groups, foods, {f.id: f for f in foods})


def food_table() -> FoodTable:
    """The table, read from disk on first use only (thread-safe)."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = load_table()
    return _table


def get_food(food_id: str) -> Food | None:
    return food_table().by_id.get(food_id)
