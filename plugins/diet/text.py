"""Words to comparable terms: lower-case tokens, British spellings and synonyms, Snowball stems.

The same function turns USDA descriptions and user text into terms, so "toasted",
"toast" and "Toast" meet, and "yoghurt" finds "Yogurt".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_stemmer = snowballstemmer.stemmer("english")

# Words that carry no food meaning in a description or a query.
STOPWORDS = frozenset("""
a an and or of the with w in on for to from as at by per my some about approx approximately
around roughly ns nfs i ate had have drank eat drink for breakfast lunch dinner snack
""".split())

NEGATIONS = frozenset({"without", "no", "wo", "non"})

# Spelling variants and everyday names for the words USDA uses (applied before stemming).
SYNONYMS: dict[str, str] = {
    "yoghurt": "yogurt", "yoghurts": "yogurt", "fibre": "fiber", "flavour": "flavor", "colour": "color",
    "courgette": "zucchini", "courgettes": "zucchini", "aubergine": "eggplant", "aubergines": "eggplant",
    "prawn": "shrimp", "prawns": "shrimp", "mince": "ground", "minced": "ground",
    "garbanzo": "chickpeas", "garbanzos": "chickpeas", "chickpea": "chickpeas", "ketchup": "catsup",
    "porridge": "oats cooked", "oatmeal": "oats", "toast": "bread toasted", "oj": "orange juice",
    "fries": "french fried potatoes", "cornflakes": "corn flakes", "crisps": "potato chips", "soda": "carbonated",
    "pop": "carbonated", "coke": "cola carbonated", "cookie": "cookies", "biscuit": "biscuits",
    "hotdog": "frankfurter", "wiener": "frankfurter", "scallion": "onions spring", "scallions": "onions spring",
    "capsicum": "peppers sweet", "bell": "sweet", "rocket": "arugula",
    "wholemeal": "whole wheat", "wholewheat": "whole wheat", "skimmed": "nonfat", "skim": "nonfat",
    "unsalted": "without salt", "decaf": "decaffeinated", "skinless": "without skin", "boneless": "without bone",
    "steamed": "cooked",
    "burger": "hamburger", "omelette": "omelet", "doughnut": "doughnuts",
    "donut": "doughnuts", "donuts": "doughnuts", "sultanas": "raisins",
    "sultana": "raisins", "maize": "corn", "groundnut": "peanuts", "groundnuts": "peanuts",
    "mayo": "mayonnaise", "kiwi": "kiwifruit", "kiwis": "kiwifruit", "beetroot": "beets", "swede": "rutabagas",
    "icing": "frosting", "jello": "gelatin", "pb": "peanut butter", "veggie": "vegetable", "veggies": "vegetables",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def fold(text: str) -> str:
    """Lower case without accents: "Jalapeño Café" -> "jalapeno cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` with synonyms expanded; stopwords kept."""
    out: list[str] = []
    for word in _WORD.findall(fold(text).replace("-", " ")):
        word = word.removesuffix("'s")
        out.extend(SYNONYMS.get(word, word).split())
    return out


def terms(text: str) -> list[str]:
    """Stemmed content terms of ``text``, in order, without stopwords or duplicates.

    The word after "without" / "no" (or before "free") becomes a negated term ("no:salt"), so
    "Peppers, without salt" does not answer "salt", and "unsalted butter" finds "Butter, without salt".
    """
    return terms_of_words(words(text))


def terms_of_words(word_list: list[str]) -> list[str]:
    out: dict[str, None] = {}
    negate = False
    for word in word_list:
        if word in NEGATIONS:
            negate = True
        elif word == "free" and out:  # "gluten free": negate the word before
            last = list(out)[-1]
            del out[last]
            out[last if last.startswith("no:") else "no:" + last] = None
        elif word in STOPWORDS or (negate and word == "added"):
            continue
        else:
            out["no:" + stem(word) if negate else stem(word)] = None
            negate = False
    return list(out)
