"""Curated knowledge the ranking uses: which words are generic, neutral or states, and the
default USDA food for everyday names (NDB numbers from SR28)."""

from __future__ import annotations

from plugins.diet.text import terms


def _terms(text: str) -> frozenset[str]:
    return frozenset(terms(text))


# Description heads that name a category; the next part names the food ("Spices, cinnamon, ground").
GENERIC_HEADS = _terms("snacks spices beverages alcoholic beverage cereals ready-to-eat fast foods restaurant "
                       "babyfood candies soup sauce salad dressing fish nuts seeds crustaceans mollusks")
# Description words that add little: a description with many of them is not much more specific.
NEUTRAL_TERMS = _terms("whole raw fresh plain regular commercially prepared all varieties includes usda commodity "
                       "meat only broilers fryers added vitamin enriched unenriched type style drained solids "
                       "liquids cooked boiled unsalted without salt mature seeds ns")
# Words that say how a food was kept or cooked.
STATE_TERMS = _terms("raw cooked boiled roasted fried baked grilled broiled stewed steamed braised microwaved "
                     "canned frozen dried toasted poached scrambled smoked dehydrated")
# Cooking methods close enough in nutrients for a default cooked food to stand for them ("grilled salmon").
COOKING = _terms("cooked boiled roasted baked grilled broiled stewed steamed braised microwaved poached")
# When the query names no state: fruit and vegetables are eaten raw, grains, legumes and meat cooked.
PREFERRED_STATE = {
    "0900": _terms("raw"), "1100": _terms("raw"), "2000": _terms("cooked"), "1600": _terms("boiled cooked"),
    "0500": _terms("roasted"), "1000": _terms("cooked"), "1300": _terms("cooked"), "1500": _terms("cooked"),
    "1700": _terms("cooked"),
}

# The food meant by an everyday name said alone (query terms must equal the key's terms).
DEFAULT_FOODS: dict[str, str] = {
    "egg": "01123", "scrambled eggs": "01132", "fried egg": "01128", "boiled egg": "01129",
    "hard boiled egg": "01129", "poached egg": "01131", "omelette": "01130",
    "milk": "01077", "whole milk": "01077", "semi skimmed milk": "01079", "2% milk": "01079",
    "yogurt": "01116", "low fat yogurt": "01117", "cheese": "01009", "mozzarella": "01026",
    "parmesan": "01032", "rice": "20045", "white rice": "20045", "boiled rice": "20045",
    "chicken": "05013", "roast chicken": "05013", "chicken breast": "05064", "chicken thigh": "05098",
    "turkey": "05168", "coffee": "14209", "black coffee": "14209", "tea": "14355", "black tea": "14355",
    "sugar": "19335", "white sugar": "19335", "bread": "18069", "white bread": "18069",
    "toast": "18070", "white toast": "18070", "oats": "08121", "porridge": "08121", "oatmeal": "08121",
    "pasta": "20121", "spaghetti": "20121", "macaroni": "20121", "salmon": "15237", "tuna": "15121",
    "ground beef": "23573", "minced beef": "23573", "steak": "13930", "beef steak": "13930",
    "bacon": "10862", "ham": "10136", "potato": "11674", "baked potato": "11674", "tomato": "11529",
    "shrimp": "15151", "cola": "14148", "soda": "14148", "water": "14411", "tap water": "14411",
    "tofu": "16427", "grapes": "09132", "lentils": "16070", "kidney beans": "16028",
    "mayonnaise": "04025", "chocolate": "19120", "milk chocolate": "19120", "bagel": "18001",
    "potato chips": "19411", "crisps": "19411", "olive oil": "04053", "peanuts": "16090",
    "chicken noodle soup": "06419", "salt": "02047", "butter": "01001", "peanut butter": "16098",
    "pizza": "21224", "cheese pizza": "21224", "cookies": "18159", "chocolate chip cookies": "18159",
    "cheerios": "08013", "corn flakes": "08020", "cereal": "08020",
}
