"""Doses as people write them: "500 mg twice a day", "2 tabs every 4 hours", "1 g x4/día",
"un comprimé matin et soir", "the whole box".

Reads, from one medicine's words: the strength per unit (mg; "1 g", "500", "875/125", "120 mg/5 ml"), how
many units a dose is, doses a day, an explicit daily amount ("4 g a day") and an amount taken at once
("took 20 tablets", "toda la caja"). Whatever the text does not say stays None: no dose is assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.triage.text import fold

_N = r"\d+(?:\.\d+)?"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8, "ten": 10,
    "twelve": 12, "twenty": 20, "half": 0.5, "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "ocho": 8, "diez": 10, "doce": 12, "veinte": 20, "medio": 0.5, "media": 0.5,
    "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10, "douze": 12, "vingt": 20, "demi": 0.5,
}
_COUNT = r"(?:" + _N + r"|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
UNIT_MG = {"mg": 1.0, "milligram": 1.0, "milligrams": 1.0, "miligramo": 1.0, "miligramos": 1.0,
           "milligramme": 1.0, "milligrammes": 1.0, "g": 1000.0, "gr": 1000.0, "gm": 1000.0, "gram": 1000.0,
           "grams": 1000.0, "gramo": 1000.0, "gramos": 1000.0, "gramme": 1000.0, "grammes": 1000.0,
           "mcg": 0.001, "ug": 0.001, "microgram": 0.001, "micrograms": 0.001, "microgramo": 0.001,
           "microgramos": 0.001, "microgramme": 0.001, "microgrammes": 0.001}
_MASS = "|".join(sorted(UNIT_MG, key=len, reverse=True))
DOSE_UNITS = ("tablets", "tablet", "tabs", "tab", "pills", "pill", "caps", "cap", "capsules", "capsule",
              "caplets", "caplet", "gelcaps", "softgels", "liquigels", "comprimidos", "comprimido", "pastillas",
              "pastilla", "capsulas", "capsula", "tabletas", "tableta", "grageas", "gragea", "comprimes",
              "comprime", "gelules", "gelule", "cachets", "cachet", "pilules", "pilule", "sachets", "sachet",
              "sobres", "sobre", "puffs", "puff", "inhalations", "drops", "gotas", "gouttes", "doses", "dosis",
              "suppositories", "suppository", "supositorios", "suppositoires", "patches", "patch", "parches",
              "spoonfuls", "teaspoons", "cucharaditas", "cuilleres", "ampoules", "ampollas", "vials")
_UNITS = "|".join(sorted(DOSE_UNITS, key=len, reverse=True))
_DAY = (r"(?:a|per|each|every|/|al|por|cada|par|chaque|le|la)?\s*(?:day|days|daily|24 ?h|24 hours|dia|jour|"
        r"journee|diarios?|j|d)\b")
_TAKEN = (r"(?:took|taken|swallowed|ate|downed|tome|tomado|ingeri|ingerido|trague|"
          r"pris|prise|prit|avale|avalee|ingere|ingeree)")  # past tenses only: "I take 2" is a dose
_WHOLE = (r"\b(?:whole|entire|full|all the|all of the|all my|toda la|todo el|todas las|todos los|"
          r"la caja entera|el frasco entero|tout le|toute la|toutes les|tous les|entiere?s?|complete?s?)\b")
_CONTAINERS = (r"(?:box|pack|packet|bottle|blister|strip|sheet|tub|caja|cajas|frasco|bote|blister|paquete|"
               r"tableta|boite|boites|flacon|plaquette|plaquettes|tube|pot|pills|tablets|comprimidos|"
               r"pastillas|comprimes|cachets)")
_AT_ONCE = (r"(?:at once|all at once|in one go|together|de golpe|de una vez|a la vez|d'un coup|en une fois|"
            r"d'un seul coup)")

FREQUENCY_WORDS: list[tuple[str, float]] = [
    (r"\b(?:q ?id|qds|q\.i\.d|four times|4 times|4 ?x|x ?4|cuatro veces|4 veces|quatre fois|4 fois)\b", 4),
    (r"\b(?:t ?id|tds|t\.i\.d|three times|3 times|3 ?x|x ?3|thrice|tres veces|3 veces|trois fois|3 fois)\b", 3),
    (r"\bmorning,? (?:noon|lunch(?:time)?),? and (?:night|evening)\b", 3),
    (r"\b(?:manana,? (?:mediodia|tarde),? y noche|desayuno,? comida y cena)\b", 3),
    (r"\b(?:matin,? midi,? et soir|matin midi soir)\b", 3),
    (r"\b(?:b ?id|bd|b\.i\.d|twice|two times|2 times|2 ?x|x ?2|dos veces|2 veces|deux fois|2 fois)\b", 2),
    (r"\b(?:morning and (?:night|evening)|manana y noche|matin et soir)\b", 2),
    (r"\b(?:once|one time|1 time|1 ?x|x ?1|od|qd|una vez|1 vez|une fois|1 fois)\b", 1),
    (r"\b(?:daily|every day|each day|a day|per day|at night|at bedtime|nightly|qhs|qam|every morning|"
     r"al dia|cada dia|diario|diaria|por la noche|por la manana|al acostarse|en la noche|par jour|chaque jour|"
     r"le soir|le matin|au coucher|tous les jours|quotidien|quotidiennement)\b", 1),
]
_EVERY_HOURS = re.compile(
    r"\b(?:every|each|q|c|cada|c /|toutes les|tous les|de)\s*(" + _N + r")\s*(?:-\s*" + _N + r"\s*)?"
    r"(?:h|hr|hrs|hs|hours?|horas?|heures?)\b(?:\s*en\s*" + _N + r"\s*horas?)?")
_TIMES_A_DAY = re.compile(r"\b(" + _COUNT + r")\s*(?:x|times|veces|fois|tomas|prises)\s*(?:a|per|/|al|por|par)?\s*"
                          r"(?:day|dia|jour|j|d)\b")
_STRENGTH = re.compile(r"(?<![\w.])(" + _N + r")(?:\s*/\s*(" + _N + r"))?\s*(" + _MASS + r")\b"
                       r"(?:\s*/\s*(" + _N + r")?\s*(?:ml|mls)\b)?")
_BARE_PAIR = re.compile(r"(?<![\w.])(" + _N + r")\s*/\s*(" + _N + r")(?!\s*(?:" + _MASS + r"|h|hr|hrs|hours?|horas?))")
_DAILY_AMOUNT = re.compile(r"(" + _N + r")\s*(" + _MASS + r")\s*" + _DAY)
_UNITS_PER_DOSE = re.compile(r"(?<![\w.])(" + _COUNT + r")\s*(?:" + _UNITS + r")\b")
_VOLUME = re.compile(r"(?<![\w.])(" + _N + r")\s*(?:ml|mls|millilitres?|milliliters?|mililitros?)\b")
_UNITS_PER_DAY = re.compile(r"(?<![\w.])(" + _COUNT + r")\s*(?:" + _UNITS + r")?\s*" + _DAY)
_UP_TO = re.compile(r"\b(?:up to|max(?:imum)?|hasta|jusqu'a|au maximum)\s*(" + _COUNT + r")\b")
_TAKEN_AMOUNT = re.compile(r"\b" + _TAKEN + r"\b(?:\s+\w+){0,3}?\s+(" + _COUNT + r")\s*(?:" + _UNITS + r")\b|"
                           r"\b" + _TAKEN + r"\s+(?:maybe|about|around|like|over|nearly|almost|unos|unas|como|"
                           r"environ|peut etre|presque)\s+(" + _N + r")\b")
_TAKEN_AT_ONCE = re.compile(r"(?<![\w.])(" + _COUNT + r")\s*(?:" + _UNITS + r")?\s*(?:\w+\s+){0,3}?" + _AT_ONCE)
_INGESTED = (r"(?:drank|drunk|swallowed|ate|eaten|took|got into|finished|emptied|bebio|se bebio|se tomo|tomo|"
             r"se comio|comio|trago|se trago|a bu|a avale|a mange|a pris|a vide|bu|avale)")
_SHARE = (r"(?:a|the|most of the|half (?:of )?the|half a|all (?:of )?the|el|la|un|una|medio|media|casi todo el|"
          r"casi toda la|la mitad del?|le|un|une|la moitie du|la moitie de la|presque tout le|presque toute la)")
_WHOLE_CONTAINER = re.compile(_WHOLE + r"(?:\s+\w+){0,2}?\s+" + _CONTAINERS + r"\b|\b" + _CONTAINERS +
                              r"\s+(?:entera|entero|entiere|complete|completo|completa)\b|\b" + _INGESTED +
                              r"\s+" + _SHARE + r"\s+(?:bottle|box|pack|packet|tub|frasco|bote|botella|caja|"
                              r"flacon|bouteille|boite|plaquette)\b")
MOST_UNITS_A_DOSE = 20  # "600 sobres": more units than this in one dose is the strength, not a count
ABSURD_UNIT_MG = 100_000.0  # 100 g in one tablet: a typo, not a dose
ABSURD_UNITS = 500
ABSURD_DOSES_A_DAY = 48

DOSE_WORDS = frozenset(DOSE_UNITS) | frozenset(UNIT_MG) | frozenset(NUMBER_WORDS) | {
    "times", "daily", "every", "hours", "hour", "night", "morning", "evening", "bedtime", "needed", "veces",
    "horas", "cada", "noche", "manana", "fois", "heures", "jour", "jours", "matin", "soir", "besoin",
    "twice", "thrice", "once", "whole", "entire", "bottle", "packet", "caja", "frasco", "boite", "flacon",
    "plaquette", "entiere", "entera", "swallowed", "tome", "pris", "avale", "took", "taken", "extra",
    "strength", "forte", "fuerte", "liquid", "syrup", "jarabe", "sirop", "cream", "crema", "creme", "spray",
    "inhaler", "inhalador", "inhalateur", "injection", "inyeccion", "piqure", "drops", "gotas", "gouttes",
}


class AbsurdDose(ValueError):
    """A dose no one could take (a typo): the request is refused rather than checked on nonsense."""


@dataclass
class Dose:
    strengths_mg: list[float]  # per unit, in the order written ("875/125": [875, 125])
    units_per_dose: float | None = None
    doses_per_day: float | None = None
    daily_mg: float | None = None  # said outright ("4 g a day")
    units_per_day: float | None = None  # "6 tablets a day"
    taken_units: float | None = None  # "took 20 tablets", at once
    whole_container: bool = False  # "the whole box"
    per_ml: bool = False  # strength per ml (liquids): units_per_dose is then millilitres

    def as_dict(self) -> dict:
        return {"strength_mg": self.strengths_mg[0] if len(self.strengths_mg) == 1 else None,
                "strengths_mg": list(self.strengths_mg), "units_per_dose": self.units_per_dose,
                "doses_per_day": self.doses_per_day, "units_per_day": self.daily_units(),
                "taken_at_once_units": self.taken_units, "whole_pack": self.whole_container}

    def daily_units(self) -> float | None:
        if self.units_per_day is not None:
            return self.units_per_day
        if self.doses_per_day is not None:
            return (self.units_per_dose or 1) * self.doses_per_day
        return None


def _count(word: str) -> float:
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else float(word)


def doses_per_day(text: str) -> float | None:
    every = _EVERY_HOURS.search(text)
    if every and 0 < float(every.group(1)) <= 24:
        return round(24 / float(every.group(1)), 2)
    times = _TIMES_A_DAY.search(text)
    if times:
        return _count(times.group(1))
    for pattern, value in FREQUENCY_WORDS:
        if re.search(pattern, text):
            return value
    return None


def dose_text(raw: str) -> str:
    """``raw`` as the dose patterns read it: folded, "500mg" as "500 mg", "q6h" as "q 6 h", "0,5" as "0.5",
    slashes kept as words of their own."""
    text = re.sub(r"(\d),(\d)", r"\1.\2", fold(raw).replace("\u03bc", "u").replace("\u00b5", "u"))
    text = re.sub(r"(\d)([a-z])", r"\1 \2", re.sub(r"([a-z])(\d)", r"\1 \2", text))
    return " ".join(re.findall(r"[a-z0-9']+(?:\.\d+)?|/|%", text))


def _name_end(text: str, name_words: list[str]) -> int:
    if not name_words:
        return 0
    words = [fold(word) for word in name_words]
    found = re.search(r"\b" + r"\s+(?:/\s+)?".join(map(re.escape, words)) + r"\b", text)
    return found.end() if found else 0


def read_dose(text: str, name_words: list[str] | None = None) -> Dose:
    """The dose in ``text`` (made by dose_text); a bare number right after the medicine's name
    (``name_words``: "Doliprane 1000") reads as its strength in mg."""
    name_end = _name_end(text, name_words or [])
    dose = Dose(strengths_mg=[])
    daily = _DAILY_AMOUNT.search(text)
    strengths = [m for m in _STRENGTH.finditer(text) if not (daily and m.start() == daily.start())]
    if daily and strengths:  # "500 mg, 4 g a day": a strength, and the day's total said outright
        dose.daily_mg = float(daily.group(1)) * UNIT_MG[daily.group(2)]
    elif daily:  # "100 mcg daily": the strength, once a day
        strengths = [_STRENGTH.match(text, daily.start())]
    for match in strengths[:1]:
        factor = UNIT_MG[match.group(3)]
        values = [float(match.group(1)) * factor]
        if match.group(2):
            values.append(float(match.group(2)) * factor)
        if match.group(0).rstrip().endswith(("ml", "mls")):
            volume = float(match.group(4) or 1)
            values = [value / volume for value in values]
            dose.per_ml = True
        dose.strengths_mg = values
    if not dose.strengths_mg:
        pair = _BARE_PAIR.search(text)
        after = re.match(r"\s*(" + _N + r")\b(?!\s*(?:" + _UNITS + r"|x|times|veces|fois|h|hr|hrs|hours?|horas?|"
                         r"heures?|ml|%|years?|anos|ans))", text[name_end:])
        if pair:
            dose.strengths_mg = [float(pair.group(1)), float(pair.group(2))]
        elif after and float(after.group(1)) >= 5:
            dose.strengths_mg = [float(after.group(1))]
    units = _UNITS_PER_DOSE.search(text)
    if dose.per_ml:
        volume = _VOLUME.findall(text)
        if len(volume) >= 2:  # "120 mg/5 ml, 10 ml": the second volume is the dose
            dose.units_per_dose = float(volume[1])
    elif units and _count(units.group(1)) > MOST_UNITS_A_DOSE:  # "Espidifen 600 sobres": no count of sachets
        if not dose.strengths_mg:
            dose.strengths_mg = [_count(units.group(1))]
    elif units:
        dose.units_per_dose = _count(units.group(1))
    dose.doses_per_day = doses_per_day(text)
    per_day = _UNITS_PER_DAY.search(text)
    if per_day and not _TIMES_A_DAY.search(text) and re.search(_UNITS, per_day.group(0)):
        dose.units_per_day, dose.doses_per_day, dose.units_per_dose = _count(per_day.group(1)), None, None
    up_to = _UP_TO.search(text)
    if up_to and dose.daily_units() is None:
        dose.units_per_day = _count(up_to.group(1))
    taken = _TAKEN_AMOUNT.search(text) or _TAKEN_AT_ONCE.search(text)
    if taken:
        dose.taken_units = _count(next(group for group in taken.groups() if group))
    dose.whole_container = bool(_WHOLE_CONTAINER.search(text))
    _refuse_absurd(dose)
    return dose


def _refuse_absurd(dose: Dose) -> None:
    if any(value > ABSURD_UNIT_MG for value in dose.strengths_mg) or (dose.daily_mg or 0) > 10 * ABSURD_UNIT_MG:
        raise AbsurdDose("a strength over 100 g a unit")
    if max(dose.units_per_dose or 0, dose.units_per_day or 0, dose.taken_units or 0) > ABSURD_UNITS:
        raise AbsurdDose(f"more than {ABSURD_UNITS} units")
    if (dose.doses_per_day or 0) > ABSURD_DOSES_A_DAY:
        raise AbsurdDose(f"more than {ABSURD_DOSES_A_DAY} doses a day")
