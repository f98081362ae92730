"""One medicine as a person wrote it ("Advil 200mg, 2 tabs every 4 hours"), read into its active
ingredients, with each ingredient's strength and the dose."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.medicines.doses import AbsurdDose, Dose, dose_text, read_dose
from core.medicines.names import Found, corrected, medicine_index, product_families, tokens
from core.medicines.table import table


@dataclass
class Part:
    ingredient: str
    strength_mg: float | None  # per unit, when the text or the product says it


@dataclass
class Item:
    text: str
    origin: str  # "list", "profile" (the profile's regular medicines) or "question"
    parts: list[Part] = field(default_factory=list)
    name: str | None = None  # the words recognised, as read
    product: str | None = None  # the product's name when it is a known combination or fixed strength
    classes: list[str] = field(default_factory=list)  # a class named without a medicine ("my NSAIDs")
    corrections: dict[str, str] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)  # ingredients a name could mean
    dose: Dose = field(default_factory=lambda: Dose(strengths_mg=[]))

    @property
    def recognised(self) -> bool:
        return bool(self.parts)

    @property
    def ingredients(self) -> list[str]:
        return [part.ingredient for part in self.parts]

    def daily_mg(self, ingredient: str) -> float | None:
        """This item's daily amount of ``ingredient`` when the text says enough to tell."""
        part = next((p for p in self.parts if p.ingredient == ingredient), None)
        if part is None:
            return None
        if self.dose.daily_mg is not None and len(self.parts) == 1:
            return self.dose.daily_mg
        units = self.dose.daily_units()
        if part.strength_mg is None or units is None:
            return None
        return part.strength_mg * units

    def taken_mg(self, ingredient: str) -> float | None:
        part = next((p for p in self.parts if p.ingredient == ingredient), None)
        if part is None or part.strength_mg is None or self.dose.taken_units is None:
            return None
        return part.strength_mg * self.dose.taken_units


def _strengths(parts: list[Part], written: list[float]) -> None:
    """Give the written strengths to the parts: one number to a single ingredient, "875/125" in order."""
    if not written:
        return
    if len(parts) == 1:
        parts[0].strength_mg = written[0]
    elif len(written) == len(parts):
        for part, value in zip(parts, written):
            part.strength_mg = value


def _product_parts(number: int, written: list[float]) -> list[Part]:
    product = table().products[number]
    parts = [Part(ident, mg or None) for ident, mg in product.ingredients.items()]
    if written and (len(written) == len(parts) or all(p.strength_mg is None for p in parts)):
        _strengths(parts, written)
    return parts


def _choose(found: list[Found]) -> list[Found]:
    """At one place in the text, a product name over a generic name over a brand."""
    best = min(found, key=lambda f: (f.target.kind != "product", f.target.kind != "ingredient"))
    return [f for f in found if f.target.kind == best.target.kind]


def read_item(text: str, origin: str = "list") -> Item:
    """``text`` read into ingredients and a dose; AbsurdDose when the dose is impossible."""
    item = Item(text=text, origin=origin)
    original = tokens(text)
    words, item.corrections = corrected(original, medicine_index())
    found = medicine_index().find(words, free_text=origin == "question")
    written_text = dose_text(text)
    item.dose = read_dose(written_text, original[found[0].start:found[0].end] if found else [])
    written = item.dose.strengths_mg
    places: dict[int, list[Found]] = {}
    for match in found:
        places.setdefault(match.start, []).append(match)
    names = []
    for start in sorted(places):
        chosen = _choose(places[start])
        kind = chosen[0].target.kind
        names.append(chosen[0].words)
        if kind == "class":
            item.classes += [f.target.id for f in chosen]
            continue
        if kind == "product":
            number = int(chosen[0].target.id)
            item.product = table().products[number].names[0]
            item.parts += [p for p in _product_parts(number, written) if p.ingredient not in item.ingredients]
            continue
        if kind == "family":  # "Augmentin 1 g": a strength or form not listed, of a known family
            members = [table().products[n] for n in product_families()[tuple(chosen[0].target.id.split())]]
            sets = {frozenset(p.ingredients) for p in members}
            if len(sets) > 1:  # the family's products differ in what they hold: not guessed
                item.ambiguous += sorted(set().union(*sets))
                continue
            item.product = chosen[0].words
            parts = [Part(ident, None) for ident in members[0].ingredients]
            _strengths(parts, written if len(written) == len(parts) else [])
            item.parts += [p for p in parts if p.ingredient not in item.ingredients]
            continue
        ingredients = sorted({f.target.id for f in chosen})
        if len(ingredients) > 1:  # a brand two ingredients are sold under: not guessed
            item.ambiguous += ingredients
            continue
        if ingredients[0] not in item.ingredients:
            item.parts.append(Part(ingredients[0], None))
    if item.parts and not item.product:
        _strengths(item.parts, written)
    item.name = " + ".join(names) if names else None
    return item


def ingredients_of(text: str) -> list[dict]:
    """The active ingredients a medicine as written holds, each {"id", "classes"}; [] when unrecognised."""
    try:
        item = read_item(text, "profile")
    except AbsurdDose:
        return []
    return [{"id": ident, "classes": sorted(table().ingredients[ident].classes)} for ident in item.ingredients]
