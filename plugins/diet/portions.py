"""Quantity + unit -> grams of one food, through USDA household measures.

Mass units convert directly. Volume units go through any volume measure of the
food ("1 cup, chopped = 91 g" gives its density). Household words (slice,
medium, pat...) use the food's own measure of that name. An item with no unit
takes the food's natural portion (one medium fruit, one slice, a tablespoon of
a fat). Every assumption is reported with the result, never hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plugins.diet.foods import Food, Portion

GRAMS = {"g": 1.0, "kg": 1000.0, "mg": 0.001, "oz": 28.349523, "lb": 453.59237}
MILLILITRES = {"ml": 1.0, "cl": 10.0, "dl": 100.0, "l": 1000.0, "cup": 236.588, "tbsp": 14.787, "tsp": 4.929,
               "fl oz": 29.574, "pint": 473.176, "quart": 946.353, "spoon": 14.787, "pinch": 0.308, "dash": 0.616}
# Containers without a USDA measure of their own, taken as a volume (reported as assumed).
CONTAINERS_ML = {"glass": 240.0, "mug": 300.0, "bowl": 350.0, "can": 355.0, "bottle": 500.0}
HANDFUL_GRAMS = 30.0
SIZE_FACTORS = {"small": 0.75, "medium": 1.0, "large": 1.25, "extra large": 1.4, "jumbo": 1.6}
# Measure names that are not a natural single item.
MEASURE_WORDS = {"cup", "tbsp", "tsp", "fl oz", "oz", "lb", "g", "ml", "pint", "quart", "gallon", "cubic inch",
                 "package", "container", "jar", "can", "bottle", "bag", "box", "loaf", "pie", "cake", "pizza",
                 "recipe", "yield", "roast", "unit", "nlea serving", "serving", "steak", "bunch", "head",
                 "pkg", "carton", "tub", "batch", "whole"}
VOLUME_WORDS = {"cup": 236.588, "tbsp": 14.787, "tablespoon": 14.787, "tsp": 4.929, "teaspoon": 4.929,
                "fl oz": 29.574, "pint": 473.176, "quart": 946.353, "gallon": 3785.41, "ml": 1.0}
SMALL_MEASURES = ("pat", "tbsp", "tsp", "packet")
SPREAD_GROUPS = {"0200", "0400"}  # spices and herbs, fats and oils
SPREAD_WORDS = ("honey", "jam", "jelly", "syrup", "sugar", "catsup", "mustard", "peanut butter", "mayonnaise",
                "butter", "margarine", "salad dressing", "sauce", "salt", "cream", "cheese, cream", "nutella",
                "hummus", "sour cream", "whipped")
LIQUID_GROUPS = {"1400"}
LIQUID_WORDS = ("juice", "milk", "drink", "beverage", "soup", "broth", "water", "coffee", "tea", "smoothie")
MAX_ITEM_GRAMS = 5000.0
MIN_ITEM_GRAMS = 10.0  # lighter "items" (one berry, one almond) are counted, not taken as a portion
# Standard servings by food group when no amount is given: meat, poultry and fish 3 oz, nuts 1 oz.
SERVING_OUNCES = {"0500": 3.0, "0700": 2.0, "1000": 3.0, "1300": 3.0, "1500": 3.0, "1700": 3.0, "1200": 1.0}
# A measure USDA lacks, and the one of about the same size to use instead.
STAND_INS = {"slice": ("piece", "serving"), "piece": ("slice", "serving"), "serving": ("piece",),
             "fillet": ("serving",), "bar": ("piece", "serving"), "strip": ("slice", "piece")}


class QuantityError(ValueError):
    """The quantity cannot be turned into grams for this food; the message says why."""


@dataclass(frozen=True)
class Amount:
    grams: float
    portion: str  # how it was measured, e.g. "2 × medium (118 g each)"
    assumed: bool  # a guess was needed (no unit given, or a container size taken as standard)


def base_name(description: str) -> str:
    """'cup, chopped' -> 'cup'; 'medium (7" to 7-7/8" long)' -> 'medium'; 'slices' -> 'slice'."""
    name = re.split(r"[(,]", description.lower(), maxsplit=1)[0].strip()
    name = {"tablespoon": "tbsp", "teaspoon": "tsp", "fl oz (no ice)": "fl oz"}.get(name, name)
    return name[:-1] if name.endswith("s") and name not in ("fl oz", "oz", "lbs") and len(name) > 3 else name


def _each(portion: Portion) -> str:
    return f"{portion.description} ({portion.grams_per_unit:g} g each)"


def _fmt(quantity: float) -> str:
    return f"{quantity:g}"


def volume_density(food: Food, prep: tuple[str, ...] = ()) -> tuple[float, Portion] | None:
    """Grams per millilitre from the food's volume measures, preferring one cut as ``prep`` says."""
    volume = [(p, VOLUME_WORDS[base_name(p.description)]) for p in food.portions
              if base_name(p.description) in VOLUME_WORDS]
    if not volume:
        return None
    chosen = next(((p, ml) for p, ml in volume if any(w in p.description.lower() for w in prep)), None)
    if chosen is None:  # a plain measure ("cup") before a cut one ("cup, sliced")
        chosen = min(volume, key=lambda pm: ("," in pm[0].description or "(" in pm[0].description,
                                             food.portions.index(pm[0])))
    portion, ml = chosen
    return portion.grams_per_unit / ml, portion


def _measure(food: Food, unit: str, prep: tuple[str, ...]) -> Portion | None:
    """The food's own measure of ``unit``, cut as ``prep`` says if it can be, else the plainest one."""
    same = [p for p in food.portions if base_name(p.description) == unit]
    if not same:
        return None
    for portion in same:
        if any(word in portion.description.lower() for word in prep):
            return portion
    return min(same, key=lambda p: ("," in p.description, food.portions.index(p)))


def is_liquid(food: Food) -> bool:
    name = food.name.lower()
    return food.group_code in LIQUID_GROUPS or any(word in name for word in LIQUID_WORDS)


def is_spread(food: Food) -> bool:
    name = food.name.lower()
    return food.group_code in SPREAD_GROUPS or name.startswith(SPREAD_WORDS)


def find_named(food: Food, name: str) -> Portion | None:
    """The food's measure called ``name`` (a unit like "slice" or a size like "large")."""
    matches = [p for p in food.portions if base_name(p.description) == name]
    if not matches:
        matches = [p for p in food.portions if base_name(p.description).startswith(name + " ")
                   or base_name(p.description).endswith(" " + name)]
    return matches[0] if matches else None


def _is_item(portion: Portion, light_ok: bool = False) -> bool:
    """A whole single thing (one fillet, one slice, one bagel), not a measure or a pack."""
    name = base_name(portion.description)
    return (name not in MEASURE_WORDS and name.split()[0] not in MEASURE_WORDS
            and (light_ok or portion.grams_per_unit >= MIN_ITEM_GRAMS))


def natural_portion(food: Food, counted: bool = False) -> Portion | None:
    """One natural portion of the food: a tablespoon of a spread, one medium fruit, one slice, a cup.

    ``counted`` is True when the user counted the food ("2 avocados", "20 blueberries"): whole items
    are meant, so they come first; otherwise a standard serving does ("salmon": 3 oz, "almonds": 1 oz).
    """
    if is_spread(food):
        for name in SMALL_MEASURES:
            found = find_named(food, name)
            if found:
                return found
    for size in ("medium", "large", "small"):
        found = find_named(food, size)
        if found:
            return found
    ounces = SERVING_OUNCES.get(food.group_code)
    ounce = find_named(food, "oz")
    serving = [Portion(1.0, f"{ounces:g} oz serving", round(ounce.grams_per_unit * ounces, 2))] \
        if ounces and ounce else []
    serving += [found for found in (find_named(food, name) for name in ("serving", "nlea serving")) if found]
    items = [p for p in food.portions if _is_item(p, light_ok=counted)]
    for group in ((items, serving) if counted else (serving, items)):
        if group:
            return group[0]
    for name in ("cup", "fl oz", "oz"):
        found = find_named(food, name)
        if found:
            return found
    return None


def _pizza_slice(food: Food) -> Portion | None:
    """A slice of pizza is an eighth of the whole pizza USDA weighs."""
    whole = find_named(food, "pizza") if food.name.lower().startswith("pizza") else None
    if whole is None:
        return None
    return Portion(1.0, f"slice (1/8 of a {whole.description})", round(whole.grams_per_unit / 8, 1))


def resolve(food: Food, quantity: float, unit: str | None, size: str | None = None,
            prep: tuple[str, ...] = (), counted: bool = False) -> Amount:
    """Grams of ``food`` in ``quantity`` ``unit``; raises QuantityError when it cannot be known."""
    if quantity <= 0:
        raise QuantityError("the quantity must be more than zero")
    amount = _resolve(food, quantity, unit, size, prep, counted)
    if amount.grams > MAX_ITEM_GRAMS:
        raise QuantityError(f"{amount.grams:,.0f} g of one food is more than anyone eats at once "
                            f"(at most {MAX_ITEM_GRAMS:,.0f} g an item)")
    return amount


def _resolve(food: Food, quantity: float, unit: str | None, size: str | None, prep: tuple[str, ...],
             counted: bool = False) -> Amount:
    q = _fmt(quantity)
    if unit in GRAMS:
        return Amount(quantity * GRAMS[unit], f"{q} {unit}", False)
    if unit in MILLILITRES:
        same = _measure(food, unit, prep)
        if same is not None:  # USDA weighs this very measure: "1 cup (8 fl oz) = 237 g"
            return Amount(quantity * same.grams_per_unit, f"{q} × {_each(same)}", False)
        density = volume_density(food, prep)
        if density is None:
            if not is_liquid(food):
                raise QuantityError(f"USDA gives no volume measure for {food.name}; give the amount in grams")
            return Amount(quantity * MILLILITRES[unit], f"{q} {unit} (taken as 1 g per ml)", True)
        per_ml, portion = density
        return Amount(quantity * MILLILITRES[unit] * per_ml, f"{q} {unit} (USDA: {portion.amount:g} "
                                                             f"{portion.description} = {portion.grams:g} g)", False)
    if unit in CONTAINERS_ML:
        own = find_named(food, unit)
        if own:
            return Amount(quantity * own.grams_per_unit, f"{q} × {_each(own)}", False)
        ml = CONTAINERS_ML[unit] * SIZE_FACTORS.get(size or "medium", 1.0)
        assumed = _resolve(food, quantity * ml, "ml", None, prep)
        return Amount(assumed.grams, f"{q} {unit} (taken as {ml:g} ml)", True)
    if unit == "handful":
        return Amount(quantity * HANDFUL_GRAMS, f"{q} handful (taken as {HANDFUL_GRAMS:g} g)", True)
    if unit is not None:  # a household measure: slice, piece, pat, serving...
        own = find_named(food, unit) or (_pizza_slice(food) if unit in ("slice", "piece") else None)
        for stand_in in STAND_INS.get(unit, ()):
            own = own or find_named(food, stand_in)
        if own is None and unit == "serving":
            own = natural_portion(food)
        if own is None:
            known = ", ".join(sorted({base_name(p.description) for p in food.portions})) or "none"
            raise QuantityError(f"USDA has no '{unit}' measure for {food.name} (its measures: {known}); "
                                f"give the amount in grams or one of those")
        return Amount(quantity * own.grams_per_unit, f"{q} × {_each(own)}", False)
    if size:
        own = find_named(food, size)
        if own:
            return Amount(quantity * own.grams_per_unit, f"{q} × {_each(own)}", False)
    natural = natural_portion(food, counted)
    if natural is None:
        return Amount(quantity * 100.0, f"{q} × 100 g (USDA gives no household measure; taken as 100 g)", True)
    factor = SIZE_FACTORS.get(size, 1.0) if size else 1.0
    note = f" × {factor:g} for {size}" if factor != 1.0 else ""
    return Amount(quantity * natural.grams_per_unit * factor, f"{q} × {_each(natural)}{note}", True)
