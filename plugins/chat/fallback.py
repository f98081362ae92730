"""The honest replies stored when the model cannot answer, in the languages the red-flag layer speaks.

Why there is no AI answer, and whether trying again helps, is core.api's no_llm_notice: no model
configured on this server (ask its administrator) is never said as "try again later".
"""

from __future__ import annotations

from core.api import no_llm_notice

UNAVAILABLE = {  # {notice}: no_llm_notice for the reason
    "en": "I have no AI answer to this message. {notice} If you feel very unwell or your symptoms are "
          "getting worse, contact a doctor or your local emergency number now.",
    "es": "No tengo una respuesta de IA para este mensaje. {notice} Si te encuentras muy mal o tus síntomas "
          "empeoran, contacta ya con un médico o con el número de emergencias local.",
    "fr": "Je n'ai pas de réponse d'IA à ce message. {notice} Si vous vous sentez très mal ou si vos "
          "symptômes s'aggravent, contactez dès maintenant un médecin ou le numéro d'urgence local.",
}

OFFLINE_TRIAGE = {  # what Hygeia's own rules said of the message, added to the reply above
    "en": "Hygeia's offline triage rules say: {title}.",
    "es": "Las reglas de triaje sin conexión de Hygeia indican: {title}.",
    "fr": "Les règles de triage hors ligne de Hygeia indiquent : {title}.",
}

MEDICINE_TABLES = {
    "en": "Hygeia's medicine tables say, about the medicines you mention:",
    "es": "Las tablas de medicamentos de Hygeia indican, sobre los medicamentos que menciona:",
    "fr": "Les tables de médicaments de Hygeia indiquent, à propos des médicaments que vous citez :",
}

INTERRUPTED = {
    "en": "This reply was interrupted before it was finished, so it was not stored. Please send your "
          "message again.",
    "es": "Esta respuesta se interrumpió antes de terminar, así que no se guardó. Vuelve a enviar tu mensaje.",
    "fr": "Cette réponse a été interrompue avant la fin et n'a donc pas été enregistrée. Renvoyez votre "
          "message.",
}


def text_for(texts: dict[str, str], language: str | None) -> str:
    return texts.get((language or "en")[:2].lower(), texts["en"])


def unavailable_reply(language: str | None, assessment: dict | None, reason: str,
                      medicine_warnings: list[dict] = ()) -> str:
    """The honest reply without the model (``reason``: why, as LLMUnavailable gives it), with the triage
    engine's advice for the message when it has one, and what the medicine tables say of the medicines
    it mentions."""
    parts = [text_for(UNAVAILABLE, language).format(notice=no_llm_notice(reason, language))]
    if assessment and assessment.get("findings"):
        parts.append(text_for(OFFLINE_TRIAGE, language).format(title=assessment["title"]))
        parts.extend(assessment.get("advice") or [])
        parts.extend(assessment.get("safety_net") or [])
    if medicine_warnings:
        parts.append(text_for(MEDICINE_TABLES, language))
        parts.extend(f"{warning['message']} {warning['advice']}" for warning in medicine_warnings)
    return "\n\n".join(parts)
