"""What the text says about the person: who it is about and their age, pregnancy, temperature,
how long it has lasted and how many tablets were taken.

These are read with a few regular expressions over the normalised text, in
English, Spanish and French, with number words up to twenty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.triage.text import join_elisions

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "une": 1, "uno": 1, "two": 2, "dos": 2, "deux": 2, "couple": 2,
    "three": 3, "tres": 3, "trois": 3, "four": 4, "cuatro": 4, "quatre": 4, "five": 5, "cinco": 5, "cinq": 5,
    "six": 6, "seis": 6, "seven": 7, "siete": 7, "sept": 7, "eight": 8, "ocho": 8, "huit": 8, "nine": 9,
    "nueve": 9, "neuf": 9, "ten": 10, "diez": 10, "dix": 10, "eleven": 11, "once": 11, "onze": 11, "twelve": 12,
    "doce": 12, "douze": 12, "fifteen": 15, "quince": 15, "quinze": 15, "twenty": 20, "veinte": 20, "vingt": 20,
    "thirty": 30, "treinta": 30, "trente": 30, "forty": 40, "cuarenta": 40, "quarante": 40, "fifty": 50,
    "cincuenta": 50, "cinquante": 50, "several": 3, "few": 3, "varios": 3, "varias": 3, "unos": 3, "unas": 3,
    "plusieurs": 3, "quelques": 3, "des": 2, "d'un": 1, "d'une": 1,
}
_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_VAGUE = {"a", "an", "un", "una", "une", "uno", "couple", "several", "few", "varios", "varias", "unos", "unas",
          "plusieurs", "quelques", "des", "d'un", "d'une"}
_AGE_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted(set(NUMBER_WORDS) - _VAGUE, key=len, reverse=True)) + r")"

UNIT_DAYS = (
    (r"min(?:ute)?s?|minutos?", 1 / 1440), (r"h(?:ou)?rs?|h|horas?|heures?", 1 / 24),
    (r"days?|dias?|jours?|journees?", 1), (r"weeks?|wks?|semanas?|semaines?", 7),
    (r"months?|mos?|mes(?:es)?|mois", 365 / 12), (r"years?|yrs?|anos?|ans?|annees?", 365),
)
_UNIT = "|".join(f"(?:{unit})" for unit, _ in UNIT_DAYS)

# Ages: "6 week old", "a 3 month old", "aged 84", "I'm 34", "de 2 meses", "tiene 80 anos", "bebe de 6 semaines".
_RELATIVE = (r"(?:mum|mom|mam|mother|dad|father|gran|nan|grandma|grandmother|grandad|grandpa|grandfather|"
             r"husband|wife|partner|son|daughter|baby|brother|sister|boy|girl|friend)")
_PERSON = (r"(?:hij[oa]|bebe|nin[oa]|nen[ea]|chic[oa]|cri[oa]|chaval\w*|pequen[oa]|madre|padre|mama|papa|abuel[oa]|"
           r"marido|esposa?|mujer|hombre|senor\w*|paciente|fils|fille|enfant|garcon|petite?|mere|pere|maman|mari|"
           r"femme|homme|dame|monsieur|madame|personne|patiente?|nourrisson|son|daughter|baby|boy|girl|child|kid|man|"
           r"woman|lady)")  # "mi hija de 3 anos": an age; "un retraso de 3 semanas": not one
_AGE = [
    re.compile(rf"\b{_AGE_NUM} (?:{_UNIT}) olds?\b"),
    re.compile(rf"\b(?:aged?|age|edad|agee?) (?:de )?{_AGE_NUM}\b(?! (?:{_UNIT})\b ago)"),
    re.compile(rf"\b(?:i'm|i am|im|he's|she's|he is|she is|they're|{_RELATIVE}'?s|{_RELATIVE} is) {_AGE_NUM}"
               rf"(?: (?:years? old|yo|y o))?\b"
               rf"(?! (?:{_UNIT}|weeks|times|kg|lb|cm|mg|ml|c|f|degrees|pills|tablets|days|and a half weeks)\b)"),
    re.compile(rf"\b(?:tengo|tiene|tenia|cumple|j'ai|il a|elle a|a) {_AGE_NUM} (?:anos|ans|meses|mois|semanas|"
               rf"semaines|dias|jours)\b(?! (?:de embarazo|enceinte|que|qu))"),
    re.compile(rf"\b(?:{_PERSON})(?: \w+){{0,2}} (?:de|of|du|d') {_AGE_NUM} (?:anos|ans|meses|mois|semanas|semaines|months|weeks|years)\b"
               rf"(?! (?:de embarazo|de grossesse|pregnant|ago|d'amenorrhee))"),
    re.compile(rf"\b{_AGE_NUM} (?:yo|y o|ans|anos|ano)\b"),
    re.compile(r"\b(\d+(?:\.\d+)?)(?:yo|yr|yrs|y)\b"),  # "my 2yo"
    re.compile(rf"\b(?:son|daughter|boy|girl|baby|toddler|kid|hij[oa]|fils|fille) {_AGE_NUM}\b"
               rf"(?! (?:{_UNIT}|times|kg|lb|cm|mg|ml|c|f|degrees|pills|tablets|days)\b)"),  # "daughter 3 has a cough"
]
_UNIT_OF_AGE = re.compile(rf"\b{_NUM} ({_UNIT})")
DECADES = {"twenties": 25, "thirties": 35, "forties": 45, "fifties": 55, "sixties": 65, "seventies": 75,
           "eighties": 85, "nineties": 95, "veintena": 25, "treintena": 35, "cuarentena": 45, "cincuentena": 55,
           "sesenta": 65, "setenta": 75, "ochenta": 85, "noventa": 95, "soixantaine": 65, "septantaine": 75,
           "soixante dizaine": 75, "quatre vingtaine": 85, "octantaine": 85, "nonantaine": 95}
_DECADE = re.compile(r"\b(?:in (?:his|her|their|my) (?:late |early |mid )?|(?:de |en los )(?:mas de )?"
                     r"|la |une |dans la |dans les )(" + "|".join(DECADES) + r")\b")

_PREGNANT_WEEKS = re.compile(rf"\b{_NUM} (?:weeks?|wks?|semanas?|semaines?|sa|sg) (?:pregnant|de embarazo|"
                             rf"de gestacion|de grossesse|d'amenorrhee|enceinte)|\b(?:pregnant|embarazada|enceinte) "
                             rf"(?:de |of |with )?{_NUM} (?:weeks?|semanas?|semaines?)|\b(?:estoy|estaba|voy) de "
                             rf"{_NUM} semanas|\b(?:je suis|suis) a {_NUM} (?:semaines|sa)\b|\b{_NUM} sa\b")
_PREGNANT_MONTHS = re.compile(rf"\b{_NUM} (?:months?|meses|mois) (?:pregnant|de embarazo|de grossesse)|"
                              rf"\b(?:embarazada|enceinte) de {_NUM} (?:meses|mois)")
_TEMPERATURE = re.compile(r"\b(3[5-9](?:\.\d)?|4[0-3](?:\.\d)?|9[5-9](?:\.\d)?|10[0-9](?:\.\d)?)(?: ?(?:c|f|degrees?"
                          r"|grados?|degres?))?\b")
_TEMPERATURE_CUE = re.compile(r"\b(?:temp\w*|fever\w*|fiebre|fievre|thermometer|termometro|thermometre|"
                              r"calentura|degrees?|grados?|degres?|c|f)\b")
_DURATION = re.compile(rf"\b(?:for|since|over|past|last|desde hace|hace|depuis|durant|pendant|ya|lleva\w*|"
                       rf"(?:il y a|ca fait|cela fait)) (?:about |almost |nearly |more than |over |the |casi |mas de |"
                       rf"presque |plus de |plus d'|environ )?{_NUM}? ?({_UNIT})\b")
_SINCE_YESTERDAY = re.compile(r"\b(?:since|from) (?:yesterday|last night)|\bdesde (?:ayer|anoche)|"
                              r"\bdepuis (?:hier|cette nuit)")
_PULSE = re.compile(r"\b(?:pulse|heart rate|heartrate|hr|pouls|pulso|frecuencia cardiaca|frequence cardiaque)"
                    r"(?: (?:is|was|of|at|only|just|down to|est|es|de|a|de seulement|a peine|solo)){0,3} (\d{2,3})\b"
                    r"|\b(\d{2,3}) ?(?:bpm|lpm|bat/min|battements par minute|latidos por minuto)\b")
_TODAY = re.compile(r"\b(?:this morning|today|tonight|an hour ago|esta manana|hoy|ce matin|aujourd'hui|ce soir)\b")
_VAGUE_COUNTS = {"several", "few", "varios", "varias", "unos", "unas", "plusieurs", "quelques", "des"}
_LONG_COURSE = re.compile(
    r"\b(?:keeps? (?:on )?(?:getting|having|running|coming|spiking)|still (?:has|have|got|running)|"
    r"for (?:days|weeks|ages|a while|a few days|several days)|several days|all week|won'?t go away|"
    r"not going away|varios dias|hace dias|desde hace (?:dias|unos dias|varios dias)|sigue con|no se (?:le |me )?quita|"
    r"toda la semana|plusieurs jours|depuis (?:des jours|quelques jours)|ne passe pas|toute la semaine)\b")
_TABLETS = re.compile(rf"\b(?:took|taken|swallowed|had|ate|take|tome|tomo|tomado|trague|trago|ingeri|ingirio|"
                      rf"pris|prise|avale|ai pris|a pris) (?:about |like |around |maybe |unos? |unas? |como |casi |"
                      rf"mas de |environ |genre |presque |plus de )?{_NUM} "
                      rf"(?:of (?:my|his|her|the) |de (?:mis|sus|los|las|mes|ses) )?"
                      rf"(?:\w+ )?(?:pills?|tablets?|tabs|capsules?|caps|paracetamol\w*|acetaminophen\w*|"
                      rf"tylenol\w*|ibuprofen\w*|advil|aspirin\w*|sertraline\w*|pastillas?|comprimidos?|"
                      rf"capsulas?|doliprane\w*|dafalgan\w*|efferalgan\w*|comprimes?|cachets?|gelules?|"
                      rf"pilules?|\w+(?:pam|pram|line|tine|ine|ol|ide|one|ate|ex)\b)")

SUBJECT_OTHER = re.compile(
    r"\b(?:my|our|mi|mis|nuestr[oa]|mon|ma|mes|notre|nos) (?:(?:\w+ ){0,3}(?:son|daughter|baby|babies|child|kid|"
    r"kids|boy|girl|husband|wife|partner|mum|mom|mother|mam|mama|dad|father|papa|grandma|grandmother|gran|nan|"
    r"nana|grandpa|grandad|granddad|grandfather|brother|sister|friend|boyfriend|girlfriend|flatmate|roommate|"
    r"neighbour|neighbor|aunt|uncle|nephew|niece|toddler|newborn|teenager|teen|fiance|fiancee|colleague|coworker|"
    r"hijo|hija|bebe|nino|nina|nene|nena|esposo|esposa|marido|mujer|pareja|madre|padre|mami|papi|abuela|abuelo|"
    r"abuelita|abuelito|hermano|hermana|amigo|amiga|novio|novia|vecino|vecina|tia|tio|sobrino|sobrina|guagua|"
    r"chamaco|chamaca|suegra|suegro|fils|fille|enfant|enfants|mari|femme|conjoint|conjointe|compagnon|compagne|"
    r"mere|pere|maman|grand mere|grand pere|mamie|papy|papi|frere|soeur|ami|amie|copain|copine|chum|blonde|"
    r"voisin|voisine|tante|oncle|neveu|niece|nourrisson|petit|petite|ado|belle mere|beau pere|"
    r"years? old|months? old|weeks? old|days? old|yr old|yrs old|yo))\b")
TODDLER_WORDS = re.compile(r"\b(?:toddler|toddlers|bambin|bambine)\b")
CHILD_WORDS = re.compile(r"\b(?:baby|babys|babies|newborn|infant|bebe|recien nacido|lactante|guagua|"
                         r"nourrisson|nouveau ne)\b")
YOUNG_WORDS = re.compile(r"\b(?:son|daughter|child|kid|boy|girl|hijo|hija|nino|nina|nene|nena|chamaco|chamaca|"
                         r"fils|fille|enfant|(?:mon|ma|notre) (?:petit|petite)|teen|teenager|ado|adolescent\w*)\b")
OLD_WORDS = re.compile(r"\b(?:grandma|grandmother|gran|nan|nana|grandpa|grandad|granddad|grandfather|elderly|"
                       r"abuela|abuelo|abuelita|abuelito|anciano|anciana|grand mere|grand pere|mamie|papy|papi|"
                       r"personne agee)\b")


def _number(raw: str) -> float:
    return float(raw) if raw[0].isdigit() else float(NUMBER_WORDS[raw])


def _days(unit: str) -> float:
    for pattern, days in UNIT_DAYS:
        if re.fullmatch(pattern, unit):
            return days
    return 1.0


@dataclass
class TextFacts:
    subject: str = "self"  # self or other (the writer speaks for someone else)
    age_years: float | None = None
    age_band: str | None = None  # infant, toddler, child or older, from words like "baby", "son", "grandma"
    pregnant: bool = False
    gestation_weeks: float | None = None
    temperature_c: float | None = None
    duration_days: float | None = None
    tablets: int | None = None
    pulse: int | None = None  # beats a minute, when the text gives one ("pulse is only 42", "38 bpm")
    long_course: bool = False  # it has lasted a while, no number said ("keeps", "plusieurs jours": ask)


def _age(text: str) -> float | None:
    for pattern in _AGE:
        match = pattern.search(text)
        if match:
            value = _number(match.group(1))
            unit = _UNIT_OF_AGE.match(match.group(0)[match.start(1) - match.start():])
            if unit:
                value *= _days(unit.group(2)) / 365
            if 0 <= value <= 120:
                return round(value, 3)
    decade = _DECADE.search(text)
    if decade:
        return float(DECADES[decade.group(1)])
    if re.search(r"\b(?:newborn|recien nacido|nouveau ne)\b", text):
        return 0.02
    return None


def _temperature(text: str) -> float | None:
    best = None
    for match in _TEMPERATURE.finditer(text):
        window = text[max(0, match.start() - 30):match.end() + 12]
        decimal_celsius = "." in match.group(1) and 37.5 <= float(match.group(1)) < 43
        if not (decimal_celsius or _TEMPERATURE_CUE.search(window)):
            continue
        value = float(match.group(1))
        celsius = round((value - 32) * 5 / 9, 1) if value >= 90 else value
        best = max(best or 0, celsius)
    return best


def duration_days(text: str) -> float | None:
    """Days in a free-text duration ("3 days", "2 semanas", "depuis un mois", "since yesterday")."""
    text = join_elisions(text)
    match = _DURATION.search(text) or re.search(rf"^\s*{_NUM}? ?({_UNIT})\b", text)
    if match:
        number = match.group(1)
        return (_number(number) if number else 1.0) * _days(match.group(2))
    if _SINCE_YESTERDAY.search(text):
        return 1.0
    if _TODAY.search(text):
        return 0.3
    return None


def read_facts(text: str) -> TextFacts:
    """``text``: the normalised text (core.triage.text.plain)."""
    text = join_elisions(text)
    facts = TextFacts()
    other = SUBJECT_OTHER.search(text)
    if other and not re.search(r"\b(?:my|mi|mon|ma) (?:own|propio|propia|propre)\b", text):
        facts.subject = "other"
    facts.age_years = _age(text)
    if CHILD_WORDS.search(text):
        facts.age_band = "infant"
    elif TODDLER_WORDS.search(text):
        facts.age_band = "toddler"
    elif OLD_WORDS.search(text):
        facts.age_band = "older"
    elif facts.subject == "other" and YOUNG_WORDS.search(text):
        facts.age_band = "child"
    weeks = _PREGNANT_WEEKS.search(text)
    months = _PREGNANT_MONTHS.search(text)
    if weeks:
        facts.gestation_weeks = _number(next(g for g in weeks.groups() if g))
    elif months:
        facts.gestation_weeks = _number(next(g for g in months.groups() if g)) * 4.3
    facts.pregnant = bool(weeks or months)
    if facts.pregnant and facts.age_years is not None and facts.age_years < 1:
        facts.age_years = None  # "de 33 semanas" was the pregnancy, not an age
    facts.temperature_c = _temperature(text)
    facts.duration_days = duration_days(text)
    said = _DURATION.search(text)
    vague = bool(said and said.group(1) in _VAGUE_COUNTS)  # "plusieurs jours": about 3, but ask how long
    facts.long_course = vague or (facts.duration_days is None and bool(_LONG_COURSE.search(text)))
    pulse = _PULSE.search(text)
    if pulse:
        facts.pulse = int(pulse.group(1) or pulse.group(2))
    tablets = _TABLETS.search(text)
    if tablets:
        facts.tablets = int(_number(tablets.group(1)))
    return facts
