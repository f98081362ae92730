"""The shipped medicine tables, read once from data/*.toml and checked as they load.

- ``ingredients/<atc group>.toml``: one table per active ingredient (WHO INN id): its names per
  language, single-ingredient brands, ATC code, RxNorm id, classes, usual adult maximum daily dose.
- ``products.toml``: combination products and fixed-strength brands, with what one unit contains.
- ``classes.toml``: drug classes (labels, the words people use for them) and allergy cross-reactions.
- ``conditions.toml``: the conditions people list in a profile, and drug-condition rules.
- ``populations.toml``: age and pregnancy restrictions.
- ``interactions.toml``: drug-drug interactions.

A rule names an ingredient by its id or a class as ``class:<id>``. Every entry cites its public source;
a table that breaks these rules refuses to load (ValueError), so a bad edit fails the tests, not a user.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LANGUAGES = ("en", "es", "fr")
SEVERITIES = ("contraindicated", "major", "moderate")  # most serious first


@dataclass(frozen=True)
class Ingredient:
    id: str
    names: dict[str, tuple[str, ...]]
    brands: tuple[str, ...]
    atc: str | None
    rxnorm: str | None
    classes: frozenset[str]
    max_daily_mg: float | None
    max_daily_source: str | None
    otc: bool
    source: str
    # A class it belongs to only above a daily dose: aspirin is an NSAID above 325 mg, an antiplatelet below.
    classes_from_daily_mg: dict[str, float] = field(default_factory=dict)

    def label(self, language: str) -> str:
        names = self.names.get(language) or self.names.get("en") or (self.id.replace("_", " "),)
        return names[0]


@dataclass(frozen=True)
class Product:
    names: tuple[str, ...]
    ingredients: dict[str, float]  # ingredient id -> mg per unit (0: it varies)
    unit: str
    markets: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class DrugClass:
    id: str
    labels: dict[str, str]
    words: dict[str, tuple[str, ...]]
    atc: tuple[str, ...]
    allergy_class: bool
    includes: tuple[str, ...] = ()  # classes whose members are members of this one ("anticoagulant")


@dataclass(frozen=True)
class Rule:
    """One restriction or interaction: ``drug`` (and ``other``) name an ingredient or ``class:<id>``."""

    kind: str  # cross_reactivity, condition, age, pregnancy, interaction
    drug: str
    other: str | None  # the condition id, the allergy, or the second drug
    severity: str
    effect: dict[str, str]
    source: str
    under_years: float | None = None
    over_years: float | None = None
    from_week: float | None = None
    to_week: float | None = None
    above_daily_mg: float | None = None  # only when the daily dose is above this (or not known)
    excludes: frozenset[str] = frozenset()  # ingredients of the rule's class it does not cover


@dataclass(frozen=True)
class Condition:
    id: str
    labels: dict[str, str]
    words: dict[str, tuple[str, ...]]


@dataclass
class Table:
    ingredients: dict[str, Ingredient]
    products: list[Product]
    classes: dict[str, DrugClass]
    conditions: dict[str, Condition]
    rules: list[Rule]
    members: dict[str, frozenset[str]] = field(default_factory=dict)  # class id -> ingredient ids

    def expand(self, reference: str) -> frozenset[str]:
        """The ingredient ids an ingredient id or ``class:<id>`` stands for."""
        if reference.startswith("class:"):
            return self.members.get(reference[6:], frozenset())
        return frozenset((reference,)) if reference in self.ingredients else frozenset()

    def rules_of(self, kind: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.kind == kind]


def _read(name: str) -> dict:
    return tomllib.loads(resources.files("core.medicines").joinpath("data/" + name).read_text(encoding="utf-8"))


def _texts(where: str, value, required: bool = True) -> dict[str, str]:
    if not isinstance(value, dict) or (required and any(not value.get(lang) for lang in LANGUAGES)):
        raise ValueError(f"{where}: needs a text in each of {', '.join(LANGUAGES)}")
    return {lang: str(value[lang]) for lang in LANGUAGES if value.get(lang)}


def _word_lists(value) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(value.get(lang, ())) for lang in LANGUAGES} if isinstance(value, dict) else {}


def _source(where: str, entry: dict) -> str:
    source = str(entry.get("source") or "").strip()
    if len(source) < 8:
        raise ValueError(f"{where}: every entry needs its public source")
    return source


def _ingredients() -> dict[str, Ingredient]:
    found: dict[str, Ingredient] = {}
    folder = resources.files("core.medicines").joinpath("data/ingredients")
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".toml"):
            continue
        for ident, entry in tomllib.loads(path.read_text(encoding="utf-8")).items():
            where = f"ingredients/{path.name} [{ident}]"
            if ident in found:
                raise ValueError(f"{where}: listed twice")
            maximum = entry.get("max_daily_mg")
            if maximum is not None and not (isinstance(maximum, (int, float)) and maximum > 0):
                raise ValueError(f"{where}: max_daily_mg must be a positive number")
            found[ident] = Ingredient(
                id=ident, names={lang: tuple(names) for lang, names in (entry.get("names") or {}).items()},
                brands=tuple(entry.get("brands", ())), atc=entry.get("atc"),
                rxnorm=str(entry["rxnorm"]) if entry.get("rxnorm") else None,
                classes=frozenset(entry.get("classes", ())),
                max_daily_mg=float(maximum) if maximum is not None else None,
                max_daily_source=entry.get("max_daily_source"), otc=bool(entry.get("otc", False)),
                source=_source(where, entry),
                classes_from_daily_mg={k: float(v) for k, v in (entry.get("classes_from_daily_mg") or {}).items()})
    return found


def _rule(kind: str, where: str, entry: dict, drug_key: str, other_key: str | None) -> Rule:
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        raise ValueError(f"{where}: severity must be one of {SEVERITIES}")
    numbers = {key: float(entry[key]) for key in ("under_years", "over_years", "from_week", "to_week",
                                                  "above_daily_mg") if key in entry}
    return Rule(kind, str(entry[drug_key]), str(entry[other_key]) if other_key else None, severity,
                _texts(f"{where} effect", entry.get("effect")), _source(where, entry),
                excludes=frozenset(entry.get("except", ())), **numbers)


def _rules() -> list[Rule]:
    rules = []
    for number, entry in enumerate(_read("classes.toml").get("cross_reactivity", [])):
        rules.append(_rule("cross_reactivity", f"classes.toml cross_reactivity #{number + 1}", entry, "flags",
                           "allergy"))
    for number, entry in enumerate(_read("conditions.toml").get("rule", [])):
        rules.append(_rule("condition", f"conditions.toml rule #{number + 1}", entry, "drug", "condition"))
    populations = _read("populations.toml")
    for kind in ("age", "pregnancy"):
        for number, entry in enumerate(populations.get(kind, [])):
            rules.append(_rule(kind, f"populations.toml {kind} #{number + 1}", entry, "drug", None))
    for number, entry in enumerate(_read("interactions.toml").get("interaction", [])):
        rules.append(_rule("interaction", f"interactions.toml #{number + 1}", entry, "a", "b"))
    return rules


def _check_references(table: Table) -> None:
    def known(reference: str, where: str) -> None:
        if reference.startswith("class:"):
            if reference[6:] not in table.classes:
                raise ValueError(f"{where}: unknown class {reference!r}")
        elif reference not in table.ingredients:
            raise ValueError(f"{where}: unknown ingredient {reference!r}")

    for ingredient in table.ingredients.values():
        for class_id in [*ingredient.classes, *ingredient.classes_from_daily_mg]:
            known(f"class:{class_id}", f"ingredient {ingredient.id}")
    for drug_class in table.classes.values():
        for class_id in drug_class.includes:
            known(f"class:{class_id}", f"class {drug_class.id}")
    for product in table.products:
        for ident in product.ingredients:
            known(ident, f"product {product.names[0]!r}")
    for rule in table.rules:
        where = f"{rule.kind} rule {rule.drug} / {rule.other}"
        known(rule.drug, where)
        for ident in rule.excludes:
            known(ident, where)
        if rule.kind in ("interaction", "cross_reactivity"):
            known(rule.other, where)
        elif rule.kind == "condition" and rule.other not in table.conditions:
            raise ValueError(f"{where}: unknown condition {rule.other!r}")
        if rule.kind == "age" and rule.under_years is None and rule.over_years is None:
            raise ValueError(f"{where}: an age rule needs under_years or over_years")


@cache
def table() -> Table:
    ingredients = _ingredients()
    products = []
    for number, entry in enumerate(_read("products.toml").get("product", [])):
        where = f"products.toml #{number + 1}"
        names = tuple(entry.get("names", ()))
        if not names or not entry.get("ingredients"):
            raise ValueError(f"{where}: a product needs names and ingredients")
        products.append(Product(names, {k: float(v) for k, v in entry["ingredients"].items()},
                                entry.get("unit", "tablet"), tuple(entry.get("markets", ())),
                                _source(where, entry)))
    class_data = _read("classes.toml")
    classes = {ident: DrugClass(ident, _texts(f"classes.toml [{ident}] label", entry.get("label")),
                                _word_lists(entry.get("words")), tuple(entry.get("atc", ())),
                                bool(entry.get("allergy_class", False)), tuple(entry.get("includes", ())))
               for ident, entry in class_data.items() if ident != "cross_reactivity"}
    conditions = {ident: Condition(ident, _texts(f"conditions.toml [{ident}] label", entry.get("label")),
                                   _word_lists(entry.get("words")))
                  for ident, entry in _read("conditions.toml").get("conditions", {}).items()}
    result = Table(ingredients, products, classes, conditions, _rules())
    members: dict[str, set[str]] = {ident: set() for ident in classes}
    for ingredient in ingredients.values():
        for class_id in ingredient.classes:
            members.setdefault(class_id, set()).add(ingredient.id)
    for drug_class in classes.values():
        for family in drug_class.includes:
            members[drug_class.id] |= members.get(family, set())
    result.members = {ident: frozenset(ids) for ident, ids in members.items()}
    _check_references(result)
    return result


def summary() -> dict:
    """What the tables hold, by count (the health check's figures)."""
    data = table()
    kinds: dict[str, int] = {}
    for rule in data.rules:
        kinds[rule.kind] = kinds.get(rule.kind, 0) + 1
    return {"ingredients": len(data.ingredients), "products": len(data.products), "classes": len(data.classes),
            "conditions": len(data.conditions), "rules": kinds}
