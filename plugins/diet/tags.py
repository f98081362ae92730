"""What a food contains or is, as tags (peanut, milk, gluten, pork, alcohol...), from its USDA
description and food group. Allergy, condition and preference flags are built on these tags.

Rules are words (stemmed like the search index) that mark a tag, phrases that
cancel it ("peanut butter" is not milk, "coconut milk" is not milk, "rice
noodles" have no gluten), and food groups that carry it as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from plugins.diet.foods import Food
from plugins.diet.nutrients import KEYS
from plugins.diet.text import terms


@dataclass(frozen=True)
class TagRule:
    words: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    unless: tuple[str, ...] = ()  # lower-case phrases in the description that cancel the tag


def rule(words: str = "", groups: str = "", unless: tuple[str, ...] = ()) -> TagRule:
    return TagRule(frozenset(terms(words)), frozenset(groups.split()), unless)


NON_DAIRY = ("peanut butter", "almond butter", "cashew butter", "nut butter", "apple butter", "cocoa butter",
             "sesame butter", "sunflower seed butter", "soy butter", "butternut", "coconut milk", "coconut cream",
             "soymilk", "soy milk", "almond milk", "rice milk", "oat milk", "milk substitute", "non-dairy",
             "nondairy", "cream of tartar", "dairy free", "dairy-free", "imitation cheese", "tofu", "butterbur",
             "butterhead", "butter beans", "milkfish", "creamer, non", "milk, imitation")
MEATLESS = ("meatless", "vegetarian", "veggie", "meat substitute", "meat extender", "imitation")
GLUTEN_FREE = ("gluten-free", "gluten free", "rice noodle", "rice flour", "corn flour", "cornmeal", "potato flour",
               "soy flour", "rice cake", "rice crackers", "buckwheat", "tapioca", "arrowroot", "corn tortilla",
               "tortillas, ready-to-bake or -fry, corn")
ANIMAL_GROUPS = "0500 0700 1000 1300 1500 1700"

TAG_RULES: dict[str, TagRule] = {
    "peanut": rule("peanut peanuts groundnut"),
    "tree_nut": rule("almond almonds cashew cashews walnut walnuts pecan pecans pistachio pistachios hazelnut "
                     "hazelnuts filbert filberts macadamia macadamias chestnut chestnuts praline marzipan nutella "
                     "pine nuts beechnuts butternuts hickorynuts brazilnuts", groups="",
                     unless=("water chestnut", "nutmeg", "coconut")),
    "milk": rule("milk cheese butter cream yogurt whey casein lactose kefir ghee custard buttermilk eggnog "
                 "pudding cheeseburger", groups="0100", unless=NON_DAIRY),
    "egg": rule("egg eggs eggnog mayonnaise meringue omelet", unless=("eggplant", "egg-free")),
    "fish": rule("fish anchovy anchovies salmon tuna cod sardine sardines mackerel trout herring tilapia halibut "
                 "haddock pollock catfish bass snapper swordfish carp flounder sole perch pike caviar roe surimi "
                 "worcestershire shark tilefish roughy whitefish grouper mahimahi"),
    "shellfish": rule("shellfish shrimp crab lobster crayfish crawfish prawn clam clams mussel mussels oyster "
                      "oysters scallop scallops squid calamari octopus abalone whelk conch crustaceans mollusks "
                      "cuttlefish"),
    "soy": rule("soy soya soybean soybeans tofu tempeh miso edamame natto soymilk", unless=("soy free",)),
    "gluten": rule("wheat barley rye spelt triticale semolina durum couscous bulgur farina seitan malt bread "
                   "breads pasta spaghetti macaroni noodles cracker crackers cookie cookies cake cakes pie pies "
                   "biscuit biscuits bagel bagels croissant muffin muffins pancake pancakes waffle waffles pretzel "
                   "pretzels crouton croutons breadcrumbs flour doughnut pizza beer stuffing dumpling wonton bun buns "
                   "sandwich burger hamburger cheeseburger",
                   groups="1800", unless=GLUTEN_FREE),
    "sesame": rule("sesame tahini hummus halva"),
    "meat": rule("beef pork chicken turkey ham bacon lamb veal mutton goat venison duck goose sausage "
                 "frankfurter salami pepperoni bologna prosciutto chorizo meatballs lard hamburger cheeseburger "
                 "burger patty nuggets gelatin broth "
                 "bouillon liver", groups="0500 0700 1000 1300 1700", unless=MEATLESS),
    "pork": rule("pork ham bacon lard pepperoni salami prosciutto chorizo pancetta gelatin", groups="1000",
                 unless=MEATLESS + ("turkey ham", "turkey bacon", "beef bacon")),
    "beef": rule("beef veal hamburger cheeseburger", groups="1300", unless=MEATLESS),
    "alcohol": rule("wine beer rum vodka whiskey whisky liqueur gin brandy sake alcoholic", unless=(
        "vinegar", "non-alcoholic", "nonalcoholic", "root beer", "birch beer", "cooking wine", "ginger",
        "ginkgo")),
    "honey": rule("honey", unless=("honeydew",)),
    "gelatin": rule("gelatin gelatine", unless=("gelatin desserts, dry mix, reduced calorie, with aspartame, "
                                                "added phosphorus, potassium, sodium, vitamin c",)),
    "high_mercury_fish": rule("shark swordfish tilefish marlin roughy", unless=()),
    "purine_rich": rule("liver kidney kidneys sweetbread sweetbreads giblets anchovy anchovies sardine sardines "
                        "herring mackerel scallop scallops mussel mussels beer organ", unless=("kidney beans",
                                                                                           "beans, kidney")),
    "grapefruit": rule("grapefruit pomelo"),
    "tyramine": rule("salami pepperoni sauerkraut miso", unless=()),
}
_ALCOHOL = KEYS.index("alcohol_g")
AGED_CHEESES = ("cheese, cheddar", "cheese, blue", "cheese, parmesan", "cheese, swiss", "cheese, gouda",
                "cheese, brie", "cheese, camembert", "cheese, roquefort", "cheese, gruyere", "cheese, provolone",
                "soy sauce")


def _applies(rule_: TagRule, food: Food, food_terms: set[str], name: str) -> bool:
    if not (food.group_code in rule_.groups or food_terms & rule_.words):
        return False
    return not any(phrase in name for phrase in rule_.unless)


@lru_cache(maxsize=16384)
def food_tags(food: Food) -> frozenset[str]:
    """Every tag that applies to ``food``."""
    name = food.name.lower()
    food_terms = set(terms(f"{food.name} {food.common_names}"))
    tags = {tag for tag, rule_ in TAG_RULES.items() if _applies(rule_, food, food_terms, name)}
    if food.group_code == "1500" or "fish" in tags:
        tags.add("shellfish" if tags & {"shellfish"} else "fish")
    if food.group_code == "1200" and "nut" in food_terms and "coconut" not in name:
        tags.add("tree_nut")
    if food.group_code == "0100" and name.startswith("egg"):
        tags.discard("milk")
    if (food.per_100g[_ALCOHOL] or 0) >= 0.5:
        tags.add("alcohol")
    if name.startswith(AGED_CHEESES):
        tags.add("tyramine")
    if tags & {"fish", "shellfish"}:
        tags.add("seafood")
    if "raw" in food_terms and food.group_code in ANIMAL_GROUPS.split() and "cured" not in name:
        tags.add("raw_animal")
    return frozenset(tags)

