"""The honest answer when no model can be asked: general guidance with a cautious triage.

The triage follows simple rules rather than pretending to assess: severe
symptoms are urgent; symptoms that are moderate, unrated but lasting over a
week, or in a person at higher risk (a baby, someone over 75, a chronic
condition) call for a doctor; the rest get self-care advice with clear signs to
watch for. Red flags are handled before this (they always mean emergency).
"""

from __future__ import annotations

import re

GUIDANCE = {
    "en": {
        "summary": ("Hygeia's AI analysis is unavailable right now, so this is general guidance rather than an "
                    "assessment of your symptoms. You can run the analysis again later."),
        "self_care": ["Rest, drink plenty of fluids and eat light meals if you can.",
                      "Follow the dosing on the label of any over-the-counter medicine you already use safely, "
                      "and ask a pharmacist if you are unsure.",
                      "See a doctor if the symptoms last more than a week or keep coming back."],
        "see_doctor": ["Book an appointment with a doctor in the coming days to have your symptoms checked.",
                       "Note when the symptoms started, what makes them better or worse, and any medicines you "
                       "take, to share at the appointment.",
                       "Rest and drink plenty of fluids meanwhile."],
        "urgent": ["Contact a doctor or an urgent care service today.",
                   "If you cannot be seen today and the symptoms get worse, go to an emergency department."],
        "watch_for": ["Chest pain, difficulty breathing or fainting.",
                      "Confusion, a severe headache, a stiff neck or a rash that does not fade under pressure.",
                      "A high fever that does not come down, or symptoms that get quickly worse.",
                      "Signs of dehydration: very little urine, dizziness, a very dry mouth."],
        "disclaimer": ("This is general information, not a diagnosis or a substitute for a health professional. "
                       "In an emergency call your local emergency number."),
    },
    "es": {
        "summary": ("El análisis con IA de Hygeia no está disponible en este momento, así que esto es una "
                    "orientación general y no una valoración de sus síntomas. Puede repetir el análisis más tarde."),
        "self_care": ["Descanse, beba abundante líquido y coma ligero si puede.",
                      "Siga la dosis del prospecto de cualquier medicamento sin receta que ya use con seguridad y "
                      "consulte a un farmacéutico si tiene dudas.",
                      "Acuda al médico si los síntomas duran más de una semana o reaparecen."],
        "see_doctor": ["Pida cita con un médico en los próximos días para que revise sus síntomas.",
                       "Anote cuándo empezaron los síntomas, qué los mejora o empeora y qué medicamentos toma, "
                       "para comentarlo en la consulta.",
                       "Mientras tanto, descanse y beba abundante líquido."],
        "urgent": ["Contacte hoy con un médico o un servicio de urgencias.",
                   "Si no pueden atenderle hoy y los síntomas empeoran, acuda a urgencias."],
        "watch_for": ["Dolor en el pecho, dificultad para respirar o desmayos.",
                      "Confusión, dolor de cabeza intenso, rigidez de cuello o manchas que no desaparecen al "
                      "presionar.",
                      "Fiebre alta que no baja o síntomas que empeoran rápidamente.",
                      "Signos de deshidratación: orinar muy poco, mareo, boca muy seca."],
        "disclaimer": ("Esto es información general, no un diagnóstico ni sustituye a un profesional sanitario. "
                       "En una emergencia llame al número de emergencias."),
    },
    "fr": {
        "summary": ("L'analyse par IA de Hygeia est indisponible pour le moment : voici donc des conseils "
                    "généraux, et non une évaluation de vos symptômes. Vous pourrez relancer l'analyse plus tard."),
        "self_care": ["Reposez-vous, buvez beaucoup et mangez léger si vous le pouvez.",
                      "Respectez la posologie de la notice de tout médicament sans ordonnance que vous prenez déjà "
                      "sans problème, et demandez conseil à un pharmacien en cas de doute.",
                      "Consultez un médecin si les symptômes durent plus d'une semaine ou reviennent."],
        "see_doctor": ["Prenez rendez-vous avec un médecin dans les prochains jours pour faire examiner vos "
                       "symptômes.",
                       "Notez quand les symptômes ont commencé, ce qui les améliore ou les aggrave et vos "
                       "médicaments, pour en parler lors de la consultation.",
                       "En attendant, reposez-vous et buvez beaucoup."],
        "urgent": ["Contactez un médecin ou un service de soins non programmés aujourd'hui.",
                   "Si vous ne pouvez pas être vu aujourd'hui et que les symptômes s'aggravent, allez aux urgences."],
        "watch_for": ["Douleur dans la poitrine, difficulté à respirer ou malaise.",
                      "Confusion, mal de tête violent, nuque raide ou taches qui ne s'effacent pas à la pression.",
                      "Forte fièvre qui ne baisse pas, ou symptômes qui s'aggravent rapidement.",
                      "Signes de déshydratation : très peu d'urine, vertiges, bouche très sèche."],
        "disclaimer": ("Ceci est une information générale, pas un diagnostic, et ne remplace pas un professionnel "
                       "de santé. En cas d'urgence, appelez les secours."),
    },
}

EMERGENCY_STEPS = {
    "en": "Follow the emergency advice above now; details can wait.",
    "es": "Siga ahora los consejos de emergencia indicados arriba; los detalles pueden esperar.",
    "fr": "Suivez maintenant les consignes d'urgence ci-dessus ; le reste peut attendre.",
}

_UNITS = (  # (pattern over the duration text, days per unit)
    (r"h(?:ou)?rs?|horas?|heures?", 1 / 24), (r"days?|d[ií]as?|jours?", 1), (r"weeks?|semanas?|semaines?", 7),
    (r"months?|mes(?:es)?|mois", 30), (r"years?|a[ñn]os?|ans?|ann[ée]es?", 365),
)
_NUMBER = r"(\d+(?:[.,]\d+)?|an?|one|un|una|une)"


def duration_days(duration: str | None) -> float | None:
    """Days in a free-text duration ("3 days", "2 semanas", "un mois"); None when unreadable."""
    if not duration:
        return None
    text = duration.lower()
    for unit, days in _UNITS:
        match = re.search(rf"{_NUMBER}\s*(?:{unit})\b", text)
        if match:
            raw = match.group(1).replace(",", ".")
            number = float(raw) if raw[0].isdigit() else 1.0
            return number * days
    return None


def fallback_triage(severity: str | None, duration: str | None, facts: dict) -> str:
    if severity == "severe":
        return "urgent"
    age = facts.get("age")
    at_risk = (age is not None and (age < 1 or age >= 75)) or bool(facts.get("chronic_conditions"))
    days = duration_days(duration)
    if at_risk or severity == "moderate" or (days is not None and days > 7):
        return "see_doctor"
    return "self_care"


def fallback_analysis(language: str, triage_level: str) -> dict:
    text = GUIDANCE[language]
    steps = text["urgent" if triage_level in ("urgent", "emergency") else triage_level]
    if triage_level == "emergency":
        steps = [EMERGENCY_STEPS[language]]
    return {"summary": text["summary"], "possible_conditions": [], "next_steps": list(steps),
            "watch_for": list(text["watch_for"]), "medications": [], "disclaimer": text["disclaimer"]}


def default_disclaimer(language: str) -> str:
    return GUIDANCE[language]["disclaimer"]
