"""Common symptoms in en/es/fr mapped to ICD-10-CM codes, to find health topics without a model.

Used when the model is unavailable (and to complete its list): MedlinePlus
Connect looks topics up by code, not by free text.
"""

from __future__ import annotations

import re
import unicodedata

# (ICD-10-CM code, pattern over lower-case text without accents)
SYMPTOM_CODES: tuple[tuple[str, str], ...] = (
    ("R05.9", r"cough\w*|\btos\b|toux|tousse"),
    ("R50.9", r"fever\w*|fiebre|fievre|temperature|calentura"),
    ("R51.9", r"headache|head hurts|dolor de cabeza|cefalea|mal de tete|mal a la tete|migra\w*"),
    ("J02.9", r"sore throat|throat (?:hurts|pain)|dolor de garganta|garganta inflamada|mal a la gorge|angine"),
    ("J00", r"runny nose|blocked nose|stuffy nose|common cold|\bcold\b|resfriad\w*|mocos|rhume|nez qui coule"),
    ("R19.7", r"diarrh\w*|diarrea|diarrhee"),
    ("R11.2", r"nause\w*|vomit\w*|throwing up|vomi\w*"),
    ("R10.9", r"stomach (?:ache|pain)|abdominal pain|belly pain|tummy|dolor (?:de|en el) (?:estomago|abdomen|"
              r"barriga|vientre)|mal au ventre|douleur abdominale"),
    ("M54.50", r"back pain|backache|lower back|dolor de espalda|lumbago|mal au dos|mal de dos"),
    ("R42", r"dizz\w*|vertigo|mareo\w*|vertige\w*|light ?headed"),
    ("R53.83", r"tired\w*|fatigue\w*|exhausted|cansancio|cansad\w*|agotad\w*|epuise\w*"),
    ("R21", r"rash|hives|sarpullido|erupcion|urticaria|eruption|boutons|urticaire"),
    ("G47.00", r"insomnia|can'?t sleep|trouble sleeping|insomnio|no puedo dormir|insomnie|dors mal"),
    ("K59.00", r"constipat\w*|estrenimiento|estrenid\w*|constipe\w*"),
    ("H92.09", r"ear ?ache|ear pain|dolor de oido|mal (?:a l'|aux )oreilles?|otalgie"),
    ("M25.50", r"joint pain|aching joints|dolor (?:de|en las) articulaciones|douleurs? articulaires?"),
    ("R30.0", r"burn\w* (?:when|while) (?:i )?(?:pee|urinat\w*)|painful urination|ardor al orinar|brulure\w* "
              r"(?:en|a la) miction|brule quand je fais pipi"),
    ("N39.0", r"urinary tract infection|\buti\b|infeccion (?:de orina|urinaria)|infection urinaire|cystite|cistitis"),
    ("J45.909", r"asthma\w*|asma|asthme"),
    ("L70.0", r"\bacne\b|espinillas|granos en la cara"),
)

_COMPILED = tuple((code, re.compile(pattern)) for code, pattern in SYMPTOM_CODES)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def codes_for(text: str, limit: int = 3) -> list[str]:
    """ICD-10-CM codes of the common symptoms named in ``text``, in the table's order."""
    plain = _plain(text)
    return [code for code, pattern in _COMPILED if pattern.search(plain)][:limit]
