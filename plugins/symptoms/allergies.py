"""Flag suggested medicines that the person's allergies rule out.

An allergy matches a medicine by name (either containing the other) or by drug
family: an allergy to penicillin flags amoxicillin, one to aspirin flags
ibuprofen (cross-reactivity among NSAIDs). Medicines are looked for in the
``medications`` list and in the free text of the analysis, so a drug named
only in a next step is caught too.
"""

from __future__ import annotations

import re
import unicodedata

FAMILIES: dict[str, set[str]] = {
    "penicillin": {"penicillin", "amoxicillin", "ampicillin", "amoxicillin-clavulanate", "co-amoxiclav",
                   "augmentin", "dicloxacillin", "flucloxacillin", "piperacillin", "phenoxymethylpenicillin"},
    "cephalosporin": {"cephalexin", "cefalexin", "cefuroxime", "ceftriaxone", "cefdinir", "cefaclor",
                      "cefadroxil", "cefixime"},
    "nsaid": {"ibuprofen", "naproxen", "aspirin", "acetylsalicylic acid", "diclofenac", "ketoprofen",
              "celecoxib", "indomethacin", "meloxicam", "advil", "motrin", "aleve", "nurofen"},
    "sulfonamide": {"sulfamethoxazole", "co-trimoxazole", "trimethoprim-sulfamethoxazole", "bactrim",
                    "sulfasalazine", "sulfadiazine"},
    "macrolide": {"erythromycin", "azithromycin", "clarithromycin"},
    "opioid": {"codeine", "morphine", "tramadol", "oxycodone", "hydrocodone", "dextromethorphan"},
    "paracetamol": {"paracetamol", "acetaminophen", "tylenol", "panadol"},
    "antihistamine": {"cetirizine", "loratadine", "diphenhydramine", "fexofenadine", "chlorphenamine"},
}

# Words people use for an allergy (en/es/fr, accents removed) -> the families it rules out.
ALLERGY_FAMILIES: dict[str, tuple[str, ...]] = {
    "penicillin": ("penicillin",), "penicillins": ("penicillin",), "penicilina": ("penicillin",),
    "penicilline": ("penicillin",), "amoxicillin": ("penicillin",), "amoxicilina": ("penicillin",),
    "amoxicilline": ("penicillin",), "beta-lactam": ("penicillin", "cephalosporin"),
    "cephalosporin": ("cephalosporin",), "cephalosporins": ("cephalosporin",),
    "nsaid": ("nsaid",), "nsaids": ("nsaid",), "aine": ("nsaid",), "ains": ("nsaid",), "aines": ("nsaid",),
    "aspirin": ("nsaid",), "aspirina": ("nsaid",), "aspirine": ("nsaid",), "ibuprofen": ("nsaid",),
    "ibuprofeno": ("nsaid",), "ibuprofene": ("nsaid",), "naproxen": ("nsaid",),
    "sulfa": ("sulfonamide",), "sulpha": ("sulfonamide",), "sulfonamide": ("sulfonamide",),
    "sulfonamides": ("sulfonamide",), "sulfamidas": ("sulfonamide",), "sulfamides": ("sulfonamide",),
    "macrolide": ("macrolide",), "macrolides": ("macrolide",), "erythromycin": ("macrolide",),
    "codeine": ("opioid",), "codeina": ("opioid",), "opioid": ("opioid",), "opioids": ("opioid",),
    "opiates": ("opioid",), "morphine": ("opioid",),
    "paracetamol": ("paracetamol",), "acetaminophen": ("paracetamol",),
}

MESSAGES = {
    "en": "You listed an allergy to {allergy}: {medication} may cause a reaction. Do not take it without asking "
          "a doctor or pharmacist.",
    "es": "Indicó alergia a {allergy}: {medication} puede causarle una reacción. No lo tome sin consultar a un "
          "médico o farmacéutico.",
    "fr": "Vous avez signalé une allergie à {allergy} : {medication} peut provoquer une réaction. Ne le prenez "
          "pas sans l'avis d'un médecin ou d'un pharmacien.",
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text) is not None


KNOWN_MEDICINES = set().union(*FAMILIES.values())


def ruled_out(allergy: str) -> set[str]:
    """Known medicine names an allergy rules out: its families' members, and itself when it is a medicine."""
    name = _plain(allergy)
    names = {name} if name in KNOWN_MEDICINES else set()
    for word in [name, *re.split(r"[\s,/()]+", name)]:
        for family in ALLERGY_FAMILIES.get(word, ()):
            names |= FAMILIES[family]
    return names


def analysis_text(analysis: dict) -> str:
    parts = [analysis.get("summary", ""), *analysis.get("next_steps", []), *analysis.get("watch_for", [])]
    for medication in analysis.get("medications", []):
        parts += [medication.get("name", ""), medication.get("note", "")]
    return _plain(" ".join(parts))


def flag_allergies(analysis: dict, allergies: list[str], language: str) -> list[dict]:
    """Warnings for medicines in ``analysis`` that ``allergies`` rule out; marks them in ``analysis`` too.

    Known medicines are looked for anywhere in the analysis; any other allergy
    (a medicine missing from the families above) only in the suggested
    medicines' names, so "avoid peanuts" in a next step is no medicine warning.
    """
    if not allergies:
        return []
    text = analysis_text(analysis)
    template = MESSAGES.get(language, MESSAGES["en"])
    warnings: list[dict] = []
    seen: set[str] = set()

    def warn(medicine: str, allergy: str) -> None:
        seen.add(medicine)
        message = template.format(allergy=allergy, medication=medicine)
        warnings.append({"medication": medicine, "allergy": allergy, "message": message})
        for entry in analysis.get("medications", []):
            if _contains(_plain(entry.get("name", "")), medicine):
                entry["allergy_warning"] = message

    for allergy in allergies:
        for medicine in sorted(ruled_out(allergy)):
            if medicine not in seen and _contains(text, medicine):
                warn(medicine, allergy)
        name = _plain(allergy)
        for entry in analysis.get("medications", []):
            if len(name) >= 4 and name not in seen and _contains(_plain(entry.get("name", "")), name):
                warn(name, allergy)
    return warnings
